"""`python -m bot catalog import|search` as staff would run them."""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bot import data_commands
from bot.services.catalog import CatalogService
from catalog.importer import write_courses_csv, write_courses_xlsx
from storage.db import create_engine
from tests.catalog.factories import make_course
from tests.conftest import make_settings
from tests.test_cli import run_cli

# The CLI runs on the real clock, so these courses always lie in the future.
SOON = date.today() + timedelta(days=40)
COURSES = [
    make_course("叉车司机", "灌云县", code="CLI-1", start_date=SOON, end_date=SOON + timedelta(days=20)),
    make_course("育婴员", "赣榆区", code="CLI-2", start_date=SOON, end_date=SOON + timedelta(days=30)),
]


async def active_codes(database_url: str) -> set[str]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return set((await conn.execute(text("SELECT code FROM courses WHERE active"))).scalars())
    finally:
        await engine.dispose()


async def test_import_xlsx_then_reject_a_malformed_csv_whole(tmp_path: Path, database_url: str) -> None:
    good = tmp_path / "课程.xlsx"
    write_courses_xlsx(COURSES, good)
    result = run_cli(tmp_path, "catalog", "import", str(good), "--replace", DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    assert "新增 2 个" in result.stdout
    assert await active_codes(database_url) == {"CLI-1", "CLI-2"}

    bad = tmp_path / "bad.csv"
    write_courses_csv(COURSES, bad)
    lines = bad.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("灌云县", "火星区")
    lines[2] = lines[2].replace(SOON.isoformat(), f"{SOON.year}-02-31", 1)
    bad.write_text("\n".join([*lines, lines[1].replace("CLI-1", "CLI-3")]) + "\n", encoding="utf-8")
    result = run_cli(tmp_path, "catalog", "import", str(bad), "--replace", DATABASE_URL=database_url)
    assert result.returncode == 1
    assert "第2行「区县」" in result.stdout and "火星区" in result.stdout
    assert "第3行「开班日期」" in result.stdout
    assert "第4行「区县」" in result.stdout
    assert await active_codes(database_url) == {"CLI-1", "CLI-2"}  # nothing half-imported, nothing retired


async def test_search_json_with_distance(tmp_path: Path, database_url: str) -> None:
    good = tmp_path / "courses.csv"
    write_courses_csv(COURSES, good)
    assert run_cli(tmp_path, "catalog", "import", str(good), "--replace", DATABASE_URL=database_url).returncode == 0
    search = ("catalog", "search", "开叉车", "--lat", "34.28", "--lon", "119.24", "--json")
    result = run_cli(tmp_path, *search, DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert [h["code"] for h in hits] == ["CLI-1"]
    assert {"code", "title", "score", "district", "distance_km"} <= hits[0].keys()
    assert hits[0]["distance_km"] < 5


async def test_import_refreshes_the_index_after_its_commit(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bot may run beside the command: re-indexing must not hold the import's transaction (SQLite's write lock)
    open, so at refresh time the rows are committed, seen by any other connection."""
    path = tmp_path / "课程.csv"
    write_courses_csv(COURSES, path)
    seen: list[set[str]] = []
    original = CatalogService.refresh

    async def refresh(self: CatalogService, session: AsyncSession) -> int:
        seen.append(await active_codes(database_url))  # another connection: committed rows only
        return await original(self, session)

    monkeypatch.setattr(CatalogService, "refresh", refresh)
    args = argparse.Namespace(catalog_command="import", file=path, replace=False)
    assert await data_commands.catalog_import(args, make_settings(database_url)) == 0
    assert seen and seen[-1] >= {"CLI-1", "CLI-2"}
