"""Claims on voice updates: before calling the ASR server a process takes the update with a row of its own, so
that two processes given the same update at the same moment do not both transcribe it (and both echo it).

A claim is a lease: a process that died while transcribing leaves a claim that another may take over once it is
older than the lease (Telegram redelivers an update whose first delivery was never answered)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import VoiceClaim

KEEP = timedelta(days=2)  # as long as handled update ids are kept (storage/updates.py)
_TABLE = VoiceClaim.__table__


async def claim(session: AsyncSession, update_id: int, now: datetime, *, lease: timedelta) -> bool:
    """Take the update for this process: True unless another process holds a claim younger than `lease`.
    The caller commits at once, before the long work starts."""
    bind = session.bind
    dialect = postgresql if bind is not None and bind.dialect.name == "postgresql" else sqlite
    # ON CONFLICT DO NOTHING: on PostgreSQL a second claim waits for the first one's commit, then takes nothing.
    taken = await session.execute(
        dialect.insert(_TABLE).values(update_id=update_id, claimed_at=now).on_conflict_do_nothing()
    )
    if not taken.rowcount:  # held already: take it over only when its holder has had its time
        taken = await session.execute(
            update(_TABLE)
            .where(_TABLE.c.update_id == update_id, _TABLE.c.claimed_at < now - lease)
            .values(claimed_at=now)
        )
    await session.execute(delete(_TABLE).where(_TABLE.c.claimed_at < now - KEEP))
    return bool(taken.rowcount)
