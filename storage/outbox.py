"""The outbox: scheduled messages as rows. Claim-then-send makes each row produce one message.

Messages to other people (a trainee told of a decision, staff told of a request) are rows too, written in the
transaction that decides them: nobody hears of something that was rolled back, and a failed send is retried
by the sender, never by running the handler again. A commit that wrote rows wakes this process's senders, so
such a message leaves at once instead of at the next poll.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from storage.models import User
from storage.models_schedule import OutboxItem
from storage.unit_of_work import after_commit

# A claim older than this belongs to a sender that died before finishing; the item is taken again.
CLAIM_LEASE = timedelta(minutes=5)
# Senders of this process per database engine, woken after a commit that wrote due work.
_wakers: list[tuple[AsyncEngine, Callable[[], None]]] = []


def on_new_items(engine: AsyncEngine, wake: Callable[[], None]) -> Callable[[], None]:
    """Call `wake` after every commit on `engine` that wrote outbox rows; returns the function that stops it."""
    entry = (engine, wake)
    _wakers.append(entry)
    return lambda: _wakers.remove(entry) if entry in _wakers else None


def note_new_items(session: AsyncSession) -> None:
    """This transaction writes due work: wake the senders once it has committed."""
    engine = session.bind

    def wake() -> None:
        for bound, waker in list(_wakers):
            if bound is engine:
                waker()

    # One hook per session (a broadcast writes thousands of rows in one transaction).
    if not session.info.get("outbox_wakes"):
        session.info["outbox_wakes"] = True
        after_commit(session, wake)


async def notify(
    session: AsyncSession, user_id: int, text: str, due_at: datetime, *, markup: dict[str, Any] | None = None
) -> OutboxItem | None:
    """A message to `user_id`, sent right after this transaction commits (retried by the sender if it fails).
    None, and nothing written, when the person has no row: they never opened the bot, and Telegram lets a bot
    write only to people who did."""
    if await session.get(User, user_id) is None:
        return None
    payload: dict[str, Any] = {"text": text, "markup": markup}
    return await schedule(session, f"msg:{uuid.uuid4().hex}", "message", user_id, due_at, payload=payload)


async def schedule(
    session: AsyncSession,
    key: str,
    kind: str,
    user_id: int,
    due_at: datetime,
    *,
    enrolment_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> OutboxItem:
    """Create the item for `key`, or move a pending (or dropped, now wanted again) one to the new time."""
    item = await session.scalar(select(OutboxItem).where(OutboxItem.key == key))
    if item is None:
        item = OutboxItem(
            key=key, kind=kind, user_id=user_id, due_at=due_at, enrolment_id=enrolment_id, payload=payload or {}
        )
        session.add(item)
    elif item.status in ("pending", "dropped"):
        item.status = "pending"
        item.due_at = due_at
        item.payload = payload or {}
    await session.flush()
    note_new_items(session)
    return item


async def drop_pending(session: AsyncSession, *, enrolment_id: int, kinds: tuple[str, ...] | None = None) -> int:
    query = update(OutboxItem).where(OutboxItem.enrolment_id == enrolment_id, OutboxItem.status == "pending")
    if kinds:
        query = query.where(OutboxItem.kind.in_(kinds))
    result = await session.execute(query.values(status="dropped"))
    return result.rowcount or 0


async def claim_due(
    session: AsyncSession, now: datetime, limit: int, *, skip_users: Collection[int] = ()
) -> list[OutboxItem]:
    """Claim up to `limit` due items (and items whose claim expired), none for `skip_users` (chats still being
    served: their later items must not overtake). Commit before sending them."""
    stale = now - CLAIM_LEASE
    claimable = or_(OutboxItem.status == "pending", (OutboxItem.status == "claimed") & (OutboxItem.claimed_at < stale))
    due = [OutboxItem.due_at <= now, claimable]
    if skip_users:
        due.append(OutboxItem.user_id.not_in(list(skip_users)))
    candidates = (
        select(OutboxItem.id)
        .where(*due)
        .order_by(OutboxItem.priority, OutboxItem.due_at, OutboxItem.id)
        .limit(limit)
        # PostgreSQL: rows another sender is claiming right now are skipped, not waited for, so several
        # processes take disjoint batches side by side. SQLite has one writer at a time and renders nothing here.
        .with_for_update(skip_locked=True)
        # A CTE runs once. As an `IN (subquery)` PostgreSQL may re-run it for every outer row (a nested-loop
        # semi-join), and each re-run skips the rows this statement already took and locks the next ones:
        # a claim of 150 then took all 400 due rows.
        .cte("candidates")
        .prefix_with("MATERIALIZED")
    )
    # One UPDATE ... RETURNING: the status check inside it is what keeps two senders from taking the same
    # item, and RETURNING hands back exactly the rows this sender won (SQLite >= 3.35 and PostgreSQL).
    claimed = await session.scalars(
        update(OutboxItem)
        .where(OutboxItem.id == candidates.c.id, claimable)
        .values(status="claimed", claimed_at=now, attempts=OutboxItem.attempts + 1)
        .returning(OutboxItem),
        execution_options={"populate_existing": True},
    )
    return sorted(claimed, key=lambda item: (item.priority, item.due_at, item.id))


async def finish(session: AsyncSession, item_id: int, status: str, now: datetime, error: str | None = None) -> None:
    values: dict[str, Any] = {"status": status, "last_error": error[:200] if error else None}
    if status == "sent":
        values["sent_at"] = now
    await session.execute(update(OutboxItem).where(OutboxItem.id == item_id).values(**values))


async def retry_later(session: AsyncSession, item_id: int, due_at: datetime, error: str) -> None:
    await session.execute(
        update(OutboxItem)
        .where(OutboxItem.id == item_id)
        .values(status="pending", due_at=due_at, claimed_at=None, last_error=error[:200])
    )


async def next_due(session: AsyncSession) -> datetime | None:
    """When the earliest pending item falls due (the sender sleeps until then, or until woken)."""
    return await session.scalar(select(func.min(OutboxItem.due_at)).where(OutboxItem.status == "pending"))
