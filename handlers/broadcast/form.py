"""The /broadcast dialogue's state: its draft (text, audience filters) in the FSM data under "bc", the filter
view with its buttons, and leaving the dialogue."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.args import CallbackInt
from bot.texts import broadcast as bt
from bot.texts import esc
from catalog.districts import DISTRICTS
from catalog.groups import GROUPS
from handlers.access import StaffRole, describe_scope
from storage.broadcasts import Audience

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


def districts_of(role: StaffRole) -> tuple[str, ...]:
    return role.scope() or ALL_DISTRICTS


def audience_of(draft: dict, role: StaffRole) -> Audience:
    return Audience(
        districts=tuple(draft.get("districts", ())),
        groups=tuple(draft.get("groups", ())),
        interest=draft.get("interest"),
        course_code=draft.get("course"),
        scope=role.scope(),
    )


def summary_of(draft: dict, role: StaffRole) -> dict[str, str]:
    scope = role.scope()
    any_district = bt.ANY_IN_SCOPE.format(scope=describe_scope(scope)) if scope else bt.ANY
    return {
        "districts": "、".join(draft.get("districts", ())) or any_district,
        "groups": "、".join(draft.get("groups", ())) or bt.ANY,
        "interest": esc(draft.get("interest") or bt.ANY),
        "course": esc(draft.get("course") or bt.ANY),
    }


def filters_view(draft: dict, role: StaffRole) -> tuple[str, InlineKeyboardMarkup]:
    kb = InlineKeyboardBuilder()
    for i, name in enumerate(districts_of(role)):
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
    return bt.FILTERS.format(**summary_of(draft, role)), kb.as_markup()


async def draft_of(state: FSMContext) -> dict:
    return dict((await state.get_data()).get("bc") or {})


async def show_filters(message: Message, state: FSMContext, draft: dict, role: StaffRole, *, edit: bool) -> None:
    await state.update_data(bc=draft)
    await state.set_state(BroadcastForm.filters)
    text, markup = filters_view(draft, role)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


async def cancel(message: Message, state: FSMContext) -> None:
    await state.update_data(bc=None)
    await state.set_state(None)
    await message.answer(bt.CANCELLED)


def toggle(values: list[str], options: tuple[str, ...], idx: int) -> list[str] | None:
    if not 0 <= idx < len(options):
        return None  # a forged or outdated index
    name = options[idx]
    return [v for v in values if v != name] if name in values else [*values, name]
