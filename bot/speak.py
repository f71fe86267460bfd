"""Commit first, then speak: no Bot API call leaves while an update's database transaction is open.

Handlers reply as usual (message.answer, edit_text, callback.answer …). While the update's unit of work is
open, the session middleware DeferReplies keeps those calls instead of sending them; SpeakAfterCommit sends
them, in order, once the transaction has committed. If the handler fails, they are dropped with the rolled-back
transaction and the error handler's apology is the only answer. So nobody is told of something that did not
happen, and SQLite's single write lock is never held across a Telegram round trip.

Messages to other people do not come through here: they are outbox rows (storage.outbox.notify).

A reply that fails after the commit cannot undo the commit. A message (or an edit) refused for a passing
reason (5xx, 429, network) goes to the outbox and the sender delivers it; an edit Telegram will not make
(message too old or gone) is sent as a new message; anything else is logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.reply_queue import ChatReplies
from storage import outbox
from storage.unit_of_work import transaction_open, unit_of_work

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
AfterCommit = Callable[[Bot], Awaitable[None]]

# Methods that change what someone sees; reads (getFile, getMe …) are answered at once.
_SPEAKING = ("send", "edit", "answer", "delete", "copy", "forward", "pin", "unpin", "stop")
_PASSING = (TelegramServerError, TelegramNetworkError, TelegramRetryAfter)


@dataclass
class Replies:
    """What one update says, in order: Bot API methods, and actions that need a sent message's result."""

    items: list[TelegramMethod[Any] | AfterCommit] = field(default_factory=list)
    # Set once the update is over: a task the handler started (it inherits this context) then speaks directly.
    closed: bool = False


_replies: ContextVar[Replies | None] = ContextVar("replies_after_commit", default=None)


class NotSentYet:
    """Stands in for a deferred call's result. Using it is a mistake: the message has not been sent yet."""

    def __init__(self, method: TelegramMethod[Any]) -> None:
        self._method = type(method).__name__

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(
            f"{self._method} is sent after the update commits, so its result ({name}) is not known in the handler: "
            "use bot.speak.after_commit"
        )


def chat_of(data: dict[str, Any]) -> int | None:
    """The chat an update's replies go to (a private chat's id is its person's)."""
    chat: Chat | None = data.get("event_chat")
    if chat is not None:
        return chat.id
    user: User | None = data.get("event_from_user")
    return user.id if user is not None else None


def after_commit(action: AfterCommit) -> None:
    """Run `action(bot)` after the update's commit, in order with its replies (e.g. send a message whose id is
    then stored). Outside an update it is an error: there is nothing to wait for."""
    replies = _replies.get()
    if replies is None:
        raise RuntimeError("after_commit outside an update")
    replies.items.append(action)


class DeferReplies(BaseRequestMiddleware):
    """On the bot's session: keeps the calls an update makes while its transaction is open."""

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Any:
        replies = _replies.get()
        speaking = method.__api_method__.startswith(_SPEAKING)
        if replies is None or replies.closed or not transaction_open() or not speaking:
            return await make_request(bot, method)
        replies.items.append(method)
        return NotSentYet(method)


class SpeakAfterCommit(BaseMiddleware):
    """Outside the unit of work (and outside the Redis dialogue-state writes): when the handler returns, all is
    committed, and the update's replies go out. With `queue` (bot/reply_queue.py) they are handed to the chat's
    reply queue and the update ends at once, freeing its slot; the queue keeps a chat's replies in order across
    updates. Without it (Redis: chats shared between processes) they are sent here, while aiogram's per-chat lock
    is still held, which keeps the order across processes."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, queue: ChatReplies | None = None
    ) -> None:
        self._sessionmaker, self._clock, self._queue = sessionmaker, clock, queue

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        replies = Replies()
        token = _replies.set(replies)
        try:
            result = await handler(event, data)
        finally:
            replies.closed = True
            _replies.reset(token)  # on failure the replies are dropped with the rolled-back transaction
        if replies.items:
            await self.send(data["bot"], chat_of(data), replies.items)
        return result

    async def send(self, bot: Bot, chat_id: int | None, items: list[TelegramMethod[Any] | AfterCommit]) -> None:
        """Say `items` in the chat, after what the chat's earlier updates said."""
        if self._queue is None or chat_id is None:
            await self._speak(bot, items)
        else:
            await self._queue.submit(chat_id, partial(self._speak, bot, items))

    async def _speak(self, bot: Bot, items: list[TelegramMethod[Any] | AfterCommit]) -> None:
        # A button's answer (the spinner stops, maybe an alert) has no place in the chat's order: it goes alongside
        # the messages instead of costing the update one more round trip.
        answers = [asyncio.create_task(self._answer(bot, m)) for m in items if isinstance(m, AnswerCallbackQuery)]
        await asyncio.sleep(0)  # let them start first, as they were asked first
        try:
            await self._in_order(bot, [m for m in items if not isinstance(m, AnswerCallbackQuery)])
        finally:
            await asyncio.gather(*answers)

    @staticmethod
    async def _answer(bot: Bot, method: AnswerCallbackQuery) -> None:
        try:
            await bot(method)
        except TelegramAPIError as exc:  # an old button (its answer window has passed), Telegram busy
            log.info("button answer not delivered: %s", type(exc).__name__)

    async def _in_order(self, bot: Bot, items: list[TelegramMethod[Any] | AfterCommit]) -> None:
        for index, item in enumerate(items):
            if not isinstance(item, TelegramMethod):
                try:
                    await item(bot)
                except TelegramAPIError as exc:
                    log.warning("after-commit action failed: %s", type(exc).__name__)
                continue
            try:
                await bot(item)
            except _PASSING as exc:
                # This and every later message of the update go to the outbox, which keeps their order.
                await self._to_outbox(items[index:], exc)
                return
            except TelegramBadRequest as exc:
                await self._refused(bot, item, exc)
            except TelegramAPIError as exc:  # e.g. the person blocked the bot meanwhile
                log.warning("reply %s not delivered: %s", type(item).__name__, type(exc).__name__)

    async def _refused(self, bot: Bot, method: TelegramMethod[Any], exc: TelegramBadRequest) -> None:
        if "not modified" in exc.message:  # a double tap: the message already says so
            return
        if isinstance(method, EditMessageText) and isinstance(method.chat_id, int):
            log.info("message could not be edited (%s); sending a new one", exc.message)
            try:
                await bot.send_message(method.chat_id, method.text, reply_markup=method.reply_markup)
            except TelegramAPIError as again:
                log.warning("reply not delivered: %s", type(again).__name__)
            return
        log.warning("reply %s refused: %s", type(method).__name__, exc.message)

    async def _to_outbox(self, methods: list[TelegramMethod[Any] | AfterCommit], exc: TelegramAPIError) -> None:
        wait = exc.retry_after if isinstance(exc, TelegramRetryAfter) else 1
        due = self._clock.now() + timedelta(seconds=wait)
        kept = 0
        async with unit_of_work(self._sessionmaker) as session:
            for method in methods:
                if isinstance(method, SendMessage | EditMessageText) and isinstance(method.chat_id, int):
                    keyboard = method.reply_markup
                    markup = keyboard.model_dump(mode="json", exclude_none=True) if keyboard else None
                    kept += await outbox.notify(session, method.chat_id, method.text, due, markup=markup) is not None
        log.warning("replies failed (%s): %d of %d handed to the outbox", type(exc).__name__, kept, len(methods))
