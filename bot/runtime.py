"""Long-lived resources shared by `run`, `shell` and the tests: engine, sessions, catalogue, clock, Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.services.catalog import CatalogService
from bot.services.faq import FaqService
from bot.services.jobs import JobsService
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.startup_lock import startup_lock
from storage.unit_of_work import unit_of_work

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
    settings: Settings, *, clock: Clock | None = None, sample: bool = True
) -> AsyncIterator[Runtime]:
    """Check Redis (if configured), migrate the database, load the sample catalogues into an empty one, and
    build the in-memory indexes."""
    redis = await connect_redis(settings.redis_url) if settings.redis_url else None
    engine = create_engine(settings.database_url)
    try:
        sessionmaker = create_sessionmaker(engine)
        catalog, jobs = CatalogService(), JobsService()
        async with startup_lock(engine):
            await upgrade(engine)
            if sample:
                async with unit_of_work(sessionmaker) as session:
                    await catalog.ensure_sample(session)
                    await jobs.ensure_sample(session)
        async with unit_of_work(sessionmaker) as session:
            await catalog.load(session)
            await jobs.load(session)
        yield Runtime(settings, engine, sessionmaker, catalog, jobs, clock or Clock(settings.tz), redis)
    finally:
        await engine.dispose()
        if redis is not None:
            await redis.aclose()


async def connect_redis(url: str) -> Redis:
    """A client for `url` that has answered PING: a bot without the Redis it was told to use must not start
    (its processes would silently stop sharing dialogue state and the send rate)."""
    redis = Redis.from_url(url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT, health_check_interval=30)
    try:
        await redis.ping()
    except (RedisError, OSError) as exc:
        await redis.aclose()
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RedisUnavailable(f"Redis at {safe_url(url)} does not answer: {reason}") from None
    return redis


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))
