"""Replying to a button press by editing its message, with a fallback for messages Telegram won't edit."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

log = logging.getLogger(__name__)


async def edit_or_send(callback: CallbackQuery, bot: Bot, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the pressed message; if Telegram will not (too old, gone), send the text as a new message."""
    if isinstance(callback.message, Message):
        try:
            await callback.message.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return
            log.info("message could not be edited (%s); sending a new one", exc.message)
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)
