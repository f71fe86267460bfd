"""Long-lived resources shared by `run`, `shell` and the tests: engine, sessions, catalogue, clock, Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.services import demo
from bot.services.catalog import CatalogService
from bot.services.catalog_snapshot import open_catalog_snapshot
from bot.services.faq import FaqService
from bot.services.jobs import JobsService
from bot.startup_errors import database_errors, safe_url
from storage.db import create_engine, create_sessionmaker
from storage.migrate import migrate
from storage.startup_lock import process_lock, startup_lock
from storage.unit_of_work import unit_of_work

if TYPE_CHECKING:
    from redis.asyncio import Redis

# An unreachable host should fail the start within seconds, not hang it.
REDIS_CONNECT_TIMEOUT = 5.0


class RedisUnavailable(Exception):
    """REDIS_URL is set but Redis does not answer; the message is one line for the operator."""


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    catalog: CatalogService
    jobs: JobsService
    clock: Clock
    # Set when REDIS_URL is: dialogue state, per-chat ordering and the send rate are then shared by every process.
    redis: Redis | None = None
    # The policy FAQ (catalog/data/faq.toml), re-read when staff edit the file.
    faq: FaqService = field(default_factory=FaqService)


@asynccontextmanager
async def open_runtime(
    settings: Settings, *, clock: Clock | None = None, sample: bool = False, serving: bool = False
) -> AsyncIterator[Runtime]:
    """Check Redis (if configured), migrate the database, with `sample` load the demo data (marked 示例) into a
    new one, and build the in-memory indexes. `serving` (run, webhook): on SQLite, this process alone may use
    the file."""
    redis = await connect_redis(settings.redis_url) if settings.redis_url else None
    async with AsyncExitStack() as stack:
        if redis is not None:
            stack.push_async_callback(redis.aclose)
        with database_errors(settings.database_url):
            if serving:
                stack.enter_context(process_lock(make_url(settings.database_url)))
            engine = create_engine(settings.database_url)
            stack.push_async_callback(engine.dispose)
            sessionmaker = create_sessionmaker(engine)
            catalog, jobs = CatalogService(open_catalog_snapshot(settings.database_url, serving=serving)), JobsService()
            async with startup_lock(engine):
                await migrate(engine)
                if sample:
                    async with unit_of_work(sessionmaker) as session:
                        await demo.load_if_new(session, catalog, jobs)
            async with unit_of_work(sessionmaker) as session:
                await catalog.load(session)
                await jobs.load(session)
            stack.push_async_callback(catalog.flush)  # what changed since the index was last saved
        yield Runtime(settings, engine, sessionmaker, catalog, jobs, clock or Clock(settings.tz), redis)


async def connect_redis(url: str) -> Redis:
    """A client for `url` that has answered PING: a bot without the Redis it was told to use must not start
    (its processes would silently stop sharing dialogue state and the send rate)."""
    from redis.asyncio import Redis  # imported here: a bot without REDIS_URL never loads the client
    from redis.exceptions import RedisError

    redis = Redis.from_url(url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT, health_check_interval=30)
    try:
        await redis.ping()
    except (RedisError, OSError) as exc:
        await redis.aclose()
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RedisUnavailable(f"Redis at {safe_url(url)} does not answer: {reason}") from None
    return redis
