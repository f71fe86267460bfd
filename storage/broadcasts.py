"""Broadcast audiences and their outbox items. The unit of work commits; these functions never do.

Each recipient becomes one outbox item (kind "broadcast", priority 1), so the sender's claim-then-send gives
exactly-once delivery, rate limits and retries. Pause/resume/cancel only move the items' statuses. A cancel
is "cancelling" until the sends already in flight settle; the progress job then counts the items and makes
it "cancelled" (so the figures it reports are the final ones).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Select, String, and_, cast, exists, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import outbox
from storage.models import CourseRow, User
from storage.models_schedule import OutboxItem
from storage.models_service import Enrolment, ServiceCase
from storage.models_staff import Broadcast, Subscription
from storage.types import UTCDateTime

BROADCAST_PRIORITY = 1  # after reminders (0): a big broadcast never delays a class reminder
LEFT = ("pending", "claimed", "held")
ACTIVE = ("running", "paused")
TRACKED = (*ACTIVE, "cancelling")  # what the progress job follows until nothing is left in flight


@dataclass(frozen=True, slots=True)
class Audience:
    """Who gets a broadcast. Empty filters mean "anyone"; `scope` (a staff member's districts) always applies."""

    districts: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    interest: str | None = None  # an occupation: subscribed to it, or wanted in a 1131 case
    course_code: str | None = None  # enrolled (pending or confirmed) in this course
    scope: tuple[str, ...] | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def districts_to_use(self) -> tuple[str, ...] | None:
        """The district filter after the staff scope: None = any district; () = nobody."""
        if self.scope is None:
            return self.districts or None
        return tuple(d for d in self.districts if d in self.scope) if self.districts else self.scope


@dataclass(frozen=True, slots=True)
class Progress:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return self.counts.get("sent", 0)

    @property
    def undelivered(self) -> int:  # blocked, failed for good, or no longer wanted
        return sum(self.counts.get(s, 0) for s in ("failed", "skipped"))

    @property
    def dropped(self) -> int:  # not sent because the broadcast was cancelled
        return self.counts.get("dropped", 0)

    @property
    def left(self) -> int:
        return sum(self.counts.get(s, 0) for s in LEFT)


def _like_json_element(word: str) -> str:
    """A LIKE pattern matching `word` as a whole element of a JSON list, as SQLAlchemy serialises it."""
    quoted = json.dumps(word)
    return "%" + quoted.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


def recipients(audience: Audience) -> Select[tuple[int]]:
    """SELECT the ids of the users the audience means (never those who blocked the bot)."""
    query = select(User.id).where(User.blocked_bot.is_not(True))
    districts = audience.districts_to_use()
    if districts is not None:
        query = query.where(User.district.in_(districts))
    if audience.groups:
        query = query.where(User.group.in_(audience.groups))
    if audience.interest:
        subscribed = exists().where(Subscription.user_id == User.id, Subscription.occupation == audience.interest)
        wanted = exists().where(
            ServiceCase.user_id == User.id,
            cast(ServiceCase.wanted, String).like(_like_json_element(audience.interest), escape="!"),
        )
        query = query.where(or_(subscribed, wanted))
    if audience.course_code:
        enrolled = exists().where(
            Enrolment.user_id == User.id,
            Enrolment.status.in_(("pending", "confirmed")),
            Enrolment.course_id == CourseRow.id,
            CourseRow.code == audience.course_code,
        )
        query = query.where(enrolled)
    return query


def subscribers_of(courses: Sequence[CourseRow]) -> Select[tuple[int]]:
    """SELECT DISTINCT the users with a subscription matching any of the courses (None matches anything)."""
    matches = [
        and_(
            or_(Subscription.occupation.is_(None), Subscription.occupation == c.occupation),
            or_(Subscription.district.is_(None), Subscription.district == c.district),
        )
        for c in courses
    ]
    return (
        select(Subscription.user_id)
        .join(User, User.id == Subscription.user_id)
        .where(User.blocked_bot.is_not(True), or_(*matches) if matches else literal(False))
        .distinct()
    )


async def count(session: AsyncSession, users: Select[tuple[int]]) -> int:
    return await session.scalar(select(func.count()).select_from(users.subquery())) or 0


async def materialise(session: AsyncSession, broadcast: Broadcast, users: Select[tuple[int]], now: datetime) -> int:
    """One pending outbox item per user, in a single INSERT … SELECT: 100k rows never pass through Python."""
    ids = users.subquery()
    user_id = ids.c[0]
    rows = select(
        literal(f"bc:{broadcast.id}:") + cast(user_id, String),
        literal("broadcast"),
        cast(user_id, BigInteger),
        literal(now, UTCDateTime),
        literal("pending"),
        literal(BROADCAST_PRIORITY),
        literal(broadcast.id),
        literal(0),
        literal({}, JSON),
        literal(now, UTCDateTime),
    )
    columns = ["key", "kind", "user_id", "due_at", "status", "priority", "broadcast_id", "attempts", "payload"]
    result = await session.execute(insert(OutboxItem).from_select([*columns, "created_at"], rows))
    outbox.note_new_items(session)
    return result.rowcount or 0


async def get(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    return await session.get(Broadcast, broadcast_id)


async def tracked(session: AsyncSession) -> list[Broadcast]:
    """Broadcasts whose progress message is still moving: running, paused or being cancelled."""
    return list(await session.scalars(select(Broadcast).where(Broadcast.status.in_(TRACKED)).order_by(Broadcast.id)))


async def progress(session: AsyncSession, broadcast_ids: Sequence[int]) -> dict[int, Progress]:
    result = await session.execute(
        select(OutboxItem.broadcast_id, OutboxItem.status, func.count())
        .where(OutboxItem.broadcast_id.in_(broadcast_ids))
        .group_by(OutboxItem.broadcast_id, OutboxItem.status)
    )
    found: dict[int, Progress] = {i: Progress({}) for i in broadcast_ids}
    for broadcast_id, status, n in result.all():
        found[broadcast_id].counts[status] = n
    return found


async def _move_items(session: AsyncSession, broadcast_id: int, old: tuple[str, ...], new: str) -> int:
    result = await session.execute(
        update(OutboxItem).where(OutboxItem.broadcast_id == broadcast_id, OutboxItem.status.in_(old)).values(status=new)
    )
    return result.rowcount or 0


async def pause(session: AsyncSession, broadcast: Broadcast) -> None:
    broadcast.status = "paused"
    await _move_items(session, broadcast.id, ("pending",), "held")


async def resume(session: AsyncSession, broadcast: Broadcast) -> None:
    broadcast.status = "running"
    await _move_items(session, broadcast.id, ("held",), "pending")
    outbox.note_new_items(session)


async def cancel(session: AsyncSession, broadcast: Broadcast) -> None:
    """Drop what is not yet claimed. Items a sender holds may still be sent (or dropped at compose time), so
    the broadcast stays "cancelling" until the progress job sees none left."""
    broadcast.status = "cancelling"
    await drop_unsent(session, broadcast.id)


async def drop_unsent(session: AsyncSession, broadcast_id: int) -> int:
    """Pending and held items of a cancelled broadcast (a retry after a 429 puts an item back to pending)."""
    return await _move_items(session, broadcast_id, ("pending", "held"), "dropped")


async def finish(session: AsyncSession, broadcast: Broadcast, now: datetime) -> bool:
    """Mark a tracked broadcast with nothing left done (or cancelled, if it was being cancelled). Conditional
    on the status just read, so that when several processes track progress only one of them wins and sends
    the final report, and a cancel committed meanwhile is not overwritten by "done"."""
    final = "cancelled" if broadcast.status == "cancelling" else "done"
    result = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast.id, Broadcast.status == broadcast.status)
        .values(status=final, finished_at=now)
    )
    return result.rowcount == 1


async def set_progress_message(session: AsyncSession, broadcast_id: int, chat_id: int, message_id: int) -> None:
    await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id)
        .values(progress_chat_id=chat_id, progress_message_id=message_id)
    )


async def release_held(session: AsyncSession, broadcast_id: int) -> int:
    """Items a sender parked as held just as the broadcast was resumed go back to pending."""
    return await _move_items(session, broadcast_id, ("held",), "pending")
