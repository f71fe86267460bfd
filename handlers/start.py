"""/start, /menu and /help."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from handlers.keyboards import main_menu
from storage.models import User
from storage.users import record_consent


async def start(message: Message, state: FSMContext, session: AsyncSession, db_user: User) -> None:
    # /start always leads back to a clean main menu, even from the middle of a dialogue.
    await state.clear()
    await record_consent(session, db_user)
    name = f"，{texts.esc(db_user.display_name)}" if db_user.display_name else ""
    await message.answer(texts.WELCOME.format(name=name), reply_markup=main_menu())


async def menu(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(texts.MENU, reply_markup=main_menu())


async def help_(message: Message) -> None:
    await message.answer(texts.HELP, reply_markup=main_menu())


def create_router() -> Router:
    router = Router(name="start")
    router.message.register(start, CommandStart())
    router.message.register(menu, Command("menu"))
    router.message.register(help_, Command("help"))
    router.message.register(help_, F.text == texts.BTN_HELP)
    return router
