"""Adding a subscription: occupation → district → confirmation, with back and cancel on every step.

The step and the answers so far are FSM state, which lives in the database: a restart mid-way continues.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, KeyboardButton, Message, ReplyKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.clock import Clock
from bot.services.catalog import CatalogService
from bot.services.subscriptions import match_occupations, nearest_district
from bot.texts import esc
from bot.texts import subscriptions as st
from catalog.query import parse_query
from handlers.keyboards import MENU_BUTTONS
from handlers.replies import edit_or_send
from handlers.subscriptions.views import (
    DISTRICT_NAMES,
    SubsCb,
    confirm_keyboard,
    describe,
    district_keyboard,
    occupation_key,
    occupation_keyboard,
    overview,
)
from storage import subscriptions as repo
from storage.models import User


class SubsForm(StatesGroup):
    occupation = State()
    district = State()
    confirm = State()


# FSM data keys (the data is shared with other dialogues, hence the prefix).
POPULAR, OFFERED, OCC, DISTRICT, HINT, HINT_WHY = "sb_pop", "sb_off", "sb_occ", "sb_dis", "sb_hint", "sb_why"
KEYS = (POPULAR, OFFERED, OCC, DISTRICT, HINT, HINT_WHY)
POPULAR_COUNT = 8
MAX_OFFERED = 60  # occupations a button may name; the newest are kept
MAX_TEXT = 100  # more than any occupation or district needs; the rest is ignored
ECHO_CHARS = 20
ANY_WORDS = ("不限", "全市", "都行", "都可以", "随便", "哪里都")


async def leave(state: FSMContext) -> None:
    """End this dialogue (if it is the current one) and drop its answers; other dialogues' data stays."""
    data = await state.get_data()
    if any(key in data for key in KEYS):
        await state.set_data({k: v for k, v in data.items() if k not in KEYS})
    if await state.get_state() in SubsForm.__all_states_names__:
        await state.set_state(None)


async def start(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, db_user: User, clock: Clock, bot: Bot
) -> None:
    if await repo.count_for(session, db_user.id) >= repo.MAX_PER_USER:
        await callback.answer(st.LIMIT.format(limit=repo.MAX_PER_USER), show_alert=True)
        return
    popular = await repo.popular_occupations(session, clock.today(), POPULAR_COUNT)
    await leave(state)
    await state.update_data({POPULAR: popular, OFFERED: popular, HINT: db_user.district, HINT_WHY: "profile"})
    await callback.answer()
    await edit_or_send(callback, bot, *await _occupation_step(state))


async def _occupation_step(state: FSMContext, prefix: str = "") -> tuple[str, InlineKeyboardMarkup]:
    await state.set_state(SubsForm.occupation)
    return prefix + st.ASK_OCCUPATION, occupation_keyboard((await state.get_data()).get(POPULAR) or [])


async def _district_step(state: FSMContext, prefix: str = "") -> tuple[str, InlineKeyboardMarkup]:
    await state.set_state(SubsForm.district)
    data = await state.get_data()
    hint = data.get(HINT)
    text = st.ASK_DISTRICT.format(occupation=esc(data.get(OCC) or st.ANY_OCCUPATION))
    if hint:
        why = st.DEFAULT_MENTIONED if data.get(HINT_WHY) == "text" else st.DEFAULT_PROFILE
        text += why.format(district=esc(hint))
    return prefix + text, district_keyboard(hint)


async def _confirm_step(state: FSMContext, prefix: str = "") -> tuple[str, InlineKeyboardMarkup]:
    await state.set_state(SubsForm.confirm)
    data = await state.get_data()
    occupation, district = esc(data.get(OCC) or st.ANY_OCCUPATION), esc(data.get(DISTRICT) or st.ANY_DISTRICT)
    return prefix + st.CONFIRM.format(occupation=occupation, district=district), confirm_keyboard()


async def _current_step(state: FSMContext, prefix: str) -> tuple[str, InlineKeyboardMarkup]:
    current = await state.get_state()
    if current == SubsForm.confirm.state:
        return await _confirm_step(state, prefix)
    if current == SubsForm.district.state:
        return await _district_step(state, prefix)
    return await _occupation_step(state, prefix)


async def _offer(state: FSMContext, names: tuple[str, ...] | list[str]) -> None:
    offered = (await state.get_data()).get(OFFERED) or []
    await state.update_data({OFFERED: list(dict.fromkeys([*names, *offered]))[:MAX_OFFERED]})


# -- occupation ------------------------------------------------------------------------------------


async def on_occupation_button(callback: CallbackQuery, callback_data: SubsCb, state: FSMContext, bot: Bot) -> None:
    name = None
    if callback_data.key:  # resolved among the names this dialogue offered: a forged key matches none
        offered = (await state.get_data()).get(OFFERED) or []
        name = next((n for n in offered if occupation_key(n) == callback_data.key), None)
        if name is None:
            await callback.answer(texts.STALE_BUTTON, show_alert=True)
            return
    await state.update_data({OCC: name})
    await callback.answer()
    await edit_or_send(callback, bot, *await _district_step(state))


async def on_occupation_text(message: Message, state: FSMContext, catalog: CatalogService, clock: Clock) -> None:
    text = (message.text or "")[:MAX_TEXT]
    match = match_occupations(catalog, text, clock.today())
    if match.district:
        await state.update_data({HINT: match.district, HINT_WHY: "text"})
    echo = esc(text.strip()[:ECHO_CHARS])
    if len(match.occupations) == 1:
        await state.update_data({OCC: match.occupations[0]})
        body, markup = await _district_step(state)
    elif match.occupations:
        await _offer(state, match.occupations)
        body, markup = st.ASK_OCCUPATION_PICK.format(text=echo), occupation_keyboard(match.occupations)
    else:
        options = match.related or (await state.get_data()).get(POPULAR) or []
        await _offer(state, options)
        body = st.OCCUPATION_UNKNOWN.format(text=echo) + ("\n" + st.OCCUPATION_RELATED if match.related else "")
        markup = occupation_keyboard(options)
    await message.answer(body, reply_markup=markup)


