"""Voice messages that could not become text (bot/voice.py turns the others into text messages)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from bot.texts import voice as vt
from handlers.keyboards import main_menu


async def on_voice(message: Message, voice_problem: str | None = None) -> None:
    await message.answer(voice_problem or vt.TYPE_PLEASE, reply_markup=main_menu())


def create_router() -> Router:
    router = Router(name="voice")
    router.message.register(on_voice, F.voice)
    return router
