"""/broadcast: text → audience filters → preview with the recipient count → confirm; then pause/resume/cancel.

The dialogue lives in the DB-backed FSM ("bc" in the data), so it survives restarts. Every handler is
StaffOnly; a non-staff press falls through to the fallback (stale-button alert) and changes nothing. This module
takes the typed steps and the filter buttons; form (draft, filter view), preview (count, confirm, start) and
progress (the live progress message, pause/resume/stop) hold the rest.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.callbacks import BcCtl
from bot.texts import broadcast as bt
from bot.texts import esc
from catalog.groups import GROUPS
from handlers.access import StaffOnly, StaffRole
from handlers.broadcast.form import BcForm, BroadcastForm, cancel, districts_of, draft_of, show_filters, toggle
from handlers.broadcast.preview import on_preview_button, preview
from handlers.broadcast.progress import on_control
from handlers.keyboards import MENU_BUTTONS
from storage.courses import get_course

MAX_INTEREST = 20
MAX_CODE = 64


async def begin(message: Message, state: FSMContext, role: StaffRole) -> None:
    await state.update_data(bc={})
    await state.set_state(BroadcastForm.text)
    await message.answer(bt.ASK_TEXT.format(limit=bt.MAX_TEXT))


async def on_text(message: Message, state: FSMContext, role: StaffRole) -> None:
    text = (message.text or "").strip()
    if text in bt.CANCEL_WORDS:
        await cancel(message, state)
    elif not text:
        await message.answer(bt.TEXT_NOT_TEXT)
    elif len(text) > bt.MAX_TEXT:
        await message.answer(bt.TEXT_TOO_LONG.format(n=len(text), limit=bt.MAX_TEXT))
    else:
        await show_filters(message, state, {"text": text}, role, edit=False)


async def on_interest(message: Message, state: FSMContext, role: StaffRole) -> None:
    word = (message.text or "").strip()
    if word in bt.CANCEL_WORDS:
        await cancel(message, state)
    elif not word or len(word) > MAX_INTEREST or " " in word or word.startswith("/"):
        await message.answer(bt.INTEREST_BAD.format(limit=MAX_INTEREST))
    else:
        await show_filters(message, state, {**await draft_of(state), "interest": word}, role, edit=False)


async def on_course(message: Message, state: FSMContext, session: AsyncSession, role: StaffRole) -> None:
    code = (message.text or "").strip()
    if code in bt.CANCEL_WORDS:
        await cancel(message, state)
    elif not code or len(code) > MAX_CODE or await get_course(session, code) is None:
        await message.answer(bt.COURSE_UNKNOWN.format(code=esc(code[:MAX_CODE])))
    else:
        await show_filters(message, state, {**await draft_of(state), "course": code}, role, edit=False)


async def on_filter_button(
    callback: CallbackQuery, callback_data: BcForm, state: FSMContext, session: AsyncSession, role: StaffRole
) -> None:
    draft, action = await draft_of(state), callback_data.action
    message = callback.message if isinstance(callback.message, Message) else None
    if not draft.get("text") or message is None:
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    if action in ("d", "g"):
        key, options = ("districts", districts_of(role)) if action == "d" else ("groups", GROUPS)
        toggled = toggle(list(draft.get(key, ())), options, callback_data.idx)
        if toggled is None:
            await callback.answer(texts.STALE_BUTTON, show_alert=True)
            return
        await callback.answer()
        await show_filters(message, state, {**draft, key: toggled}, role, edit=True)
    elif action == "a":
        await callback.answer()
        await show_filters(message, state, {"text": draft["text"]}, role, edit=True)
    elif action in ("i", "k"):
        await callback.answer()
        await state.set_state(BroadcastForm.interest if action == "i" else BroadcastForm.course)
        await message.answer(bt.ASK_INTEREST if action == "i" else bt.ASK_COURSE)
    elif action == "v":
        await callback.answer()
        await preview(message, state, session, draft, role)
    else:
        await callback.answer(texts.STALE_BUTTON, show_alert=True)


async def on_cancel_button(callback: CallbackQuery, state: FSMContext, role: StaffRole) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await cancel(callback.message, state)


def create_router() -> Router:
    router = Router(name="broadcast")
    form = StateFilter(BroadcastForm)
    router.message.register(begin, Command("broadcast"), StaffOnly())
    # A menu button or a command pressed mid-dialogue does what it says rather than become the text ("/cancel" cancels).
    typed = (~F.text.in_(MENU_BUTTONS), ~F.text.startswith("/") | F.text.in_(bt.CANCEL_WORDS))
    router.message.register(on_text, StateFilter(BroadcastForm.text), *typed, StaffOnly())
    router.message.register(on_interest, StateFilter(BroadcastForm.interest), *typed, StaffOnly())
    router.message.register(on_course, StateFilter(BroadcastForm.course), *typed, StaffOnly())
    router.callback_query.register(on_cancel_button, BcForm.filter(F.action == "x"), form, StaffOnly())
    router.callback_query.register(
        on_preview_button, BcForm.filter(F.action.in_({"ok", "e"})), StateFilter(BroadcastForm.preview), StaffOnly()
    )
    router.callback_query.register(on_filter_button, BcForm.filter(), StateFilter(BroadcastForm.filters), StaffOnly())
    router.callback_query.register(on_control, BcCtl.filter(), StaffOnly())
    return router