# -- district --------------------------------------------------------------------------------------


async def on_district_button(callback: CallbackQuery, callback_data: SubsCb, state: FSMContext, bot: Bot) -> None:
    if callback_data.id != -1 and not 0 <= callback_data.id < len(DISTRICT_NAMES):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await state.update_data({DISTRICT: DISTRICT_NAMES[callback_data.id] if callback_data.id >= 0 else None})
    await callback.answer()
    await edit_or_send(callback, bot, *await _confirm_step(state))


async def on_district_text(message: Message, state: FSMContext, clock: Clock) -> None:
    text = (message.text or "")[:MAX_TEXT]
    districts = parse_query(text, clock.today()).districts  # aliases and Traditional characters too
    if districts or any(word in text for word in ANY_WORDS):
        await state.update_data({DISTRICT: districts[0] if districts else None})
        body, markup = await _confirm_step(state)
    else:
        body, markup = await _district_step(state, st.DISTRICT_UNKNOWN + "\n\n")
    await message.answer(body, reply_markup=markup)


async def ask_location(message: Message) -> None:
    """The nearby-courses button arrived as text (e.g. Telegram Desktop cannot share a location from the menu):
    at this step a location is an answer, so ask for it here rather than leave the dialogue."""
    button = KeyboardButton(text=texts.BTN_SEND_LOCATION, request_location=True)
    keyboard = ReplyKeyboardMarkup(keyboard=[[button]], resize_keyboard=True, one_time_keyboard=True)
    await message.answer(st.ASK_LOCATION, reply_markup=keyboard)


async def on_district_location(message: Message, state: FSMContext) -> None:
    assert message.location is not None
    name = nearest_district(message.location.latitude, message.location.longitude)
    if name is None:
        body, markup = await _district_step(state, st.LOCATION_FAR + "\n\n")
    else:
        await state.update_data({DISTRICT: name})
        body, markup = await _confirm_step(state, st.LOCATION_DISTRICT.format(district=esc(name)) + "\n\n")
    await message.answer(body, reply_markup=markup)


# -- confirmation, back, cancel, anything else -----------------------------------------------------


async def on_confirm(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, db_user: User, bot: Bot
) -> None:
    data = await state.get_data()
    occupation, district = data.get(OCC), data.get(DISTRICT)
    result = await repo.add(session, db_user.id, occupation, district)
    await leave(state)
    head = {repo.AddResult.ADDED: st.ADDED, repo.AddResult.DUPLICATE: st.DUPLICATE, repo.AddResult.LIMIT: st.LIMIT}
    line = head[result].format(item=esc(describe(occupation, district)), limit=repo.MAX_PER_USER)
    body, markup = overview(await repo.for_user(session, db_user.id))
    await callback.answer()
    await edit_or_send(callback, bot, f"{line}\n\n{body}", markup)


async def on_back(callback: CallbackQuery, state: FSMContext, session: AsyncSession, db_user: User, bot: Bot) -> None:
    await callback.answer()
    current = await state.get_state()
    if current == SubsForm.confirm.state:
        await edit_or_send(callback, bot, *await _district_step(state))
    elif current == SubsForm.district.state:
        await edit_or_send(callback, bot, *await _occupation_step(state))
    else:  # the first step: back to the list
        await leave(state)
        await edit_or_send(callback, bot, *overview(await repo.for_user(session, db_user.id)))


async def on_cancel(callback: CallbackQuery, state: FSMContext, bot: Bot) -> None:
    await leave(state)
    await callback.answer()
    await edit_or_send(callback, bot, st.CANCELLED, None)


async def step_aside(message: Message, state: FSMContext) -> None:
    """Another menu button, a command or the nearby-courses location: the person moved on; so do we."""
    await leave(state)
    raise SkipHandler


async def hint(message: Message, state: FSMContext) -> None:
    """Stickers, photos, or typing at the confirmation: say what this step needs, keep the answers."""
    prefix = st.HINT_BUTTONS if message.text else st.HINT_TEXT_ONLY
    body, markup = await _current_step(state, prefix + "\n\n")
    await message.answer(body, reply_markup=markup)


def register(router: Router) -> None:
    cb = router.callback_query
    cb.register(on_occupation_button, SubsForm.occupation, SubsCb.filter(F.action == "o"))
    cb.register(on_district_button, SubsForm.district, SubsCb.filter(F.action == "d"))
    cb.register(on_confirm, SubsForm.confirm, SubsCb.filter(F.action == "ok"))
    cb.register(on_back, StateFilter(SubsForm), SubsCb.filter(F.action == "back"))
    cb.register(on_cancel, StateFilter(SubsForm), SubsCb.filter(F.action == "x"))
    msg = router.message
    in_flow = StateFilter(SubsForm)
    # Another menu button or a command means the person moved on. SkipHandler passes it to the next
    # handler, so every later handler here must refuse it too.
    moving_on = F.text.in_(MENU_BUTTONS) | F.text.startswith("/")
    msg.register(on_district_location, SubsForm.district, F.location)
    msg.register(ask_location, SubsForm.district, F.text == texts.BTN_NEARBY)
    msg.register(step_aside, in_flow, moving_on | F.location)
    msg.register(on_occupation_text, SubsForm.occupation, F.text, ~moving_on)
    msg.register(on_district_text, SubsForm.district, F.text, ~moving_on)
    msg.register(hint, in_flow, ~moving_on, ~F.location)
