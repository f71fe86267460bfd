"""/stats: the figures behind the chart (exact counts and shares), the chart itself, scope and refusals."""

from __future__ import annotations

import logging
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from aiogram.methods import SendDocument, SendMessage, SendPhoto
from aiogram.types import BufferedInputFile
from matplotlib.image import imread
from sqlalchemy import select, update

from bot import texts
from bot.runtime import Runtime
from bot.services import staff_stats, stats_chart
from bot.services.staff_stats import StaffStats
from bot.services.surveys import open_survey
from bot.texts import stats as st
from storage import cases
from storage.courses import upsert_courses
from storage.enrolments import cancel, decide, enrol
from storage.models import CourseRow
from storage.models_service import Enrolment
from storage.unit_of_work import unit_of_work
from storage.users import ensure_user
from tests.catalog.factories import make_course
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID, TODAY

SH = ZoneInfo("Asia/Shanghai")
DATES = {"start_date": date(2026, 12, 7), "end_date": date(2026, 12, 25)}
HZ = make_course("焊工", "海州区", code="HZ1", title="焊工海州班", **DATES)
GY = make_course("电工", "赣榆区", code="GY1", title="电工赣榆班", **DATES)

# (user, course, created — local time, status). TODAY is Monday 2026-11-23, ISO week 48.
ENROLMENTS = [
    (101, HZ, datetime(2026, 11, 23, 9, 0), "confirmed"),  # W48
    (102, HZ, datetime(2026, 11, 23, 0, 30), "pending"),  # W48: 2026-11-22 16:30 UTC, already Monday locally
    (103, HZ, datetime(2026, 11, 22, 23, 30), "confirmed"),  # W47, Sunday night
    (104, HZ, datetime(2026, 9, 7, 8, 0), "confirmed"),  # W37: the oldest of the 12 weeks
    (105, HZ, datetime(2026, 9, 6, 20, 0), "confirmed"),  # W36: too old for the chart
    (106, HZ, datetime(2026, 11, 10, 15, 0), "cancelled"),  # W46: created, never confirmed
    (201, GY, datetime(2026, 11, 23, 8, 0), "confirmed"),  # W48
    (202, GY, datetime(2026, 11, 4, 12, 0), "pending"),  # W45
]
# (user, district, steps done): 1131 cases count by the person's district.
CASES = [
    (301, "海州区", cases.STEPS),
    (302, "海州区", ("policy", "guidance")),
    (303, "海州区", ()),
    (304, "赣榆区", ("policy", "jobs")),
    (305, None, ("training",)),
]
# (enrolment's user, wave, employment, sent — local date): surveys count by the course's district and by the
# group of their person (失业人员 for the 10x users, 农村转移劳动力 for the 20x ones).
SURVEYS = [
    (101, 30, "contract", date(2026, 11, 20)),
    (103, 30, "seeking", date(2026, 11, 20)),
    (104, 30, None, date(2026, 10, 1)),
    (104, 90, "flexible", date(2026, 11, 21)),
    (105, 90, "seeking", date(2026, 11, 21)),
    (201, 30, "business", date(2026, 11, 22)),
    (202, 90, "not_seeking", date(2026, 11, 22)),
]
GROUP_OF = {1: "失业人员", 2: "农村转移劳动力"}


