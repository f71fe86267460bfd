"""Enrolling from a course card, seats, double enrolment, 我的报名 and cancellation."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.runtime import Runtime
from storage.courses import upsert_courses
from storage.models_service import Enrolment
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.client import UserClient, alerts_of, inline_labels, texts_of
from tests.conftest import ADMIN_ID
from tests.scheduling_helpers import messages_to, sender_for

WELDING = make_course(
    "焊工",
    "海州区",
    code="W1",
    title="焊工（初级）培训班",
    capacity=2,
    start_date=date(2027, 1, 10),
    end_date=date(2027, 2, 10),
)


@pytest.fixture(autouse=True)
async def catalogue(runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [WELDING], replace=True)
        await runtime.catalog.load(session)


async def enrol_via_card(user: UserClient) -> list[str]:
    await user.send("焊工")
    await user.tap("1 详情")
    await user.tap(texts.BTN_ENROL)
    return texts_of(await user.tap(texts.BTN_ENROL_CONFIRM))


async def statuses(db: AsyncSession) -> list[tuple[int, str]]:
    db.expire_all()
    return [(e.user_id, e.status) for e in await db.scalars(select(Enrolment).order_by(Enrolment.id))]


async def test_enrol_from_the_card_then_seats_go_down(user: UserClient, db: AsyncSession) -> None:
    assert await enrol_via_card(user) == [texts.ENROL_OK.format(title=WELDING.title)]
    assert await statuses(db) == [(user.user.id, "pending")]
    [card] = texts_of(await user.send("焊工"))
    assert "剩余1个名额" in card


async def test_double_enrolment_is_refused(user: UserClient, db: AsyncSession) -> None:
    await enrol_via_card(user)
    assert await enrol_via_card(user) == [texts.ENROL_ALREADY.format(title=WELDING.title)]
    assert len(await statuses(db)) == 1


async def test_full_course_refuses_and_two_people_cannot_take_the_last_seat(dp, bot, db: AsyncSession) -> None:
    first, second, third = (UserClient(dp, bot, user_id=i) for i in (1, 2, 3))
    await enrol_via_card(first)
    for client in (second, third):  # both reach the confirm button, then press it at the same moment
        await client.send("焊工")
        await client.tap("1 详情")
        await client.tap(texts.BTN_ENROL)
    start = len(bot.session.requests)
    await asyncio.gather(second.tap(texts.BTN_ENROL_CONFIRM), third.tap(texts.BTN_ENROL_CONFIRM))
    answers = sorted(texts_of(bot.session.requests[start:]))
    assert answers == sorted([texts.ENROL_OK.format(title=WELDING.title), texts.ENROL_FULL.format(title=WELDING.title)])
    assert [s for _, s in await statuses(db)] == ["pending", "pending"]


async def test_my_enrolments_and_cancel(user: UserClient, db: AsyncSession) -> None:
    assert texts_of(await user.send(texts.BTN_MY_ENROLMENTS)) == [texts.MY_ENROLMENTS_EMPTY]
    await enrol_via_card(user)
    calls = await user.send(texts.BTN_MY_ENROLMENTS)
    assert WELDING.title in texts_of(calls)[0] and "待确认" in texts_of(calls)[0]
    await user.tap(texts.BTN_CANCEL_ENROLMENT.format(n=1))
    calls = await user.tap(texts.BTN_CANCEL_CONFIRM)
    assert texts_of(calls) == [texts.CANCEL_DONE.format(title=WELDING.title)]
    assert await statuses(db) == [(user.user.id, "cancelled")]
    # The old confirm button does nothing more; enrolling again is allowed.
    assert texts_of(await user.tap(texts.BTN_CANCEL_CONFIRM)) == [texts.CANCEL_NOT_POSSIBLE]
    assert await enrol_via_card(user) == [texts.ENROL_OK.format(title=WELDING.title)]
    assert await statuses(db) == [(user.user.id, "pending")]


async def test_cannot_cancel_someone_elses_enrolment(dp, bot, db: AsyncSession) -> None:
    owner, intruder = UserClient(dp, bot, user_id=11), UserClient(dp, bot, user_id=12)
    await enrol_via_card(owner)
    [(_, _)] = await statuses(db)
    enrolment_id = (await db.scalars(select(Enrolment.id))).one()
    await intruder.send("/start")
    assert alerts_of(await intruder.click(f"en:x:{enrolment_id}")) == [texts.CANCEL_NOT_POSSIBLE]
    assert texts_of(await intruder.click(f"en:X:{enrolment_id}")) == [texts.CANCEL_NOT_POSSIBLE]
    assert await statuses(db) == [(11, "pending")]


async def test_my_enrolments_offers_no_cancel_after_cancelling(user: UserClient) -> None:
    await enrol_via_card(user)
    await user.send(texts.BTN_MY_ENROLMENTS)
    await user.tap(texts.BTN_CANCEL_ENROLMENT.format(n=1))
    await user.tap(texts.BTN_CANCEL_CONFIRM)
    calls = await user.send(texts.BTN_MY_ENROLMENTS)
    assert "已取消" in texts_of(calls)[0]
    assert inline_labels(calls) == []


async def test_staff_confirm_and_reject_with_notices(dp, bot, db: AsyncSession, runtime: Runtime) -> None:
    trainee, other = UserClient(dp, bot, user_id=21), UserClient(dp, bot, user_id=22)
    staff, outsider = UserClient(dp, bot, user_id=ADMIN_ID), UserClient(dp, bot, user_id=23)
    await enrol_via_card(trainee)
    await enrol_via_card(other)
    ids = list((await db.scalars(select(Enrolment.id).order_by(Enrolment.id))).all())

    assert texts_of(await outsider.send(f"/confirm {ids[0]}")) == [texts.FALLBACK_COMMAND]
    listing = texts_of(await staff.send("/pending"))[0]
    assert f"#{ids[0]}" in listing and f"#{ids[1]}" in listing

    await staff.send(f"/confirm {ids[0]}")
    await staff.send(f"/reject {ids[1]}")
    await sender_for(runtime, bot).run_once()  # the trainees' notices are outbox rows, sent after the commit
    assert any("已由培训机构确认" in text for text in messages_to(bot, 21))
    assert any("未能确认" in text for text in messages_to(bot, 22))
    assert texts_of(await staff.send(f"/confirm {ids[1]}")) == [texts.STAFF_ENROLMENT_NOT_PENDING.format(id=ids[1])]
    assert await statuses(db) == [(21, "confirmed"), (22, "cancelled")]
    assert texts_of(await staff.send("/pending")) == [texts.STAFF_PENDING_EMPTY]
