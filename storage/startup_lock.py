"""Locks taken at start.

- The start-up lock: one process at a time migrates and seeds a database. Several bot processes may well start
  together (a systemd template with four workers), and two migrations or two sample loads at once would collide.
- The process lock: a SQLite file is served by one bot process (`run`, `webhook`) for as long as it runs. A second
  one by mistake would answer the same updates twice and fight over the single write lock; PostgreSQL serves many.
"""

from __future__ import annotations

import asyncio
import fcntl  # POSIX only, like the deployments this serves
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TextIO

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import sqlite_file

# Any fixed 64-bit number; it names this lock among the advisory locks other software may take.
ADVISORY_LOCK_KEY = 0x5B07_57A7


class DatabaseInUse(Exception):
    """Another bot process serves this SQLite file; the message names it, in one line."""


@asynccontextmanager
async def startup_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    path = sqlite_file(engine.url)
    if engine.url.get_backend_name() == "postgresql":
        async with _advisory_lock(engine):
            yield
    elif path is not None:
        # SQLite is one machine's file, so a lock file beside it serves every process that can open it.
        with _lock_file(path, "startup-lock") as handle:
            await asyncio.to_thread(fcntl.flock, handle.fileno(), fcntl.LOCK_EX)
            yield  # closing the file releases the lock
    else:
        yield


@contextmanager
def process_lock(url: URL) -> Iterator[None]:
    """Held for the life of a serving process. The kernel drops it when the process dies, even by kill -9, so a
    stale lock file never stops a restart; the file names the holder's pid for the one-line refusal."""
    path = sqlite_file(url)
    if path is None:
        yield
        return
    with _lock_file(path, "process-lock") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise DatabaseInUse(
                f"another bot process (pid {holder}) is already serving {path}: stop it first "
                "(several processes need PostgreSQL)"
            ) from None
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


@contextmanager
def _lock_file(database: Path, suffix: str) -> Iterator[TextIO]:
    database.parent.mkdir(parents=True, exist_ok=True)
    with database.with_name(f"{database.name}.{suffix}").open("a+", encoding="ascii") as handle:
        yield handle


@asynccontextmanager
async def _advisory_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    # Session-level lock on a connection of its own: the migrations commit on other connections meanwhile.
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        await conn.commit()
        try:
            yield
        finally:
            await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
            await conn.commit()
