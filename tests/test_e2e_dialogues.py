"""End to end through the real polling loop: commands in the middle of the 1131 intake, and the two-way
counsellor conversation (the person's words reach staff, staff answer, the person leaves). On the shared bot
(tests/e2e.py: the sample catalogue, ADMIN_ID as admin)."""

from __future__ import annotations

from bot import texts
from bot.runtime import open_runtime
from bot.texts import counsellor as ct
from bot.texts import subscriptions as st
from storage import counsellor
from storage.models_service import ServiceCase
from storage.unit_of_work import unit_of_work
from tests.conftest import ADMIN_ID, make_settings
from tests.e2e import SHARED_BOT, SharedBot

USER = 558
pytestmark = SHARED_BOT


def inline_data(call, label: str) -> str:
    return next(b["callback_data"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row
                if b["text"] == label)


async def open_request_for(database_url: str, user_id: int) -> int:
    """A 1131 case with an open counsellor request, as the intake and 找人工指导 leave them."""
    async with (
        open_runtime(make_settings(database_url), sample=False) as runtime,
        unit_of_work(runtime.sessionmaker) as session,
    ):
        case = ServiceCase(user_id=user_id)
        session.add(case)
        await session.flush()
        request = await counsellor.open_request(session, case)
        assert request is not None
        return request.id


async def test_commands_mid_intake_and_the_counsellor_conversation(shared_bot: SharedBot) -> None:
    # Searches and the 1131 steps answer from the sample catalogue.
    stub, database_url = shared_bot.stub, shared_bot.database_url

    async def reply_to(chat_id: int, text: str) -> str:
        before = len(stub.calls_to("sendMessage", chat_id))
        await stub.push_text(chat_id, text)
        return (await stub.wait_for("sendMessage", chat_id, after=before)).params["text"]

    await reply_to(ADMIN_ID, "/start")
    await reply_to(USER, "/start")
    await stub.push_text(USER, texts.BTN_1131)
    question = await stub.wait_for("sendMessage", USER, after=2)  # the intro, then the first question
    await stub.push_callback(USER, inline_data(question, "失业人员"), question.result["message_id"])
    await stub.wait_for("sendMessage", USER, after=3)
    assert await reply_to(USER, "/unsubscribe") == st.STOPPED_NONE  # not swallowed by the intake

    request_id = await open_request_for(database_url, USER)
    await stub.push_callback(USER, f"cs:r:{request_id}", 1)
    entered = await stub.wait_for("sendMessage", USER, after=5)
    assert entered.params["text"] == ct.ENTERED.format(id=request_id)

    staff_before = len(stub.calls_to("sendMessage", ADMIN_ID))
    assert await reply_to(USER, "好的，谢谢老师") == ct.FORWARDED
    seen = (await stub.wait_for("sendMessage", ADMIN_ID, after=staff_before)).params["text"]
    assert f"咨询 #{request_id}" in seen and "好的，谢谢老师" in seen

    user_before = len(stub.calls_to("sendMessage", USER))
    assert await reply_to(ADMIN_ID, f"/answer {request_id} 不客气，有问题随时问") == texts.STAFF_ANSWER_SENT
    # The answer goes to the person through the outbox, right after the staff update commits.
    answer = await stub.wait_for("sendMessage", USER, after=user_before)
    assert "不客气" in answer.params["text"]
    assert await reply_to(USER, ct.BTN_END) == ct.ENDED
    assert (await reply_to(USER, "电工")).startswith(("为您找到", "没有找到"))  # a search again
