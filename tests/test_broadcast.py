"""Staff broadcasts: audience filters and scope, the /broadcast dialogue, delivery through the real sender
(pause, resume, cancel, restarts, 429/403), the progress message and who may press what."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy import select

from bot import texts
from bot.callbacks import BcCtl
from bot.clock import FixedClock
from bot.runtime import Runtime, open_runtime
from bot.texts import broadcast as bt
from bot.views.broadcast import message_text
from handlers.broadcast.form import BcForm
from scheduler.broadcast import track_progress
from storage import broadcasts, outbox
from storage.broadcasts import Audience
from storage.courses import upsert_courses
from storage.enrolments import enrol
from storage.models import User
from storage.models_staff import Broadcast
from storage.unit_of_work import unit_of_work
from tests.broadcast_helpers import (
    Person,
    add_people,
    add_staff,
    all_broadcasts,
    outbox_items,
    statuses,
)
from tests.catalog.factories import make_course
from tests.client import UserClient, alerts_of, inline_labels, texts_of
from tests.conftest import ADMIN_ID
from tests.scheduling_helpers import messages_to, move_to, sender_for

WELDING = make_course("焊工", "海州区", code="W1", start_date=date(2026, 12, 7), end_date=date(2026, 12, 25))
PEOPLE = (
    Person(11, "海州区", "失业人员", subs=(("焊工", None),)),
    Person(12, "海州区", "高校毕业生", wanted=("电工", "焊工")),
    Person(13, "东海县", "失业人员"),
    Person(14, "东海县", "退役军人", wanted=("焊工学徒",)),  # not the same occupation
    Person(15, "赣榆区", "失业人员", blocked=True, subs=(("焊工", None),)),
    Person(16, None, "失业人员"),
)
EVERYONE = {11, 12, 13, 14, 16, ADMIN_ID}  # the admin uses the bot too (no district: only "不限" reaches them)
TEXT = "本周六在市人社局举办招聘会，欢迎参加 <b>务必带简历</b> & 身份证"


@pytest.fixture
async def people(runtime: Runtime) -> None:
    await add_people(runtime, *PEOPLE)
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [WELDING])
        await session.flush()
        await enrol(session, 13, "W1", date(2026, 11, 23))


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


async def who(runtime: Runtime, audience: Audience) -> set[int]:
    async with runtime.sessionmaker() as session:
        ids = set(await session.scalars(broadcasts.recipients(audience)))
        assert await broadcasts.count(session, broadcasts.recipients(audience)) == len(ids)
    return ids - {ADMIN_ID}


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (Audience(), EVERYONE - {ADMIN_ID}),  # everyone but the blocked user
        (Audience(districts=("海州区",)), {11, 12}),
        (Audience(districts=("海州区", "东海县")), {11, 12, 13, 14}),
        (Audience(groups=("失业人员",)), {11, 13, 16}),
        (Audience(interest="焊工"), {11, 12}),  # subscribed, or wanted in the 1131 intake (whole words only)
        (Audience(course_code="W1"), {13}),
        (Audience(districts=("海州区",), groups=("失业人员",)), {11}),
        (Audience(scope=("东海县",)), {13, 14}),
        (Audience(districts=("海州区",), scope=("东海县",)), set()),  # outside the scope: nobody
        (Audience(districts=("海州区", "东海县"), scope=("东海县",)), {13, 14}),
    ],
)
async def test_audience_filters_and_scope(runtime: Runtime, people, audience: Audience, expected: set[int]) -> None:
    assert await who(runtime, audience) == expected


async def start_broadcast(admin: UserClient, text: str = TEXT, *labels: str) -> list:
    await admin.send("/broadcast")
    await admin.send(text)
    for label in labels:
        await admin.tap(label)
    return await admin.tap(bt.BTN_PREVIEW)


async def test_preview_then_confirm_creates_one_item_per_recipient(runtime, people, admin, bot) -> None:
    preview = texts_of(await start_broadcast(admin, TEXT, "海州区", "东海县", "失业人员"))
    assert preview[0] == bt.PREVIEW_HEADER
    assert preview[1] == message_text(TEXT) and "&lt;b&gt;务必带简历&lt;/b&gt; &amp;" in preview[1]
    assert preview[2].startswith(bt.PREVIEW_COUNT.format(n=2, audience="")[:12]) and "<b>2</b>" in preview[2]
    assert await all_broadcasts(runtime) == []  # a preview stores nothing

    reply = await admin.tap(bt.BTN_CONFIRM)
    [b] = await all_broadcasts(runtime)
    assert (b.status, b.kind, b.recipients, b.created_by, b.text) == ("running", "message", 2, ADMIN_ID, TEXT)
    assert b.started_at is not None and b.progress_message_id is not None
    assert b.audience["districts"] == ["海州区", "东海县"] and b.audience["groups"] == ["失业人员"]
    items = await outbox_items(runtime)
    assert {(i.user_id, i.key, i.kind, i.priority, i.broadcast_id) for i in items} == {
        (11, f"bc:{b.id}:11", "broadcast", 1, b.id),
        (13, f"bc:{b.id}:13", "broadcast", 1, b.id),
    }
    assert inline_labels(reply) == [bt.BTN_PAUSE, bt.BTN_STOP]

    report = await sender_for(runtime, bot).run_once()
    assert report.counts == {"sent": 2}
    assert messages_to(bot, 11) == messages_to(bot, 13) == [message_text(TEXT)]
    assert bt.ORG in messages_to(bot, 11)[0]
    # A second confirm press (the dialogue is over) creates nothing.
    assert alerts_of(await admin.click(BcForm(action="ok").pack())) == [texts.STALE_BUTTON]
    assert len(await all_broadcasts(runtime)) == 1


async def test_bad_input_in_the_dialogue_gets_a_clear_reply(runtime, people, admin) -> None:
    await admin.send("/broadcast")
    too_long = "字" * (bt.MAX_TEXT + 1)
    assert texts_of(await admin.send(too_long)) == [bt.TEXT_TOO_LONG.format(n=bt.MAX_TEXT + 1, limit=bt.MAX_TEXT)]
    assert texts_of(await admin.send_sticker()) == [bt.TEXT_NOT_TEXT]
    [pending] = texts_of(await admin.send("/pending"))  # commands work mid-dialogue, the text is still awaited
    assert pending.startswith(texts.STAFF_PENDING_HEADER)
    assert texts_of(await admin.send(texts.BTN_FIND)) == [texts.FIND_PROMPT]  # the menu still works, text awaited
    await admin.send("通知内容")
    await admin.tap(bt.BTN_INTEREST)
    assert texts_of(await admin.send("焊工 电工 叉车")) == [bt.INTEREST_BAD.format(limit=20)]
    assert "兴趣职业：焊工" in texts_of(await admin.send("焊工"))[0]
    await admin.tap(bt.BTN_COURSE)
    assert texts_of(await admin.send("NOPE-1")) == [bt.COURSE_UNKNOWN.format(code="NOPE-1")]
    assert "报名课程：W1" in texts_of(await admin.send("W1"))[0]
    assert alerts_of(await admin.click(BcForm(action="d", idx=99).pack())) == [texts.STALE_BUTTON]
    assert texts_of(await admin.tap(bt.BTN_CANCEL)) == [bt.CANCELLED]
    assert await all_broadcasts(runtime) == [] and await outbox_items(runtime) == []


async def test_nobody_matching_creates_nothing(runtime, people, admin) -> None:
    await admin.send("/broadcast")
    await admin.send("通知")
    await admin.tap(bt.BTN_COURSE)
    await admin.send("W1")
    await admin.tap("海州区")  # W1's only trainee lives in 东海县
    calls = await admin.tap(bt.BTN_PREVIEW)
    assert texts_of(calls)[-1] == bt.NOBODY and bt.BTN_CONFIRM not in inline_labels(calls)
    assert alerts_of(await admin.click(BcForm(action="ok").pack()))  # forged: the button was not offered
    assert await all_broadcasts(runtime) == []


async def test_scoped_staff_only_reach_their_districts(runtime, people, dp, bot) -> None:
    await add_staff(runtime, 77, "东海县")
    staff = UserClient(dp, bot, user_id=77)
    await staff.send("/broadcast")
    filters = await staff.send("东海通知")
    labels = inline_labels(filters)
    assert "东海县" in labels and "海州区" not in labels
    assert "不限（您负责的：东海县）" in texts_of(filters)[0]
    assert alerts_of(await staff.click(BcForm(action="d", idx=1).pack())) == [texts.STALE_BUTTON]  # forged index
    await staff.tap(bt.BTN_PREVIEW)
    await staff.tap(bt.BTN_CONFIRM)
    assert {i.user_id for i in await outbox_items(runtime)} == {13, 14}


def delivered(bot, since: int, text: str = TEXT) -> Counter[int]:
    """How many times each chat was sent the broadcast after request number `since` (not the staff preview)."""
    calls = bot.session.requests[since:]
    return Counter(c.chat_id for c in calls if isinstance(c, SendMessage) and c.text == message_text(text))


async def confirmed(admin: UserClient, runtime: Runtime, *labels: str) -> Broadcast:
    await start_broadcast(admin, TEXT, *labels)
    await admin.tap(bt.BTN_CONFIRM)
    return (await all_broadcasts(runtime))[-1]


async def test_pause_holds_resume_sends_cancel_drops(runtime, people, admin, bot) -> None:
    b = await confirmed(admin, runtime)
    start = len(bot.session.requests)
    sender = sender_for(runtime, bot)
    assert alerts_of(await admin.tap(bt.BTN_PAUSE)) == [bt.PAUSED]
    assert await statuses(runtime) == {"held": 6}
    assert (await sender.run_once()).counts == {}
    assert delivered(bot, start) == {}
    assert alerts_of(await admin.tap(bt.BTN_PAUSE)) == [bt.NOT_NOW]  # the old button, pressed again

    assert alerts_of(await admin.tap(bt.BTN_RESUME)) == [bt.RESUMED]
    assert (await sender.run_once(batch=2)).counts == {"sent": 6}
    assert set(delivered(bot, start)) == EVERYONE and max(delivered(bot, start).values()) == 1

    second = await confirmed(admin, runtime)
    start = len(bot.session.requests)
    assert alerts_of(await admin.tap(bt.BTN_STOP)) == [bt.STOPPED]
    async with runtime.sessionmaker() as session:
        assert (await session.get(Broadcast, second.id)).status == "cancelling"  # until the progress job counts
    assert {i.status for i in await outbox_items(runtime) if i.broadcast_id == second.id} == {"dropped"}
    assert (await sender.run_once()).counts == {}
    assert b.id != second.id and delivered(bot, start) == {}
    assert alerts_of(await admin.tap(bt.BTN_STOP)) == [bt.NOT_NOW]  # being cancelled: nothing more to steer


async def test_items_claimed_before_a_pause_are_parked_not_sent(runtime, people, admin, bot) -> None:
    await confirmed(admin, runtime)
    start = len(bot.session.requests)
    async with unit_of_work(runtime.sessionmaker) as session:  # a sender has claimed a batch …
        claimed = await outbox.claim_due(session, runtime.clock.now(), 3)
    await admin.tap(bt.BTN_PAUSE)  # … when staff pause
    sender = sender_for(runtime, bot)
    for item in claimed:
        assert await sender.deliver(item) == "held"
    assert delivered(bot, start) == {} and await statuses(runtime) == {"held": 6}
    await admin.tap(bt.BTN_RESUME)
    assert (await sender.run_once()).counts == {"sent": 6}


async def test_a_restart_mid_broadcast_sends_no_duplicates(runtime, people, admin, bot, settings) -> None:
    await confirmed(admin, runtime)
    start = len(bot.session.requests)
    first = sender_for(runtime, bot)
    async with unit_of_work(runtime.sessionmaker) as session:
        done_before = await outbox.claim_due(session, runtime.clock.now(), 2)
    for item in done_before:
        await first.deliver(item)
    async with unit_of_work(runtime.sessionmaker) as session:  # claims one more, then the process dies
        await outbox.claim_due(session, runtime.clock.now(), 1)
    later = runtime.clock.now() + outbox.CLAIM_LEASE + timedelta(seconds=1)
    async with open_runtime(settings, clock=FixedClock(settings.tz, later)) as restarted:
        report = await sender_for(restarted, bot).run_once()
    assert report.counts == {"sent": 4}
    assert set(delivered(bot, start)) == EVERYONE and max(delivered(bot, start).values()) == 1


async def test_retry_after_and_blocked_users(runtime, people, admin, bot) -> None:
    await confirmed(admin, runtime, "海州区")  # 11 and 12
    # By chat, not in call order: the sender serves chats side by side.
    slow_down = TelegramRetryAfter(method=SendMessage(chat_id=11, text="x"), message="slow down", retry_after=7)
    bot.session.fail_next(11, slow_down)
    bot.session.fail_next(12, TelegramForbiddenError(method=SendMessage(chat_id=12, text="x"), message="blocked"))
    sender = sender_for(runtime, bot)
    assert (await sender.run_once()).counts == {"retried": 1, "skipped": 1}
    async with runtime.sessionmaker() as session:
        assert (await session.get(User, 12)).blocked_bot
    move_to(runtime, runtime.clock.now() + timedelta(seconds=7))
    assert (await sender.run_once()).counts == {"sent": 1}
    assert (await sender.run_once()).counts == {}
    assert len(messages_to(bot, 11)) == 2  # the refused try is recorded too; Telegram delivered one


async def test_quiet_hours_defer_a_broadcast(runtime, people, admin, bot) -> None:
    await confirmed(admin, runtime, "海州区")
    move_to(runtime, runtime.clock.now().replace(hour=22))
    assert (await sender_for(runtime, bot).run_once()).counts == {"deferred": 2}
    assert messages_to(bot, 11) == messages_to(bot, 12) == []
    assert {i.due_at.astimezone(runtime.settings.tz).hour for i in await outbox_items(runtime)} == {8}


def edits(bot, since: int) -> list[EditMessageText]:
    return [c for c in bot.session.requests[since:] if isinstance(c, EditMessageText)]


async def test_progress_is_edited_when_figures_change_and_a_final_report_follows(runtime, people, admin, bot) -> None:
    b = await confirmed(admin, runtime, "海州区")
    start = len(bot.session.requests)
    shown: dict[int, str] = {}
    assert await track_progress(runtime.sessionmaker, bot, runtime.clock, shown) == 0
    [edit] = edits(bot, start)
    assert edit.message_id == b.progress_message_id and "待发送：2" in edit.text
    await track_progress(runtime.sessionmaker, bot, runtime.clock, shown)
    assert len(edits(bot, start)) == 1  # nothing changed: no edit

    sender = sender_for(runtime, bot)
    async with unit_of_work(runtime.sessionmaker) as session:
        [item] = await outbox.claim_due(session, runtime.clock.now(), 1)
    await sender.deliver(item)
    bot.session.queue(TelegramBadRequest(method=edit, message="Bad Request: message is not modified"))
    await track_progress(runtime.sessionmaker, bot, runtime.clock, shown)  # a refused edit does not break it
    await sender.run_once()
    move_to(runtime, runtime.clock.now() + timedelta(minutes=2, seconds=5))
    assert await track_progress(runtime.sessionmaker, bot, runtime.clock, shown) == 1
    assert "已发送：2" in edits(bot, start)[-1].text and edits(bot, start)[-1].reply_markup is None
    assert (await sender.run_once()).counts == {"sent": 1}  # the final report, through the outbox
    report = messages_to(bot, ADMIN_ID)[-1]
    assert report == bt.FINAL_REPORT.format(id=b.id, sent=2, undelivered=0, duration="2分5秒")
    async with runtime.sessionmaker() as session:
        done = await session.get(Broadcast, b.id)
    assert done.status == "done" and done.finished_at == runtime.clock.now()
    await track_progress(runtime.sessionmaker, bot, runtime.clock, shown)
    assert (await sender.run_once()).counts == {}
    assert messages_to(bot, ADMIN_ID)[-1] == report and messages_to(bot, ADMIN_ID).count(report) == 1
    assert alerts_of(await admin.tap(bt.BTN_PAUSE)) == [bt.NOT_NOW]


async def test_non_staff_and_other_staff_cannot_steer(runtime, people, admin, dp, bot, user) -> None:
    b = await confirmed(admin, runtime)
    assert texts_of(await user.send("/broadcast")) == [texts.FALLBACK_COMMAND]
    for data in (BcCtl(action="p", bid=b.id), BcCtl(action="c", bid=b.id), BcForm(action="ok"), BcForm(action="v")):
        assert alerts_of(await user.click(data.pack())) == [texts.STALE_BUTTON]
    await add_staff(runtime, 78)
    other = UserClient(dp, bot, user_id=78)
    assert alerts_of(await other.click(BcCtl(action="c", bid=b.id).pack())) == [bt.NOT_YOURS]
    assert alerts_of(await admin.click(BcCtl(action="c", bid=999).pack())) == [texts.STALE_BUTTON]
    assert alerts_of(await admin.click("bcc:zz:abc")) == [texts.STALE_BUTTON]  # garbage
    assert await statuses(runtime) == {"pending": 6}
    async with runtime.sessionmaker() as session:
        assert (await session.scalar(select(Broadcast.status))) == "running"
