"""/newclass: a guided form checked by the importer's own row rules; back, cancel, restarts, scope."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from aiogram import Bot
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.app import create_dispatcher
from bot.clock import FixedClock
from bot.config import Settings
from bot.runtime import open_runtime
from bot.texts import publish as pt
from catalog.districts import district
from storage.models import CourseRow
from tests.client import UserClient, alerts_of, inline_labels, texts_of
from tests.conftest import ADMIN_ID, TODAY

TITLE = "智能楼宇管理员（初级）海州第1期"
# (answer, typed?) per question, in the form's order.
ANSWERS: list[tuple[str, bool]] = [
    (TITLE, True),
    ("智能楼宇管理员", True),
    ("初级工", False),
    ("就业技能培训", False),
    ("海州区", False),
    ("连云港市海州区测试职业培训学校", True),
    ("海州区朝阳东路1号", True),
    ("12月7日", True),
    ("2026-12-25", True),
    ("80", True),
    ("30", True),
    ("1500元", True),
    ("免费", True),
]
GROUPS = ("失业人员", "高校毕业生")


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


async def answer(client: UserClient, value: str, typed: bool) -> list:
    return await (client.send(value) if typed else client.tap(value))


async def fill(client: UserClient, upto: int = len(ANSWERS)) -> list:
    calls = await client.send("/newclass")
    for value, typed in ANSWERS[:upto]:
        calls = await answer(client, value, typed)
    return calls


async def finish(client: UserClient) -> list:
    for group in GROUPS:
        await client.tap(group)
    await client.tap(texts.BTN_DONE)
    await client.send("0518-85551234")
    return await client.tap(texts.BTN_SKIP)


async def classes(db: AsyncSession) -> list[CourseRow]:
    db.expire_all()
    return list(await db.scalars(select(CourseRow).where(CourseRow.code.like("TG%")).order_by(CourseRow.code)))


async def test_a_class_typed_in_the_chat_is_published_and_found_at_once(admin: UserClient, db: AsyncSession) -> None:
    await fill(admin)
    preview = await finish(admin)
    [card] = texts_of(preview)
    assert card.startswith("<b>请核对") and TITLE in card and "12月7日 至 12月25日" in card
    assert "失业人员、高校毕业生" in card and "个人缴费：0元" in card
    assert inline_labels(preview) == [pt.BTN_PUBLISH, texts.BTN_BACK, pt.BTN_FORM_CANCEL]

    published = texts_of(await admin.tap(pt.BTN_PUBLISH))
    assert published[0] == pt.FORM_PUBLISHED.format(title=TITLE, code="TG2026112301")
    assert published[1] == pt.IMPORT_ANNOUNCE_HINT
    [row] = await classes(db)
    assert (row.code, row.district, row.level, row.start_date, row.end_date) == (
        "TG2026112301", "海州区", "初级工", date(2026, 12, 7), date(2026, 12, 25)
    )  # fmt: skip
    assert (row.subsidy_yuan, row.fee_yuan, row.eligible_groups, row.description) == (1500, 0, list(GROUPS), "")
    assert row.announced_at is None and row.active
    haizhou = district("海州区")
    assert (row.lat, row.lon) == (haizhou.lat, haizhou.lon)  # placed at the district's centre
    assert TITLE in texts_of(await admin.send("智能楼宇管理员 海州区"))[0]
    assert TITLE in texts_of(await admin.share_location(haizhou.lat, haizhou.lon))[0]  # so it is "nearby"

    # Pressing 发布 again on the old preview publishes nothing twice.
    assert alerts_of(await admin.tap(pt.BTN_PUBLISH)) == [texts.STALE_BUTTON]
    # The next class of the day gets the next number.
    await fill(admin)
    await finish(admin)
    await admin.tap(pt.BTN_PUBLISH)
    assert [r.code for r in await classes(db)] == ["TG2026112301", "TG2026112302"]


async def test_back_returns_to_the_previous_question_and_keeps_answers(admin: UserClient, db) -> None:
    await fill(admin, upto=5)  # title … district
    back = texts_of(await admin.tap(texts.BTN_BACK))
    assert back == [pt.FORM_QUESTIONS["district"] + pt.FORM_STEP.format(n=5, total=16)]
    await admin.tap(texts.BTN_BACK)
    assert texts_of(await admin.tap(pt.BTN_KEEP_ANSWER))[0].startswith(pt.FORM_QUESTIONS["district"])
    await admin.tap("海州区")
    for value, typed in ANSWERS[5:]:
        await answer(admin, value, typed)
    [fee] = texts_of(await admin.tap(texts.BTN_BACK))  # from the groups back to the fee
    assert fee.startswith(pt.FORM_QUESTIONS["fee_yuan"]) and fee.endswith(pt.FORM_CURRENT.format(value="免费"))
    await admin.send("200")
    await finish(admin)
    await admin.tap(pt.BTN_PUBLISH)
    [row] = await classes(db)
    assert (row.fee_yuan, row.category, row.title) == (200, "就业技能培训", TITLE)


async def test_cancel_stores_nothing_and_ends_the_form(admin: UserClient, db) -> None:
    await fill(admin, upto=8)
    assert texts_of(await admin.tap(pt.BTN_FORM_CANCEL)) == [pt.FORM_CANCELLED]
    assert await classes(db) == []
    # Typed text is a course search again.
    assert not texts_of(await admin.send("2026-12-25"))[0].startswith(pt.FORM_QUESTIONS["end_date"])


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("下周一", None, "日期格式不对"),
        ("2026-02-30", None, texts.IMPORT_ERRORS["no_such_date"]),
        ("2月30日", None, texts.IMPORT_ERRORS["no_such_date"]),
        ("2026-11-01", None, pt.FORM_DATE_PAST.format(today="2026-11-23")),
        ("2026-12-07", "2026-12-01", texts.IMPORT_ERRORS["end_before_start"]),
    ],
)
async def test_invalid_dates_are_asked_again(admin: UserClient, start: str, end: str | None, expected: str) -> None:
    await fill(admin, upto=7)
    reply = texts_of(await admin.send(start))
    if end is not None:
        assert reply == [pt.FORM_QUESTIONS["end_date"] + pt.FORM_STEP.format(n=9, total=16)]
        reply = texts_of(await admin.send(end))
    assert len(reply) == 1 and expected in reply[0]
    # The same question is still open: a good answer moves on.
    assert texts_of(await admin.send("2026-12-28"))[0].startswith(
        pt.FORM_QUESTIONS["hours" if end else "end_date"]
    )  # fmt: skip


async def test_bad_numbers_and_stickers_are_asked_again(admin: UserClient) -> None:
    await fill(admin, upto=9)
    assert "应填数字" in texts_of(await admin.send("八十"))[0]
    assert "数值超出合理范围" in texts_of(await admin.send("0"))[0]
    assert texts_of(await admin.send_sticker()) == [pt.FORM_TYPE_PLEASE]
    assert texts_of(await admin.send("80"))[0].startswith(pt.FORM_QUESTIONS["capacity"])


async def test_form_survives_a_restart(settings: Settings, bot: Bot, admin: UserClient, db: AsyncSession) -> None:
    await fill(admin, upto=10)
    async with open_runtime(settings, clock=FixedClock(settings.tz, TODAY)) as second:
        again = UserClient(create_dispatcher(second), bot, user_id=ADMIN_ID)
        for value, typed in ANSWERS[10:]:
            await answer(again, value, typed)
        await finish(again)
        await again.tap(pt.BTN_PUBLISH)
        assert TITLE in texts_of(await again.send("智能楼宇管理员"))[0]
    [row] = await classes(db)
    assert row.hours == 80 and row.capacity == 30


async def test_a_restart_days_later_checks_the_dates_again(settings: Settings, bot: Bot, admin: UserClient, db) -> None:
    await fill(admin)
    await finish(admin)
    later = FixedClock(settings.tz, TODAY.replace(month=12, day=10))
    async with open_runtime(settings, clock=later) as second:
        again = UserClient(create_dispatcher(second), bot, user_id=ADMIN_ID)
        [reply] = texts_of(await again.tap(pt.BTN_PUBLISH))
    assert reply.startswith(pt.FORM_DATE_PAST.format(today="2026-12-10"))
    assert pt.FORM_QUESTIONS["start_date"] in reply
    assert await classes(db) == []


async def test_district_staff_choose_only_their_districts(admin: UserClient, db) -> None:
    await admin.send("/staff add 701 东海县 灌云县")
    staff = UserClient(admin.dp, admin.bot, user_id=701)
    await staff.send("/newclass")
    for value, typed in ANSWERS[:4]:
        calls = await answer(staff, value, typed)
    assert inline_labels(calls)[:3] == ["东海县", "灌云县", texts.BTN_BACK]
    # A forged index past the member's districts is a stale button; a typed district outside is refused.
    assert alerts_of(await staff.click("cf:pick:4:7")) == [texts.STALE_BUTTON]
    assert texts_of(await staff.send("海州区")) == [pt.FORM_NOT_SCOPE.format(scope="东海县、灌云县")]
    assert texts_of(await staff.send("灌云"))[0].startswith(pt.FORM_QUESTIONS["provider"])


async def test_non_staff_cannot_use_the_form(user: UserClient, admin: UserClient, db, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="handlers.access"):
        assert texts_of(await user.send("/newclass")) == [texts.FALLBACK_COMMAND]
    assert f"refused staff entry point for user {user.user.id}" in caplog.text

    # A member whose role is taken away mid-form can neither answer nor publish.
    await admin.send("/staff add 702")
    member = UserClient(admin.dp, admin.bot, user_id=702)
    await fill(member)
    await finish(member)
    await admin.send("/staff remove 702")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="handlers.access"):
        assert alerts_of(await member.tap(pt.BTN_PUBLISH)) == [texts.STALE_BUTTON]
    assert "refused staff entry point for user 702" in caplog.text
    assert await classes(db) == []
