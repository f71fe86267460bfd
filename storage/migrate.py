"""Apply Alembic migrations programmatically (no alembic.ini needed), without losing a row.

SQLite changes most of a table's shape by rebuilding it (Alembic's batch mode: copy, DROP TABLE, rename). With
foreign keys on, that DROP deletes every row pointing at the table (ON DELETE CASCADE) — an upgrade once emptied
enrolments and 1131 cases that way. So on SQLite migrations follow SQLite's own recipe for ALTER TABLE: foreign keys
off (set outside any transaction, where the pragma is not silently ignored), everything in one transaction,
PRAGMA foreign_key_check before COMMIT, foreign keys back on. A failed upgrade leaves the database as it was.
"""

from __future__ import annotations

import ast
import asyncio
import logging
import re
import sqlite3
from contextlib import closing, suppress
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.db import sqlite_file

if TYPE_CHECKING:  # Alembic (~11 MB) loads only when a database is not at head, or for `db` commands
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
log = logging.getLogger(__name__)


class MigrationError(Exception):
    """The database cannot be brought to head; nothing was changed. The message is one line for the operator."""


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # env.py reuses this connection instead of opening its own (the asyncio cookbook recipe).
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine) -> None:
    """Bring the database to head (at every start and `db upgrade`). A SQLite file holding data at an older
    revision is copied to `<file>.bak-<revision>` first. The caller holds the start-up lock."""
    head = _plain_head()
    if head is not None and await _recorded_revisions(engine) == [head]:
        return  # the usual start: nothing to do, and no need to load Alembic to see it
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    current, head = await current_revision(engine), scripts.get_current_head()
    if current == head:
        return
    if current is not None and current not in {script.revision for script in scripts.walk_revisions()}:
        raise MigrationError(f"it is at revision {current}, which this version of the bot does not know")
    path = sqlite_file(engine.url)
    if path is not None and current is not None:
        copy = await asyncio.to_thread(backup_sqlite, path, current)
        log.info("database %s is at revision %s: copied to %s before upgrading to %s", path, current, copy, head)
    await upgrade(engine)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    if engine.dialect.name != "sqlite":  # PostgreSQL: transactional DDL, and ALTER never rebuilds a table
        async with engine.begin() as conn:
            await conn.run_sync(_run_upgrade, revision)
        return
    async with engine.connect() as conn:
        # The driver opens no transaction of its own, so the pragma works and one BEGIN covers DDL and data alike.
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            if (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() != 0:
                raise MigrationError("SQLite did not turn foreign keys off, so an upgrade could cascade deletes")
            await _upgrade_in_one_transaction(conn, revision)
        finally:
            await conn.exec_driver_sql("PRAGMA foreign_keys=ON")


async def _upgrade_in_one_transaction(conn: AsyncConnection, revision: str) -> None:
    await conn.exec_driver_sql("BEGIN IMMEDIATE")
    try:
        await conn.run_sync(_run_upgrade, revision)
        dangling = (await conn.exec_driver_sql("PRAGMA foreign_key_check")).all()
        if dangling:
            tables = sorted({f"{row[0]} → {row[2]}" for row in dangling})
            raise MigrationError(
                f"upgrade rolled back: the foreign key check found {len(dangling)} rows pointing at missing rows "
                f"({', '.join(tables)})"
            )
    except BaseException:
        with suppress(OperationalError):  # SQLite may have rolled back already
            await conn.exec_driver_sql("ROLLBACK")
        raise
    await conn.exec_driver_sql("COMMIT")


def _run_upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


_ASSIGNMENT = re.compile(r"^(revision|down_revision|branch_labels|depends_on)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.M)


@lru_cache(maxsize=1)
def _plain_head() -> str | None:
    """The head revision as read from the migration files' text, or None unless they form one plain chain
    (each names one revision and at most one parent, no branch labels or dependencies): then Alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        try:
            found = {name: ast.literal_eval(value) for name, value in _ASSIGNMENT.findall(path.read_text("utf-8"))}
        except (ValueError, SyntaxError, OSError):
            return None
        revision, parent = found.get("revision"), found.get("down_revision")
        if (not isinstance(revision, str) or revision in revisions or not (parent is None or isinstance(parent, str))
                or found.get("branch_labels") is not None or found.get("depends_on") is not None):  # fmt: skip
            return None
        revisions.add(revision)
        if parent is not None:
            parents.add(parent)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


async def _recorded_revisions(engine: AsyncEngine) -> list[str] | None:
    """The revisions the database says it is at (Alembic's own table), None when it has none (a new database)."""
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
            return [row[0] for row in rows]
    except DBAPIError:
        return None


def backup_sqlite(path: Path, revision: str) -> Path:
    """A consistent copy through SQLite's backup API (WAL content included); an earlier copy is never replaced."""
    target, n = path.with_name(f"{path.name}.bak-{revision}"), 1
    while target.exists():
        target, n = path.with_name(f"{path.name}.bak-{revision}.{n}"), n + 1
    partial = target.with_name(f"{target.name}.partial")
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(partial)) as copy:
        source.backup(copy)
    partial.replace(target)
    return target


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    async with engine.connect() as conn:
        return await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())


async def autogenerate(engine: AsyncEngine, message: str) -> None:
    """Write a new revision from the difference between the models and a database at head."""
    from alembic import command

    await upgrade(engine)
    async with engine.begin() as conn:
        await conn.run_sync(
            lambda sync_conn: command.revision(alembic_config(sync_conn), message=message, autogenerate=True)
        )
