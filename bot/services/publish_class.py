"""One class published from the chat: rows typed in the form or an edit are checked by the importer as a whole
row, stored through the import path, and a class can be cancelled (retired) on its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.services.catalog import CatalogService
from bot.services.scheduling import on_course_changed
from catalog.importer import ImportResult, RowError
from catalog.importer_columns import COLUMNS, map_header
from catalog.importer_rows import build_course
from catalog.importer_writer import LIST_SEPARATOR, header_row
from catalog.model import Course
from storage.courses import UpsertReport, to_course
from storage.models import CourseRow

# The header every single-row check uses: all columns, in the order the writers emit.
ROW_HEADER = map_header(1, header_row())


class PublishConflict(Exception):
    """A new class's code was taken meanwhile; raising rolls the whole update back so nothing is overwritten."""


def row_cells(values: Mapping[str, object]) -> list[object]:
    """A catalogue row in ROW_HEADER order from field values (lists joined like the writers do)."""
    cells: list[object] = []
    for key in COLUMNS:
        value = values.get(key)
        cells.append(LIST_SEPARATOR.join(value) if isinstance(value, list | tuple) else value)
    return cells


def check_row(values: Mapping[str, object]) -> Course | list[RowError]:
    """The importer's own row validation, for rows typed in the chat."""
    return build_course(ROW_HEADER.row + 1, row_cells(values), ROW_HEADER)


def course_values(course: Course) -> dict[str, object]:
    return {key: getattr(course, key) for key in COLUMNS}


async def active_class(session: AsyncSession, course_id: int) -> Course | None:
    row = await session.get(CourseRow, course_id)
    return to_course(row) if row is not None and row.active else None


async def find_class(session: AsyncSession, code: str) -> tuple[int, Course] | None:
    """An active class by code; typed codes may differ from the file in letter case."""
    active = select(CourseRow).where(CourseRow.active.is_(True))
    row = await session.scalar(active.where(CourseRow.code == code))
    if row is None:
        row = (await session.scalars(active.where(func.lower(CourseRow.code) == code.lower()).limit(1))).first()
    return (row.id, to_course(row)) if row is not None else None


async def store_class(
    session: AsyncSession, catalog: CatalogService, course: Course, *, new: bool, settings: Settings, now: datetime
) -> UpsertReport:
    """One class through the import path: stored, trainees told when its dates move, index refreshed."""
    report = await catalog.apply_import(session, ImportResult((course,), ()), settings=settings, now=now)
    if report is None or (new and report.added != 1):
        raise PublishConflict(course.code)
    return report


def revise(course: Course, changes: Mapping[str, object]) -> Course | list[RowError]:
    """The class with typed changes, checked by the importer as a whole row (a sample class stays marked)."""
    revised = check_row({**course_values(course), **changes})
    return replace(revised, sample=course.sample) if isinstance(revised, Course) else revised


async def cancel_class(
    session: AsyncSession,
    catalog: CatalogService,
    course_id: int,
    *,
    settings: Settings,
    now: datetime,
    actor: int | None = None,
) -> Course | None:
    """Retire one class (never a whole-file replace); confirmed trainees are told, their reminders dropped, and
    their 1131 training step reopened (a ledger row names `actor`, the staff member)."""
    row = await session.get(CourseRow, course_id)
    if row is None or not row.active:
        return None
    row.active = False
    await session.flush()
    await on_course_changed(session, settings, row.id, now, actor=actor)
    await catalog.refresh(session)
    return to_course(row)
