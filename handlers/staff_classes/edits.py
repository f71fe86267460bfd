"""The card's buttons and what staff type after them: move the dates, change the address, allow or stop late
joining, cancel the class. Each change goes through the import path (bot/services/publish_class.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.services import class_form as form
from bot.services import publish_class as publish
from bot.services.catalog import CatalogService
from bot.texts import esc, marks
from bot.texts import publish as pt
from catalog.model import Course
from handlers.access import StaffRole
from handlers.dialogue import leave_dialogue
from handlers.staff_classes.card import ClassEditCb, show_class
from storage.enrolments import seats_taken

EDIT_TTL = timedelta(minutes=30)


class ClassEdit(StatesGroup):
    typing = State()  # data "classedit": {"id": course id, "field": "dates" | "address", "at": when asked}


async def _class_in_scope(
    callback: CallbackQuery, session: AsyncSession, role: StaffRole, course_id: int
) -> Course | None:
    course = await publish.active_class(session, course_id)
    if course is None or not role.covers(course.district) or not isinstance(callback.message, Message):
        await callback.answer(pt.CLASS_GONE, show_alert=True)
        return None
    return course


async def on_button(
    callback: CallbackQuery,
    callback_data: ClassEditCb,
    state: FSMContext,
    session: AsyncSession,
    role: StaffRole,
    catalog: CatalogService,
    settings: Settings,
    clock: Clock,
    bot: Bot,
) -> None:
    course = await _class_in_scope(callback, session, role, callback_data.id)
    if course is None:
        return
    assert isinstance(callback.message, Message)
    message, action = callback.message, callback_data.action
    await callback.answer()
    if action in ("d", "a"):
        await state.set_state(ClassEdit.typing)
        field = "dates" if action == "d" else "address"
        await state.update_data(classedit={"id": callback_data.id, "field": field, "at": clock.now().isoformat()})
        kb = InlineKeyboardBuilder()
        kb.button(text=pt.BTN_EDIT_ABORT, callback_data=ClassEditCb(action="q", id=callback_data.id))
        await message.answer(pt.EDIT_ASK_DATES if action == "d" else pt.EDIT_ASK_ADDRESS, reply_markup=kb.as_markup())
    elif action == "j":  # staff decide per class whether people may join after the start
        revised = replace(course, late_join=not course.late_join)
        await publish.store_class(session, catalog, revised, new=False, settings=settings, now=clock.now())
        await message.answer(marks.LATE_JOIN_SAVED_ON if revised.late_join else marks.LATE_JOIN_SAVED_OFF)
        await show_class(message, callback_data.id, revised, session, bot, clock)
    elif action == "q":
        await leave_dialogue(state, "classedit")
        await message.answer(pt.EDIT_ABORTED)
    elif action == "x":
        taken = (await seats_taken(session, [course.code])).get(course.code, 0)
        kb = InlineKeyboardBuilder()
        kb.button(text=pt.BTN_CANCEL_CLASS_CONFIRM, callback_data=ClassEditCb(action="X", id=callback_data.id))
        kb.button(text=pt.BTN_KEEP_CLASS, callback_data=ClassEditCb(action="k", id=callback_data.id))
        await message.answer(
            pt.CANCEL_CLASS_ASK.format(title=esc(course.title), taken=taken), reply_markup=kb.as_markup()
        )
    elif action == "X":
        await publish.cancel_class(
            session, catalog, callback_data.id, settings=settings, now=clock.now(), actor=role.user_id
        )
        await message.answer(pt.CLASS_CANCELLED.format(title=esc(course.title)))
    elif action == "k":
        await message.answer(pt.CLASS_KEPT)


async def on_edit_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    role: StaffRole,
    bot: Bot,
    catalog: CatalogService,
    settings: Settings,
    clock: Clock,
) -> None:
    edit = (await state.get_data()).get("classedit") or {}
    if clock.now() - datetime.fromisoformat(edit.get("at") or "2000-01-01T00:00+00:00") > EDIT_TTL:
        # An edit asked for long ago and forgotten: this text is meant for something else (a search, say).
        await leave_dialogue(state, "classedit")
        raise SkipHandler
    course = await publish.active_class(session, int(edit.get("id", 0)))
    if course is None or not role.covers(course.district):
        await leave_dialogue(state, "classedit")
        await message.answer(pt.CLASS_GONE)
        return
    today, typed = clock.today(), (message.text or "").strip()
    if edit.get("field") == "dates":
        dates = form.parse_range(typed, today)
        if dates is None:
            await message.answer(pt.EDIT_DATES_FORMAT)
            return
        changes: dict[str, object] = {"start_date": dates[0], "end_date": dates[1]}
    else:
        changes = {"address": typed}
    revised = publish.revise(course, changes)
    if isinstance(revised, list):
        await message.answer(form.error_text(revised[0]))
        return
    problem = form.edit_problem(course, revised.start_date, revised.end_date, today)
    if problem:
        await message.answer(problem)
        return
    await leave_dialogue(state, "classedit")
    if revised == course:
        await message.answer(pt.EDIT_NO_CHANGE)
        return
    report = await publish.store_class(session, catalog, revised, new=False, settings=settings, now=clock.now())
    notice = pt.EDIT_NOTIFIED if report.affected else ""
    await message.answer(pt.EDIT_SAVED.format(title=esc(revised.title), notice=notice))
    await show_class(message, int(edit["id"]), revised, session, bot, clock)


async def on_edit_other(message: Message) -> None:
    await message.answer(pt.FORM_TYPE_PLEASE)
