"""Menu entries whose features are still being built answer honestly instead of staying silent."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from bot import texts
from handlers.keyboards import main_menu

PENDING_FEATURES = (texts.BTN_SUBSCRIBE,)


async def coming_soon(message: Message) -> None:
    feature = (message.text or "").split(" ", 1)[-1]
    await message.answer(texts.COMING_SOON.format(feature=texts.esc(feature)), reply_markup=main_menu())


def create_router() -> Router:
    router = Router(name="coming_soon")
    router.message.register(coming_soon, F.text.in_(PENDING_FEATURES))
    return router
