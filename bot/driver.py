"""Plays one Telegram user talking to the real Dispatcher, without a network.

`shell` uses it for people at a terminal and the tests use it to act like a user; both go through
the same middlewares, handlers and database as `run`.
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import CallbackQuery, Chat, Contact, Location, Message, Sticker, Update, User

from bot.offline import OfflineSession

# One counter for every driver in the process (several users may share a dispatcher), started from the
# clock in milliseconds so ids stay unique across shell runs on one database (see processed_updates).
_UPDATE_IDS = itertools.count(int(time.time() * 1000))


class ChatDriver:
    def __init__(self, dp: Dispatcher, bot: Bot, user_id: int = 1001, first_name: str = "小王") -> None:
        if not isinstance(bot.session, OfflineSession):
            raise TypeError("ChatDriver needs a bot built on OfflineSession")
        self.dp = dp
        self.bot = bot
        self.session: OfflineSession = bot.session
        self.user = User(id=user_id, is_bot=False, first_name=first_name, language_code="zh-hans")
        self.chat = Chat(id=user_id, type="private", first_name=first_name)
        self._update_ids = _UPDATE_IDS
        self._message_ids = itertools.count(1)

    async def send(self, text: str) -> list[TelegramMethod[Any]]:
        return await self._feed_message(text=text)

    async def share_location(self, lat: float, lon: float) -> list[TelegramMethod[Any]]:
        return await self._feed_message(location=Location(latitude=lat, longitude=lon))

    async def share_contact(self, phone: str, user_id: int | None = None) -> list[TelegramMethod[Any]]:
        """Share a phone number; by default the user's own (Telegram's share-contact button)."""
        owner = self.user.id if user_id is None else user_id
        contact = Contact(phone_number=phone, first_name=self.user.first_name, user_id=owner)
        return await self._feed_message(contact=contact)

    async def send_sticker(self) -> list[TelegramMethod[Any]]:
        sticker = Sticker(
            file_id="CAACAgIAAxk",
            file_unique_id="AgAD",
            type="regular",
            width=512,
            height=512,
            is_animated=False,
            is_video=False,
        )
        return await self._feed_message(sticker=sticker)

    async def click(self, data: str, message: Message | None = None) -> list[TelegramMethod[Any]]:
        """Press an inline button with this callback data (on `message`, or on a stand-in message)."""
        if message is None:
            message = Message(message_id=next(self._message_ids), date=_now(), chat=self.chat, text="…")
        query = CallbackQuery(
            id=str(next(self._update_ids)), from_user=self.user, chat_instance="driver", message=message, data=data
        )
        return await self.feed(Update(update_id=next(self._update_ids), callback_query=query))

    async def feed(self, update: Update) -> list[TelegramMethod[Any]]:
        """Feed any update; returns the Bot API calls the bot made while handling it."""
        start = len(self.session.requests)
        await self.dp.feed_update(self.bot, update)
        await settle(self.dp)
        return self.session.requests[start:]

    async def _feed_message(self, **content: Any) -> list[TelegramMethod[Any]]:
        message = Message(
            message_id=next(self._message_ids), date=_now(), chat=self.chat, from_user=self.user, **content
        )
        return await self.feed(Update(update_id=next(self._update_ids), message=message))


async def settle(dp: Dispatcher) -> None:
    """Wait until the replies of updates already handled have been sent: they leave per chat after the update
    has ended (bot/reply_queue.py), and a person reads them before typing again."""
    queue = dp.workflow_data.get("chat_replies")
    if queue is not None:
        await queue.idle()


def _now() -> datetime:
    return datetime.now(UTC)
