"""The catalogue in the database and the search index of a running bot stay in step."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.runtime import Runtime, open_runtime
from catalog.model import Course
from scheduler.jobs import refresh_catalog
from storage.courses import count_active, upsert_courses
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course


def upcoming(code: str, occupation: str) -> Course:
    return make_course(occupation, "海州区", code=code, start_date=date(2027, 1, 4), end_date=date(2027, 2, 1))


async def test_a_new_database_gets_the_sample_catalogue(runtime: Runtime) -> None:
    async with runtime.sessionmaker() as session:
        stored = await count_active(session)
    assert stored >= 150
    assert len(runtime.catalog.index) == stored


async def test_an_import_by_another_process_reaches_a_running_bot(runtime: Runtime, settings) -> None:
    today = date(2026, 11, 23)
    assert not runtime.catalog.search("插花员", today=today).hits
    # Another process (the CLI) imports into the same database file...
    async with open_runtime(settings) as other, unit_of_work(other.sessionmaker) as session:
        await upsert_courses(session, [upcoming("NEW-1", "插花员")])
    assert runtime.catalog.by_key(runtime.catalog.key_of("NEW-1")) is None
    # ...and the periodic job brings it into this process's index.
    assert await refresh_catalog(runtime.sessionmaker, runtime.catalog) == 1
    hits = runtime.catalog.search("插花员", today=today).hits
    assert [h.course.code for h in hits] == ["NEW-1"]

    async with open_runtime(settings) as other, unit_of_work(other.sessionmaker) as session:
        await upsert_courses(session, [upcoming("NEW-2", "插花员")], replace=True)
    await refresh_catalog(runtime.sessionmaker, runtime.catalog)
    assert [h.course.code for h in runtime.catalog.search("插花员", today=today).hits] == ["NEW-2"]
    assert len(runtime.catalog.index) == 1  # the sample and NEW-1 were retired


async def test_reimport_updates_by_code(runtime: Runtime) -> None:
    first = upcoming("UP-1", "焊工")
    async with unit_of_work(runtime.sessionmaker) as session:
        report = await upsert_courses(session, [first])
        assert (report.added, report.updated) == (1, 0)
        report = await upsert_courses(session, [first])
        assert (report.added, report.updated, report.unchanged) == (0, 0, 1)
        report = await upsert_courses(session, [replace(first, capacity=99)])
        assert (report.added, report.updated) == (0, 1)
        await runtime.catalog.refresh(session)
    assert runtime.catalog.index.get("UP-1").capacity == 99
