"""Course search through the real Dispatcher, on a small catalogue with known answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from aiogram.methods import EditMessageText, SendMessage

from bot import texts
from bot.runtime import Runtime
from catalog.districts import CITY, DISTRICTS, district
from catalog.geo import haversine_km
from handlers.courses import KEPT_SEARCHES
from storage.courses import upsert_courses
from storage.models import User
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.client import UserClient, alerts_of, inline_labels, texts_of

KEY = ("失业人员", "高校毕业生", "农村转移劳动力", "脱贫劳动力", "残疾人", "退役军人")
NURSERY = make_course(
    "育婴员",
    "赣榆区",
    code="A1",
    title="育婴员（初级）培训班",
    keywords=("月嫂", "带娃"),
    start_date=date(2026, 12, 7),
    end_date=date(2026, 12, 25),
    eligible_groups=KEY,
)
WELDER = make_course(
    "焊工",
    "海州区",
    code="B1",
    title="焊工（初级）培训班",
    start_date=date(2027, 1, 10),
    end_date=date(2027, 2, 10),
    eligible_groups=KEY,
)
CARE_HZ = make_course(
    "养老护理员",
    "海州区",
    code="C1",
    title="养老护理员（初级）培训班",
    start_date=date(2026, 12, 1),
    end_date=date(2026, 12, 30),
    eligible_groups=("失业人员", "农村转移劳动力"),
    lat=34.58,
    lon=119.17,
)
CARE_DH = make_course(
    "养老护理员",
    "东海县",
    code="D1",
    title="养老护理员（初级）培训班",
    start_date=date(2026, 12, 14),
    end_date=date(2027, 1, 14),
    eligible_groups=KEY,
)
LIVE_OLD = make_course(
    "直播销售员",
    "海州区",
    code="E1",
    title="电商直播（初级）培训班",
    start_date=date(2026, 10, 1),
    end_date=date(2026, 11, 1),
    eligible_groups=KEY,
)
ELECTRICIAN_STAFF = make_course(
    "电工",
    "连云区",
    code="F1",
    title="电工（中级）技能提升班",
    category="岗位技能提升培训",
    level="中级工",
    fee_yuan=300,
    start_date=date(2027, 3, 1),
    end_date=date(2027, 3, 30),
    eligible_groups=("企业职工",),
)
LIVE_GRAD = make_course(
    "直播销售员",
    "连云区",
    code="G1",
    title="电商直播（初级）培训班",
    start_date=date(2027, 2, 1),
    end_date=date(2027, 2, 28),
    eligible_groups=("高校毕业生",),
)
ELECTRICIANS_GY = [
    make_course(
        "电工",
        "灌云县",
        code=f"H{i}",
        title=f"电工（初级）培训班（第{i}期）",
        start_date=date(2027, i, 1),
        end_date=date(2027, i, 20),
        eligible_groups=KEY,
    )
    for i in range(1, 8)
]
COURSES = [NURSERY, WELDER, CARE_HZ, CARE_DH, LIVE_OLD, ELECTRICIAN_STAFF, LIVE_GRAD, *ELECTRICIANS_GY]


@pytest.fixture(autouse=True)
async def small_catalogue(runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, COURSES, replace=True)  # retires the shipped sample
        await runtime.catalog.load(session)


def result_titles(calls) -> list[str]:
    [text] = texts_of(calls)
    return [line.split(". ", 1)[1].removesuffix("</b>") for line in text.splitlines() if line.startswith("<b>")]


async def set_group(runtime: Runtime, user_id: int, group: str) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        user = await session.get(User, user_id)
        assert user is not None
        user.group = group


async def test_how_people_ask_is_understood(user: UserClient) -> None:
    assert result_titles(await user.send("月嫂"))[0] == NURSERY.title
    assert result_titles(await user.send("电焊 海州")) == [WELDER.title]


async def test_traditional_input_with_district_filter(user: UserClient) -> None:
    calls = await user.send("養老護理 海州區")
    assert result_titles(calls) == [CARE_HZ.title]
    assert "海州区" in texts_of(calls)[0]  # the filter is shown back


async def test_group_in_the_question_filters(user: UserClient) -> None:
    assert result_titles(await user.send("电商直播 大学生")) == [LIVE_GRAD.title]
    calls = await user.send("电工 技能提升 失业")
    assert ELECTRICIAN_STAFF.title not in texts_of(calls)[0]


async def test_finished_courses_are_never_offered(user: UserClient) -> None:
    calls = await user.send("电商直播")
    assert result_titles(calls) == [LIVE_GRAD.title]  # LIVE_OLD ended on 2026-11-01


async def test_next_month_means_december(user: UserClient) -> None:
    titles = result_titles(await user.send("养老护理 下个月"))
    assert titles == [CARE_HZ.title, CARE_DH.title] or titles == [CARE_DH.title, CARE_HZ.title]


async def test_nothing_found_is_said_plainly_with_a_way_forward(user: UserClient) -> None:
    calls = await user.send("潜水艇 驾驶执照 考古")
    [text] = texts_of(calls)
    assert text.startswith("没有找到")
    assert "12333" in text


async def test_shared_location_lists_courses_by_distance(user: UserClient) -> None:
    here = district("海州区")
    calls = await user.share_location(here.lat, here.lon)
    first = texts_of(calls)[0]
    nearest = min(
        (c for c in COURSES if c.end_date >= date(2026, 11, 23)),
        key=lambda c: haversine_km(here.lat, here.lon, c.lat, c.lon),
    )
    assert result_titles([calls[0]])[0] == nearest.title
    km = haversine_km(here.lat, here.lon, CARE_HZ.lat, CARE_HZ.lon)
    assert f"约{km:.1f}公里" in first
    assert texts.LOCATION_SAVED_HINT in texts_of(calls)

    # Words typed next narrow the nearby list, still ordered by distance.
    calls = await user.send("养老护理")
    assert result_titles(calls) == [CARE_HZ.title, CARE_DH.title]


async def test_a_location_far_from_the_city_says_so_and_still_lists_courses(user: UserClient) -> None:
    chengdu = (30.66, 104.06)
    calls = await user.share_location(*chengdu)
    notice, results = texts_of(calls)[:2]
    km = round(min(haversine_km(*chengdu, d.lat, d.lon) for d in DISTRICTS))
    assert notice == texts.FAR_FROM_CITY.format(city=CITY, km=km)
    assert results.startswith("离您最近的课程")
    here = district("海州区")
    assert not any(t.startswith("您的位置离") for t in texts_of(await user.share_location(here.lat, here.lon)))


async def test_pages_and_stale_page_buttons(user: UserClient) -> None:
    calls = await user.send("电工 灌云")
    assert len(result_titles(calls)) == 5
    assert texts.BTN_NEXT in inline_labels(calls)
    calls = await user.tap(texts.BTN_NEXT)
    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert "第 2/2 页" in edit.text and "（第6期）" in edit.text and "（第7期）" in edit.text
    assert texts.BTN_PREV in inline_labels(calls)

    old_page = "c:p:1:1:"  # the first search's page button, after newer searches
    await user.send("焊工")
    [edit] = [c for c in await user.click(old_page) if isinstance(c, EditMessageText)]
    assert "第 2/2 页" in edit.text and "（第6期）" in edit.text  # still that list's second page
    for n in range(KEPT_SEARCHES):
        await user.send(f"电工 {n}")
    assert alerts_of(await user.click(old_page)) == [texts.STALE_BUTTON]  # too many searches ago


async def test_detail_explains_eligibility_for_this_user(user: UserClient, runtime: Runtime) -> None:
    await user.send("/start")
    await set_group(runtime, user.user.id, "失业人员")
    await user.send("养老护理 海州区")
    calls = await user.tap("1 详情")
    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert CARE_HZ.contact in edit.text
    assert "按您填写的身份（失业人员），本班可享受补贴（以审核为准）" in edit.text
    assert "依据：《连云港市" in edit.text and "免费" not in edit.text

    await set_group(runtime, user.user.id, "企业职工")
    calls = await user.tap(texts.BTN_BACK_TO_RESULTS)
    calls = await user.tap("1 详情")
    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert "本班不能享受补贴" in edit.text and "不含企业职工" in edit.text


async def test_enquiry_tells_how_to_enrol(user: UserClient) -> None:
    await user.send("焊工")
    await user.tap("1 详情")
    calls = await user.tap(texts.BTN_ENQUIRE)
    [reply] = [c for c in calls if isinstance(c, SendMessage)]
    assert WELDER.contact in reply.text and WELDER.code in reply.text


async def test_a_retired_course_button_says_so(user: UserClient, runtime: Runtime) -> None:
    await user.send("焊工")
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [c for c in COURSES if c is not WELDER], replace=True)
        await runtime.catalog.refresh(session)
    assert alerts_of(await user.tap("1 详情")) == [texts.COURSE_GONE]


async def test_huge_message_gets_a_short_answer(user: UserClient) -> None:
    assert texts_of(await user.send("电工" * 3000)) == [texts.TOO_LONG]


async def test_callback_data_fits_in_64_bytes(user: UserClient, runtime: Runtime) -> None:
    long_code = "连云港市海州区二〇二六年第十二期焊工培训班项目编号" + "Ｘ" * 15  # 40 characters, 120 bytes
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [replace(WELDER, code=long_code)])
        await runtime.catalog.refresh(session)
    calls = await user.send("焊工")
    markup = calls[-1].reply_markup
    assert all(len(b.callback_data.encode()) <= 64 for row in markup.inline_keyboard for b in row)
