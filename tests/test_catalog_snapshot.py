"""The saved catalogue index: read at start when it fits the database, refreshed by the rows changed since,
rebuilt (with one log line) when it is damaged, of another version, or of another database."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from datetime import date

import pytest

from bot.config import Settings
from bot.runtime import open_runtime
from bot.services.catalog import CatalogService
from bot.services.catalog_snapshot import snapshot_path
from catalog import snapshot
from catalog.search import CourseSearch
from storage import courses as course_repo
from storage.db import create_engine, create_sessionmaker
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.conftest import make_settings
from tests.databases import ON_POSTGRES

TODAY = date(2026, 11, 23)
QUESTIONS = ("养老护理", "电工 海州区", "月嫂", "插花", "dianshang", "免费的", "焊工 下个月", "")
LOGGER = "bot.services.catalog_snapshot"
# On PostgreSQL only serving processes keep the file (in ./data); these tests look at the file beside SQLite's.
pytestmark = pytest.mark.skipif(ON_POSTGRES, reason="the index file lives beside a SQLite database")


def answers(search: CourseSearch) -> list[list[tuple[str, float]]]:
    """Every hit of each question with its score; equal scores in code order (doc ids differ between an index
    built at once and one updated row by row)."""
    results = [search.search(q, today=TODAY, limit=1000) for q in QUESTIONS]
    results.append(search.nearby(34.6, 119.2, today=TODAY, text="电工", limit=1000))
    return [sorted(((h.course.code, round(h.score, 9)) for h in r.hits), key=lambda x: (-x[1], x[0]))
            for r in results]  # fmt: skip


async def fresh_build(settings: Settings) -> CatalogService:
    """The index built from every row, as without a snapshot."""
    engine = create_engine(settings.database_url)
    try:
        service = CatalogService()
        async with create_sessionmaker(engine)() as session:
            await service.load(session)
        return service
    finally:
        await engine.dispose()


async def start(settings: Settings) -> CatalogService:
    async with open_runtime(settings) as runtime:
        return runtime.catalog


async def test_a_start_reads_the_saved_index_instead_of_the_rows(settings: Settings, monkeypatch, caplog) -> None:
    async with open_runtime(settings, sample=True) as runtime:
        built = answers(runtime.catalog.index)
    path = snapshot_path(settings.database_url)
    assert path is not None and path.is_file()

    async def no_full_read(session):  # type: ignore[no-untyped-def]
        raise AssertionError("the whole catalogue was read again")

    monkeypatch.setattr(course_repo, "active_courses", no_full_read)
    with caplog.at_level(logging.INFO):
        catalog = await start(settings)
    assert answers(catalog.index) == built
    assert "catalogue index read from" in caplog.text
    code = next(h.course.code for h in catalog.search("养老护理", today=TODAY).hits)
    assert catalog.by_key(catalog.key_of(code)).code == code  # button keys come back too


async def test_courses_changed_since_the_save_are_applied_as_a_fresh_build_would_have_them(
    settings: Settings, caplog
) -> None:
    async with open_runtime(settings, sample=True) as runtime:
        some = [course for _, course in zip(range(3), runtime.catalog.index._index.courses(), strict=False)]
    # Another process (CLI import) changes the catalogue while no bot runs: one new course, one changed, one
    # retired; the saved index is not touched.
    path = snapshot_path(settings.database_url)
    saved = path.read_bytes()
    async with open_runtime(settings) as other, unit_of_work(other.sessionmaker) as session:
        new = make_course("插花员", "海州区", code="NEW-1", start_date=date(2027, 1, 4), end_date=date(2027, 2, 1))
        changed = replace(some[1][1], title="电工插花速成班", keywords=("插花",))
        await course_repo.upsert_courses(session, [new, changed])
        await course_repo.retire_course(session, some[2][1].code)
    path.write_bytes(saved)

    with caplog.at_level(logging.INFO):
        catalog = await start(settings)
    assert "3 changed since it was saved" in caplog.text
    assert answers(catalog.index) == answers((await fresh_build(settings)).index)
    assert [h.course.code for h in catalog.search("插花员", today=TODAY).hits] == ["NEW-1"]
    assert catalog.index.get(changed.code).title == "电工插花速成班"
    assert catalog.index.get(some[2][1].code) is None
    # ...and the refreshed index was saved again: the next start has nothing to apply
    caplog.clear()
    with caplog.at_level(logging.INFO):
        await start(settings)
    assert "0 changed since it was saved" in caplog.text


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[: len(data) // 2], "checksum"),
        (lambda data: data[:-1] + bytes([data[-1] ^ 0x40]), "checksum"),
        (lambda data: b"SQLite format 3\x00" + data, "not a catalogue snapshot"),
    ],
)
async def test_a_damaged_index_file_is_rebuilt_with_one_log_line(settings: Settings, caplog, damage, reason) -> None:  # type: ignore[no-untyped-def]
    async with open_runtime(settings, sample=True) as runtime:
        built = answers(runtime.catalog.index)
    path = snapshot_path(settings.database_url)
    path.write_bytes(damage(path.read_bytes()))
    with caplog.at_level(logging.INFO):
        catalog = await start(settings)
    warnings = [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and reason in warnings[0] and "rebuilding" in warnings[0]
    assert answers(catalog.index) == built
    snapshot.load(path.read_bytes())  # written again, whole


async def test_an_index_of_another_version_is_rebuilt(settings: Settings, monkeypatch, caplog) -> None:
    async with open_runtime(settings, sample=True):
        pass
    monkeypatch.setattr(snapshot, "build_version", lambda: b"\x01" * 32)  # e.g. a new userdict.txt
    with caplog.at_level(logging.INFO):
        catalog = await start(settings)
    assert "another version" in caplog.text and "catalogue index read from" not in caplog.text
    assert answers(catalog.index) == answers((await fresh_build(settings)).index)


async def test_an_index_of_another_database_is_not_trusted(settings: Settings, tmp_path, caplog) -> None:
    """A database restored from an older backup (or another one copied in) keeps a newer file beside it."""
    async with open_runtime(settings, sample=True):
        pass
    older = tmp_path / "older.db"
    shutil.copy(settings.sqlite_path(), older)
    async with open_runtime(settings) as runtime, unit_of_work(runtime.sessionmaker) as session:
        await course_repo.upsert_courses(session, [make_course("插花员", "海州区", code="NEW-2")])
        await runtime.catalog.refresh(session)  # the file beside the newer database now holds NEW-2
    other = make_settings(f"sqlite+aiosqlite:///{older}")
    shutil.copy(snapshot_path(settings.database_url), snapshot_path(other.database_url))
    with caplog.at_level(logging.INFO):
        catalog = await start(other)
    assert "not from this database" in caplog.text
    assert catalog.index.get("NEW-2") is None
    assert answers(catalog.index) == answers((await fresh_build(other)).index)


async def test_a_running_bot_saves_what_it_refreshed_when_it_stops(settings: Settings) -> None:
    async with open_runtime(settings, sample=True) as runtime:
        async with unit_of_work(runtime.sessionmaker) as session:
            await course_repo.upsert_courses(session, [make_course("插花员", "海州区", code="NEW-3")])
        async with unit_of_work(runtime.sessionmaker) as session:
            assert await runtime.catalog.refresh(session) == 1  # saved at most every SAVE_INTERVAL meanwhile
    _, saved = snapshot.load(snapshot_path(settings.database_url).read_bytes())
    assert saved.get("NEW-3") is not None
