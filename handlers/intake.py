"""The 1131 intake: one question per message, buttons where possible, back and skip everywhere."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, KeyboardButton, Message, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.args import CallbackInt
from bot.services import service1131
from bot.texts import survey as sv
from catalog.districts import DISTRICTS
from catalog.groups import GROUPS
from handlers.courses import end_dialogue
from handlers.keyboards import MENU_BUTTONS, main_menu
from handlers.progress_menu import show_menu
from storage.models import User

KEYS = service1131.INTAKE_KEYS
CHOICES: dict[str, tuple[str, ...]] = {
    "group": GROUPS,
    "district": tuple(d.name for d in DISTRICTS),
    **texts.INTAKE_OPTIONS,
    "income_before": tuple(sv.INCOME.values()),
}
TEXT_KEYS = ("last_occupation", "wanted")
MAX_ANSWER_CHARS = 100


class Intake(StatesGroup):
    answering = State()


class IntakeCb(CallbackData, prefix="ik"):
    action: str  # "pick" | "toggle" | "done" | "back" | "skip"
    step: CallbackInt  # the question the button belongs to, so a button from an old question is refused
    idx: CallbackInt = -1


async def start_intake(message: Message, state: FSMContext, answers: dict[str, Any]) -> None:
    await state.set_state(Intake.answering)
    await state.set_data({"intake": {"step": 0, "answers": answers}})
    await message.answer(texts.S1131_INTRO)
    await _ask(message, 0, answers)


def _keyboard(step: int, answers: dict[str, Any]) -> InlineKeyboardMarkup:
    key = KEYS[step]
    kb = InlineKeyboardBuilder()
    for i, option in enumerate(CHOICES.get(key, ())):
        if key == "constraints":
            mark = "☑️ " if option in (answers.get(key) or []) else ""
            kb.button(text=mark + option, callback_data=IntakeCb(action="toggle", step=step, idx=i))
        else:
            kb.button(text=option, callback_data=IntakeCb(action="pick", step=step, idx=i))
    kb.adjust(2)
    nav = InlineKeyboardBuilder()
    if step > 0:
        nav.button(text=texts.BTN_BACK, callback_data=IntakeCb(action="back", step=step))
    if key == "constraints":
        nav.button(text=texts.BTN_DONE, callback_data=IntakeCb(action="done", step=step))
    nav.button(text=texts.BTN_SKIP, callback_data=IntakeCb(action="skip", step=step))
    kb.attach(nav)
    return kb.as_markup()


async def _ask(message: Message, step: int, answers: dict[str, Any]) -> None:
    key = KEYS[step]
    text = texts.INTAKE_QUESTIONS[key] + texts.INTAKE_PROGRESS.format(n=step + 1, total=len(KEYS))
    if key == "phone":
        contact = ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text=texts.BTN_SHARE_PHONE, request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
        await message.answer(text, reply_markup=contact)
        text = texts.INTAKE_PHONE_PLEASE  # the share button is on the keyboard below; 跳过 under this message
    await message.answer(text, reply_markup=_keyboard(step, answers))


async def _advance(message: Message, state: FSMContext, step: int, answers: dict[str, Any], **deps: Any) -> None:
    if step >= len(KEYS):
        await _finish(message, state, answers, **deps)
        return
    await state.update_data(intake={"step": step, "answers": answers})
    await _ask(message, step, answers)


async def _finish(
    message: Message, state: FSMContext, answers: dict[str, Any], *, session: AsyncSession, db_user: User, **deps: Any
) -> None:
    await service1131.save_intake(session, db_user, answers)
    await end_dialogue(state)
    await message.answer(texts.INTAKE_SAVED, reply_markup=main_menu())
    await show_menu(message, session=session, db_user=db_user)


async def on_button(callback: CallbackQuery, callback_data: IntakeCb, state: FSMContext, **deps: Any) -> None:
    intake = (await state.get_data()).get("intake", {})
    step, answers = intake.get("step", 0), intake.get("answers", {})
    if callback_data.step != step or not isinstance(callback.message, Message):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await callback.answer()
    key, options = KEYS[step], CHOICES.get(KEYS[step], ())
    if callback_data.action == "toggle" and 0 <= callback_data.idx < len(options):
        chosen = set(answers.get(key) or [])
        chosen ^= {options[callback_data.idx]}
        answers[key] = [o for o in options if o in chosen]
        await state.update_data(intake={"step": step, "answers": answers})
        await callback.message.edit_reply_markup(reply_markup=_keyboard(step, answers))
        return
    if callback_data.action == "pick" and 0 <= callback_data.idx < len(options):
        answers[key] = options[callback_data.idx]
    elif callback_data.action == "skip":
        answers[key] = None
    elif callback_data.action == "back":
        await _advance(callback.message, state, max(step - 1, 0), answers, **deps)
        return
    elif callback_data.action != "done":
        await callback.message.answer(texts.INTAKE_TAP_PLEASE)
        return
    await _advance(callback.message, state, step + 1, answers, **deps)


async def on_message(message: Message, state: FSMContext, **deps: Any) -> None:
    intake = (await state.get_data()).get("intake", {})
    step, answers = intake.get("step", 0), intake.get("answers", {})
    key = KEYS[step]
    if key == "phone" and message.contact is not None:
        if message.contact.user_id != message.chat.id:  # only the person's own number
            await message.answer(texts.PHONE_NOT_YOURS)
            return
        answers[key] = message.contact.phone_number
    elif key in TEXT_KEYS and message.text:
        answers[key] = message.text.strip()[:MAX_ANSWER_CHARS]
    else:
        reminder = texts.INTAKE_PHONE_PLEASE if key == "phone" else texts.INTAKE_TAP_PLEASE
        await message.answer(texts.INTAKE_TYPE_PLEASE if key in TEXT_KEYS else reminder)
        return
    await _advance(message, state, step + 1, answers, **deps)


def create_router() -> Router:
    router = Router(name="intake")
    router.callback_query.register(on_button, Intake.answering, IntakeCb.filter())
    # Menu buttons and commands still work mid-intake; the answers so far stay and the next answer resumes it.
    router.message.register(
        on_message, StateFilter(Intake.answering), ~F.text.in_(MENU_BUTTONS), ~F.text.startswith("/")
    )
    return router
