"""Claims on voice updates: before calling the ASR server a process takes the update with a row of its own, so
that two processes given the same update at the same moment do not both transcribe it (and both echo it).

A claim is a lease held by an owner (host:pid:instance): another process may take it over once it is older than
the lease, or at once when its holder is known to be gone (the caller decides, e.g. a dead pid on this host after a
kill -9 and restart: Telegram then delivers the update again)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import VoiceClaim

KEEP = timedelta(days=2)  # as long as handled update ids are kept (storage/updates.py)
_TABLE = VoiceClaim.__table__


def _never_gone(_owner: str) -> bool:
    return False


async def claim(
    session: AsyncSession,
    update_id: int,
    now: datetime,
    *,
    lease: timedelta,
    owner: str,
    holder_gone: Callable[[str], bool] = _never_gone,
) -> bool:
    """Take the update for `owner`: True unless another holder's claim is younger than `lease` and that holder is
    not known to be gone. The caller commits at once, before the long work starts."""
    bind = session.bind
    dialect = postgresql if bind is not None and bind.dialect.name == "postgresql" else sqlite
    # ON CONFLICT DO NOTHING: on PostgreSQL a second claim waits for the first one's commit, then takes nothing.
    taken = await session.execute(
        dialect.insert(_TABLE).values(update_id=update_id, claimed_at=now, owner=owner).on_conflict_do_nothing()
    )
    won = bool(taken.rowcount)
    if not won:
        held = (
            await session.execute(select(_TABLE.c.claimed_at, _TABLE.c.owner).where(_TABLE.c.update_id == update_id))
        ).first()
        if held is not None and (held.claimed_at < now - lease or holder_gone(held.owner)):
            # Conditional on the claim read: of two processes taking over at once, one wins.
            taken = await session.execute(
                update(_TABLE)
                .where(_TABLE.c.update_id == update_id, _TABLE.c.claimed_at == held.claimed_at,
                       _TABLE.c.owner == held.owner)
                .values(claimed_at=now, owner=owner)
            )  # fmt: skip
            won = bool(taken.rowcount)
    await session.execute(delete(_TABLE).where(_TABLE.c.claimed_at < now - KEEP))
    return won
