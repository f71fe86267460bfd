"""The outbox: scheduled messages as rows. Claim-then-send makes each row produce one message."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models_schedule import OutboxItem

# A claim older than this belongs to a sender that died before finishing; the item is taken again.
CLAIM_LEASE = timedelta(minutes=5)


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
    return item


async def drop_pending(session: AsyncSession, *, enrolment_id: int, kinds: tuple[str, ...] | None = None) -> int:
    query = update(OutboxItem).where(OutboxItem.enrolment_id == enrolment_id, OutboxItem.status == "pending")
    if kinds:
        query = query.where(OutboxItem.kind.in_(kinds))
    result = await session.execute(query.values(status="dropped"))
    return result.rowcount or 0


async def claim_due(session: AsyncSession, now: datetime, limit: int) -> list[OutboxItem]:
    """Claim up to `limit` due items (and items whose claim expired). Commit before sending them."""
    stale = now - CLAIM_LEASE
    claimable = or_(OutboxItem.status == "pending", (OutboxItem.status == "claimed") & (OutboxItem.claimed_at < stale))
    candidates = (
        select(OutboxItem.id)
        .where(OutboxItem.due_at <= now, claimable)
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
