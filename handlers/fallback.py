"""Last router: anything nobody else understood gets a kind answer and the menu."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot import texts
from handlers.keyboards import main_menu


async def unknown_command(message: Message) -> None:
    await message.answer(texts.FALLBACK_COMMAND, reply_markup=main_menu())


async def unknown_text(message: Message) -> None:
    await message.answer(texts.FALLBACK_TEXT, reply_markup=main_menu())


async def unknown_media(message: Message) -> None:
    await message.answer(texts.FALLBACK_MEDIA, reply_markup=main_menu())


async def stale_button(callback: CallbackQuery) -> None:
    # Buttons on old messages or from an earlier version of the bot land here.
    await callback.answer(texts.STALE_BUTTON, show_alert=True)


def create_router() -> Router:
    router = Router(name="fallback")
    # Only private chats get chatter back; in groups the bot stays quiet unless addressed by a command.
    router.message.filter(F.chat.type == "private")
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(unknown_text, F.text)
    router.message.register(unknown_media)
    router.callback_query.register(stale_button)
    return router
