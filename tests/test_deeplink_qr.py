"""/class (edit dates/address, cancel), /qr posters and the /start deep links they carry."""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import segno
from aiogram.methods import SendPhoto
from aiogram.types import BufferedInputFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.runtime import Runtime
from bot.services import qr
from bot.texts import marks
from bot.texts import publish as pt
from storage.courses import upsert_courses
from storage.models import CourseRow
from storage.models_schedule import OutboxItem
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.client import UserClient, alerts_of, inline_labels, reply_labels, texts_of
from tests.conftest import ADMIN_ID, TODAY
from tests.scheduling_helpers import COURSE, confirmed_enrolment, items, move_to, sender_for

TRAINEE = 111
CHINESE = make_course("电工", "东海县", code="东海-电工.2026/第1期", title="电工东海班", start_date=date(2026, 12, 3),
                      end_date=date(2026, 12, 30))  # fmt: skip


@pytest.fixture(autouse=True)
async def catalogue(runtime: Runtime) -> None:
    await confirmed_enrolment(runtime, TRAINEE)  # COURSE "S1" in 海州区, 12-07 to 12-25
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [CHINESE])
        await runtime.catalog.load(session)


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


async def course_id(db: AsyncSession, code: str) -> int:
    return (await db.scalars(select(CourseRow.id).where(CourseRow.code == code))).one()


async def row_of(db: AsyncSession, code: str) -> CourseRow:
    db.expire_all()
    return (await db.scalars(select(CourseRow).where(CourseRow.code == code))).one()


async def qr_of(client: UserClient, code: str) -> tuple[str, bytes]:
    [photo] = [c for c in await client.send(f"/qr {code}") if isinstance(c, SendPhoto)]
    assert isinstance(photo.photo, BufferedInputFile) and photo.caption
    link = next(word for word in photo.caption.split() if word.startswith("https://t.me/"))
    return link, photo.photo.data


async def test_qr_link_opens_the_class_card_for_anyone(admin: UserClient, user: UserClient) -> None:
    link, png = await qr_of(admin, "S1")
    assert link == "https://t.me/skills_training_bot?start=c_S1"
    expected = io.BytesIO()
    segno.make_qr(link, error="m").save(expected, kind="png", scale=qr.QR_SCALE, border=qr.QR_BORDER)
    assert png == expected.getvalue() and png.startswith(b"\x89PNG")

    payload = parse_qs(urlparse(link).query)["start"][0]
    calls = await user.send(f"/start {payload}")
    welcome, card = texts_of(calls)
    assert welcome.startswith("您好") and COURSE.title in card and "编号：S1" in card
    assert inline_labels(calls) == [texts.BTN_ENROL, texts.BTN_ENQUIRE]
    # The card's buttons work like a search result's.
    await user.tap(texts.BTN_ENROL)
    assert texts_of(await user.tap(texts.BTN_ENROL_CONFIRM))[0].startswith("报名成功")
    # A second visit goes straight to the card.
    assert len(texts_of(await user.send(f"/start {payload}"))) == 1


async def test_codes_that_cannot_be_a_payload_use_the_row_id(admin: UserClient, user: UserClient, db) -> None:
    link, _ = await qr_of(admin, CHINESE.code)
    payload = parse_qs(urlparse(link).query)["start"][0]
    assert payload == f"i_{await course_id(db, CHINESE.code)}"
    assert "电工东海班" in texts_of(await user.send(f"/start {payload}"))[-1]
    assert qr.payload_for(1, "A" * 62) == "c_" + "A" * 62 and qr.payload_for(7, "A" * 63) == "i_7"


@pytest.mark.parametrize("payload", ["c_NOPE", "i_99999", "c_S1x"])
async def test_unknown_link_gets_a_friendly_answer_and_the_menu(user: UserClient, payload: str) -> None:
    calls = await user.send(f"/start {payload}")
    assert texts_of(calls)[-1] == pt.LINK_UNKNOWN
    assert texts.BTN_FIND in reply_labels(calls)


