"""/newclass: staff publish one class by answering one question per message (state in the DB-backed FSM)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.args import CallbackInt
from bot.clock import Clock
from bot.config import Settings
from bot.services import class_form as form
from bot.services.catalog import CatalogService
from bot.services.publish_class import store_class
from bot.texts import esc
from bot.texts import publish as pt
from handlers.access import StaffOnly, StaffRole
from handlers.dialogue import leave_dialogue
from handlers.keyboards import MENU_BUTTONS
from handlers.staff_classes.card import class_card

PREVIEW = len(form.FIELDS)  # the step after the last question
PREVIEW_CODE = form.CODE_PREFIX  # the real code is given at publishing, so two previews never share one


class ClassForm(StatesGroup):
    answering = State()


class ClassFormCb(CallbackData, prefix="cf"):
    action: str  # pick | toggle | done | back | skip | keep | cancel | publish
    step: CallbackInt  # the question the button belongs to: a button from an earlier question is refused
    idx: CallbackInt = -1


def _keyboard(step: int, answers: dict[str, Any], scope: tuple[str, ...] | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    key = form.FIELDS[step] if step < PREVIEW else ""
    for i, option in enumerate(form.choices(key, scope)):
        if key in form.MULTI_FIELDS:
            mark = "☑️ " if option in (answers.get(key) or []) else ""
            kb.button(text=mark + option, callback_data=ClassFormCb(action="toggle", step=step, idx=i))
        else:
            kb.button(text=option, callback_data=ClassFormCb(action="pick", step=step, idx=i))
    kb.adjust(2)
    nav = InlineKeyboardBuilder()
    if step == PREVIEW:
        nav.button(text=pt.BTN_PUBLISH, callback_data=ClassFormCb(action="publish", step=step))
    if step > 0:
        nav.button(text=texts.BTN_BACK, callback_data=ClassFormCb(action="back", step=step))
    if key in form.MULTI_FIELDS:
        nav.button(text=texts.BTN_DONE, callback_data=ClassFormCb(action="done", step=step))
    if key in form.OPTIONAL:
        nav.button(text=texts.BTN_SKIP, callback_data=ClassFormCb(action="skip", step=step))
    elif answers.get(key) and key not in form.MULTI_FIELDS:  # came back: keep the earlier answer with one tap
        nav.button(text=pt.BTN_KEEP_ANSWER, callback_data=ClassFormCb(action="keep", step=step))
    nav.button(text=pt.BTN_FORM_CANCEL, callback_data=ClassFormCb(action="cancel", step=step))
    kb.attach(nav)
    return kb.as_markup()


async def _ask(
    message: Message,
    state: FSMContext,
    step: int,
    answers: dict[str, Any],
    role: StaffRole,
    clock: Clock,
    problem: str | None = None,
) -> None:
    scope = role.scope()
    if step >= PREVIEW:
        built = form.build(answers, PREVIEW_CODE, scope=scope, today=clock.today())
        if isinstance(built, tuple):  # a restart moved 'today', or going back broke a later answer
            step, problem = form.FIELDS.index(built[0]), built[1]
        else:
            await state.update_data(newclass={"step": PREVIEW, "answers": answers})
            card = class_card(built, taken=0, link="", today=clock.today(), preview=True)
            await message.answer(pt.FORM_PREVIEW.format(card=card), reply_markup=_keyboard(PREVIEW, answers, scope))
            return
    await state.update_data(newclass={"step": step, "answers": answers})
    key = form.FIELDS[step]
    question = pt.FORM_QUESTIONS[key] + pt.FORM_STEP.format(n=step + 1, total=PREVIEW)
    earlier = answers.get(key)
    if earlier and isinstance(earlier, str) and key not in form.PICK_FIELDS:  # came back: show what was given
        question += pt.FORM_CURRENT.format(value=esc(earlier))
    if problem:
        question = f"{problem}\n{question}"
    await message.answer(question, reply_markup=_keyboard(step, answers, scope))


async def new_class(message: Message, state: FSMContext, role: StaffRole, clock: Clock) -> None:
    await state.set_state(ClassForm.answering)
    await message.answer(pt.FORM_INTRO)
    await _ask(message, state, 0, {}, role, clock)


async def on_message(message: Message, state: FSMContext, role: StaffRole, clock: Clock) -> None:
    current = (await state.get_data()).get("newclass") or {"step": 0, "answers": {}}
    step, answers = current["step"], current["answers"]
    if step >= PREVIEW or not message.text:
        await message.answer(pt.FORM_TAP_PLEASE if step >= PREVIEW else pt.FORM_TYPE_PLEASE)
        return
    key = form.FIELDS[step]
    value, problem = form.check_answer(key, message.text, answers, scope=role.scope(), today=clock.today())
    if problem:
        await message.answer(problem)
        return
    await _ask(message, state, step + 1, {**answers, key: value}, role, clock)


async def on_button(
    callback: CallbackQuery,
    callback_data: ClassFormCb,
    state: FSMContext,
    role: StaffRole,
    clock: Clock,
    session: AsyncSession,
    catalog: CatalogService,
    settings: Settings,
) -> None:
    current = (await state.get_data()).get("newclass") or {}
    step, answers = current.get("step"), dict(current.get("answers") or {})
    if callback_data.step != step or not isinstance(callback.message, Message):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    message, action = callback.message, callback_data.action
    key = form.FIELDS[step] if step < PREVIEW else ""
    options = form.choices(key, role.scope())
    if action in ("pick", "toggle") and not 0 <= callback_data.idx < len(options):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await callback.answer()
    if action == "cancel":
        await leave_dialogue(state, "newclass")
        await message.answer(pt.FORM_CANCELLED)
    elif action == "back":
        await _ask(message, state, max(step - 1, 0), answers, role, clock)
    elif action == "keep" and answers.get(key):
        await _ask(message, state, step + 1, answers, role, clock)
    elif action == "skip" and key in form.OPTIONAL:
        await _ask(message, state, step + 1, {**answers, key: ""}, role, clock)
    elif action == "toggle":
        chosen = set(answers.get(key) or []) ^ {options[callback_data.idx]}
        answers[key] = [o for o in options if o in chosen]
        await state.update_data(newclass={"step": step, "answers": answers})
        await message.edit_reply_markup(reply_markup=_keyboard(step, answers, role.scope()))
    elif action in ("pick", "done"):
        raw = options[callback_data.idx] if action == "pick" else answers.get(key) or []
        if action == "done" and not raw:
            await message.answer(pt.FORM_GROUPS_EMPTY)
            return
        value, problem = form.check_answer(key, raw, answers, scope=role.scope(), today=clock.today())
        await _ask(message, state, step + (0 if problem else 1), {**answers, key: value or raw}, role, clock, problem)
    elif action == "publish" and step == PREVIEW:
        await _publish(message, state, answers, role, clock, session, catalog, settings)


async def _publish(
    message: Message,
    state: FSMContext,
    answers: dict[str, Any],
    role: StaffRole,
    clock: Clock,
    session: AsyncSession,
    catalog: CatalogService,
    settings: Settings,
) -> None:
    code = await form.next_code(session, clock.today())
    built = form.build(answers, code, scope=role.scope(), today=clock.today())
    if isinstance(built, tuple):
        await _ask(message, state, form.FIELDS.index(built[0]), answers, role, clock, built[1])
        return
    await store_class(session, catalog, built, new=True, settings=settings, now=clock.now())
    await leave_dialogue(state, "newclass")
    await message.answer(pt.FORM_PUBLISHED.format(title=esc(built.title), code=esc(code)))
    await message.answer(pt.IMPORT_ANNOUNCE_HINT)


def create_router() -> Router:
    router = Router(name="staff_class_form")
    router.message.register(new_class, Command("newclass"), StaffOnly())
    router.callback_query.register(on_button, ClassForm.answering, ClassFormCb.filter(), StaffOnly())
    # Menu buttons and commands still work mid-form; the answers so far stay and the next answer resumes it.
    router.message.register(
        on_message, StateFilter(ClassForm.answering), ~F.text.in_(MENU_BUTTONS), ~F.text.startswith("/"), StaffOnly()
    )
    return router
