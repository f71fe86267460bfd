"""Which database the suite runs on: a temporary SQLite file, or, with TEST_DATABASE_URL set, a fresh PostgreSQL
database per test (created empty, dropped afterwards), so both backends run the very same tests."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import asyncpg
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import create_engine

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
