"""Voice messages through the Dispatcher: transcribed by a stand-in ASR server on 127.0.0.1, echoed, and
answered like typed text; without ASR_URL, too long, or when the ASR server fails, a kind "please type"."""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot
from aiogram.methods import GetFile, SendMessage
from aiogram.types import Message, Update, Voice
from pydantic import SecretStr
from sqlalchemy import select

from bot import texts
from bot.app import create_bot, create_dispatcher
from bot.clock import FixedClock
from bot.config import Settings
from bot.runtime import open_runtime
from bot.texts import counsellor as ct
from bot.texts import voice as vt
from bot.voice import VoiceToTextMiddleware
from storage import voice_claims
from storage.models import VoiceClaim
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID, TODAY, make_settings
from tests.s1131_helpers import DEFAULT_ANSWERS, complete_intake
from tests.test_counsellor_chat import delivered
from tests.voice_helpers import OGG, AsrStub, FileSession, file_session


@pytest.fixture
async def asr() -> AsyncIterator[AsrStub]:
    server = AsrStub()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def settings(database_url: str, asr: AsrStub) -> Settings:
    return make_settings(database_url, asr_url=asr.url, asr_timeout=1.0, asr_api_key=SecretStr("k-123"))


@pytest.fixture
def bot(settings: Settings) -> Bot:
    session = FileSession()
    session.files["v1"] = OGG
    return create_bot(settings, session=session)


async def test_voice_is_transcribed_echoed_and_answered_like_typed_text(user: UserClient, asr: AsrStub, bot) -> None:
    calls = await user.send_voice("v1")
    said = texts_of(calls)
    assert said[0] == vt.HEARD.format(text="养老护理 海州区")
    typed = texts_of(await user.send("养老护理 海州区"))
    assert said[1:] == typed  # the same answer as the typed question
    assert said[1].startswith("为您找到")
    [heard] = asr.requests
    assert heard.audio == OGG and heard.content_type == "audio/ogg"
    assert (heard.model, heard.language, heard.authorization) == ("Systran/faster-whisper-small", "zh", "Bearer k-123")
    assert [c.file_id for c in calls if isinstance(c, GetFile)] == ["v1"]
    assert file_session(bot).downloads[0].endswith("/file/bot" + bot.token + "/voice/v1.oga")


async def test_voice_answers_the_question_a_dialogue_is_asking(user: UserClient, asr: AsrStub) -> None:
    await user.send(texts.BTN_1131)
    for key in ("group", "district", "education", "work_years"):
        await user.tap(DEFAULT_ANSWERS[key])
    asr.text = "工廠普工"  # as Whisper often writes it: Traditional characters
    calls = await user.send_voice("v1")  # the answer to "last job", spoken
    assert texts_of(calls)[0] == vt.HEARD.format(text="工厂普工")
    assert texts.INTAKE_QUESTIONS["wanted"] in texts_of(calls)[1]


async def test_voice_in_a_counsellor_conversation_reaches_the_staff(user: UserClient, asr: AsrStub) -> None:
    await UserClient(user.dp, user.bot, user_id=ADMIN_ID).send("/start")  # a bot writes only to who opened it
    await complete_intake(user)
    await user.click("s1:counsellor:0")
    asr.text = "老师您好，我想学叉车"
    calls = await user.send_voice("v1")
    assert texts_of(calls)[0] == vt.HEARD.format(text="老师您好，我想学叉车")
    assert texts_of(calls)[-1] == ct.FORWARDED
    calls += await delivered(user)  # messages to staff go through the outbox
    assert any(c.chat_id == ADMIN_ID and "我想学叉车" in c.text for c in calls if isinstance(c, SendMessage))


@pytest.mark.parametrize(
    ("status", "delay", "text", "expected"),
    [(500, 0.0, "x", vt.FAILED), (200, 2.0, "x", vt.FAILED), (200, 0.0, "  ", vt.EMPTY)],
    ids=["server error", "too slow", "silence"],
)
async def test_asr_failure_asks_kindly_to_type(user: UserClient, asr: AsrStub, status, delay, text, expected) -> None:
    asr.status, asr.delay, asr.text = status, delay, text
    calls = await user.send_voice("v1")
    assert texts_of(calls) == [expected]
    assert not any(t.startswith(("为您找到", "没有找到")) for t in texts_of(calls))


async def test_too_long_or_too_big_is_not_sent_to_the_asr_server(user: UserClient, asr: AsrStub, bot) -> None:
    limit = 60
    assert texts_of(await user.send_voice("v1", duration=limit + 1)) == [vt.TOO_LONG.format(limit=limit)]
    assert texts_of(await user.send_voice("v1", file_size=2_000_000)) == [vt.TOO_LONG.format(limit=limit)]
    file_session(bot).files["big"] = OGG * 1000  # says nothing of its size until downloaded: capped while reading
    assert texts_of(await user.send_voice("big")) == [vt.TOO_LONG.format(limit=limit)]
    assert asr.requests == []


