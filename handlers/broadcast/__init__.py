"""/broadcast: text → audience filters → preview with the recipient count → confirm; then pause/resume/cancel.

The dialogue lives in the DB-backed FSM ("bc" in the data), so it survives restarts. Every handler is
StaffOnly; a non-staff press falls through to the fallback (stale-button alert) and changes nothing.
"""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.args import CallbackInt
from bot.callbacks import BcCtl
from bot.clock import Clock
from bot.services import broadcast as service
from bot.speak import after_commit
from bot.texts import broadcast as bt
from bot.texts import esc
from bot.views.broadcast import message_text, progress_view
from catalog.districts import DISTRICTS
from catalog.groups import GROUPS
from handlers.access import StaffOnly, StaffRole, describe_scope
from handlers.keyboards import MENU_BUTTONS
from storage import broadcasts
from storage.broadcasts import Audience, Progress
from storage.courses import get_course
from storage.models_staff import Broadcast
from storage.unit_of_work import unit_of_work

log = logging.getLogger(__name__)
MAX_INTEREST = 20
MAX_CODE = 64
ALL_DISTRICTS = tuple(d.name for d in DISTRICTS)


class BcForm(CallbackData, prefix="bcf"):
    # d/g toggle district/group `idx`, i interest, k course code, a any, v preview, e edit, ok confirm, x cancel
    action: str
    idx: CallbackInt = -1


class BroadcastForm(StatesGroup):
    text = State()
    filters = State()
    interest = State()
    course = State()
    preview = State()


def _districts(role: StaffRole) -> tuple[str, ...]:
    return role.scope() or ALL_DISTRICTS


def _audience(draft: dict, role: StaffRole) -> Audience:
    return Audience(
        districts=tuple(draft.get("districts", ())),
        groups=tuple(draft.get("groups", ())),
        interest=draft.get("interest"),
        course_code=draft.get("course"),
        scope=role.scope(),
    )


def _summary(draft: dict, role: StaffRole) -> dict[str, str]:
    scope = role.scope()
    any_district = bt.ANY_IN_SCOPE.format(scope=describe_scope(scope)) if scope else bt.ANY
    return {
        "districts": "、".join(draft.get("districts", ())) or any_district,
        "groups": "、".join(draft.get("groups", ())) or bt.ANY,
        "interest": esc(draft.get("interest") or bt.ANY),
        "course": esc(draft.get("course") or bt.ANY),
    }


def _filters_view(draft: dict, role: StaffRole) -> tuple[str, InlineKeyboardMarkup]:
    kb = InlineKeyboardBuilder()
    for i, name in enumerate(_districts(role)):
        mark = "✅ " if name in draft.get("districts", ()) else ""
        kb.button(text=mark + name, callback_data=BcForm(action="d", idx=i))
    for i, name in enumerate(GROUPS):
        mark = "✅ " if name in draft.get("groups", ()) else ""
        kb.button(text=mark + name, callback_data=BcForm(action="g", idx=i))
    kb.adjust(3)
    extra = InlineKeyboardBuilder()
    extra.button(text=bt.BTN_INTEREST, callback_data=BcForm(action="i"))
    extra.button(text=bt.BTN_COURSE, callback_data=BcForm(action="k"))
    extra.button(text=bt.BTN_ANY, callback_data=BcForm(action="a"))
    extra.button(text=bt.BTN_PREVIEW, callback_data=BcForm(action="v"))
    extra.button(text=bt.BTN_CANCEL, callback_data=BcForm(action="x"))
    extra.adjust(2, 1, 2)
    kb.attach(extra)
    return bt.FILTERS.format(**_summary(draft, role)), kb.as_markup()


async def _draft(state: FSMContext) -> dict:
    return dict((await state.get_data()).get("bc") or {})


async def _show_filters(message: Message, state: FSMContext, draft: dict, role: StaffRole, *, edit: bool) -> None:
    await state.update_data(bc=draft)
    await state.set_state(BroadcastForm.filters)
    text, markup = _filters_view(draft, role)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


async def begin(message: Message, state: FSMContext, role: StaffRole) -> None:
    await state.update_data(bc={})
    await state.set_state(BroadcastForm.text)
    await message.answer(bt.ASK_TEXT.format(limit=bt.MAX_TEXT))


async def _cancel(message: Message, state: FSMContext) -> None:
    await state.update_data(bc=None)
    await state.set_state(None)
    await message.answer(bt.CANCELLED)


async def on_text(message: Message, state: FSMContext, role: StaffRole) -> None:
    text = (message.text or "").strip()
    if text in bt.CANCEL_WORDS:
        await _cancel(message, state)
    elif not text:
        await message.answer(bt.TEXT_NOT_TEXT)
    elif len(text) > bt.MAX_TEXT:
        await message.answer(bt.TEXT_TOO_LONG.format(n=len(text), limit=bt.MAX_TEXT))
    else:
        await _show_filters(message, state, {"text": text}, role, edit=False)


async def on_interest(message: Message, state: FSMContext, role: StaffRole) -> None:
    word = (message.text or "").strip()
    if word in bt.CANCEL_WORDS:
        await _cancel(message, state)
    elif not word or len(word) > MAX_INTEREST or " " in word or word.startswith("/"):
        await message.answer(bt.INTEREST_BAD.format(limit=MAX_INTEREST))
    else:
        await _show_filters(message, state, {**await _draft(state), "interest": word}, role, edit=False)


