"""aiogram FSM storage kept in the database, so dialogues survive restarts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from copy import deepcopy
from typing import Any, NamedTuple

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import FsmRecord
from storage.types import utcnow
from storage.unit_of_work import current_session

_RECORDS = "fsm_records"  # session.info key: FSM key -> its row (None: no row) as this session knows it
_TABLE = FsmRecord.__table__
# Built once: a statement built per call costs more CPU than SQLite takes to run it.
_SELECT = select(_TABLE.c.state, _TABLE.c.data).where(_TABLE.c.key == bindparam("name"))
_DELETE = delete(_TABLE).where(_TABLE.c.key == bindparam("name"))
_UPDATE = update(_TABLE).where(_TABLE.c.key == bindparam("name")).values(
    state=bindparam("state"), data=bindparam("data"), updated_at=bindparam("updated_at"))
_INSERT = insert(_TABLE).values(key=bindparam("name"), state=bindparam("state"), data=bindparam("data"),
                                updated_at=bindparam("updated_at"))


def _copy(value: Any) -> Any:
    """A deep copy of dialogue data (JSON: dicts, lists, strings, numbers), several times quicker than deepcopy;
    anything else is handed to deepcopy."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict:
        return {key: _copy(item) for key, item in value.items()}
    if kind is list:
        return [_copy(item) for item in value]
    return deepcopy(value)


class _Row(NamedTuple):
    state: str | None
    data: dict[str, Any]


class DatabaseStorage(BaseStorage):
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        # Inside an update the handler's unit of work owns the transaction; outside (scheduler,
        # tests) a short one of our own is opened and committed.
        session = current_session.get()
        if session is not None:
            yield session
            return
        async with self._sessionmaker() as own, own.begin():
            yield own

    async def _record(self, session: AsyncSession, name: str) -> _Row | None:
        # Kept in the session for the rest of the update: every get_state/get_data would otherwise SELECT again.
        # Plain SQL on the table, not ORM objects: no identity map, no unit-of-work flush (a few hundred µs each).
        known: dict[str, _Row | None] = session.info.setdefault(_RECORDS, {})
        if name not in known:
            found = (await session.execute(_SELECT, {"name": name})).first()
            known[name] = _Row(found.state, dict(found.data or {})) if found else None
        return known[name]

    def name_of(self, key: StorageKey) -> str:
        """The row's key for `key` (storage.updates.open_update reads the row with the update's first SELECT)."""
        return self._key_builder.build(key)

    @staticmethod
    def remember(session: AsyncSession, name: str, row: tuple[str | None, dict[str, Any]] | None) -> None:
        """The row `name` as the caller just read it in this session's transaction (None: there is none), so that
        the state and data are not selected again."""
        session.info.setdefault(_RECORDS, {})[name] = _Row(*row) if row is not None else None

    async def _write(self, key: StorageKey, **values: Any) -> None:
        name = self._key_builder.build(key)
        async with self._session() as session:
            record = await self._record(session, name)
            now = record or _Row(None, {})
            # A copy: a handler may change nested values of what it passed after the call (or of what get_data
            # gave it), and the kept row must stay what the database holds.
            new = _Row(values.get("state", now.state), _copy(values.get("data", now.data)))
            if new == now:
                return  # unchanged (e.g. set_state(None) with no dialogue): no statement, no write lock
            session.info[_RECORDS][name] = new if new.state is not None or new.data else None
            if new.state is None and not new.data:  # nothing to remember means no row
                await session.execute(_DELETE, {"name": name})
                return
            row = {"name": name, "state": new.state, "data": new.data, "updated_at": utcnow()}
            if record is not None:
                updated = await session.execute(_UPDATE, row)
                if updated.rowcount:  # type: ignore[attr-defined]
                    return  # else the row went meanwhile in this transaction (/forget): write it anew
            await session.execute(_INSERT, row)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._write(key, state=state.state if isinstance(state, State) else state)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            record = await self._record(session, self._key_builder.build(key))
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            record = await self._record(session, self._key_builder.build(key))
            return _copy(record.data) if record else {}

    async def close(self) -> None:
        """The engine is owned and disposed by the application."""
