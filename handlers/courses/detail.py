"""A course's card (opened from a result list or from a notice) and the enquiry it offers."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.callbacks import CourseCb, button
from bot.clock import Clock
from bot.services.catalog import CatalogService
from bot.services.eligibility import verdict
from catalog.model import Course
from handlers import course_views as views
from handlers.eligibility_views import detail_text
from storage.enrolments import seats_taken
from storage.models import User


async def course_of(
    callback: CallbackQuery, callback_data: CourseCb, catalog: CatalogService, gone: str = texts.COURSE_GONE
) -> Course | None:
    """The course a button names, or None once the person has been told (`gone`, an alert) it is no longer offered."""
    course = catalog.by_key(callback_data.key)
    if course is None:
        await callback.answer(gone, show_alert=True)
    return course


async def on_detail(
    callback: CallbackQuery,
    callback_data: CourseCb,
    session: AsyncSession,
    catalog: CatalogService,
    clock: Clock,
    db_user: User,
    bot: Bot,
) -> None:
    course = await course_of(callback, callback_data, catalog)
    if course is None:
        return
    body, markup = await detail_view(course, callback_data, session=session, catalog=catalog, clock=clock,
                                     db_user=db_user)
    await callback.answer()
    if not callback_data.sid:  # outside a result list (an alert listing several classes): that message stays
        await bot.send_message(callback.from_user.id, body, reply_markup=markup)
    elif isinstance(callback.message, Message):  # the card takes the list's place; its back button returns
        await callback.message.edit_text(body, reply_markup=markup)


async def detail_view(
    course: Course, back: CourseCb, *, session: AsyncSession, catalog: CatalogService, clock: Clock, db_user: User,
    **_: Any,
) -> tuple[str, InlineKeyboardMarkup]:
    """A course's detail page with enrol / enquire / back-to-results (page `back.page` of search `back.sid`)."""
    course = replace(course, enrolled=(await seats_taken(session, [course.code])).get(course.code, 0))
    today = clock.today()
    judged = await verdict(session, db_user, course, today)
    body = views.detail(course, detail_text(judged, course), today)
    key = catalog.key_of(course.code)
    rows = [[button(texts.BTN_ENROL, CourseCb(action="r", key=key)),
             button(texts.BTN_ENQUIRE, CourseCb(action="e", key=key))]]  # fmt: skip
    if back.sid:  # sid 0: opened outside a result list (e.g. a new-class alert), so no list to go back to
        rows.append([button(texts.BTN_BACK_TO_RESULTS, CourseCb(action="p", sid=back.sid, page=back.page))])
    return body, InlineKeyboardMarkup(inline_keyboard=rows)


async def on_enquire(callback: CallbackQuery, callback_data: CourseCb, catalog: CatalogService) -> None:
    course = await course_of(callback, callback_data, catalog)
    if course is None:
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(views.enquire(course))
