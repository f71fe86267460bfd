"""Engine and session factory; SQLite gets WAL and a busy timeout so concurrent updates wait, not fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage import sqlite_driver

SQLITE_BUSY_TIMEOUT_MS = 10_000
# asyncpg waits 60 s by default: an unreachable server should fail a start within seconds, not hang it.
PG_CONNECT_TIMEOUT = 10.0


def create_engine(database_url: str, *, echo: bool = False) -> AsyncEngine:
    url = make_url(database_url)
    # Statement parameters (names, phone numbers) never go into exception messages, hence never into logs.
    if url.get_backend_name() != "sqlite":
        return create_async_engine(
            url, echo=echo, pool_pre_ping=True, hide_parameters=True, connect_args={"timeout": PG_CONNECT_TIMEOUT}
        )

    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    # One trip to aiosqlite's thread per statement instead of four (storage/sqlite_driver.py).
    module = {"module": sqlite_driver.dbapi()} if url.get_driver_name() == "aiosqlite" else {}
    engine = create_async_engine(
        url, echo=echo, hide_parameters=True, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **module
    )
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite database (None for PostgreSQL or an in-memory database)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
