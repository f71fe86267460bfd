"""aiogram FSM storage kept in the database, so dialogues survive restarts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import FsmRecord
from storage.unit_of_work import current_session

_RECORDS = "fsm_records"  # session.info key: FSM key -> its row (None: no row) as this session knows it


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

    async def _record(self, session: AsyncSession, key: StorageKey) -> FsmRecord | None:
        # Kept in the session for the rest of the update: the identity map holds rows only weakly and knows
        # nothing of a missing row, so every get_state/get_data would otherwise SELECT again.
        name = self._key_builder.build(key)
        known: dict[str, FsmRecord | None] = session.info.setdefault(_RECORDS, {})
        if name not in known:
            known[name] = await session.get(FsmRecord, name)
        return known[name]

    async def _write(self, key: StorageKey, **values: Any) -> None:
        async with self._session() as session:
            record = await self._record(session, key)
            known: dict[str, FsmRecord | None] = session.info[_RECORDS]
            if record is None:
                record = FsmRecord(key=self._key_builder.build(key), state=None, data={})
                for name, value in values.items():
                    setattr(record, name, value)
                if record.state is not None or record.data:
                    session.add(record)  # nothing to remember means no row and no write lock
                    known[record.key] = record
                return
            if all(getattr(record, name) == value for name, value in values.items()):
                return  # unchanged (e.g. set_state(None) with no dialogue): no UPDATE, no write lock
            for name, value in values.items():
                setattr(record, name, value)
            if record.state is None and not record.data:
                await session.delete(record)
                known[record.key] = None
            await session.flush()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._write(key, state=state.state if isinstance(state, State) else state)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            record = await self._record(session, key)
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            record = await self._record(session, key)
            return dict(record.data) if record else {}

    async def close(self) -> None:
        """The engine is owned and disposed by the application."""
