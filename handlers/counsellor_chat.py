"""The conversation with a human counsellor, both ways.

While a person's counsellor request is open and they are in this mode (entered when they ask for a
counsellor or tap 回复老师 under an answer), what they type goes to the staff member who answered last
(before anyone answered: the staff covering their district), with the request id so staff can /answer it.
结束人工咨询 (button or typed), /menu, /start or any menu button leaves the mode; the request itself stays
open until staff /close it, and a text typed after that is handled as usual.
"""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.args import CallbackInt
from bot.clock import Clock
from bot.config import Settings
from bot.texts import counsellor as ct
from bot.texts import esc
from handlers.access import staff_for_district
from handlers.dialogue import leave_dialogue
from handlers.keyboards import MENU_BUTTONS, main_menu
from storage import counsellor, outbox
from storage.models import User

log = logging.getLogger(__name__)
MAX_TEXT = 2000  # staff get the text with a header; Telegram allows 4096 characters
REQUEST = "cr"  # FSM data key: the request this conversation belongs to


class CounsellorChat(StatesGroup):
    talking = State()


class ChatCb(CallbackData, prefix="cs"):
    action: str  # "r" reply (enter the mode), "x" end it
    rid: CallbackInt = 0


def answer_buttons(request_id: int) -> InlineKeyboardMarkup:
    """Under each answer the person receives: reply (back into the conversation) or end it."""
    kb = InlineKeyboardBuilder()
    kb.button(text=ct.BTN_REPLY, callback_data=ChatCb(action="r", rid=request_id))
    kb.button(text=ct.BTN_END, callback_data=ChatCb(action="x", rid=request_id))
    return kb.as_markup()


async def enter(bot: Bot, user_id: int, state: FSMContext, request_id: int) -> None:
    """Put the person into the conversation of `request_id` and say how to leave it."""
    await state.set_state(CounsellorChat.talking)
    await state.update_data({REQUEST: request_id})
    keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=ct.BTN_END)]], resize_keyboard=True)
    await bot.send_message(user_id, ct.ENTERED.format(id=request_id), reply_markup=keyboard)


async def _deliver(session: AsyncSession, clock: Clock, chat_id: int, text: str) -> bool:
    """A message to someone other than the person writing: an outbox row in this update's transaction, sent by
    the sender right after the commit and retried by it (a failed send never re-runs this handler)."""
    if await outbox.notify(session, chat_id, text, clock.now()) is not None:
        return True
    # Staff who never opened the bot: Telegram would refuse; the others still get it.
    log.warning("a counsellor conversation message was not delivered to one staff member")
    return False


async def on_text(
    message: Message, state: FSMContext, session: AsyncSession, db_user: User, settings: Settings, clock: Clock
) -> None:
    text = (message.text or "").strip()
    request_id = int((await state.get_data()).get(REQUEST) or 0)
    found = await counsellor.open_request_of_user(session, db_user.id, request_id)
    if found is None:  # closed by staff meanwhile: leave the mode and let the text be what it would be
        await leave_dialogue(state, REQUEST)
        raise SkipHandler
    if len(text) > MAX_TEXT:
        await message.answer(ct.TOO_LONG.format(n=len(text), limit=MAX_TEXT))
        return
    request, _ = found
    recipients = [request.staff_id] if request.staff_id else await staff_for_district(
        session, settings, db_user.district
    )
    body = ct.STAFF_MESSAGE.format(id=request.id, name=esc(db_user.display_name), user_id=db_user.id, text=esc(text))
    delivered = [await _deliver(session, clock, staff_id, body) for staff_id in recipients]
    await message.answer(ct.FORWARDED if any(delivered) else ct.NO_STAFF)


async def on_other(message: Message) -> None:
    await message.answer(ct.TEXT_ONLY)


async def on_end(
    message: Message, state: FSMContext, session: AsyncSession, db_user: User, bot: Bot, clock: Clock
) -> None:
    await _end(message.chat.id, state, session, db_user, bot, clock)


async def on_menu_button(message: Message, state: FSMContext) -> None:
    """A menu button means the person moved on: leave the mode, and the button does what it says."""
    await leave_dialogue(state, REQUEST)
    raise SkipHandler


async def _end(
    chat_id: int, state: FSMContext, session: AsyncSession, db_user: User, bot: Bot, clock: Clock
) -> None:
    request_id = int((await state.get_data()).get(REQUEST) or 0)
    await leave_dialogue(state, REQUEST)
    found = await counsellor.open_request_of_user(session, db_user.id, request_id)
    if found is not None and found[0].staff_id:
        note = ct.STAFF_PERSON_LEFT.format(id=request_id, name=esc(db_user.display_name))
        await _deliver(session, clock, found[0].staff_id, note)
    await bot.send_message(chat_id, ct.ENDED, reply_markup=main_menu())


async def on_button(
    callback: CallbackQuery,
    callback_data: ChatCb,
    state: FSMContext,
    session: AsyncSession,
    db_user: User,
    bot: Bot,
    clock: Clock,
) -> None:
    if callback_data.action == "x":
        await callback.answer()
        if await state.get_state() == CounsellorChat.talking.state:
            await _end(callback.from_user.id, state, session, db_user, bot, clock)
        else:
            await bot.send_message(callback.from_user.id, ct.ENDED, reply_markup=main_menu())
        return
    if await counsellor.open_request_of_user(session, db_user.id, callback_data.rid) is None:
        await callback.answer(ct.REQUEST_GONE, show_alert=True)
        return
    await callback.answer()
    await enter(bot, callback.from_user.id, state, callback_data.rid)


def create_router() -> Router:
    router = Router(name="counsellor_chat")
    talking = StateFilter(CounsellorChat.talking)
    router.callback_query.register(on_button, ChatCb.filter(F.action.in_({"r", "x"})))
    router.message.register(on_end, talking, F.text.in_(ct.END_WORDS))
    router.message.register(on_menu_button, talking, F.text.in_(MENU_BUTTONS))
    # Commands keep working in the conversation (/menu and /start also end it: they clear the dialogue).
    router.message.register(on_text, talking, F.text, ~F.text.startswith("/"))
    router.message.register(on_other, talking, ~F.text)
    # The 结束人工咨询 keyboard outlives the conversation (e.g. staff closed the request): still answer it.
    router.message.register(on_end, F.text == ct.BTN_END)
    return router
