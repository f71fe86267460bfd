"""Dialogue state in Redis (REDIS_URL), shared by every process of the bot.

aiogram's RedisStorage with two changes:
- writes made while an update is handled are held back and written (in one MULTI/EXEC) only after the
  update's database transaction has committed. A handler that fails after moving the dialogue on leaves both
  the database and the dialogue as they were, so the person can repeat the step — the guarantee the database
  storage (storage/fsm.py) gives by writing state inside the transaction. Reads see the held-back writes.
- close() leaves the client alone: it is the runtime's, shared with the isolation and the send-rate limiter,
  and aiogram closes the storage at every dispatcher shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import DefaultKeyBuilder, StateType, StorageKey
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import TelegramObject
from redis.asyncio import Redis

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

# Redis key -> value to SET (None: DEL), for the update being handled in this task.
_held: ContextVar[dict[str, str | None] | None] = ContextVar("held_fsm_writes", default=None)


def fsm_key_builder(prefix: str) -> DefaultKeyBuilder:
    # Destiny in the key as in the database storage; no bot id: REDIS_PREFIX already keeps bots apart.
    return DefaultKeyBuilder(prefix=f"{prefix}:fsm", with_destiny=True)


class RedisStateStorage(RedisStorage):
    def __init__(self, redis: Redis, prefix: str) -> None:
        super().__init__(redis, key_builder=fsm_key_builder(prefix))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        held = _held.get()
        if held is None:  # outside an update (tests, tools): write at once
            await super().set_state(key, value)
        else:
            held[self.key_builder.build(key, "state")] = value

    async def get_state(self, key: StorageKey) -> str | None:
        held, name = _held.get(), self.key_builder.build(key, "state")
        if held is not None and name in held:
            return held[name]
        return await super().get_state(key)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        held = _held.get()
        if held is None:
            await super().set_data(key, data)
            return
        if not isinstance(data, dict):
            raise DataNotDictLikeError(f"Data must be a dict or dict-like object, got {type(data).__name__}")
        # Serialised now: what is stored is the data as it was at this call, as with an immediate write.
        held[self.key_builder.build(key, "data")] = self.json_dumps(data) if data else None

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        held, name = _held.get(), self.key_builder.build(key, "data")
        if held is not None and name in held:
            value = held[name]
            return dict(self.json_loads(value)) if value else {}
        return await super().get_data(key)

    async def write_held(self, held: Mapping[str, str | None]) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            for name, value in held.items():
                if value is None:
                    pipe.delete(name)
                else:
                    pipe.set(name, value)
            await pipe.execute()

    async def close(self) -> None:
        """The client belongs to the runtime, which closes it once at exit."""


class StateAfterCommitMiddleware(BaseMiddleware):
    """Registered just outside the unit of work: when the handler returns, the transaction has committed and
    the held-back dialogue writes follow. aiogram's per-chat lock (outside both) is still held, so the next
    update of this chat reads the new state."""

    def __init__(self, storage: RedisStateStorage) -> None:
        self._storage = storage

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        held: dict[str, str | None] = {}
        token = _held.set(held)
        try:
            result = await handler(event, data)
        finally:
            _held.reset(token)  # on failure the writes are dropped with the rolled-back transaction
        if held:
            await self._storage.write_held(held)
        return result
