"""New-class announcements: courses not yet announced, their subscribers, and telling them once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import broadcast as broadcast_service
from storage import broadcasts
from storage.models import CourseRow
from storage.models_staff import Broadcast


async def new_courses(session: AsyncSession, scope: tuple[str, ...] | None, today: date) -> list[CourseRow]:
    """Active, not yet announced, not finished courses (in the staff member's districts)."""
    query = select(CourseRow).where(
        CourseRow.active.is_(True), CourseRow.announced_at.is_(None), CourseRow.end_date >= today
    )
    if scope is not None:
        query = query.where(CourseRow.district.in_(scope))
    return list(await session.scalars(query.order_by(CourseRow.start_date, CourseRow.id)))


async def subscriber_count(session: AsyncSession, courses: Sequence[CourseRow]) -> int:
    return await broadcasts.count(session, broadcasts.subscribers_of(courses)) if courses else 0


async def mark_announced(session: AsyncSession, course_ids: Sequence[int], now: datetime) -> int:
    """Only courses still unannounced: a second press (or another staff member) changes nothing."""
    result = await session.execute(
        update(CourseRow)
        .where(CourseRow.id.in_(course_ids), CourseRow.announced_at.is_(None))
        .values(announced_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def announce(
    session: AsyncSession, course_ids: Sequence[int], *, notify: bool, created_by: int, now: datetime
) -> tuple[int, Broadcast | None]:
    """Mark the (still new) courses announced and, if asked, start one "new_course" broadcast to their
    subscribers, one message each. Returns (courses marked, broadcast or None)."""
    # Locked: when two staff members announce the same classes at once (PostgreSQL, several processes), the
    # second waits, then finds them announced and starts no second broadcast.
    new = select(CourseRow).where(CourseRow.id.in_(course_ids), CourseRow.announced_at.is_(None))
    courses = list(await session.scalars(new.with_for_update()))
    if not courses:
        return 0, None
    started = None
    if notify:
        started = await broadcast_service.start(
            session,
            broadcasts.subscribers_of(courses),
            created_by=created_by,
            now=now,
            kind="new_course",
            audience={"subscribers_of": [c.id for c in courses]},
            course_ids=[c.id for c in courses],
        )
    marked = await mark_announced(session, [c.id for c in courses], now)
    return marked, started