async def seed(runtime: Runtime) -> dict[int, int]:
    """The data above through the repositories; returns enrolment id by user."""
    ids: dict[int, int] = {}
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [HZ, GY])
        for user_id, course, created, status in ENROLMENTS:
            user = await ensure_user(session, user_id, f"学员{user_id}", None)
            user.group = GROUP_OF[user_id // 100]
            await enrol(session, user_id, course.code, TODAY.date())
            ids[user_id] = await session.scalar(
                select(Enrolment.id).join(CourseRow).where(Enrolment.user_id == user_id, CourseRow.code == course.code)
            )
            if status == "confirmed":
                assert await decide(session, ids[user_id], confirm=True)
            elif status == "cancelled":
                assert await cancel(session, ids[user_id], user_id=user_id)
            # Rows are stamped with the wall clock; the test needs them on chosen days.
            await session.execute(
                update(Enrolment).where(Enrolment.id == ids[user_id]).values(created_at=created.replace(tzinfo=SH))
            )
        for user_id, district, steps in CASES:
            user = await ensure_user(session, user_id, f"对象{user_id}", None)
            user.district = district
            case = await cases.open_case(session, user.id)
            case.intake_done_at = TODAY
            for step in steps:
                cases.mark_step_done(session, case, step)
        for user_id, wave, employment, sent in SURVEYS:
            moment = datetime.combine(sent, datetime.min.time(), SH).replace(hour=10)
            response = await open_survey(session, ids[user_id], user_id, wave, now=moment)
            response.employment = employment
    return ids


async def collect(runtime: Runtime, districts: tuple[str, ...] | None) -> StaffStats:
    async with runtime.sessionmaker() as session:
        return await staff_stats.collect(session, now=TODAY, tz=SH, districts=districts)


def weeks_with_enrolments(stats: StaffStats) -> dict[int, tuple[int, int]]:
    return {w.iso_week: (w.created, w.confirmed) for w in stats.weeks if w.created}


def waves_by_group(stats: StaffStats) -> dict[int, dict[str, tuple[int, int, int]]]:
    """wave → group → (sent, answered, employed)."""
    return {w.wave: {g: (o.sent, o.answered, o.employed) for g, o in w.by_group.items()} for w in stats.waves}


def photos(calls: list) -> list[SendPhoto]:
    return [c for c in calls if isinstance(c, SendPhoto)]


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


async def test_citywide_numbers(runtime: Runtime) -> None:
    await seed(runtime)
    stats = await collect(runtime, None)
    assert [w.iso_week for w in stats.weeks] == list(range(37, 49))
    assert stats.weeks[0].monday == date(2026, 9, 7) and stats.weeks[-1].monday == date(2026, 11, 23)
    # W36 is outside the window; the Sunday-night enrolment is W47 and the 00:30 Monday one W48 (local days).
    assert weeks_with_enrolments(stats) == {37: (1, 1), 45: (1, 0), 46: (1, 0), 47: (1, 1), 48: (3, 2)}
    f = stats.funnel
    assert (f.started, f.steps, f.completed) == (5, {"policy": 3, "guidance": 2, "jobs": 2, "training": 2}, 1)
    # 30 days: 失业人员 3 sent (101, 103, 104), 2 answered, 1 employed (contract) → 1/3 of completers;
    # 农村转移劳动力 1 sent (201), employed (own business). 90 days: 失业人员 104 flexible, 105 seeking → 1 of 2;
    # 农村转移劳动力 202 not seeking → 0 of 1.
    assert waves_by_group(stats) == {
        30: {"失业人员": (3, 2, 1), "农村转移劳动力": (1, 1, 1)},
        90: {"失业人员": (2, 2, 1), "农村转移劳动力": (1, 1, 0)},
    }
    assert not stats.empty


async def test_district_numbers(runtime: Runtime) -> None:
    await seed(runtime)
    stats = await collect(runtime, ("海州区",))
    assert weeks_with_enrolments(stats) == {37: (1, 1), 46: (1, 0), 47: (1, 1), 48: (2, 1)}
    f = stats.funnel
    assert (f.started, f.steps, f.completed) == (3, {"policy": 2, "guidance": 2, "jobs": 1, "training": 1}, 1)
    assert waves_by_group(stats) == {30: {"失业人员": (3, 2, 1)}, 90: {"失业人员": (2, 2, 1)}}
    gy = await collect(runtime, ("赣榆区",))
    assert weeks_with_enrolments(gy) == {45: (1, 0), 48: (1, 1)}
    assert (gy.funnel.started, gy.funnel.completed) == (1, 0)
    assert waves_by_group(gy) == {30: {"农村转移劳动力": (1, 1, 1)}, 90: {"农村转移劳动力": (1, 1, 0)}}


async def test_stats_command_sends_chart_then_figures(admin: UserClient, runtime: Runtime) -> None:
    await seed(runtime)
    calls = await admin.send("/stats")
    [photo] = photos(calls)
    assert isinstance(photo.photo, BufferedInputFile)
    png = photo.photo.data
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    height, width, _ = imread(BytesIO(png)).shape  # a real, decodable picture
    assert width >= 600 and height >= 800
    assert photo.caption == st.STATS_CAPTION.format(scope="全市", today="2026-11-23")
    assert len(photo.caption) <= 1024
    [summary] = texts_of(calls)
    assert [type(c) for c in calls] == [SendPhoto, SendMessage]  # the chart first, the figures under it
    assert "共 7 人次，其中已确认 4 人次" in summary
    assert "第48周（11-23 起）：报名 3，已确认 2" in summary and "第37周（09-07 起）：报名 1，已确认 1" in summary
    assert "登记 5 → 政策宣介 3 · 职业指导 2 · 岗位推荐 2 · 技能培训 2" in summary
    assert "四项全部完成 1 人（20.0%）" in summary
    assert "<b>结业30天</b>：发出 4 份，回答 3 份（75.0%）" in summary
    # 失业人员 at 30 days: 3 completers, 2 answered, 1 employed → 50.0% of respondents, 33.3% of completers.
    assert (
        "  • 失业人员：结业学员 3 人（其中回答 2 人）；就业率 回答者 50.0% · 全部结业学员 33.3%"
        "（目标培训后再就业率45% ⚠️未达标）；稳定就业 -；取证率 -；收入 -"
    ) in summary
    # 90 days: 104 flexible (insurance not asked here: unknown), 105 seeking → stable 0 of 1 known.
    assert "  • 失业人员：结业学员 2 人（其中回答 2 人）；就业率 回答者 50.0% · 全部结业学员 50.0%" in summary
    assert "（目标培训后再就业率45% ✅达标）；稳定就业 0.0%" in summary
    assert "  • 农村转移劳动力：结业学员 1 人（其中回答 1 人）；就业率 回答者 100.0% · 全部结业学员 100.0%" in summary
    assert "没回答的按未就业计" in summary


async def test_district_staff_see_only_their_district(dp, bot, admin: UserClient, runtime: Runtime) -> None:
    await seed(runtime)
    await admin.send("/staff add 601 海州区")
    staff = UserClient(dp, bot, user_id=601)
    calls = await staff.send("/stats")
    [photo] = photos(calls)
    assert "海州区" in (photo.caption or "")
    [summary] = texts_of(calls)
    assert "范围：海州区" in summary and "共 5 人次，其中已确认 3 人次" in summary
    assert "登记 3 → 政策宣介 2 · 职业指导 2 · 岗位推荐 1 · 技能培训 1" in summary
    assert "<b>结业30天</b>：发出 3 份，回答 2 份（66.7%）" in summary
    assert "• 农村转移劳动力" not in summary and "共 7 人次" not in summary


async def test_empty_database_says_no_data(admin: UserClient) -> None:
    calls = await admin.send("/stats")
    assert texts_of(calls) == [st.STATS_NO_DATA.format(scope="全市")]
    assert photos(calls) == []


async def test_scoped_staff_without_data_in_their_district(dp, bot, admin: UserClient, runtime: Runtime) -> None:
    await seed(runtime)
    await admin.send("/staff add 602 东海县")
    calls = await UserClient(dp, bot, user_id=602).send("/stats")
    assert texts_of(calls) == [st.STATS_NO_DATA.format(scope="东海县")] and photos(calls) == []


@pytest.mark.parametrize("command", ["/stats", "/export", "/export 2026-11-01 2026-11-23"])
async def test_non_staff_are_refused(user: UserClient, runtime: Runtime, command: str, caplog) -> None:
    await seed(runtime)
    with caplog.at_level(logging.WARNING, logger="handlers.access"):
        calls = await user.send(command)
    assert texts_of(calls) == [texts.FALLBACK_COMMAND]
    assert not [c for c in calls if isinstance(c, SendPhoto | SendDocument)]
    assert f"refused staff entry point for user {user.user.id}" in caplog.text


async def test_summary_without_any_enrolment_or_survey(runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        user = await ensure_user(session, 401, "对象401", None)
        user.district = "海州区"
        await cases.open_case(session, user.id)
    stats = await collect(runtime, None)
    assert not stats.empty and stats.funnel.started == 1
    summary = staff_stats.summary_text(stats)
    assert st.STATS_NO_ENROLMENTS in summary and st.STATS_NO_WAVES in summary
    assert "四项全部完成 0 人（0.0%）" in summary
    assert stats_chart.render(stats).png.startswith(b"\x89PNG")  # empty panels still draw
