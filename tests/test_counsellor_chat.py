"""The counsellor conversation both ways: the person's words reach the staff member who answered, staff
reply, the person leaves the mode by button, typed words, /menu or a menu button; closed means normal again."""

from __future__ import annotations

from datetime import timedelta

from aiogram.exceptions import TelegramServerError
from aiogram.methods import SendMessage
from sqlalchemy import select

from bot import texts
from bot.runtime import Runtime
from bot.texts import counsellor as ct
from scheduler.sender import Sender, backoff
from storage.models_schedule import OutboxItem
from storage.staff import grant
from storage.unit_of_work import unit_of_work
from tests.client import UserClient, alerts_of, reply_labels, texts_of
from tests.conftest import ADMIN_ID
from tests.fsm_helpers import dialogue_of
from tests.s1131_helpers import complete_intake
from tests.scheduling_helpers import NoWait, move_to

OTHER_STAFF = 7002


def sent_to(calls, chat_id: int) -> list[str]:
    return [c.text for c in calls if isinstance(c, SendMessage) and c.chat_id == chat_id]


async def delivered(user: UserClient) -> list:
    """Notices to other people are outbox rows: what the sender sends once the update has committed."""
    dp, start = user.dp, len(user.session.requests)
    await Sender(dp["sessionmaker"], user.bot, dp["settings"], dp["clock"], limiter=NoWait()).run_once()  # type: ignore[arg-type]
    return user.session.requests[start:]


async def ask_for_counsellor(user: UserClient) -> tuple[int, list]:
    await UserClient(user.dp, user.bot, user_id=ADMIN_ID).send("/start")  # a bot writes only to who opened it
    await complete_intake(user)
    await user.tap(texts.BTN_S1131_GUIDANCE)
    calls = await user.click("s1:counsellor:0")
    assert alerts_of(calls) == [texts.COUNSELLOR_SENT]
    calls += await delivered(user)
    [notice] = sent_to(calls, ADMIN_ID)
    return int(notice.split("#", 1)[1].split("<", 1)[0]), calls


