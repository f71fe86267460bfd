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
        return await session.get(FsmRecord, self._key_builder.build(key))

    async def _write(self, key: StorageKey, **values: Any) -> None:
        async with self._session() as session:
            record = await self._record(session, key)
            if record is None:
                record = FsmRecord(key=self._key_builder.build(key), state=None, data={})
                for name, value in values.items():
                    setattr(record, name, value)
                if record.state is not None or record.data:
                    session.add(record)  # nothing to remember means no row and no write lock
                return
            for name, value in values.items():
                setattr(record, name, value)
            if record.state is None and not record.data:
                await session.delete(record)
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
