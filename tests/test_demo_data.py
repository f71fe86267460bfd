"""The shipped sample catalogue and jobs: loaded only on request (`demo load`, `--demo` into a new database),
marked 示例 wherever shown; a production start with an empty catalogue tells staff how to import one."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.methods import EditMessageText
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.app import create_dispatcher
from bot.config import Settings
from bot.runtime import Runtime, open_runtime
from bot.services import demo
from bot.texts import marks
from bot.views.broadcast import new_courses_message
from catalog.importer import read_courses
from storage.courses import retire_course, upsert_courses
from storage.models import CourseRow
from storage.models_service import JobRow
from storage.unit_of_work import unit_of_work
from tests.botapi_stub import patience
from tests.catalog.factories import make_course
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID
from tests.s1131_helpers import complete_intake
from tests.test_cli import run_cli

SAMPLE_COURSES = Path(__file__).parents[1] / "catalog" / "data" / "sample_courses.csv"


async def counts(runtime: Runtime) -> tuple[int, int, int, int]:
    """(active courses, of which sample; active jobs, of which sample)."""
    async with runtime.sessionmaker() as session:
        values = []
        for table in (CourseRow, JobRow):
            active = select(func.count()).select_from(table).where(table.active.is_(True))
            values += [await session.scalar(active), await session.scalar(active.where(table.sample.is_(True)))]
    return values[0], values[1], values[2], values[3]


async def test_a_production_start_loads_no_sample_and_tells_staff_how_to_import(
    settings: Settings, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    async with open_runtime(settings) as runtime:
        assert await counts(runtime) == (0, 0, 0, 0)
        with caplog.at_level(logging.WARNING):
            assert demo.warn_if_empty(runtime.catalog)
        [line] = [r.getMessage() for r in caplog.records if r.name == "bot.services.demo"]
        assert "catalog import" in line and "demo load" in line
        admin = UserClient(create_dispatcher(runtime), bot, user_id=ADMIN_ID)
        [help_text] = texts_of(await admin.send("/staffhelp"))
        assert marks.STAFF_EMPTY_CATALOGUE.strip() in help_text


async def test_demo_at_start_fills_only_a_new_database(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    expected = len(read_courses(SAMPLE_COURSES).courses)
    with caplog.at_level(logging.INFO):
        async with open_runtime(settings, sample=True) as runtime:
            courses, sample_courses, jobs, sample_jobs = await counts(runtime)
            assert courses == sample_courses == expected and jobs == sample_jobs > 100
            assert not demo.warn_if_empty(runtime.catalog)
            async with unit_of_work(runtime.sessionmaker) as session:  # staff retire every sample
                assert await demo.remove(session, runtime.catalog, runtime.jobs) == demo.DemoRows(courses, jobs)
    assert sum("demo data: new database" in r.getMessage() for r in caplog.records) == 1
    async with open_runtime(settings, sample=True) as runtime:  # not new any more: nothing comes back
        assert await counts(runtime) == (0, 0, 0, 0)


async def test_demo_at_start_leaves_an_imported_catalogue_alone(settings: Settings) -> None:
    async with open_runtime(settings) as runtime, unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [make_course("电工", "海州区", code="REAL-1")])
        await retire_course(session, "REAL-1")  # even a catalogue since retired was an import
    async with open_runtime(settings, sample=True) as runtime:
        assert await counts(runtime) == (0, 0, 0, 0)


def test_demo_load_and_remove_from_the_command_line(tmp_path: Path, database_url: str) -> None:
    loaded = run_cli(tmp_path, "demo", "load", DATABASE_URL=database_url)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("示例数据已载入：课程 180 个、岗位 138 个")
    again = run_cli(tmp_path, "demo", "load", DATABASE_URL=database_url)
    assert again.stdout.startswith("示例数据已载入：课程 0 个、岗位 0 个")  # nothing new, nothing changed
    removed = run_cli(tmp_path, "demo", "remove", DATABASE_URL=database_url)
    assert removed.stdout.strip() == "示例数据已下架：课程 180 个、岗位 138 个。"


def test_make_runs_demo_start_which_says_so_in_one_line(tmp_path: Path, database_url: str) -> None:
    makefile = (Path(__file__).parents[1] / "Makefile").read_text(encoding="utf-8")
    assert "-m bot start --demo" in makefile
    clean = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL", "ADMIN_IDS")}
    env = {**clean, "DATABASE_URL": database_url}
    command = [sys.executable, "-m", "bot", "start", "--demo"]  # no BOT_TOKEN: the shell, left at once
    first, second = (
        subprocess.run(command, cwd=tmp_path, env=env, input="/quit\n", capture_output=True, text=True,
                       timeout=patience(60))
        for _ in range(2)
    )
    assert first.returncode == 0, first.stderr
    [line] = [s for s in first.stderr.splitlines() if "demo data:" in s]
    assert "loaded 180 sample courses and 138 sample jobs, all marked 示例" in line
    assert "demo data:" not in second.stderr and "catalogue is empty" not in second.stderr


async def test_sample_courses_are_marked_on_cards_details_and_staff_views(user: UserClient, dp, bot) -> None:
    [results] = texts_of(await user.send("养老护理"))
    cards = results.split("\n\n")[1:]
    assert cards and all(marks.SAMPLE_MARK in card for card in cards)
    [edit] = [c for c in await user.tap("1 详情") if isinstance(c, EditMessageText)]
    assert marks.SAMPLE_MARK in edit.text and marks.SAMPLE_NOTE in edit.text
    code = edit.text.split("编号：", 1)[1].split("\n", 1)[0]
    admin = UserClient(dp, bot, user_id=ADMIN_ID)
    assert marks.SAMPLE_MARK in texts_of(await admin.send(f"/class {code}"))[0]


async def test_sample_jobs_are_marked_in_the_1131_recommendations(user: UserClient) -> None:
    await complete_intake(user, {"wanted": "开叉车", "constraints": []})
    [job] = texts_of(await user.tap(texts.BTN_S1131_JOBS))
    assert marks.SAMPLE_MARK in job


async def test_a_staff_edit_keeps_a_sample_class_marked(dp, bot, db: AsyncSession) -> None:
    code = (await db.scalars(select(CourseRow.code).where(CourseRow.sample.is_(True)).limit(1))).one()
    admin = UserClient(dp, bot, user_id=ADMIN_ID)
    await admin.send(f"/class {code}")
    await admin.tap(marks.BTN_LATE_JOIN_ON)
    db.expire_all()
    row = (await db.scalars(select(CourseRow).where(CourseRow.code == code))).one()
    assert (row.late_join, row.sample) == (True, True)


def test_a_sample_class_in_a_new_class_alert_is_marked() -> None:
    real = CourseRow(code="N1", title="焊工（初级）培训班", district="海州区", start_date=date(2026, 12, 1),
                     subsidy_yuan=1200, sample=False)  # fmt: skip
    sample = CourseRow(code="N2", title="电工（初级）培训班", district="海州区", start_date=date(2026, 12, 1),
                       subsidy_yuan=1200, sample=True)  # fmt: skip
    body, markup = new_courses_message([real, sample], date(2026, 11, 23))
    lines = body.splitlines()
    assert any(marks.SAMPLE_MARK + "电工" in line for line in lines)
    assert not any(marks.SAMPLE_MARK + "焊工" in line for line in lines)
    labels = [b.text for row in markup.inline_keyboard for b in row]
    assert any(marks.SAMPLE_MARK + "电工" in label for label in labels)
