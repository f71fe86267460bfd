"""Upgrading a database that holds data to 0011 (voice claims) keeps every row, and claims work on it at once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage import voice_claims
from storage.db import create_engine
from storage.migrate import upgrade
from storage.schema import metadata
from tests.migration_rows import T2
from tests.test_migration_data import read, seed


async def test_upgrading_to_0011_keeps_the_rows_and_claims_work(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade(engine, "0010")
        seeded = await seed(engine)
        assert "voice_claims" not in seeded
        before = {t: await read(engine, t, [c.name for c in metadata.tables[t].columns]) for t in seeded}
        await upgrade(engine, "0011")
        for table, rows in before.items():
            assert await read(engine, table, [c.name for c in metadata.tables[table].columns]) == rows, table
        assert await read(engine, "voice_claims", ["update_id"]) == []
        async with AsyncSession(engine) as session, session.begin():
            lease = timedelta(seconds=75)
            assert await voice_claims.claim(session, 912_345_700, T2, lease=lease, owner="bot-1:4242:9f2c1ab0")
            assert not await voice_claims.claim(session, 912_345_700, T2, lease=lease, owner="bot-2:5151:03de77c4")
    finally:
        await engine.dispose()