async def on_course(message: Message, state: FSMContext, session: AsyncSession, role: StaffRole) -> None:
    code = (message.text or "").strip()
    if code in bt.CANCEL_WORDS:
        await _cancel(message, state)
    elif not code or len(code) > MAX_CODE or await get_course(session, code) is None:
        await message.answer(bt.COURSE_UNKNOWN.format(code=esc(code[:MAX_CODE])))
    else:
        await _show_filters(message, state, {**await _draft(state), "course": code}, role, edit=False)


def _toggle(values: list[str], options: tuple[str, ...], idx: int) -> list[str] | None:
    if not 0 <= idx < len(options):
        return None  # a forged or outdated index
    name = options[idx]
    return [v for v in values if v != name] if name in values else [*values, name]


async def on_filter_button(
    callback: CallbackQuery, callback_data: BcForm, state: FSMContext, session: AsyncSession, role: StaffRole
) -> None:
    draft, action = await _draft(state), callback_data.action
    message = callback.message if isinstance(callback.message, Message) else None
    if not draft.get("text") or message is None:
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    if action in ("d", "g"):
        key, options = ("districts", _districts(role)) if action == "d" else ("groups", GROUPS)
        toggled = _toggle(list(draft.get(key, ())), options, callback_data.idx)
        if toggled is None:
            await callback.answer(texts.STALE_BUTTON, show_alert=True)
            return
        await callback.answer()
        await _show_filters(message, state, {**draft, key: toggled}, role, edit=True)
    elif action == "a":
        await callback.answer()
        await _show_filters(message, state, {"text": draft["text"]}, role, edit=True)
    elif action in ("i", "k"):
        await callback.answer()
        await state.set_state(BroadcastForm.interest if action == "i" else BroadcastForm.course)
        await message.answer(bt.ASK_INTEREST if action == "i" else bt.ASK_COURSE)
    elif action == "v":
        await callback.answer()
        await _preview(message, state, session, draft, role)
    else:
        await callback.answer(texts.STALE_BUTTON, show_alert=True)


async def _preview(message: Message, state: FSMContext, session: AsyncSession, draft: dict, role: StaffRole) -> None:
    n = await broadcasts.count(session, broadcasts.recipients(_audience(draft, role)))
    summary = "；".join(_summary(draft, role).values())
    await state.set_state(BroadcastForm.preview)
    await message.answer(bt.PREVIEW_HEADER)
    await message.answer(message_text(draft["text"]))
    kb = InlineKeyboardBuilder()
    if n:
        kb.button(text=bt.BTN_CONFIRM, callback_data=BcForm(action="ok"))
    kb.button(text=bt.BTN_EDIT, callback_data=BcForm(action="e"))
    kb.button(text=bt.BTN_CANCEL, callback_data=BcForm(action="x"))
    kb.adjust(1, 2)
    body = bt.PREVIEW_COUNT.format(n=n, audience=summary) if n else bt.NOBODY
    await message.answer(body, reply_markup=kb.as_markup())


async def on_preview_button(
    callback: CallbackQuery,
    callback_data: BcForm,
    state: FSMContext,
    session: AsyncSession,
    role: StaffRole,
    clock: Clock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    draft = await _draft(state)
    message = callback.message if isinstance(callback.message, Message) else None
    if not draft.get("text") or message is None or callback_data.action not in ("ok", "e"):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await callback.answer()
    if callback_data.action == "e":
        await _show_filters(message, state, draft, role, edit=False)
        return
    audience = _audience(draft, role)
    started = await service.start(
        session,
        broadcasts.recipients(audience),
        created_by=role.user_id,
        now=clock.now(),
        text=draft["text"],
        audience=audience.as_json(),
    )
    await state.update_data(bc=None)
    await state.set_state(None)
    if started is None:  # the audience emptied between preview and confirm
        await message.answer(bt.NOBODY)
        return
    log.info("staff %s started broadcast %s to %d recipient(s)", role.user_id, started.id, started.recipients)
    send_progress(message, started, sessionmaker)


def send_progress(message: Message, broadcast: Broadcast, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """The live progress message the scheduler keeps editing: sent once the broadcast is committed, then its
    id is stored with the broadcast."""
    text, markup = progress_view(broadcast, Progress({"pending": broadcast.recipients}))
    broadcast_id, chat_id = broadcast.id, message.chat.id

    async def send_and_remember(bot: Bot) -> None:
        sent = await bot.send_message(chat_id, text, reply_markup=markup)
        async with unit_of_work(sessionmaker) as session:
            await broadcasts.set_progress_message(session, broadcast_id, sent.chat.id, sent.message_id)

    after_commit(send_and_remember)


async def on_cancel_button(callback: CallbackQuery, state: FSMContext, role: StaffRole) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await _cancel(callback.message, state)


async def on_control(callback: CallbackQuery, callback_data: BcCtl, session: AsyncSession, role: StaffRole) -> None:
    outcome, broadcast = await service.control(
        session, callback_data.bid, callback_data.action, user_id=role.user_id, admin=role.admin
    )
    if outcome is not service.Control.OK or broadcast is None:
        alert = {service.Control.NOT_YOURS: bt.NOT_YOURS, service.Control.NOT_NOW: bt.NOT_NOW}
        await callback.answer(alert.get(outcome, texts.STALE_BUTTON), show_alert=True)
        return
    log.info("staff %s: broadcast %s is now %s", role.user_id, broadcast.id, broadcast.status)
    await callback.answer({"paused": bt.PAUSED, "running": bt.RESUMED}.get(broadcast.status, bt.STOPPED))
    figures = (await broadcasts.progress(session, [broadcast.id]))[broadcast.id]
    if isinstance(callback.message, Message):
        text, markup = progress_view(broadcast, figures)
        await callback.message.edit_text(text, reply_markup=markup)


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