async def test_other_start_payloads_still_get_the_welcome(user: UserClient) -> None:
    [welcome] = texts_of(await user.send("/start from_poster_2026"))
    assert welcome.startswith("您好")


async def test_staff_card_shows_the_link_and_moving_dates_tells_trainees(
    admin: UserClient, runtime: Runtime, bot, db: AsyncSession
) -> None:
    calls = await admin.send("/class s1")  # letter case does not matter
    assert "https://t.me/skills_training_bot?start=c_S1" in texts_of(calls)[0] and "已报名 1" in texts_of(calls)[0]
    assert inline_labels(calls) == [pt.BTN_EDIT_DATES, pt.BTN_EDIT_ADDRESS, marks.BTN_LATE_JOIN_ON, pt.BTN_CANCEL_CLASS]

    assert texts_of(await admin.tap(pt.BTN_EDIT_DATES)) == [pt.EDIT_ASK_DATES]
    assert texts_of(await admin.send("下个月吧")) == [pt.EDIT_DATES_FORMAT]
    assert texts.IMPORT_ERRORS["end_before_start"] in texts_of(await admin.send("2026-12-20 至 2026-12-10"))[0]
    assert texts_of(await admin.send("2026-11-02 至 2026-12-10")) == [pt.FORM_DATE_PAST.format(today="2026-11-23")]
    saved = texts_of(await admin.send("12月14日 至 2027-01-08"))
    assert saved[0] == pt.EDIT_SAVED.format(title=COURSE.title, notice=pt.EDIT_NOTIFIED)
    assert "12月14日 至 2027年1月8日" in saved[1]
    row = await row_of(db, "S1")
    assert (row.start_date, row.end_date) == (date(2026, 12, 14), date(2027, 1, 8))

    notice = (await items(runtime))["course_notice"]
    assert notice.user_id == TRAINEE and notice.payload["change"] == "rescheduled"
    await sender_for(runtime, bot).run_once()
    sent = [c.text for c in bot.session.requests if c.__api_method__ == "sendMessage" and c.chat_id == TRAINEE]
    assert any(t.startswith("📢 课程变更") and "2026-12-14" in t for t in sent)
    # The search shows the new dates at once.
    assert "12月14日" in texts_of(await admin.send("焊工 海州区"))[0]


async def test_address_change_tells_enrolled_trainees(admin: UserClient, runtime: Runtime, bot, db) -> None:
    await admin.send("/class S1")
    await admin.tap(pt.BTN_EDIT_ADDRESS)
    assert "内容太长" in texts_of(await admin.send("路" * 201))[0]
    saved = texts_of(await admin.send("海州区新地址路8号"))
    assert saved[0] == pt.EDIT_SAVED.format(title=COURSE.title, notice=pt.EDIT_NOTIFIED)
    assert (await row_of(db, "S1")).address == "海州区新地址路8号"
    assert (await items(runtime))["course_notice"].user_id == TRAINEE
    await sender_for(runtime, bot).run_once()
    sent = [c.text for c in bot.session.requests if c.__api_method__ == "sendMessage" and c.chat_id == TRAINEE]
    assert any(t.startswith("📢 课程变更") and "新地址路8号" in t for t in sent)
    # The edit is over: typed text is a search again.
    assert not texts_of(await admin.send("海州区新地址路9号"))[0].startswith(pt.EDIT_SAVED[:3])


