"""Update de-duplication: Telegram redelivers unconfirmed updates after a restart."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdate
from storage.types import utcnow


async def lock_chat(session: AsyncSession, chat_id: int) -> None:
    """PostgreSQL: hold this chat until the transaction ends, so that several bot processes handle one chat's
    updates one at a time: a quick second tap reads the state the first one committed, and an update Telegram
    delivered twice is found already handled. (SQLite serves one process, whose own per-chat lock suffices.)"""
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(chat_id)))


_TABLE = ProcessedUpdate.__table__


# Both in plain SQL on the table: an ORM get/add costs more CPU than the statement itself (identity map, flush).
async def already_processed(session: AsyncSession, update_id: int) -> bool:
    found = await session.execute(select(_TABLE.c.update_id).where(_TABLE.c.update_id == update_id))
    return found.first() is not None


async def mark_processed(session: AsyncSession, update_id: int) -> None:
    """Recorded in the handler's transaction, so it commits (or rolls back) with the handler's work."""
    await session.execute(insert(_TABLE).values(update_id=update_id, processed_at=utcnow()))


async def prune_processed_updates(session: AsyncSession, older_than: timedelta = timedelta(days=2)) -> int:
    result = await session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < utcnow() - older_than))
    return result.rowcount or 0
