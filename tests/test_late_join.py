"""A class that has already started: the card and the enrolment say so, and staff decide per class whether people
may still join (/class CODE toggle, or the 允许插班 column of an import)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.runtime import Runtime
from bot.services.catalog import CatalogService
from bot.texts import marks
from catalog.importer import COLUMNS, ImportErrorCode, parse_courses_bytes
from storage.courses import upsert_courses
from storage.models import CourseRow
from storage.models_service import Enrolment
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.catalog.importer_helpers import csv_bytes, row
from tests.client import UserClient, alerts_of, inline_labels, texts_of
from tests.conftest import ADMIN_ID

# The tests' day is 2026-11-23: this class began a week ago.
RUNNING = make_course("焊工", "海州区", code="R1", title="焊工（初级）培训班", start_date=date(2026, 11, 16),
                      end_date=date(2026, 12, 18))  # fmt: skip


@pytest.fixture(autouse=True)
async def catalogue(runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [RUNNING], replace=True)
        await runtime.catalog.load(session)


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


async def enrolments(db: AsyncSession) -> list[str]:
    db.expire_all()
    return list(await db.scalars(select(Enrolment.status)))


async def test_a_started_class_says_so_and_refuses_late_enrolment(user: UserClient, db: AsyncSession) -> None:
    [results] = texts_of(await user.send("焊工"))
    assert "本班已于11月16日开课，不接受插班报名" in results
    await user.tap("1 详情")
    started = marks.ENROL_STARTED.format(title=RUNNING.title, start="11月16日")
    assert alerts_of(await user.tap(texts.BTN_ENROL)) == [started]
    # A confirm button from before (or forged) is refused by the repository too.
    calls = await user.click(f"c:R:0:0:{CatalogService.key_of('R1')}")
    assert texts_of(calls) == [started]
    assert await enrolments(db) == []


async def test_staff_allow_late_joining_for_one_class(user: UserClient, admin: UserClient, db: AsyncSession) -> None:
    calls = await admin.send("/class R1")
    assert marks.STAFF_LATE_JOIN_OFF in texts_of(calls)[0]
    calls = await admin.tap(marks.BTN_LATE_JOIN_ON)
    assert marks.LATE_JOIN_SAVED_ON in texts_of(calls)
    assert marks.BTN_LATE_JOIN_OFF in inline_labels(calls)
    db.expire_all()
    assert (await db.scalars(select(CourseRow.late_join).where(CourseRow.code == "R1"))).one() is True

    [results] = texts_of(await user.send("焊工"))
    assert "本班已于11月16日开课，培训机构接受插班" in results
    await user.tap("1 详情")
    [ask] = texts_of(await user.tap(texts.BTN_ENROL))
    assert "已于11月16日开课，培训机构接受插班" in ask and RUNNING.contact in ask
    assert texts_of(await user.tap(texts.BTN_ENROL_CONFIRM)) == [texts.ENROL_OK.format(title=RUNNING.title)]
    assert await enrolments(db) == ["pending"]

    await admin.send("/class R1")
    assert marks.LATE_JOIN_SAVED_OFF in texts_of(await admin.tap(marks.BTN_LATE_JOIN_OFF))


def test_the_import_column_sets_late_joining_and_rejects_a_vague_answer() -> None:
    allowed = parse_courses_bytes(csv_bytes([row(late_join="是"), row(code="T002")]), "c.csv")
    assert allowed.ok and [c.late_join for c in allowed.courses] == [True, False]  # blank or missing: not allowed
    vague = parse_courses_bytes(csv_bytes([row(late_join="也许")]), "c.csv")
    assert [(e.column, e.code, e.value) for e in vague.errors] == [("允许插班", ImportErrorCode.OUT_OF_RANGE, "也许")]


async def test_a_file_without_the_column_keeps_each_classs_setting_and_one_with_it_decides(
    runtime: Runtime, db: AsyncSession
) -> None:
    async def import_file(rows: list[dict[str, str]], *, column: bool) -> None:
        keys = [key for key in COLUMNS if column or key != "late_join"]
        result = parse_courses_bytes(csv_bytes(rows, keys=keys), "c.csv")
        assert result.ok, result.errors
        async with unit_of_work(runtime.sessionmaker) as session:
            await runtime.catalog.apply_import(session, result, settings=runtime.settings, now=runtime.clock.now())

    async def late_join() -> dict[str, bool]:
        db.expire_all()
        found = await db.execute(select(CourseRow.code, CourseRow.late_join).where(CourseRow.code.like("T00%")))
        return {code: late for code, late in found}

    await import_file([row(late_join="是"), row(code="T002")], column=True)
    assert await late_join() == {"T001": True, "T002": False}
    # A re-import without 允许插班 (an older template) changes other fields and leaves the setting; a new class: 否.
    await import_file([row(hours="48"), row(code="T002"), row(code="T003")], column=False)
    assert await late_join() == {"T001": True, "T002": False, "T003": False}
    assert (await db.scalars(select(CourseRow.hours).where(CourseRow.code == "T001"))).one() == 48
    # With the column, the file decides, blank being 否.
    await import_file([row(), row(code="T002", late_join="是"), row(code="T003")], column=True)
    assert await late_join() == {"T001": False, "T002": True, "T003": False}
