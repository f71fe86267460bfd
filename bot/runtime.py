"""Long-lived resources shared by `run`, `shell` and the tests: engine, sessions, catalogue, clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.services.catalog import CatalogService
from bot.services.jobs import JobsService
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.unit_of_work import unit_of_work


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    catalog: CatalogService
    jobs: JobsService
    clock: Clock


@asynccontextmanager
async def open_runtime(
    settings: Settings, *, clock: Clock | None = None, sample: bool = True
) -> AsyncIterator[Runtime]:
    """Migrate the database, load the sample catalogues into an empty one, and build the in-memory indexes."""
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        sessionmaker = create_sessionmaker(engine)
        catalog, jobs = CatalogService(), JobsService()
        async with unit_of_work(sessionmaker) as session:
            if sample:
                await catalog.ensure_sample(session)
                await jobs.ensure_sample(session)
            await catalog.load(session)
            await jobs.load(session)
        yield Runtime(settings, engine, sessionmaker, catalog, jobs, clock or Clock(settings.tz))
    finally:
        await engine.dispose()
