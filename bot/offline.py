"""A Bot API session that never leaves the process: used by `shell` and by the tests.

It records every method the bot calls and answers with plausible results (a Message for the send
and edit methods, True otherwise). Tests can queue exact results or errors, served first-in first-out.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import GetMe, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, InlineKeyboardMarkup, Message, User

BOT_USER = User(id=42, is_bot=True, first_name="培训服务助手", username="skills_training_bot")


class OfflineSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.results: list[Any] = []  # results[i] answers requests[i]
        self._queued: deque[Any] = deque()
        self._message_ids = itertools.count(1000)

    def queue(self, result_or_error: Any) -> None:
        """Serve this (or raise it, if it is an exception) for the next request."""
        self._queued.append(result_or_error)

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None) -> Any:
        self.requests.append(method)
        result = self._queued.popleft() if self._queued else self._default_result(method)
        self.results.append(result)
        if isinstance(result, BaseException):
            raise result
        return result

    def _default_result(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetMe):
            return BOT_USER
        if method.__returning__ is Message or method.__api_method__.startswith("edit"):
            return self._message_for(method)
        return True

    def _message_for(self, method: TelegramMethod[Any]) -> Message:
        params = method.model_dump(exclude_none=True)
        chat_id = params.get("chat_id", 0)
        markup = getattr(method, "reply_markup", None)  # a Message can only carry an inline keyboard
        return Message(
            message_id=params.get("message_id") or next(self._message_ids),
            date=datetime.now(UTC),
            chat=Chat(id=chat_id if isinstance(chat_id, int) else 0, type="private"),
            from_user=BOT_USER,
            text=params.get("text"),
            caption=params.get("caption"),
            reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
        )

    async def close(self) -> None:
        pass

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError("the offline session has no files to download")
        yield b""
