"""One process at a time migrates and seeds a database: several bot processes may well start together (a
systemd template with four workers), and two migrations or two sample loads at once would collide."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

# Any fixed 64-bit number; it names this lock among the advisory locks other software may take.
ADVISORY_LOCK_KEY = 0x5B07_57A7


@asynccontextmanager
async def startup_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    backend, database = engine.url.get_backend_name(), engine.url.database
    if backend == "postgresql":
        async with _advisory_lock(engine):
            yield
    elif backend == "sqlite" and database and database != ":memory:":
        async with _file_lock(Path(f"{database}.startup-lock")):
            yield
    else:
        yield


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


@asynccontextmanager
async def _file_lock(path: Path) -> AsyncIterator[None]:
    # SQLite is one machine's file, so a lock file beside it serves every process that can open it.
    import fcntl  # POSIX only, like the deployments this serves

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        await asyncio.to_thread(fcntl.flock, handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
