"""Upgrades keep data: a database at each past revision, holding realistic rows in every table it has, is upgraded
to head and still holds every row, on SQLite and (TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

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
from tests.migration_rows import ALICE, FILLED_BY_MIGRATION, ROWS, Row

SCRIPTS = ScriptDirectory.from_config(alembic_config())
PAST = [script.revision for script in reversed(list(SCRIPTS.walk_revisions()))][:-1]


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
                await conn.execute(typed(table.name, rows[0]).insert(), rows)
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
