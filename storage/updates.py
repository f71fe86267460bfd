"""Update de-duplication: Telegram redelivers unconfirmed updates after a restart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, delete, exists, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FsmRecord, ProcessedUpdate, User
from storage.types import utcnow


async def lock_chat(session: AsyncSession, chat_id: int) -> None:
    """PostgreSQL: hold this chat until the transaction ends, so that several bot processes handle one chat's
    updates one at a time: a quick second tap reads the state the first one committed, and an update Telegram
    delivered twice is found already handled. (SQLite serves one process, whose own per-chat lock suffices.)"""
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(chat_id)))


_TABLE = ProcessedUpdate.__table__
_FSM = FsmRecord.__table__
# Built once: a statement built per call costs more CPU than SQLite takes to run it.
_MARK = insert(_TABLE).values(update_id=bindparam("update_id"), processed_at=bindparam("processed_at"))


@dataclass(frozen=True, slots=True)
class Opening:
    """What an update's unit of work reads first, in one statement."""

    processed: bool  # handled before (a redelivery after a restart)
    user: User | None  # the sender's row (None: none yet, or not asked for)
    fsm: tuple[str | None, dict[str, Any]] | None  # the dialogue row's state and data (None: no row, or not asked)


@cache
def _opening(with_user: bool, with_fsm: bool) -> Select[Any]:
    done = exists().where(_TABLE.c.update_id == bindparam("update_id")).label("processed")
    columns: list[Any] = [done]
    if with_fsm:
        columns += [select(_FSM.c[name]).where(_FSM.c.key == bindparam("fsm_key")).scalar_subquery().label(name)
                    for name in ("key", "state", "data")]  # fmt: skip
    if not with_user:
        return select(*columns)
    one_row = select(literal(1).label("one")).subquery()  # the user's row may be missing; the rest never is
    return select(User, *columns).select_from(one_row).outerjoin(User, User.id == bindparam("user_id"))


async def open_update(session: AsyncSession, update_id: int, user_id: int | None, fsm_key: str | None) -> Opening:
    """Whether the update was handled before, the sender's row and the dialogue's row, in one SELECT instead of
    three; the user row is loaded into the session as `session.get` would."""
    params: dict[str, Any] = {"update_id": update_id, "user_id": user_id, "fsm_key": fsm_key}
    row = (await session.execute(_opening(user_id is not None, fsm_key is not None), params)).one()
    user = row.User if user_id is not None else None
    fsm = (row.state, dict(row.data or {})) if fsm_key is not None and row.key is not None else None
    return Opening(bool(row.processed), user, fsm)


async def already_processed(session: AsyncSession, update_id: int) -> bool:
    return (await open_update(session, update_id, None, None)).processed


async def mark_processed(session: AsyncSession, update_id: int) -> None:
    """Recorded in the handler's transaction, so it commits (or rolls back) with the handler's work. Plain SQL on
    the table: an ORM add costs more CPU than the statement itself (identity map, flush)."""
    await session.execute(_MARK, {"update_id": update_id, "processed_at": utcnow()})


async def prune_processed_updates(session: AsyncSession, older_than: timedelta = timedelta(days=2)) -> int:
    result = await session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < utcnow() - older_than))
    return result.rowcount or 0
