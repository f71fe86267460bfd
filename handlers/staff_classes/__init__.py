"""/class CODE (the staff card: move the dates, change the address, cancel the class) and /qr CODE (a poster QR).

card (the card, its link and buttons) and edits (what the buttons and the typed answers do) hold the rest; this
module looks classes up by code and wires everything into one router.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.types import BufferedInputFile, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.services import publish_class as publish
from bot.services import qr
from bot.texts import esc
from bot.texts import publish as pt
from catalog.model import Course
from handlers.access import StaffOnly, StaffRole
from handlers.keyboards import MENU_BUTTONS
from handlers.staff_classes.card import ClassEditCb, class_link, show_class
from handlers.staff_classes.edits import ClassEdit, on_button, on_edit_other, on_edit_text

MAX_CODE_CHARS = 64


async def _lookup(
    message: Message, command: CommandObject, session: AsyncSession, role: StaffRole, usage: str
) -> tuple[int, Course] | None:
    code = (command.args or "").strip()
    if not code or len(code) > MAX_CODE_CHARS:
        await message.answer(usage)
        return None
    found = await publish.find_class(session, code)
    if found is None or not role.covers(found[1].district):  # other districts' classes are not disclosed
        await message.answer(pt.CLASS_NOT_FOUND.format(code=esc(code)))
        return None
    return found


async def on_class(
    message: Message, command: CommandObject, session: AsyncSession, role: StaffRole, bot: Bot, clock: Clock
) -> None:
    found = await _lookup(message, command, session, role, pt.CLASS_USAGE)
    if found is not None:
        await show_class(message, *found, session, bot, clock)


async def on_qr(message: Message, command: CommandObject, session: AsyncSession, role: StaffRole, bot: Bot) -> None:
    found = await _lookup(message, command, session, role, pt.QR_USAGE)
    if found is None:
        return
    course_id, course = found
    link = await class_link(bot, course_id, course.code)
    photo = BufferedInputFile(qr.qr_png(link), filename=f"class_{course_id}.png")
    await message.answer_photo(photo, caption=pt.QR_CAPTION.format(title=esc(course.title), link=esc(link)))


def create_router() -> Router:
    router = Router(name="staff_classes")
    router.message.register(on_class, Command("class"), StaffOnly())
    router.message.register(on_qr, Command("qr"), StaffOnly())
    router.callback_query.register(on_button, ClassEditCb.filter(), StaffOnly())
    editing = (StateFilter(ClassEdit.typing), ~F.text.in_(MENU_BUTTONS), ~F.text.startswith("/"))
    router.message.register(on_edit_text, *editing, F.text, StaffOnly())
    router.message.register(on_edit_other, *editing, ~F.text, StaffOnly())
    return router
