"""A class cancelled by staff ends its confirmed enrolments like a cancellation: each trainee's 1131 training step
opens again with a ledger row naming the staff member (unless another confirmed class still holds it), and the
trainee is told through the outbox. Its pending enrolments end too, each person told. When a retired class comes
back, the people whose enrolment ended with it are told they may enrol again (nobody is enrolled again)."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.methods import SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.callbacks import CourseCb
from bot.runtime import Runtime
from bot.services.catalog import CatalogService
from bot.texts import broadcast as bt
from bot.texts import esc
from bot.texts import publish as pt
from bot.texts import service1131 as st
from catalog.importer import ImportResult
from catalog.model import Course
from storage.courses import upsert_courses
from storage.enrolments import BY_CLASS, BY_CLASS_TOLD
from storage.models_service import Enrolment
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.client import UserClient, alerts_of, inline_labels, texts_of
from tests.conftest import ADMIN_ID
from tests.s1131_helpers import complete_intake
from tests.scheduling_helpers import sender_for
from tests.test_1131_steps import enrol, ledger, the_case

WELDING = make_course(
    "焊工", "海州区", code="W1", title="焊工（初级）培训班", start_date=date(2027, 1, 10), end_date=date(2027, 2, 10)
)
ELECTRIC = make_course(
    "电工", "海州区", code="E1", title="电工（初级）培训班", start_date=date(2027, 3, 1), end_date=date(2027, 4, 1)
)


@pytest.fixture(autouse=True)
async def catalogue(runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [WELDING, ELECTRIC], replace=True)
        await runtime.catalog.load(session)


async def confirm_all(staff: UserClient, db: AsyncSession, user_id: int) -> None:
    db.expire_all()
    for enrolment_id in await db.scalars(select(Enrolment.id).where(Enrolment.user_id == user_id)):
        await staff.send(f"/confirm {enrolment_id}")


async def test_staff_cancelling_a_class_reopens_the_training_step_and_tells_the_trainee(
    dp, bot, user: UserClient, runtime: Runtime, db: AsyncSession
) -> None:
    staff = UserClient(dp, bot, user_id=ADMIN_ID, first_name="李老师")
    await staff.send("/start")
    other = UserClient(dp, bot, user_id=1002, first_name="小李")  # confirmed in two classes
    for person in (user, other):
        await complete_intake(person)
        await enrol(person)
    await other.send("电工")
    await other.tap("1 详情")
    await other.tap(texts.BTN_ENROL)
    await other.tap(texts.BTN_ENROL_CONFIRM)
    for person in (user, other):
        await confirm_all(staff, db, person.user.id)
        assert (await the_case(db, person.user.id)).training_done_at is not None
    await sender_for(runtime, bot).run_once()  # the confirmations' notices

    await staff.send("/class W1")
    await staff.tap(pt.BTN_CANCEL_CLASS)
    calls = await staff.tap(pt.BTN_CANCEL_CLASS_CONFIRM)
    assert texts_of(calls) == [pt.CLASS_CANCELLED.format(title=WELDING.title)]
    assert not [c for c in calls if isinstance(c, SendMessage) and c.chat_id != ADMIN_ID]  # others: the outbox

    case = await the_case(db, user.user.id)
    assert case.training_done_at is None and case.completed_at is None
    mine = [(r.step, r.action, r.actor_id) for r in await ledger(db) if r.user_id == user.user.id]
    assert mine[-2:] == [("training", "class_cancelled", ADMIN_ID), ("training", "undone", ADMIN_ID)]
    db.expire_all()
    [w1] = await db.scalars(select(Enrolment).where(Enrolment.user_id == user.user.id))
    assert (w1.status, w1.cancelled_by) == ("cancelled", "class")
    # The other trainee still holds a confirmed class: the step stays done, the cancellation is on record.
    assert (await the_case(db, other.user.id)).training_done_at is not None
    theirs = [(r.step, r.action) for r in await ledger(db) if r.user_id == other.user.id]
    assert theirs[-1] == ("training", "class_cancelled")

    start = len(bot.session.requests)
    await sender_for(runtime, bot).run_once()
    told = [c.text for c in bot.session.requests[start:] if isinstance(c, SendMessage) and c.chat_id == user.user.id]
    assert st.TRAINING_REOPENED.format(title=esc(WELDING.title)) in told
    assert any(t.startswith("📢") for t in told)  # and the class cancellation notice itself
    to_other = [c.text for c in bot.session.requests[start:] if isinstance(c, SendMessage) and c.chat_id == 1002]
    assert st.TRAINING_REOPENED.format(title=esc(WELDING.title)) not in to_other
    assert "⬜ 1次技能培训" in texts_of(await user.send("/progress"))[0]


async def deliver(runtime: Runtime, bot) -> dict[int, list[str]]:
    """What the outbox sends now, by chat."""
    start = len(bot.session.requests)
    await sender_for(runtime, bot).run_once()
    sent: dict[int, list[str]] = {}
    for call in bot.session.requests[start:]:
        if isinstance(call, SendMessage):
            sent.setdefault(int(call.chat_id), []).append(call.text)
    return sent


async def statuses(db: AsyncSession, user_id: int) -> list[tuple[str, str | None]]:
    db.expire_all()
    rows = await db.scalars(select(Enrolment).where(Enrolment.user_id == user_id).order_by(Enrolment.id))
    return [(e.status, e.cancelled_by) for e in rows]


async def import_courses(runtime: Runtime, courses: list[Course], *, replace_all: bool = False) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await runtime.catalog.apply_import(session, ImportResult(tuple(courses), ()), replace=replace_all,
                                           settings=runtime.settings, now=runtime.clock.now())  # fmt: skip


async def test_a_cancelled_class_ends_pending_enrolments_and_tells_those_people(
    dp, bot, user: UserClient, runtime: Runtime, db: AsyncSession
) -> None:
    staff = UserClient(dp, bot, user_id=ADMIN_ID, first_name="李老师")
    await staff.send("/start")
    await complete_intake(user)
    await enrol(user)  # pending: staff have not confirmed it
    assert await statuses(db, user.user.id) == [("pending", None)]
    await deliver(runtime, bot)

    await staff.send("/class W1")
    await staff.tap(pt.BTN_CANCEL_CLASS)
    calls = await staff.tap(pt.BTN_CANCEL_CLASS_CONFIRM)
    assert not [c for c in calls if isinstance(c, SendMessage) and c.chat_id != ADMIN_ID]  # others: the outbox

    assert await statuses(db, user.user.id) == [("cancelled", BY_CLASS)]
    told = (await deliver(runtime, bot))[user.user.id]
    assert told == [texts.COURSE_CANCELLED_PENDING.format(title=esc(WELDING.title), contact=esc(WELDING.contact))]
    mine = [(r.step, r.action, r.actor_id) for r in await ledger(db) if r.user_id == user.user.id]
    assert mine[-1] == ("training", "class_cancelled", ADMIN_ID)  # nothing was done, so nothing is undone
    assert (await the_case(db, user.user.id)).training_done_at is None


async def test_a_retired_class_that_comes_back_tells_whoever_it_left_and_enrols_nobody(
    dp, bot, user: UserClient, runtime: Runtime, db: AsyncSession
) -> None:
    staff = UserClient(dp, bot, user_id=ADMIN_ID, first_name="李老师")
    await staff.send("/start")
    waiting = UserClient(dp, bot, user_id=1003, first_name="小赵")  # stays pending
    for person in (user, waiting):
        await complete_intake(person)
        await enrol(person)
    [confirmed_id] = (await db.scalars(select(Enrolment.id).where(Enrolment.user_id == user.user.id))).all()
    await staff.send(f"/confirm {confirmed_id}")
    await deliver(runtime, bot)

    await import_courses(runtime, [ELECTRIC], replace_all=True)  # a full import without W1 retires it
    assert await statuses(db, user.user.id) == [("cancelled", BY_CLASS)]
    assert await statuses(db, waiting.user.id) == [("cancelled", BY_CLASS)]
    assert (await the_case(db, user.user.id)).training_done_at is None
    told = await deliver(runtime, bot)
    assert any(t.startswith("📢 很抱歉，「") for t in told[user.user.id])
    assert told[waiting.user.id] == [
        texts.COURSE_CANCELLED_PENDING.format(title=esc(WELDING.title), contact=esc(WELDING.contact))
    ]

    await import_courses(runtime, [WELDING, ELECTRIC], replace_all=True)  # W1 is offered again
    reopened = texts.COURSE_REOPENED.format(
        title=esc(WELDING.title), start=WELDING.start_date, end=WELDING.end_date, district=esc(WELDING.district),
        address=esc(WELDING.address), search=f"{WELDING.occupation} {WELDING.district}", contact=esc(WELDING.contact),
    )  # fmt: skip
    told = await deliver(runtime, bot)
    for person in (user, waiting):
        assert told[person.user.id] == [reopened]
        assert await statuses(db, person.user.id) == [("cancelled", BY_CLASS_TOLD)]  # not enrolled again
    assert (await the_case(db, user.user.id)).training_done_at is None  # the 1131 step stays as it is
    assert "⬜ 1次技能培训" in texts_of(await user.send("/progress"))[0]

    # Told once: retired and offered again later, nobody hears of it a second time.
    await import_courses(runtime, [ELECTRIC], replace_all=True)
    await import_courses(runtime, [WELDING, ELECTRIC], replace_all=True)
    assert user.user.id not in await deliver(runtime, bot)
    # Enrolling again works as for anyone: a pending enrolment, awaiting staff.
    assert texts.TRAINING_PENDING in await enrol(user)
    assert await statuses(db, user.user.id) == [("pending", None)]


async def test_the_reopen_notice_carries_a_button_that_opens_the_class_card(
    dp, bot, user: UserClient, runtime: Runtime, db: AsyncSession
) -> None:
    await complete_intake(user)
    await enrol(user)  # pending
    await import_courses(runtime, [ELECTRIC], replace_all=True)  # W1 retired: the enrolment ends with it
    await deliver(runtime, bot)
    await import_courses(runtime, [WELDING, ELECTRIC], replace_all=True)  # and offered again
    start = len(bot.session.requests)
    await sender_for(runtime, bot).run_once()
    [notice] = [c for c in bot.session.requests[start:] if isinstance(c, SendMessage) and c.chat_id == user.user.id]
    assert notice.text.startswith("📢「" + esc(WELDING.title))
    [[button]] = notice.reply_markup.inline_keyboard
    assert button.text == bt.BTN_OPEN_COURSE.format(title=WELDING.title)
    assert button.callback_data == CourseCb(action="d", key=CatalogService.key_of(WELDING.code)).pack()

    card = await user.tap(button.text)  # through the Dispatcher, as Telegram delivers the press
    [body] = texts_of(card)
    assert texts.DETAIL.split("\n")[0].format(title=esc(WELDING.title)) in body and WELDING.code in body
    assert inline_labels(card) == [texts.BTN_ENROL, texts.BTN_ENQUIRE]  # no list to go back to
    await user.tap(texts.BTN_ENROL)
    assert texts.TRAINING_PENDING in texts_of(await user.tap(texts.BTN_ENROL_CONFIRM))
    assert await statuses(db, user.user.id) == [("pending", None)]  # the ended enrolment, live again


async def test_the_reopen_button_of_a_class_gone_again_says_so(
    dp, bot, user: UserClient, runtime: Runtime, db: AsyncSession
) -> None:
    await complete_intake(user)
    await enrol(user)
    await import_courses(runtime, [ELECTRIC], replace_all=True)
    await import_courses(runtime, [WELDING, ELECTRIC], replace_all=True)
    await deliver(runtime, bot)
    await import_courses(runtime, [ELECTRIC], replace_all=True)  # retired again before the press
    assert alerts_of(await user.tap(bt.BTN_OPEN_COURSE.format(title=WELDING.title))) == [texts.COURSE_GONE]
