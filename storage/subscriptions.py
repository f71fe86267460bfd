"""New-class subscriptions of one user. Functions take a session and never commit: the unit of work does.

`users.subscribed` is kept true exactly while the user has at least one subscription, so audiences can
be counted without a join.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CourseRow, User
from storage.models_staff import Subscription

MAX_PER_USER = 10  # enough for a few occupations in a few districts; more is a broadcast to oneself


class AddResult(StrEnum):
    ADDED = "added"
    DUPLICATE = "duplicate"
    LIMIT = "limit"


def _same(column: ColumnElement[str | None], value: str | None) -> ColumnElement[bool]:
    # None means "any" and must count as a value: a UNIQUE constraint would treat NULLs as distinct, and
    # SQL `= NULL` is never true, so this says IS NULL outright.
    return column.is_(None) if value is None else column == value


async def for_user(session: AsyncSession, user_id: int) -> list[Subscription]:
    rows = await session.scalars(select(Subscription).where(Subscription.user_id == user_id).order_by(Subscription.id))
    return list(rows)


async def count_for(session: AsyncSession, user_id: int) -> int:
    return await session.scalar(select(func.count()).where(Subscription.user_id == user_id)) or 0


async def add(session: AsyncSession, user_id: int, occupation: str | None, district: str | None) -> AddResult:
    """Subscribe unless the same (occupation, district) pair exists or the user is at the cap."""
    duplicate = await session.scalar(
        select(Subscription.id).where(
            Subscription.user_id == user_id,
            _same(Subscription.occupation, occupation),
            _same(Subscription.district, district),
        )
    )
    if duplicate is not None:
        return AddResult.DUPLICATE
    if await count_for(session, user_id) >= MAX_PER_USER:
        return AddResult.LIMIT
    session.add(Subscription(user_id=user_id, occupation=occupation, district=district))
    await session.flush()
    await _sync_flag(session, user_id)
    return AddResult.ADDED


async def remove(session: AsyncSession, user_id: int, subscription_id: int) -> bool:
    """Remove one subscription if it is this user's; False for someone else's or one already gone."""
    result = await session.execute(
        delete(Subscription).where(Subscription.id == subscription_id, Subscription.user_id == user_id)
    )
    await _sync_flag(session, user_id)
    return bool(getattr(result, "rowcount", 0))


async def remove_all(session: AsyncSession, user_id: int) -> int:
    """Remove every subscription of the user; returns how many there were."""
    result = await session.execute(delete(Subscription).where(Subscription.user_id == user_id))
    await _sync_flag(session, user_id)
    return int(getattr(result, "rowcount", 0) or 0)


async def _sync_flag(session: AsyncSession, user_id: int) -> None:
    subscribed = await count_for(session, user_id) > 0
    # An ORM-enabled UPDATE also refreshes the User already loaded in this session (the handler's db_user).
    await session.execute(
        update(User).where(User.id == user_id, User.subscribed != subscribed).values(subscribed=subscribed)
    )


async def popular_occupations(session: AsyncSession, today: date, limit: int) -> list[str]:
    """Occupations with the most live (published, not yet ended) courses, most first."""
    live = func.count(CourseRow.id)
    rows = await session.execute(
        select(CourseRow.occupation)
        .where(CourseRow.active.is_(True), CourseRow.end_date >= today)
        .group_by(CourseRow.occupation)
        .order_by(live.desc(), CourseRow.occupation)
        .limit(limit)
    )
    return [occupation for (occupation,) in rows]
