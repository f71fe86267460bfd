"""/class CODE (the staff card: move the dates, change the address, cancel the class) and /qr CODE (a poster QR)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.args import CallbackInt
from bot.clock import Clock
from bot.config import Settings
from bot.services import class_form as form
from bot.services import publish, qr
from bot.services.catalog import CatalogService
from bot.texts import esc, marks
from bot.texts import publish as pt
from catalog.model import Course
from handlers.access import StaffOnly, StaffRole
from handlers.course_views import card_fields
from handlers.keyboards import MENU_BUTTONS
from storage.enrolments import seats_taken

MAX_CODE_CHARS = 64
EDIT_TTL = timedelta(minutes=30)


class ClassEdit(StatesGroup):
    typing = State()  # data "classedit": {"id": course id, "field": "dates" | "address", "at": when asked}


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


def _buttons(course_id: int, course: Course) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=pt.BTN_EDIT_DATES, callback_data=ClassEditCb(action="d", id=course_id))
    kb.button(text=pt.BTN_EDIT_ADDRESS, callback_data=ClassEditCb(action="a", id=course_id))
    late = marks.BTN_LATE_JOIN_OFF if course.late_join else marks.BTN_LATE_JOIN_ON
    kb.button(text=late, callback_data=ClassEditCb(action="j", id=course_id))
    kb.button(text=pt.BTN_CANCEL_CLASS, callback_data=ClassEditCb(action="x", id=course_id))
    kb.adjust(2, 1, 1)
    return kb.as_markup()


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


async def show_class(
    message: Message, course_id: int, course: Course, session: AsyncSession, bot: Bot, clock: Clock
) -> None:
    taken = (await seats_taken(session, [course.code])).get(course.code, 0)
    link = await class_link(bot, course_id, course.code)
    card = class_card(course, taken=taken, link=link, today=clock.today())
    await message.answer(card, reply_markup=_buttons(course_id, course))


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
        await _end(state)
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


async def _end(state: FSMContext) -> None:
    data = await state.get_data()
    data.pop("classedit", None)
    await state.set_data(data)
    await state.set_state(None)


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
        await _end(state)
        raise SkipHandler
    course = await publish.active_class(session, int(edit.get("id", 0)))
    if course is None or not role.covers(course.district):
        await _end(state)
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
    await _end(state)
    if revised == course:
        await message.answer(pt.EDIT_NO_CHANGE)
        return
    report = await publish.store_class(session, catalog, revised, new=False, settings=settings, now=clock.now())
    notice = pt.EDIT_NOTIFIED if report.affected else ""
    await message.answer(pt.EDIT_SAVED.format(title=esc(revised.title), notice=notice))
    await show_class(message, int(edit["id"]), revised, session, bot, clock)


async def on_edit_other(message: Message) -> None:
    await message.answer(pt.FORM_TYPE_PLEASE)


def create_router() -> Router:
    router = Router(name="staff_classes")
    router.message.register(on_class, Command("class"), StaffOnly())
    router.message.register(on_qr, Command("qr"), StaffOnly())
    router.callback_query.register(on_button, ClassEditCb.filter(), StaffOnly())
    editing = (StateFilter(ClassEdit.typing), ~F.text.in_(MENU_BUTTONS), ~F.text.startswith("/"))
    router.message.register(on_edit_text, *editing, F.text, StaffOnly())
    router.message.register(on_edit_other, *editing, ~F.text, StaffOnly())
    return router
