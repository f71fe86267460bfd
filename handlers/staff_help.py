"""/staffhelp: what staff can do, shown only to staff (their commands are not in the public menu)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot import texts
from bot.services.catalog import CatalogService
from bot.texts import marks
from handlers.access import StaffOnly


async def staff_help(message: Message, catalog: CatalogService) -> None:
    empty = len(catalog.index) == 0  # a new production install: say how to publish the first classes
    await message.answer(texts.STAFF_HELP + (marks.STAFF_EMPTY_CATALOGUE if empty else ""))


def create_router() -> Router:
    router = Router(name="staff_help")
    router.message.register(staff_help, Command("staffhelp"), StaffOnly())
    return router
