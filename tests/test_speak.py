"""Commit first, then speak: nobody is told of something that was rolled back, and a reply that fails after the
commit neither undoes the commit nor is lost. (Every test using the `bot` fixture also checks that no Bot API call
is made inside an open transaction: tests/checked_session.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramServerError
from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.runtime import Runtime
from storage.models import User
from storage.models_schedule import OutboxItem
from storage.models_service import CounsellorRequest, Enrolment, ServiceCase
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID
from tests.fsm_helpers import crash_before_commit
from tests.s1131_helpers import complete_intake
from tests.scheduling_helpers import messages_to, sender_for
from tests.test_enrolments import catalogue, enrol_via_card  # noqa: F401  (the fixture puts the welding class in)

TRAINEE = 21


def server_error(chat_id: int) -> TelegramServerError:
    return TelegramServerError(method=SendMessage(chat_id=chat_id, text="x"), message="Internal Server Error")


async def enrolment_status(db: AsyncSession) -> str:
    db.expire_all()
    return (await db.scalars(select(Enrolment.status))).one()


async def reminders(db: AsyncSession) -> int:
    return len((await db.scalars(select(OutboxItem).where(OutboxItem.kind.like("reminder%")))).all())


@pytest.fixture
async def enrolled(dp, bot) -> tuple[UserClient, UserClient]:
    trainee, staff = UserClient(dp, bot, user_id=TRAINEE), UserClient(dp, bot, user_id=ADMIN_ID)
    await staff.send("/start")
    await enrol_via_card(trainee)
    return trainee, staff


async def test_when_the_staff_reply_fails_after_confirm_the_trainee_is_told_once_and_the_data_agrees(
    enrolled, runtime: Runtime, bot, db: AsyncSession
) -> None:
    _, staff = enrolled
    enrolment_id = (await db.scalars(select(Enrolment.id))).one()
    bot.session.fail_next(ADMIN_ID, server_error(ADMIN_ID))  # Telegram answers the staff reply with 500
    await staff.send(f"/confirm {enrolment_id}")
    sender = sender_for(runtime, bot)
    await sender.run_once()
    told = [t for t in messages_to(bot, TRAINEE) if "已由培训机构确认" in t]
    # Told exactly when the database says confirmed, with the reminders planned: never one without the other.
    assert (len(told), await enrolment_status(db), await reminders(db) > 0) == (1, "confirmed", True)
    # The staff member's reply was not lost: the outbox delivers it once Telegram answers again.
    runtime.clock.at += timedelta(seconds=2)  # type: ignore[attr-defined]
    await sender.run_once()
    assert messages_to(bot, ADMIN_ID)[-1].startswith(texts.STAFF_CONFIRMED.format(id=enrolment_id))
    assert len([t for t in messages_to(bot, TRAINEE) if "已由培训机构确认" in t]) == 1


async def test_a_confirm_that_fails_before_its_commit_tells_nobody(
    enrolled, runtime: Runtime, bot, db: AsyncSession, monkeypatch
) -> None:
    _, staff = enrolled
    enrolment_id = (await db.scalars(select(Enrolment.id))).one()
    crash_before_commit(monkeypatch)
    assert texts_of(await staff.send(f"/confirm {enrolment_id}")) == [texts.ERROR_GENERIC]
    await sender_for(runtime, bot).run_once()
    assert not [t for t in messages_to(bot, TRAINEE) if "已由培训机构确认" in t]
    assert (await enrolment_status(db), await reminders(db)) == ("pending", 0)

    await staff.send(f"/confirm {enrolment_id}")  # done again, it is done once
    await sender_for(runtime, bot).run_once()
    assert len([t for t in messages_to(bot, TRAINEE) if "已由培训机构确认" in t]) == 1


async def test_staff_hear_of_counsellor_requests_only_once_committed_and_each_number_names_one_person(
    dp, bot, runtime: Runtime, db: AsyncSession, monkeypatch
) -> None:
    staff, first, second = (UserClient(dp, bot, user_id=i) for i in (ADMIN_ID, 41, 42))
    await staff.send("/start")
    for person in (first, second):
        await complete_intake(person)
    crash_before_commit(monkeypatch)
    assert texts.ERROR_GENERIC in texts_of(await first.click("s1:counsellor:0"))  # rolled back
    sender = sender_for(runtime, bot)
    await sender.run_once()
    assert not [t for t in messages_to(bot, ADMIN_ID) if "#" in t]  # staff heard nothing of it

    await second.click("s1:counsellor:0")
    await first.click("s1:counsellor:0")
    await sender.run_once()
    notices = [t for t in messages_to(bot, ADMIN_ID) if "#" in t]
    numbers = [int(t.split("#", 1)[1].split("<", 1)[0]) for t in notices]
    assert len(notices) == 2 and len(set(numbers)) == 2
    db.expire_all()
    rows = await db.execute(
        select(CounsellorRequest.id, ServiceCase.user_id).join(ServiceCase, ServiceCase.id == CounsellorRequest.case_id)
    )
    owners = {request_id: user_id for request_id, user_id in rows}
    assert [owners[n] for n in numbers] == [42, 41]  # what staff saw as #n is that person's request
    await staff.send(f"/answer {numbers[0]} 您好")
    await sender.run_once()
    assert any("您好" in t for t in messages_to(bot, 42)) and not any("您好" in t for t in messages_to(bot, 41))


async def test_a_reply_telegram_fails_after_the_commit_keeps_the_step_and_arrives_later(
    user: UserClient, runtime: Runtime, bot, db: AsyncSession
) -> None:
    await user.send("/profile")
    await user.tap("农村转移劳动力")
    bot.session.fail_next(user.user.id, server_error(user.user.id))  # the "已保存" edit gets a 500
    calls = await user.tap("灌云县")
    assert texts.ERROR_GENERIC not in texts_of(calls)
    db.expire_all()
    assert (await db.get(User, user.user.id)).district == "灌云县"  # the step stands
    runtime.clock.at += timedelta(seconds=2)  # type: ignore[attr-defined]
    await sender_for(runtime, bot).run_once()
    assert any(t.startswith("已保存") and "灌云县" in t for t in messages_to(bot, user.user.id))


async def test_an_edit_telegram_refuses_is_sent_as_a_new_message(user: UserClient, bot) -> None:
    await user.send("/profile")
    await user.tap("农村转移劳动力")
    refused = TelegramBadRequest(method=EditMessageText(text="x"), message="Bad Request: message can't be edited")
    bot.session.fail_next(user.user.id, refused)
    calls = await user.tap("灌云县")
    [edit, sent] = [c for c in calls if isinstance(c, EditMessageText | SendMessage) and "已保存" in c.text]
    assert isinstance(edit, EditMessageText) and isinstance(sent, SendMessage) and sent.text == edit.text


async def test_the_number_of_a_forgotten_request_or_enrolment_is_never_given_again(
    dp, bot, db: AsyncSession, enrolled
) -> None:
    trainee, _ = enrolled
    await complete_intake(trainee)
    await trainee.click("s1:counsellor:0")
    before = [(await db.scalars(select(func.max(model.id)))).one() for model in (Enrolment, CounsellorRequest)]
    await trainee.send("/forget")
    await trainee.tap(texts.BTN_FORGET_CONFIRM)  # the newest enrolment and request are deleted with the person

    newcomer = UserClient(dp, bot, user_id=TRAINEE + 1)
    await enrol_via_card(newcomer)
    await complete_intake(newcomer)
    await newcomer.click("s1:counsellor:0")
    db.expire_all()
    after = [(await db.scalars(select(func.max(model.id)))).one() for model in (Enrolment, CounsellorRequest)]
    assert all(new > old for new, old in zip(after, before, strict=True))  # "#n" never names someone else