async def test_cancel_class_needs_confirmation_and_tells_trainees(
    admin: UserClient, user: UserClient, runtime: Runtime, db
) -> None:
    await admin.send("/class S1")
    assert texts_of(await admin.tap(pt.BTN_CANCEL_CLASS)) == [pt.CANCEL_CLASS_ASK.format(title=COURSE.title, taken=1)]
    assert texts_of(await admin.tap(pt.BTN_KEEP_CLASS)) == [pt.CLASS_KEPT]
    assert (await row_of(db, "S1")).active

    await admin.tap(pt.BTN_CANCEL_CLASS)
    assert texts_of(await admin.tap(pt.BTN_CANCEL_CLASS_CONFIRM)) == [pt.CLASS_CANCELLED.format(title=COURSE.title)]
    assert not (await row_of(db, "S1")).active
    planned = await items(runtime)
    assert planned["course_notice"].payload["change"] == "cancelled"
    assert all(i.status == "dropped" for k, i in planned.items() if k != "course_notice")
    # Gone everywhere: the search, the deep link, a second confirmation, /class.
    assert COURSE.title not in texts_of(await user.send("焊工 海州区"))[0]
    assert texts_of(await user.send("/start c_S1"))[-1] == pt.LINK_UNKNOWN
    assert alerts_of(await admin.tap(pt.BTN_CANCEL_CLASS_CONFIRM)) == [pt.CLASS_GONE]
    assert texts_of(await admin.send("/class S1")) == [pt.CLASS_NOT_FOUND.format(code="S1")]


async def test_district_staff_only_manage_their_districts(admin: UserClient, db) -> None:
    await admin.send("/staff add 801 东海县")
    donghai = UserClient(admin.dp, admin.bot, user_id=801)
    assert texts_of(await donghai.send("/class S1")) == [pt.CLASS_NOT_FOUND.format(code="S1")]
    assert texts_of(await donghai.send("/qr S1")) == [pt.CLASS_NOT_FOUND.format(code="S1")]
    s1 = await course_id(db, "S1")
    assert alerts_of(await donghai.click(f"ce:X:{s1}")) == [pt.CLASS_GONE]
    assert (await row_of(db, "S1")).active
    assert "电工东海班" in texts_of(await donghai.send(f"/class {CHINESE.code}"))[0]


@pytest.mark.parametrize("command", ["/class S1", "/qr S1", "/class", "/qr"])
async def test_non_staff_are_refused(user: UserClient, command: str, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="handlers.access"):
        assert texts_of(await user.send(command)) == [texts.FALLBACK_COMMAND]
    assert f"refused staff entry point for user {user.user.id}" in caplog.text


async def test_non_staff_edit_buttons_change_nothing(user: UserClient, db, caplog) -> None:
    s1 = await course_id(db, "S1")
    for action in ("d", "a", "x", "X"):
        with caplog.at_level(logging.WARNING, logger="handlers.access"):
            assert alerts_of(await user.click(f"ce:{action}:{s1}")) == [texts.STALE_BUTTON]
    assert (await row_of(db, "S1")).active and caplog.text.count("refused staff entry point") == 4
    assert (await db.scalars(select(OutboxItem).where(OutboxItem.kind == "course_notice"))).all() == []


async def test_usage_and_unknown_codes(admin: UserClient) -> None:
    assert texts_of(await admin.send("/class")) == [pt.CLASS_USAGE]
    assert texts_of(await admin.send("/qr")) == [pt.QR_USAGE]
    assert texts_of(await admin.send("/qr <b>X</b>")) == [pt.CLASS_NOT_FOUND.format(code="&lt;b&gt;X&lt;/b&gt;")]
    assert texts_of(await admin.send("/class " + "A" * 200)) == [pt.CLASS_USAGE]


async def test_a_finished_class_link_is_not_offered(user: UserClient, runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [replace(COURSE, code="OLD1", end_date=date(2026, 11, 20))])
    assert texts_of(await user.send("/start c_OLD1"))[-1] == pt.LINK_UNKNOWN


async def test_a_forgotten_edit_does_not_swallow_a_later_search(admin: UserClient, runtime: Runtime, db) -> None:
    await admin.send("/class S1")
    await admin.tap(pt.BTN_EDIT_ADDRESS)
    assert texts_of(await admin.send_sticker()) == [pt.FORM_TYPE_PLEASE]
    move_to(runtime, TODAY + timedelta(minutes=31))
    [reply] = texts_of(await admin.send("焊工 海州区"))
    assert COURSE.title in reply  # a search, not a new address
    assert (await row_of(db, "S1")).address == COURSE.address
