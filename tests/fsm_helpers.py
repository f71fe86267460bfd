"""The dialogue state the bot keeps, read from wherever it keeps it: Redis when REDIS_URL is set (the suite run
with TEST_REDIS_URL), the database otherwise. Tests use these instead of reading the fsm table."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from redis.asyncio import Redis
from sqlalchemy import select

from bot import middlewares
from bot.app import create_storage
from bot.config import Settings
from bot.redis_state import RedisStateStorage
from bot.runtime import Runtime
from storage.db import create_engine, create_sessionmaker
from storage.fsm import DatabaseStorage
from storage.models import FsmRecord

Dialogue = tuple[str | None, dict[str, Any]]


async def _read(storage: BaseStorage, user_id: int) -> Dialogue:
    key = StorageKey(bot_id=0, chat_id=user_id, user_id=user_id)  # a private chat; the bot id is not in the key
    return await storage.get_state(key), await storage.get_data(key)


async def dialogue_of(runtime: Runtime, user_id: int) -> Dialogue:
    """(state, data) of `user_id`'s private chat, through the same storage the dispatcher uses."""
    return await _read(create_storage(runtime), user_id)


async def dialogue_at(settings: Settings, user_id: int) -> Dialogue:
    """The same for a bot process started with `settings` (e.g. the kill -9 tests), without a runtime."""
    if settings.redis_url:
        redis = Redis.from_url(settings.redis_url)
        try:
            return await _read(RedisStateStorage(redis, settings.redis_prefix), user_id)
        finally:
            await redis.aclose()
    engine = create_engine(settings.database_url)
    try:
        return await _read(DatabaseStorage(create_sessionmaker(engine)), user_id)
    finally:
        await engine.dispose()


async def stored_dialogues(runtime: Runtime) -> list[str]:
    """One key per dialogue kept (Redis keeps a dialogue's state and data under two keys; per-chat locks are not
    dialogues)."""
    if runtime.redis is not None:
        pattern = f"{runtime.settings.redis_prefix}:fsm:*"
        keys = [k.decode().rpartition(":") async for k in runtime.redis.scan_iter(match=pattern)]
        return sorted({key for key, _, part in keys if part in ("state", "data")})
    async with runtime.sessionmaker() as session:
        return sorted(await session.scalars(select(FsmRecord.key)))


def answers_in(data: object) -> list[object]:
    """Every leaf value of a dialogue's data, however nested: what the person answered, wherever it is kept."""
    if isinstance(data, dict):
        return [v for value in data.values() for v in answers_in(value)]
    if isinstance(data, list):
        return [v for value in data for v in answers_in(value)]
    return [data]


def crash_before_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next update fails after its handler has run, just before its commit (a lost database connection, a
    full disk): everything it did must roll back — and the replies it prepared must not go out."""
    original = middlewares.mark_processed

    def crash(*_args: Any) -> None:
        monkeypatch.setattr(middlewares, "mark_processed", original)
        raise ConnectionError("the database went away")

    monkeypatch.setattr(middlewares, "mark_processed", crash)
