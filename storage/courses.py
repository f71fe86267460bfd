"""Course repository: upsert by code, retire, and read back as catalog.model.Course."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.model import Course
from storage import catalogue_rows as rows
from storage.models import CourseRow

# Columns copied one to one between the dataclass and the row (tuples become JSON lists).
_FIELDS = tuple(f.name for f in fields(Course) if f.name != "enrolled")
_INSERT_CHUNK = 500


@dataclass(frozen=True, slots=True)
class UpsertReport:
    added: int
    updated: int
    unchanged: int
    retired: int
    # Course ids whose dates moved, that were retired or that came back: their trainees must be told.
    affected: tuple[int, ...] = ()


def to_course(row: CourseRow) -> Course:
    values = {name: getattr(row, name) for name in _FIELDS}
    values["eligible_groups"] = tuple(row.eligible_groups or ())
    values["keywords"] = tuple(row.keywords or ())
    return Course(**values)


def _row_values(course: Course) -> dict[str, object]:
    values = {name: getattr(course, name) for name in _FIELDS}
    values["eligible_groups"] = list(course.eligible_groups)
    values["keywords"] = list(course.keywords)
    return values


async def upsert_courses(
    session: AsyncSession, courses: Sequence[Course], *, replace: bool = False, keep: Collection[str] = ()
) -> UpsertReport:
    """Insert new codes, update changed ones; with `replace`, retire active courses missing from the list. Fields
    in `keep` (what a file did not state) keep a stored course's value; a new course takes the Course's."""
    existing = {row.code: row for row in await session.scalars(select(CourseRow))}
    added = updated = unchanged = 0
    affected: list[int] = []
    new_rows: list[dict[str, object]] = []
    for course in courses:
        values = _row_values(course)
        row = existing.get(course.code)
        if row is None:
            new_rows.append({**values, "active": True})
            added += 1
            continue
        values = {key: value for key, value in values.items() if key not in keep}
        if not row.active or any(getattr(row, k) != v for k, v in values.items()):
            # What a trainee must hear about at once: new dates or a new place. Other edits are silent.
            when_where = (course.start_date, course.end_date, course.district, course.address)
            if not row.active or (row.start_date, row.end_date, row.district, row.address) != when_where:
                affected.append(row.id)  # moved, or a retired class offered again
            for key, value in values.items():
                setattr(row, key, value)
            row.active = True
            updated += 1
        else:
            unchanged += 1
    retired = 0
    if replace:
        listed = {c.code for c in courses}
        for row in existing.values():
            if row.active and row.code not in listed:
                row.active = False
                retired += 1
                affected.append(row.id)
    await session.flush()
    # New rows in bulk INSERTs of a few hundred: a large upload neither builds thousands of ORM objects while
    # other people's updates wait on the event loop, nor holds SQLite's write lock for the time that takes.
    for start in range(0, len(new_rows), _INSERT_CHUNK):
        await session.execute(insert(CourseRow), new_rows[start : start + _INSERT_CHUNK])
    return UpsertReport(added, updated, unchanged, retired, tuple(affected))


async def retire_course(session: AsyncSession, code: str) -> bool:
    result = await session.execute(
        update(CourseRow).where(CourseRow.code == code, CourseRow.active.is_(True)).values(active=False)
    )
    return bool(result.rowcount)


async def active_courses(session: AsyncSession) -> list[Course]:
    rows = await session.scalars(select(CourseRow).where(CourseRow.active.is_(True)).order_by(CourseRow.id))
    return [to_course(row) for row in rows]


async def changed_since(session: AsyncSession, since: datetime) -> tuple[list[Course], list[str]]:
    """Courses touched after `since`: the active ones to (re)index and the codes to drop."""
    rows = await session.scalars(select(CourseRow).where(CourseRow.updated_at > since))
    active: list[Course] = []
    retired: list[str] = []
    for row in rows:
        if row.active:
            active.append(to_course(row))
        else:
            retired.append(row.code)
    return active, retired


async def latest_change(session: AsyncSession) -> datetime | None:
    return await rows.latest_change(session, CourseRow)


async def count_active(session: AsyncSession) -> int:
    return await rows.count_active(session, CourseRow)


async def get_course(session: AsyncSession, code: str) -> Course | None:
    row = await session.scalar(select(CourseRow).where(CourseRow.code == code, CourseRow.active.is_(True)))
    return to_course(row) if row else None
