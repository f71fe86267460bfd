"""Which database the suite runs on: a temporary SQLite file, or, with TEST_DATABASE_URL set, a fresh PostgreSQL
database per test (created empty, dropped afterwards), so both backends run the very same tests.

A test's `runtime` starts from a copy of a template (`DatabaseTemplate`): a database each worker migrates and fills
with the demo data once, exactly as `open_runtime(sample=True)` does on a new one, instead of every test migrating
its own. The copy is what a restart finds: open_runtime still runs (migrations at head, demo data already there,
the saved catalogue index read). Migration tests start from empty databases of their own."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import create_engine, sqlite_file

SERVER_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
ON_POSTGRES = SERVER_URL.startswith("postgresql")


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def create_database(tmp_path: Path) -> str:
    if not ON_POSTGRES:
        return sqlite_url(tmp_path / "bot.db")
    url = make_url(SERVER_URL).set(database=f"t_{uuid.uuid4().hex[:16]}")
    await _admin(f'CREATE DATABASE "{url.database}"')
    return url.render_as_string(hide_password=False)


async def drop_database(database_url: str) -> None:
    if ON_POSTGRES:
        await _admin(f'DROP DATABASE IF EXISTS "{make_url(database_url).database}" WITH (FORCE)')


async def _admin(statement: str) -> None:
    url = make_url(SERVER_URL)
    conn = await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password, database=url.database
    )
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def fetch_one(database_url: str, sql: str, **params: object) -> tuple[object, ...] | None:
    """One row straight from the database, for tests that look behind the bot's back."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            row = (await conn.execute(text(sql), params)).first()
            return tuple(row) if row is not None else None
    finally:
        await engine.dispose()


async def scalar(database_url: str, sql: str, **params: object) -> object:
    row = await fetch_one(database_url, sql, **params)
    return row[0] if row else None


async def delete_keys(redis_url: str, pattern: str) -> None:
    client = Redis.from_url(redis_url)
    try:
        async for key in client.scan_iter(match=pattern, count=1000):
            await client.delete(key)
    finally:
        await client.aclose()


class DatabaseTemplate:
    """One pytest worker's template database, built on first use by `build(url)` (which must leave it as a new
    database plus what open_runtime puts there) and copied into a test's empty database by `copy_to`."""

    def __init__(self, folder: Path, build: Callable[[str], Awaitable[None]]) -> None:
        self.folder, self._build = folder, build
        self.url: str | None = None

    async def copy_to(self, database_url: str) -> bool:
        """Fill `database_url` with a copy of the template if it is still new (a SQLite file not yet made, a
        PostgreSQL database without tables); False when it was left alone."""
        if not await _is_new(database_url):
            return False
        if self.url is None:
            url = await create_database(self.folder)
            await self._build(url)
            self.url = url
        if not ON_POSTGRES:
            source, target = _sqlite_path(self.url), _sqlite_path(database_url)
            target.parent.mkdir(parents=True, exist_ok=True)
            # The database and whatever open_runtime keeps beside it (the saved catalogue index).
            for path in source.parent.glob(f"{source.name}*"):
                shutil.copyfile(path, target.with_name(target.name + path.name[len(source.name):]))
            return True
        name = make_url(database_url).database
        await _admin(f'DROP DATABASE "{name}" WITH (FORCE)')
        await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(self.url).database}"')
        return True

    async def drop(self) -> None:
        if self.url is not None:
            await drop_database(self.url)


def _sqlite_path(database_url: str) -> Path:
    path = sqlite_file(make_url(database_url))
    assert path is not None, database_url
    return path


async def _is_new(database_url: str) -> bool:
    if not ON_POSTGRES:
        return not _sqlite_path(database_url).exists()
    tables = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
    return await scalar(database_url, tables) == 0
