"""/settings: class reminders and follow-up surveys on or off. Muting never deletes anything."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import texts
from bot.args import CallbackInt
from storage.models import User


class SettingsCb(CallbackData, prefix="st"):
    mute: CallbackInt  # 1 mute, 0 unmute: the wanted state, so pressing an old button twice changes nothing more


def settings_view(user: User) -> tuple[str, InlineKeyboardMarkup]:
    muted = user.reminders_muted
    text = texts.SETTINGS.format(state=texts.SETTINGS_OFF if muted else texts.SETTINGS_ON)
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.BTN_UNMUTE if muted else texts.BTN_MUTE, callback_data=SettingsCb(mute=0 if muted else 1))
    return text, kb.as_markup()


async def show_settings(message: Message, db_user: User) -> None:
    text, markup = settings_view(db_user)
    await message.answer(text, reply_markup=markup)


async def on_toggle(callback: CallbackQuery, callback_data: SettingsCb, db_user: User) -> None:
    db_user.reminders_muted = bool(callback_data.mute)  # saved by the update's unit of work
    await callback.answer(texts.SETTINGS_SAVED)
    if isinstance(callback.message, Message):
        text, markup = settings_view(db_user)
        with suppress(TelegramBadRequest):  # a double tap: the message already says so
            await callback.message.edit_text(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name="settings")
    router.message.register(show_settings, Command("settings"))
    router.callback_query.register(on_toggle, SettingsCb.filter())
    return router
