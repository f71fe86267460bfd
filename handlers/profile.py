"""/profile: a two-step dialogue (group, district) whose state lives in the database."""

from __future__ import annotations

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
from catalog.districts import DISTRICTS
from catalog.groups import GROUPS
from handlers.courses import end_dialogue
from handlers.keyboards import MENU_BUTTONS, main_menu
from storage.models import User
from storage.users import set_profile


class ProfileForm(StatesGroup):
    group = State()
    district = State()


class ProfileCb(CallbackData, prefix="pf"):
    # Indexes, not names: callback data is limited to 64 bytes and a Chinese character takes 3.
    action: str  # "set" | "back" | "skip" | "cancel"
    idx: CallbackInt = -1


def _choices_keyboard(options: tuple[str, ...], *, with_back: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for i, option in enumerate(options):
        kb.button(text=option, callback_data=ProfileCb(action="set", idx=i))
    kb.adjust(2)
    nav = InlineKeyboardBuilder()
    if with_back:
        nav.button(text=texts.BTN_BACK, callback_data=ProfileCb(action="back"))
    nav.button(text=texts.BTN_SKIP, callback_data=ProfileCb(action="skip"))
    nav.button(text=texts.BTN_CANCEL, callback_data=ProfileCb(action="cancel"))
    kb.attach(nav)
    return kb.as_markup()


DISTRICT_NAMES = tuple(d.name for d in DISTRICTS)


def _picked(options: tuple[str, ...], callback_data: ProfileCb) -> str | None:
    """The chosen option; skip, or a forged index, counts as no answer."""
    if callback_data.action == "set" and 0 <= callback_data.idx < len(options):
        return options[callback_data.idx]
    return None


async def ask_group(message: Message, state: FSMContext) -> None:
    await state.set_state(ProfileForm.group)
    await message.answer(texts.PROFILE_ASK_GROUP, reply_markup=_choices_keyboard(GROUPS, with_back=False))


async def on_group(callback: CallbackQuery, callback_data: ProfileCb, state: FSMContext) -> None:
    if callback_data.action == "cancel":
        return await _cancel(callback, state)
    group = _picked(GROUPS, callback_data)
    await state.update_data(group=group)
    await state.set_state(ProfileForm.district)
    await callback.answer()
    await _edit(callback, texts.PROFILE_ASK_DISTRICT, _choices_keyboard(DISTRICT_NAMES, with_back=True))


async def on_district(
    callback: CallbackQuery, callback_data: ProfileCb, state: FSMContext, session: AsyncSession, db_user: User
) -> None:
    if callback_data.action == "cancel":
        return await _cancel(callback, state)
    if callback_data.action == "back":
        await state.set_state(ProfileForm.group)
        await callback.answer()
        return await _edit(callback, texts.PROFILE_ASK_GROUP, _choices_keyboard(GROUPS, with_back=False))
    district = _picked(DISTRICT_NAMES, callback_data)
    group = (await state.get_data()).get("group")
    await set_profile(session, db_user, group=group, district=district)
    await end_dialogue(state)
    await callback.answer()
    await _edit(
        callback,
        texts.PROFILE_SAVED.format(group=group or texts.NOT_SET, district=district or texts.NOT_SET),
        None,
    )
    if callback.message is not None:
        await callback.message.answer(texts.MENU, reply_markup=main_menu())


async def remind_to_tap(message: Message, state: FSMContext) -> None:
    # Typing during the dialogue: ask again with fresh buttons rather than dropping the answers so far.
    if await state.get_state() == ProfileForm.group.state:
        await message.answer(texts.PROFILE_ASK_GROUP, reply_markup=_choices_keyboard(GROUPS, with_back=False))
    else:
        markup = _choices_keyboard(DISTRICT_NAMES, with_back=True)
        await message.answer(texts.PROFILE_ASK_DISTRICT, reply_markup=markup)


async def _cancel(callback: CallbackQuery, state: FSMContext) -> None:
    await end_dialogue(state)
    await callback.answer()
    await _edit(callback, texts.PROFILE_CANCELLED, None)


async def _edit(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name="profile")
    router.message.register(ask_group, Command("profile"))
    router.callback_query.register(on_group, ProfileForm.group, ProfileCb.filter())
    router.callback_query.register(on_district, ProfileForm.district, ProfileCb.filter())
    # Menu buttons and commands do what they say mid-dialogue; anything else is answered with the buttons again.
    router.message.register(remind_to_tap, StateFilter(ProfileForm), ~F.text.in_(MENU_BUTTONS), ~F.text.startswith("/"))
    return router
