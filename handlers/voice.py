"""Voice messages that could not become text (bot/voice.py turns the others into text messages)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.texts import voice as vt
from handlers.counsellor_chat import CounsellorChat
from handlers.keyboards import main_menu


async def on_voice(message: Message, state: FSMContext, voice_problem: str | None = None) -> None:
    # In a counsellor conversation its 结束人工咨询 keyboard stays; elsewhere the menu comes with the answer.
    talking = await state.get_state() == CounsellorChat.talking.state
    await message.answer(voice_problem or vt.TYPE_PLEASE, reply_markup=None if talking else main_menu())


def create_router() -> Router:
    router = Router(name="voice")
    router.message.register(on_voice, F.voice)
    return router
