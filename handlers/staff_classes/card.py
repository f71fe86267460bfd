"""The staff card of one class (/class CODE, and the form's preview): its fields, its deep link, its buttons."""

from __future__ import annotations

from datetime import date

from aiogram import Bot
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.args import CallbackInt
from bot.clock import Clock
from bot.services import qr
from bot.texts import esc, marks
from bot.texts import publish as pt
from catalog.model import Course
from handlers.course_views import card_fields
from storage.enrolments import seats_taken


class ClassEditCb(CallbackData, prefix="ce"):
    action: str  # d dates, a address, j allow/stop late joining, x ask to cancel, X cancel confirmed, k keep, q stop
    id: CallbackInt


def class_card(course: Course, *, taken: int, link: str, today: date, preview: bool = False) -> str:
    c = course
    fields = card_fields(c, today)
    if preview:
        fields["code"] = "—"
    body = pt.STAFF_CARD.format(**fields, taken=taken, fee=c.fee_yuan, groups=esc("、".join(c.eligible_groups)))
    if c.description:
        body += "\n" + esc(c.description)
    body += "\n" + (marks.STAFF_LATE_JOIN_ON if c.late_join else marks.STAFF_LATE_JOIN_OFF)
    return body + (pt.STAFF_CARD_LINK.format(link=esc(link)) if link else "")


async def class_link(bot: Bot, course_id: int, code: str) -> str:
    me = await bot.me()  # cached by aiogram after the first call
    return qr.deep_link(me.username or "", qr.payload_for(course_id, code))


def card_buttons(course_id: int, course: Course) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=pt.BTN_EDIT_DATES, callback_data=ClassEditCb(action="d", id=course_id))
    kb.button(text=pt.BTN_EDIT_ADDRESS, callback_data=ClassEditCb(action="a", id=course_id))
    late = marks.BTN_LATE_JOIN_OFF if course.late_join else marks.BTN_LATE_JOIN_ON
    kb.button(text=late, callback_data=ClassEditCb(action="j", id=course_id))
    kb.button(text=pt.BTN_CANCEL_CLASS, callback_data=ClassEditCb(action="x", id=course_id))
    kb.adjust(2, 1, 1)
    return kb.as_markup()


async def show_class(
    message: Message, course_id: int, course: Course, session: AsyncSession, bot: Bot, clock: Clock
) -> None:
    taken = (await seats_taken(session, [course.code])).get(course.code, 0)
    link = await class_link(bot, course_id, course.code)
    card = class_card(course, taken=taken, link=link, today=clock.today())
    await message.answer(card, reply_markup=card_buttons(course_id, course))
