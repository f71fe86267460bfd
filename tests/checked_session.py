"""The offline Bot API for tests, with a watch on "commit first, then speak".

Every request is checked: one made while the calling code's unit of work is still open (a handler talking to
Telegram inside its transaction) is recorded as a violation; the `bot` fixture fails the test if any was.
A test can also make the next call to one chat fail (e.g. the staff member's reply after /confirm).
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.methods import GetMe, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.offline import OfflineSession
from storage.unit_of_work import transaction_open


class CheckedSession(OfflineSession):
    def __init__(self) -> None:
        super().__init__()
        self.violations: list[str] = []
        self._failures: dict[int, list[BaseException]] = {}

    def fail_next(self, chat_id: int, error: BaseException) -> None:
        """Raise `error` for the next call naming `chat_id`."""
        self._failures.setdefault(chat_id, []).append(error)

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None) -> Any:
        # getMe is the one exception: aiogram asks once per process and keeps the answer (the bot asks at start).
        if transaction_open() and not isinstance(method, GetMe):
            self.violations.append(method.__api_method__)
        planned = self._failures.get(getattr(method, "chat_id", None))  # type: ignore[arg-type]
        if planned:
            self.requests.append(method)
            self.results.append(planned[0])
            raise planned.pop(0)
        return await super().make_request(bot, method, timeout)
