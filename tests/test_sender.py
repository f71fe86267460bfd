"""The outbox sender against a Bot API stand-in over real HTTP: a hung chat, a bot-wide 429, and sending as soon as
something is due (woken by the commit that wrote it, or by the moment it falls due), not at the next poll."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiogram import Bot
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import create_bot
from bot.clock import Clock
from bot.config import Settings
from bot.runtime import Runtime
from scheduler.ratelimit import RateLimiter
from scheduler.sender import Sender
from storage import outbox
from storage.models import User
from storage.models_schedule import OutboxItem
from storage.unit_of_work import unit_of_work
from tests.botapi_stub import BotApiStub
from tests.e2e import E2E_TOKEN

CHATS = list(range(601, 611))
POLL = 3600.0  # a poll that never comes within a test: whatever is sent was sent without it


@pytest.fixture
async def http_bot(settings: Settings, stub: BotApiStub) -> AsyncIterator[Bot]:
    real = settings.model_copy(update={"bot_token": SecretStr(E2E_TOKEN), "telegram_api_base": stub.base_url})
    bot = create_bot(real)
    yield bot
    await bot.session.close()


def sender(runtime: Runtime, bot: Bot, *, timeout: int = 2) -> Sender:
    # The real clock: retries and due times must come by themselves here.
    clock = Clock(runtime.settings.tz)
    return Sender(runtime.sessionmaker, bot, runtime.settings, clock, RateLimiter(25), request_timeout=timeout)


async def messages(runtime: Runtime, chats: list[int], *, in_seconds: float = 0) -> None:
    """One message to each chat, due now (+ in_seconds), written as a handler writes it."""
    due = Clock(runtime.settings.tz).now() + timedelta(seconds=in_seconds)
    async with unit_of_work(runtime.sessionmaker) as session:
        for chat in chats:
            if await session.get(User, chat) is None:
                session.add(User(id=chat, display_name=f"u{chat}"))
        await session.flush()
        for chat in chats:
            await outbox.notify(session, chat, f"hello {chat}", due)


async def statuses(runtime: Runtime) -> dict[int, str]:
    async with runtime.sessionmaker() as session:
        return {i.user_id: i.status for i in await session.scalars(select(OutboxItem))}


async def test_a_hung_chat_does_not_hold_up_the_others(runtime: Runtime, http_bot: Bot, stub: BotApiStub) -> None:
    hung, others = CHATS[0], CHATS[1:4]
    stub.hung_chats.add(hung)
    await messages(runtime, [hung, *others])  # the hung chat's message is first in line
    run = asyncio.create_task(sender(runtime, http_bot).run_once())
    for chat in others:
        await stub.wait_for("sendMessage", chat, timeout=10)
    assert not run.done()  # all the others arrived while the hung call was still waiting
    report = await run
    assert report.counts == {"sent": 3, "retried": 1}  # the hung one timed out and is tried again later
    assert (await statuses(runtime))[hung] == "pending"


async def test_a_429_pauses_every_send_of_the_bot(runtime: Runtime, http_bot: Bot, stub: BotApiStub) -> None:
    await messages(runtime, CHATS)
    stub.flood(2)  # Telegram: "retry after 2 s", for the whole bot
    s = sender(runtime, http_bot)
    s.start(POLL)  # the retried item's due time wakes it
    try:
        await s.run_once()
        for chat in CHATS:
            await stub.wait_for("sendMessage", chat, timeout=15)
    finally:
        s.stop()
    refused = [c for c in stub.calls_to("sendMessage") if c.params.get("failed_with") == 429]
    assert len(refused) == 1  # after the first 429 nobody was tried until the pause was over
    delivered = [c for c in stub.calls_to("sendMessage") if "failed_with" not in c.params]
    assert sorted(c.params["chat_id"] for c in delivered) == CHATS  # each once
    assert min(c.at for c in delivered) >= stub.flood_until


async def test_a_commit_that_writes_a_message_wakes_the_sender(runtime: Runtime, http_bot: Bot, stub) -> None:
    s = sender(runtime, http_bot)
    s.start(POLL)
    try:
        await messages(runtime, [CHATS[0]])
        call = await stub.wait_for("sendMessage", CHATS[0], timeout=10)
    finally:
        s.stop()
    assert call.params["text"] == f"hello {CHATS[0]}"


async def test_an_item_is_sent_when_it_falls_due_without_waiting_for_the_poll(
    runtime: Runtime, http_bot: Bot, stub: BotApiStub
) -> None:
    s = sender(runtime, http_bot)
    s.start(POLL)
    try:
        await messages(runtime, [CHATS[0]], in_seconds=1)  # wakes the sender: nothing due yet, the timer is set
        await asyncio.sleep(0.2)
        assert not stub.calls_to("sendMessage")
        await stub.wait_for("sendMessage", CHATS[0], timeout=10)
    finally:
        s.stop()
