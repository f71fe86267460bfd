"""Enrolling from a course card, and 我的报名 with cancellation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.args import CallbackInt
from bot.callbacks import CourseCb
from bot.clock import Clock
from bot.services import enrolments as service
from bot.services.catalog import CatalogService
from bot.texts import esc, marks
from handlers.course_views import fmt_date, title
from handlers.courses.detail import course_of
from handlers.progress_menu import show_menu
from storage.enrolments import EnrolOutcome, for_user
from storage.models import User

OUTCOME_TEXT = {
    EnrolOutcome.ENROLLED: texts.ENROL_OK,
    EnrolOutcome.ALREADY: texts.ENROL_ALREADY,
    EnrolOutcome.FULL: texts.ENROL_FULL,
    EnrolOutcome.GONE: texts.ENROL_GONE,
    EnrolOutcome.STARTED: marks.ENROL_STARTED,
}


class EnrolCb(CallbackData, prefix="en"):
    action: str  # "x" ask to cancel, "X" cancel confirmed, "k" keep
    id: CallbackInt


async def ask_enrol(callback: CallbackQuery, callback_data: CourseCb, catalog: CatalogService, clock: Clock) -> None:
    course = await course_of(callback, callback_data, catalog, texts.ENROL_GONE)
    if course is None:
        return
    today = clock.today()
    start = fmt_date(course.start_date, today)
    if course.has_started(today) and not course.late_join:
        await callback.answer(marks.ENROL_STARTED.format(title=course.title, start=start), show_alert=True)
        return
    ask = texts.ENROL_ASK.format(title=title(course))
    if course.has_started(today):
        ask += marks.ENROL_LATE_ASK.format(start=start, contact=esc(course.contact))
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.BTN_ENROL_CONFIRM, callback_data=CourseCb(action="R", key=callback_data.key))
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(ask, reply_markup=kb.as_markup())


async def confirm_enrol(
    callback: CallbackQuery,
    callback_data: CourseCb,
    session: AsyncSession,
    catalog: CatalogService,
    clock: Clock,
    db_user: User,
) -> None:
    course = catalog.by_key(callback_data.key)
    outcome, for_1131 = EnrolOutcome.GONE, False
    if course is not None:
        outcome, for_1131 = await service.enrol(session, db_user.id, course.code, clock.today())
    await callback.answer()
    if isinstance(callback.message, Message):
        name = title(course) if course else ""
        start = fmt_date(course.start_date, clock.today()) if course else ""
        await callback.message.edit_text(OUTCOME_TEXT[outcome].format(title=name, start=start))
        if for_1131:
            await callback.message.answer(texts.TRAINING_PENDING)
            await show_menu(callback.message, session=session, db_user=db_user)


async def my_enrolments(message: Message, session: AsyncSession, clock: Clock, db_user: User) -> None:
    views = await for_user(session, db_user.id)
    if not views:
        await message.answer(texts.MY_ENROLMENTS_EMPTY)
        return
    today = clock.today()
    lines = [texts.MY_ENROLMENTS_HEADER]
    kb = InlineKeyboardBuilder()
    for n, view in enumerate(views, 1):
        c = view.course
        lines.append(
            texts.MY_ENROLMENT_LINE.format(
                n=n,
                title=title(c),
                district=esc(c.district),
                start=fmt_date(c.start_date, today),
                status=texts.ENROLMENT_STATUS[view.status],
            )
        )
        if view.status != "cancelled" and c.end_date >= today:
            kb.button(text=texts.BTN_CANCEL_ENROLMENT.format(n=n), callback_data=EnrolCb(action="x", id=view.id))
    kb.adjust(2)
    await message.answer("\n".join(lines), reply_markup=kb.as_markup())


async def ask_cancel(callback: CallbackQuery, callback_data: EnrolCb, session: AsyncSession, db_user: User) -> None:
    view = next((v for v in await for_user(session, db_user.id) if v.id == callback_data.id), None)
    if view is None or view.status == "cancelled":  # someone else's id, or already cancelled
        await callback.answer(texts.CANCEL_NOT_POSSIBLE, show_alert=True)
        return
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.BTN_CANCEL_CONFIRM, callback_data=EnrolCb(action="X", id=view.id))
    kb.button(text=texts.BTN_KEEP, callback_data=EnrolCb(action="k", id=view.id))
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(
            texts.CANCEL_ASK.format(title=esc(view.course.title)), reply_markup=kb.as_markup()
        )


async def do_cancel(callback: CallbackQuery, callback_data: EnrolCb, session: AsyncSession, db_user: User) -> None:
    view = next((v for v in await for_user(session, db_user.id) if v.id == callback_data.id), None)
    done = view is not None and await service.cancel_own(session, db_user.id, callback_data.id)
    await callback.answer()
    if isinstance(callback.message, Message):
        text = texts.CANCEL_DONE.format(title=esc(view.course.title)) if done and view else texts.CANCEL_NOT_POSSIBLE
        await callback.message.edit_text(text)


async def keep(callback: CallbackQuery) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(texts.ENROL_DROPPED)


def create_router() -> Router:
    router = Router(name="enrolments")
    router.callback_query.register(ask_enrol, CourseCb.filter(F.action == "r"))
    router.callback_query.register(confirm_enrol, CourseCb.filter(F.action == "R"))
    router.message.register(my_enrolments, F.text == texts.BTN_MY_ENROLMENTS)
    router.message.register(my_enrolments, Command("enrolments"))
    router.callback_query.register(ask_cancel, EnrolCb.filter(F.action == "x"))
    router.callback_query.register(do_cancel, EnrolCb.filter(F.action == "X"))
    router.callback_query.register(keep, EnrolCb.filter(F.action == "k"))
    return router