async def test_without_asr_url_a_voice_message_gets_please_type(database_url: str) -> None:
    settings = make_settings(database_url)
    async with open_runtime(settings, clock=FixedClock(settings.tz, TODAY)) as runtime:
        person = UserClient(create_dispatcher(runtime), create_bot(settings, session=FileSession()))
        calls = await person.send_voice("v1")
        assert texts_of(calls) == [vt.TYPE_PLEASE]
        assert not [c for c in calls if not isinstance(c, SendMessage)]  # nothing downloaded


async def test_a_redelivered_voice_update_is_not_transcribed_again(user: UserClient, asr: AsrStub) -> None:
    voice = Voice(file_id="v1", file_unique_id="v1", duration=3, mime_type="audio/ogg")
    message = Message(message_id=77, date=datetime.now(UTC), chat=user.chat, from_user=user.user, voice=voice)
    update = Update(update_id=4_000_001, message=message)
    first = texts_of(await user.feed(update))
    assert first[0] == vt.HEARD.format(text="养老护理 海州区") and len(asr.requests) == 1
    again = await user.feed(update)  # Telegram redelivers it (the answer was not confirmed in time)
    assert len(asr.requests) == 1  # the ASR is not asked again
    assert texts_of(again) == []  # nor is anything said twice


async def test_two_processes_given_the_same_voice_update_transcribe_it_once(
    settings: Settings, runtime, asr: AsrStub
) -> None:
    """Two bot processes on one database (webhook workers; without Redis nothing else keeps them apart before the
    update's transaction) receive the same voice update at the same moment: the claim in the database lets one
    of them call the ASR server; that one echoes and answers, the other leaves the update alone."""
    asr.delay = 0.3  # the second delivery arrives while the first is still listening
    bots: list[Bot] = []
    async with open_runtime(settings, clock=FixedClock(settings.tz, TODAY)) as second:
        dispatchers = [create_dispatcher(runtime), create_dispatcher(second)]
        for _ in dispatchers:
            session = FileSession()
            session.files["v1"] = OGG
            bots.append(create_bot(settings, session=session))
        person = UserClient(dispatchers[0], bots[0], user_id=1001, first_name="小王")
        voice = Voice(file_id="v1", file_unique_id="v1", duration=3, mime_type="audio/ogg")
        message = Message(message_id=78, date=datetime.now(UTC), chat=person.chat, from_user=person.user, voice=voice)
        update = Update(update_id=4_000_002, message=message)
        await asyncio.gather(*(dp.feed_update(bot, update) for dp, bot in zip(dispatchers, bots, strict=True)))
    assert len(asr.requests) == 1
    said = [c.text for bot in bots for c in file_session(bot).requests if isinstance(c, SendMessage)]
    assert said.count(vt.HEARD.format(text="养老护理 海州区")) == 1
    assert len([t for t in said if t.startswith("为您找到")]) == 1  # answered once


async def test_a_claim_is_a_lease_another_process_may_take_over(runtime) -> None:
    lease = timedelta(seconds=75)
    t0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    for at, owner, expected in ((t0, "a", True), (t0 + timedelta(seconds=74), "b", False),
                                (t0 + timedelta(seconds=76), "b", True)):  # fmt: skip
        async with runtime.sessionmaker() as session, session.begin():
            assert await voice_claims.claim(session, 4_000_003, at, lease=lease, owner=owner) is expected
    later = t0 + voice_claims.KEEP + timedelta(minutes=5)
    async with runtime.sessionmaker() as session, session.begin():  # old claims go as new ones are made
        assert await voice_claims.claim(session, 4_000_004, later, lease=lease, owner="a")
        assert (await session.scalars(select(VoiceClaim.update_id))).all() == [4_000_004]


async def test_a_claim_of_a_process_killed_on_this_host_is_taken_over_at_once(settings: Settings, runtime) -> None:
    """kill -9 while listening, then a restart: Telegram delivers the update again, and the new process need not
    wait for the dead one's lease. A live process's claim (another middleware here) is left alone."""
    dead = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await dead.wait()
    middleware = VoiceToTextMiddleware(settings)
    now = datetime.now(UTC)
    lease = timedelta(minutes=5)
    for update_id, holder, expected in ((4_000_005, f"{socket.gethostname()}:{dead.pid}:0badc0de", True),
                                        (4_000_006, VoiceToTextMiddleware(settings)._owner, False),
                                        (4_000_007, f"elsewhere:{dead.pid}:0badc0de", False)):  # fmt: skip
        async with runtime.sessionmaker() as session, session.begin():
            assert await voice_claims.claim(session, update_id, now, lease=lease, owner=holder)
        async with runtime.sessionmaker() as session, session.begin():
            taken = await voice_claims.claim(
                session, update_id, now, lease=lease, owner=middleware._owner, holder_gone=middleware._gone
            )
        assert taken is expected, holder
