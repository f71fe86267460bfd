"""Starting and steering broadcasts. The handler's unit of work commits everything at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import broadcasts
from storage.models_staff import Broadcast


class Control(Enum):
    OK = "ok"
    GONE = "gone"  # no such broadcast (stale or forged button)
    NOT_YOURS = "not_yours"
    NOT_NOW = "not_now"  # finished, or already in that state


async def start(
    session: AsyncSession,
    users: Select[tuple[int]],
    *,
    created_by: int,
    now: datetime,
    text: str = "",
    kind: str = "message",
    audience: dict[str, Any] | None = None,
    course_ids: Sequence[int] = (),
) -> Broadcast | None:
    """Create a running broadcast and one outbox item per recipient; None (and nothing stored) if nobody."""
    if await broadcasts.count(session, users) == 0:
        return None
    broadcast = Broadcast(
        kind=kind,
        created_by=created_by,
        text=text,
        audience=audience or {},
        course_ids=list(course_ids),
        status="running",
        started_at=now,
    )
    session.add(broadcast)
    await session.flush()
    broadcast.recipients = await broadcasts.materialise(session, broadcast, users, now)
    return broadcast


async def control(
    session: AsyncSession, broadcast_id: int, action: str, *, user_id: int, admin: bool
) -> tuple[Control, Broadcast | None]:
    """Pause ("p"), resume ("r") or cancel ("c"); only the creator or an admin, only while it is not finished
    (a broadcast being cancelled is finished for this purpose)."""
    broadcast = await broadcasts.get(session, broadcast_id)
    if broadcast is None or action not in ("p", "r", "c"):
        return Control.GONE, None
    if broadcast.created_by != user_id and not admin:
        return Control.NOT_YOURS, broadcast
    allowed = {"p": ("running",), "r": ("paused",), "c": broadcasts.ACTIVE}[action]
    if broadcast.status not in allowed:
        return Control.NOT_NOW, broadcast
    if action == "p":
        await broadcasts.pause(session, broadcast)
    elif action == "r":
        await broadcasts.resume(session, broadcast)
    else:
        await broadcasts.cancel(session, broadcast)
    await session.flush()
    return Control.OK, broadcast
