"""Staff change or cancel a class: trainees are told at once and their reminders follow."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.runtime import Runtime
from catalog.importer import ImportResult
from tests.scheduling_helpers import COURSE, confirmed_enrolment, items, messages_to, sender_for

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def import_courses(runtime: Runtime, courses, *, replace_all: bool = False) -> None:
    async with runtime.sessionmaker() as session, session.begin():
        await runtime.catalog.apply_import(
            session,
            ImportResult(tuple(courses), ()),
            replace=replace_all,
            settings=runtime.settings,
            now=runtime.clock.now(),
        )


async def test_moved_class_is_announced_and_reminders_follow(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 111)
    moved = replace(COURSE, start_date=date(2026, 12, 14), end_date=date(2027, 1, 8))
    await import_courses(runtime, [moved])
    await sender_for(runtime, bot).run_once()
    [notice] = messages_to(bot, 111)
    assert notice.startswith("📢 课程变更") and "2026-12-14" in notice
    planned = await items(runtime)
    assert planned["reminder_day"].due_at == datetime(2026, 12, 13, 9, 0, tzinfo=SHANGHAI)


async def test_a_new_place_is_announced_but_a_new_description_is_not(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 113)
    await import_courses(runtime, [replace(COURSE, description="新增：结业后推荐就业岗位")])
    await sender_for(runtime, bot).run_once()
    assert messages_to(bot, 113) == []

    await import_courses(runtime, [replace(COURSE, address="连云港市海州区新址路8号")])
    await sender_for(runtime, bot).run_once()
    [notice] = messages_to(bot, 113)
    assert notice.startswith("📢 课程变更") and "新址路8号" in notice


async def test_cancelled_class_is_announced_and_reminders_dropped(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 112)
    await import_courses(runtime, [], replace_all=True)
    await sender_for(runtime, bot).run_once()
    [notice] = messages_to(bot, 112)
    assert notice.startswith("📢 很抱歉")
    assert all(i.status == "dropped" for k, i in (await items(runtime)).items() if k != "course_notice")
