"""Long-lived resources shared by `run`, `shell` and the tests: engine, sessions, migrations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        yield Runtime(settings=settings, engine=engine, sessionmaker=create_sessionmaker(engine))
    finally:
        await engine.dispose()