async def test_what_the_person_types_reaches_staff_who_reply(user: UserClient, dp, bot, runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:  # a second member covering 海州区
        await grant(session, OTHER_STAFF, ["海州区"], ADMIN_ID)
    other = UserClient(dp, bot, user_id=OTHER_STAFF)
    await other.send("/start")
    request_id, calls = await ask_for_counsellor(user)
    assert ct.ENTERED.format(id=request_id) in texts_of(calls) and reply_labels(calls) == [ct.BTN_END]

    # Before anyone answered, every staff member covering the district sees it, with the request id.
    calls = await user.send("我想问一下叉车培训要多久")
    assert texts_of(calls)[-1] == ct.FORWARDED
    calls += await delivered(user)
    for staff_id in (ADMIN_ID, OTHER_STAFF):
        [seen] = sent_to(calls, staff_id)
        assert f"咨询 #{request_id}" in seen and "叉车培训要多久" in seen and f"/answer {request_id}" in seen

    staff = UserClient(dp, bot, user_id=ADMIN_ID)
    calls = await staff.send(f"/answer {request_id} 一般一个月") + await delivered(staff)
    [reply] = [c for c in calls if isinstance(c, SendMessage) and c.chat_id == user.user.id]
    assert "一般一个月" in reply.text
    assert [b.text for row in reply.reply_markup.inline_keyboard for b in row] == [ct.BTN_REPLY, ct.BTN_END]

    # Now only the member who answered hears the person: "好的，谢谢老师" is no course search.
    calls = await user.send("好的，谢谢老师")
    assert texts_of(calls)[-1] == ct.FORWARDED
    calls += await delivered(user)
    assert "好的，谢谢老师" in sent_to(calls, ADMIN_ID)[0] and sent_to(calls, OTHER_STAFF) == []
    assert not any(t.startswith(("为您找到", "没有找到")) for t in texts_of(calls))


async def test_leaving_by_button_menu_or_menu_button_then_back_by_reply(user: UserClient, dp, bot, runtime) -> None:
    request_id, _ = await ask_for_counsellor(user)
    staff = UserClient(dp, bot, user_id=ADMIN_ID)
    await staff.send(f"/answer {request_id} 您好")
    await delivered(staff)

    calls = await user.send(ct.BTN_END)
    assert texts_of(calls)[-1] == ct.ENDED and texts.BTN_FIND in reply_labels(calls)
    calls += await delivered(user)
    assert any(ct.STAFF_PERSON_LEFT.split("：")[0].format(id=request_id) in t for t in sent_to(calls, ADMIN_ID))
    assert (await dialogue_of(runtime, user.user.id))[0] is None
    calls = await user.send("电工")  # a search again
    calls += await delivered(user)
    assert texts_of(calls)[0].startswith(("为您找到", "没有找到")) and sent_to(calls, ADMIN_ID) == []

    await user.tap(ct.BTN_REPLY)  # under the staff answer: back into the conversation
    assert (await dialogue_of(runtime, user.user.id))[0] == "CounsellorChat:talking"
    await user.send("/menu")
    assert (await dialogue_of(runtime, user.user.id))[0] is None

    await user.tap(ct.BTN_REPLY)
    calls = await user.send(texts.BTN_FIND)  # a menu button leaves and does what it says
    assert texts_of(calls) == [texts.FIND_PROMPT] and (await dialogue_of(runtime, user.user.id))[0] is None

    await user.tap(ct.BTN_REPLY)
    assert texts_of(await user.send("/settings"))[0].startswith("<b>提醒设置")  # commands still work
    assert texts_of(await user.send_sticker()) == [ct.TEXT_ONLY]


async def test_after_staff_close_typing_is_normal_again_and_reply_is_refused(user, dp, bot, runtime) -> None:
    request_id, _ = await ask_for_counsellor(user)
    staff = UserClient(dp, bot, user_id=ADMIN_ID)
    await staff.send(f"/answer {request_id} 您好")
    await delivered(staff)
    await staff.send(f"/close {request_id}")
    await delivered(staff)
    calls = await user.send("电工")
    calls += await delivered(user)
    assert texts_of(calls)[0].startswith(("为您找到", "没有找到")) and sent_to(calls, ADMIN_ID) == []
    assert (await dialogue_of(runtime, user.user.id))[0] is None
    assert alerts_of(await user.tap(ct.BTN_REPLY)) == [ct.REQUEST_GONE]
    calls = await user.send(ct.BTN_END)  # the conversation's keyboard, still on screen
    assert texts_of(calls) == [ct.ENDED] and texts.BTN_FIND in reply_labels(calls)


async def test_someone_elses_request_cannot_be_joined(user: UserClient, dp, bot, runtime) -> None:
    request_id, _ = await ask_for_counsellor(user)
    stranger = UserClient(dp, bot, user_id=4343)
    await stranger.send("/start")
    assert alerts_of(await stranger.click(f"cs:r:{request_id}")) == [ct.REQUEST_GONE]
    assert (await dialogue_of(runtime, 4343))[0] is None


async def test_a_failed_send_to_staff_is_retried_by_the_sender_not_by_the_handler(user, dp, bot, runtime) -> None:
    request_id, _ = await ask_for_counsellor(user)
    staff = UserClient(dp, bot, user_id=ADMIN_ID)
    await staff.send(f"/answer {request_id} 您好")
    await delivered(staff)
    bad_gateway = TelegramServerError(method=SendMessage(chat_id=ADMIN_ID, text="x"), message="Bad Gateway")
    bot.session.fail_next(ADMIN_ID, bad_gateway)

    calls = await user.send("培训地点在哪里")
    assert texts_of(calls) == [ct.FORWARDED]  # the writer's own confirmation, right after the commit
    assert sent_to(calls, ADMIN_ID) == []  # the message to staff is the sender's job, not the handler's
    [failed_try] = sent_to(await delivered(user), ADMIN_ID)
    assert "培训地点在哪里" in failed_try
    assert sent_to(await delivered(user), ADMIN_ID) == []  # waits for its retry time
    move_to(runtime, runtime.clock.now() + backoff(1) + timedelta(seconds=1))
    assert sent_to(await delivered(user), ADMIN_ID) == [failed_try]  # the same message, sent by the retry
    async with runtime.sessionmaker() as session:
        [item] = [i for i in await session.scalars(select(OutboxItem)) if "培训地点在哪里" in i.payload.get("text", "")]
    assert (item.user_id, item.status, item.attempts) == (ADMIN_ID, "sent", 2)
    assert sum(text == ct.FORWARDED for text in sent_to(user.session.requests, user.user.id)) == 1
