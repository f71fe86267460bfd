"""The migrations produce exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.runtime import Runtime
from storage.schema import metadata


async def test_models_and_migrations_agree(runtime: Runtime) -> None:
    async with runtime.engine.connect() as conn:
        diff = await conn.run_sync(lambda c: compare_metadata(MigrationContext.configure(c), metadata))
    assert diff == []
