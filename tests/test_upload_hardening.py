"""Uploads that cannot hurt the service: hostile .xlsx files get one friendly report line and change nothing, and
the file is parsed outside the update's transaction, so other people can write meanwhile."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.runtime import Runtime
from bot.services import child_process, publish
from bot.services.child_process import CHILD_NICENESS
from bot.texts import publish as pt
from catalog.importer_errors import ImportErrorCode
from catalog.importer_tabular import read_table
from catalog.importer_upload import ParsedUpload
from storage.courses import upsert_courses
from storage.models import CourseRow, User
from storage.unit_of_work import unit_of_work
from tests import hostile_files as hf
from tests.catalog.factories import make_course
from tests.catalog.importer_helpers import csv_bytes, row
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID
from tests.test_publish_import import Uploads

HOSTILE: dict[str, tuple[Callable[[], bytes], ImportErrorCode]] = {
    "empty cells beyond the cap": (
        lambda: hf.empty_cells_xlsx(hf.CELLS_PAST_THE_CAP, dimension="A1:C3"),
        ImportErrorCode.SHEET_TOO_LARGE,
    ),
    "a dimension spanning the grid": (hf.huge_dimension_xlsx, ImportErrorCode.SHEET_TOO_LARGE),
    "a huge cell": (lambda: hf.huge_cell_xlsx(hf.CELL_PAST_THE_CAP), ImportErrorCode.CELL_TOO_LONG),
    "a 1 GB cell": (lambda: hf.huge_cell_xlsx(1024 * 1024 * 1024), ImportErrorCode.WORKBOOK_TOO_LARGE),
    "a zip bomb part": (lambda: hf.zip_bomb_xlsx(hf.BOMB_MEGABYTES), ImportErrorCode.WORKBOOK_TOO_LARGE),
    "not a zip": (lambda: hf.NOT_A_ZIP, ImportErrorCode.UNREADABLE_FILE),
    "a truncated zip": (hf.truncated_xlsx, ImportErrorCode.UNREADABLE_FILE),
}


@pytest.fixture(scope="module")
def hostile_files() -> dict[str, bytes]:
    return {name: build() for name, (build, _) in HOSTILE.items()}


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


@pytest.fixture
def uploads(bot, monkeypatch: pytest.MonkeyPatch) -> Uploads:
    return Uploads(bot, monkeypatch)


async def catalogue(db: AsyncSession) -> list[tuple]:
    db.expire_all()
    return list(
        (await db.execute(select(CourseRow.code, CourseRow.title, CourseRow.active).order_by(CourseRow.id))).all()
    )


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_workbooks_are_stopped_by_the_right_check(name: str, hostile_files: dict[str, bytes]) -> None:
    table = read_table(hostile_files[name], "课程.xlsx")
    assert [e.code for e in table.errors] == [HOSTILE[name][1]] and not table.rows


def test_a_large_honest_sheet_still_reads() -> None:
    table = read_table(hf.empty_cells_xlsx(200_000), "课程.xlsx")  # styled empty cells, under the caps
    assert not table.errors and len(table.rows) == 2


@pytest.mark.parametrize("name", sorted(HOSTILE))
async def test_hostile_upload_gets_one_line_and_changes_nothing(
    name: str, hostile_files: dict[str, bytes], admin: UserClient, uploads: Uploads, db: AsyncSession
) -> None:
    before = await catalogue(db)
    [report] = texts_of(await uploads.send(admin, hostile_files[name], "课程.xlsx"))
    lines = report.split("\n")
    assert lines[0] == texts.IMPORT_REJECTED.format(n=1) and len(lines) == 2
    assert texts.IMPORT_ERRORS[HOSTILE[name][1].value].split("（")[0] in lines[1]
    assert await catalogue(db) == before


async def test_parsing_holds_no_database_lock(
    admin: UserClient, uploads: Uploads, runtime: Runtime, db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a new staff member's file is parsed (in its own process), another person's write goes through."""
    parse = publish.parse_upload
    waited: list[str] = []

    async def someone_else_writes() -> None:
        async with unit_of_work(runtime.sessionmaker) as session:
            session.add(User(id=777, display_name="别人"))

    async def parse_while_someone_writes(data: bytes, filename: str) -> ParsedUpload:
        try:
            await asyncio.wait_for(someone_else_writes(), timeout=2)
        except Exception as exc:
            waited.append(type(exc).__name__)
        return await parse(data, filename)

    monkeypatch.setattr(publish, "parse_upload", parse_while_someone_writes)
    [report] = texts_of(await uploads.send(admin, hf.good_xlsx("HX9"), "课程.xlsx"))
    assert not waited
    assert report.startswith(texts.IMPORT_OK.split("：")[0])
    assert await db.scalar(select(func.count()).select_from(User).where(User.id == 777)) == 1
    assert [code for code, _, _ in await catalogue(db)].count("HX9") == 1


async def test_a_class_dated_in_the_past_is_imported_with_a_warning_line(
    admin: UserClient, uploads: Uploads, db: AsyncSession
) -> None:
    rows = [
        row(code="PAST1", title="焊工（初级）已开班", start_date="2026-11-01", end_date="2026-12-20"),
        row(code="NEXT1", title="焊工（初级）下月班", start_date="2026-12-10", end_date="2027-01-20"),
    ]
    [report] = texts_of(await uploads.send(admin, csv_bytes(rows), "课程.csv"))
    assert pt.IMPORT_PAST_WARNING.format(n=1) in report
    assert pt.IMPORT_PAST_LINE.format(code="PAST1", title="焊工（初级）已开班", start="2026-11-01") in report
    assert "NEXT1" not in report
    assert {"PAST1", "NEXT1"} <= {code for code, _, _ in await catalogue(db)}


async def test_the_parsing_child_runs_at_a_lower_priority_and_sends_back_only_what_is_read() -> None:
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert await child_process.in_child(os.getpriority, os.PRIO_PROCESS, 0) == min(own + CHILD_NICENESS, 19)
    parsed = await publish.parse_upload(hf.good_xlsx("HX7"), "课程.xlsx")
    assert parsed.result.ok and [c.code for c in parsed.result.courses] == ["HX7"]
    [(_, cells)] = parsed.rows  # the district and the code: what the scope check reads, nothing more
    assert len(cells) == 2 and cells[parsed.positions["code"][0]] == "HX7"
    assert cells[parsed.positions["district"][0]] == parsed.result.courses[0].district


async def test_indexing_a_large_import_lets_other_updates_run(runtime: Runtime, monkeypatch) -> None:
    """The search index takes the new classes in slices, yielding to the event loop between them."""
    ticks = 0

    async def other_people() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    seen: list[int] = []
    # Patched on the class: the index itself stays picklable (a refresh may save it to its file).
    index_class = type(runtime.catalog.index)
    upsert = index_class.upsert
    monkeypatch.setattr(index_class, "upsert", lambda self, course: (seen.append(ticks), upsert(self, course))[1])
    courses = [make_course("焊工", "海州区", code=f"BIG{i:04d}") for i in range(1000)]
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, courses)
        others = asyncio.create_task(other_people())
        await runtime.catalog.refresh(session)
        others.cancel()
    assert len(seen) == 1000 and seen[0] < seen[-1]  # others ran while it was indexing
    assert runtime.catalog.index.get("BIG0999") is not None
