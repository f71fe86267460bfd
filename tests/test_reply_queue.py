"""Replies leave per chat after the update has freed its slot (bot/reply_queue.py): the next update is handled
while Telegram is still taking the previous one's replies, yet a chat's answers arrive in the order asked, and
other chats are not held up by a slow one."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import Message, Update
from sqlalchemy import func, select

from bot import texts
from bot.app import create_bot, create_dispatcher
from bot.driver import settle
from bot.offline import OfflineSession
from bot.reply_queue import ChatReplies
from bot.runtime import Runtime
from storage.models import ProcessedUpdate
from tests.client import UserClient
from tests.databases import REDIS_URL

ids = itertools.count(9_000_000)
pytestmark = pytest.mark.skipif(bool(REDIS_URL), reason="with Redis, replies are sent inside the chat's lock")


class HeldSession(OfflineSession):
    """The offline Bot API, but messages to `held` wait until released."""

    def __init__(self, held: int) -> None:
        super().__init__()
        self.held, self.release = held, asyncio.Event()
        self.waiting = asyncio.Event()

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        if isinstance(method, SendMessage) and method.chat_id == self.held and not self.release.is_set():
            self.waiting.set()
            await self.release.wait()
        return await super().make_request(bot, method, timeout)


def said_to(session: OfflineSession, chat_id: int) -> list[str]:
    return [m.text for m in session.requests if isinstance(m, SendMessage) and m.chat_id == chat_id]


async def handled(runtime: Runtime) -> int:
    async with runtime.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(ProcessedUpdate)) or 0


@pytest.fixture
def held() -> HeldSession:
    return HeldSession(held=701)


@pytest.fixture
def setup(runtime: Runtime, held: HeldSession) -> tuple[Dispatcher, Bot]:
    return create_dispatcher(runtime), create_bot(runtime.settings, session=held)


async def test_the_next_update_is_handled_while_replies_wait_but_answers_keep_their_order(
    runtime: Runtime, setup: tuple[Dispatcher, Bot], held: HeldSession
) -> None:
    dp, bot = setup
    slow, other = UserClient(dp, bot, user_id=701), UserClient(dp, bot, user_id=702)
    first = asyncio.create_task(dp.feed_update(bot, update_from(slow, "/help")))
    await held.waiting.wait()  # Telegram has not taken the /help answer yet
    await asyncio.wait_for(first, 10)  # ... but the update is over: committed, its slot free (guard: no hang)
    await dp.feed_update(bot, update_from(slow, "/start"))  # the same chat's next message is handled meanwhile
    assert await handled(runtime) == 2
    assert said_to(held, 701) == []  # and its answer waits behind the first one's
    await dp.feed_update(bot, update_from(other, "/help"))
    await dp.workflow_data["chat_replies"].idle(702)
    assert said_to(held, 702) == [texts.HELP]  # another chat is not held up by the slow one
    held.release.set()
    await settle(dp)
    answers = said_to(held, 701)
    assert answers[0] == texts.HELP and len(answers) >= 2 and texts.HELP not in answers[1:]


async def test_when_the_backlog_is_full_the_next_update_waits_with_its_slot() -> None:
    queue, sent = ChatReplies(limit=1), []
    gate = asyncio.Event()

    async def slow() -> None:
        await gate.wait()
        sent.append("slow")

    async def quick() -> None:
        sent.append("quick")

    await queue.submit(1, slow)
    waiting = asyncio.create_task(queue.submit(2, quick))
    await asyncio.sleep(0.05)
    assert not waiting.done()  # no room: the update submitting it is held (and Telegram's intake slows)
    gate.set()
    await waiting
    await queue.idle()
    assert sent == ["slow", "quick"]


def update_from(client: UserClient, text: str) -> Update:
    message = Message(message_id=next(ids), date=datetime.now(UTC), chat=client.chat, from_user=client.user, text=text)
    return Update(update_id=next(ids), message=message)
