"""Upgrades keep data: a database at each past revision, holding realistic rows in every table it has, is upgraded
to head and still holds every row, on SQLite and (TEST_DATABASE_URL) PostgreSQL. A SQLite file is backed up before
an upgrade, and an upgrade that fails changes nothing."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine
from storage.migrate import alembic_config, upgrade
from storage.schema import metadata
from tests.databases import scalar, sqlite_url
from tests.migration_rows import ALICE, FILLED_BY_MIGRATION, ROWS, Row
from tests.test_cli import run_cli

SCRIPTS = ScriptDirectory.from_config(alembic_config())
PAST = [script.revision for script in reversed(list(SCRIPTS.walk_revisions()))][:-1]
HEAD = SCRIPTS.get_current_head()


@pytest.mark.parametrize("revision", PAST)
async def test_upgrading_keeps_every_row(database_url: str, revision: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade(engine, revision)
        seeded = await seed(engine)
        await upgrade(engine)

        for table, rows in seeded.items():
            columns = [c.name for c in metadata.tables[table].columns]
            expected = [{c: row[c] if c in row else filled(table, c, row) for c in columns} for row in rows]
            expected.sort(key=lambda row: [row[c.name] for c in metadata.tables[table].primary_key])
            assert await read(engine, table, columns) == expected, table
        async with engine.connect() as conn:
            assert await conn.run_sync(lambda c: compare_metadata(MigrationContext.configure(c), metadata)) == []
        await forget_still_cascades(engine, seeded)
    finally:
        await engine.dispose()


async def seed(engine: AsyncEngine) -> dict[str, list[Row]]:
    """ROWS, cut to the tables and columns the database has now; what was written, by table."""
    async with engine.connect() as conn:
        existing = await conn.run_sync(lambda c: columns_by_table(sa.inspect(c)))
    existing.pop("alembic_version")
    assert set(existing) <= set(ROWS), f"no rows in tests/migration_rows.py for {set(existing) - set(ROWS)}"
    seeded: dict[str, list[Row]] = {}
    async with engine.begin() as conn:
        for table in metadata.sorted_tables:  # parents first
            if table.name in existing:
                rows = [{c: v for c, v in row.items() if c in existing[table.name]} for row in ROWS[table.name]]
                for row in rows:  # one by one: rows may name different columns (those written before a column)
                    await conn.execute(typed(table.name, row).insert(), row)
                seeded[table.name] = rows
    return seeded


def columns_by_table(inspector: sa.Inspector) -> dict[str, set[str]]:
    return {t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}


async def read(engine: AsyncEngine, table: str, columns: list[str]) -> list[dict[str, Any]]:
    key = [c.name for c in metadata.tables[table].primary_key]
    clause = typed(table, dict.fromkeys([*columns, *key]))
    async with engine.connect() as conn:
        result = await conn.execute(sa.select(*(clause.c[c] for c in columns)).order_by(*(clause.c[c] for c in key)))
        return [dict(row._mapping) for row in result]


def typed(table: str, columns: Row) -> sa.TableClause:
    """The table with just these columns, typed as the models type them (no Python-side defaults)."""
    model = metadata.tables[table]
    return sa.table(table, *(sa.column(name, model.c[name].type) for name in columns))


def filled(table: str, column: str, row: Row) -> object:
    rule = FILLED_BY_MIGRATION.get((table, column))
    return rule(row) if rule else None


async def forget_still_cascades(engine: AsyncEngine, seeded: dict[str, list[Row]]) -> None:
    """The foreign keys that point at rebuilt tables still hold: deleting a person deletes what hangs on them."""
    async with engine.begin() as conn:
        await conn.execute(sa.text("DELETE FROM users WHERE id = :id"), {"id": ALICE})
    for table in seeded:
        if "user_id" in metadata.tables[table].c and table != "staff":
            left = [r for r in await read(engine, table, ["user_id"]) if r["user_id"] == ALICE]
            assert left == [], f"{table} kept rows of a deleted user"
    if "enrolments" in seeded:
        assert [r["id"] for r in await read(engine, "enrolments", ["id"])] == [2]


async def test_starting_on_an_older_database_backs_it_up_first(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    await database_at("0003", database)
    result = await asyncio.to_thread(run_cli, tmp_path, "stats", DATABASE_URL=sqlite_url(database))  # opens the bot
    assert result.returncode == 0, result.stderr
    backup = tmp_path / "bot.db.bak-0003"
    [line] = [line for line in result.stderr.splitlines() if "bak-" in line]
    assert line.endswith(f"database {database} is at revision 0003: copied to {backup} before upgrading to {HEAD}")
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0003",)]
        assert copy.execute("SELECT count(*) FROM enrolments").fetchone() == (len(ROWS["enrolments"]),)
    assert await revision_and_enrolments(database) == (HEAD, len(ROWS["enrolments"]))

    result = await asyncio.to_thread(run_cli, tmp_path, "db", "upgrade", DATABASE_URL=sqlite_url(database))
    assert result.returncode == 0, result.stderr
    assert "bak-" not in result.stderr  # at head: nothing to copy
    new = tmp_path / "new.db"
    result = await asyncio.to_thread(run_cli, tmp_path, "db", "upgrade", DATABASE_URL=sqlite_url(new))
    assert result.returncode == 0 and "bak-" not in result.stderr  # nothing to keep in a new database
    assert sorted(name for name in os.listdir(tmp_path) if ".bak-" in name) == ["bot.db.bak-0003"]


async def test_an_upgrade_that_fails_its_foreign_key_check_changes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    await database_at("0003", database)
    with closing(sqlite3.connect(database)) as raw:  # foreign keys are off in a plain connection
        raw.execute("UPDATE enrolments SET course_id = 99 WHERE id = 2")
        raw.commit()
    result = await asyncio.to_thread(run_cli, tmp_path, "db", "upgrade", DATABASE_URL=sqlite_url(database))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: database {database} cannot be upgraded: upgrade rolled back: the foreign key check found 1 rows "
        "pointing at missing rows (enrolments → courses)"
    )
    assert "Traceback" not in result.stderr
    assert await revision_and_enrolments(database) == ("0003", len(ROWS["enrolments"]))
    with closing(sqlite3.connect(database)) as raw:  # not even the tables 0004 creates first
        assert raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'outbox'").fetchone() == (0,)


async def database_at(revision: str, path: Path) -> None:
    engine = create_engine(sqlite_url(path))
    try:
        await upgrade(engine, revision)
        await seed(engine)
    finally:
        await engine.dispose()


async def revision_and_enrolments(path: Path) -> tuple[object, object]:
    url = sqlite_url(path)
    revision = await scalar(url, "SELECT version_num FROM alembic_version")
    return revision, await scalar(url, "SELECT count(*) FROM enrolments")
