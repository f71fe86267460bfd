"""A test user: the production ChatDriver plus helpers to read what the bot sent."""

from __future__ import annotations

from typing import Any

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from aiogram.types import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, Voice

from bot.driver import ChatDriver

Calls = list[TelegramMethod[Any]]


def texts_of(calls: Calls) -> list[str]:
    return [c.text for c in calls if isinstance(c, SendMessage | EditMessageText) and c.text]


def alerts_of(calls: Calls) -> list[str]:
    return [c.text or "" for c in calls if isinstance(c, AnswerCallbackQuery)]


def inline_labels(calls: Calls) -> list[str]:
    markup = last_inline_markup(calls)
    return [b.text for row in markup.inline_keyboard for b in row] if markup else []


def reply_labels(calls: Calls) -> list[str]:
    for call in reversed(calls):
        markup = getattr(call, "reply_markup", None)
        if isinstance(markup, ReplyKeyboardMarkup):
            return [b.text for row in markup.keyboard for b in row]
    return []


def last_inline_markup(calls: Calls) -> InlineKeyboardMarkup | None:
    for call in reversed(calls):
        markup = getattr(call, "reply_markup", None)
        if isinstance(markup, InlineKeyboardMarkup):
            return markup
    return None


class UserClient(ChatDriver):
    """Presses buttons by their label, on the newest message that shows one, like a person scrolling up."""

    async def send_voice(self, file_id: str, duration: int = 3, file_size: int | None = None) -> Calls:
        voice = Voice(file_id=file_id, file_unique_id=file_id, duration=duration, mime_type="audio/ogg",
                      file_size=file_size)
        return await self._feed_message(voice=voice)

    async def tap(self, label: str) -> Calls:
        for index in range(len(self.session.requests) - 1, -1, -1):
            request = self.session.requests[index]
            markup = getattr(request, "reply_markup", None)
            # Several users may share one bot in a test: only this user's chat counts.
            if not isinstance(markup, InlineKeyboardMarkup) or getattr(request, "chat_id", None) != self.chat.id:
                continue
            for row in markup.inline_keyboard:
                for button in row:
                    if button.text == label and button.callback_data:
                        result = self.session.results[index]
                        message = result if isinstance(result, Message) else None
                        return await self.click(button.callback_data, message)
        raise AssertionError(f"no button {label!r}; the last keyboard has {inline_labels(self.session.requests)}")
