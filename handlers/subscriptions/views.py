"""Callback data and keyboards of the new-class subscriptions; shared by the list and the add dialogue."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import texts
from bot.args import CallbackInt
from bot.services.catalog import CatalogService
from bot.texts import esc
from bot.texts import subscriptions as st
from catalog.districts import DISTRICTS
from storage.models_staff import Subscription
from storage.subscriptions import MAX_PER_USER

# The button under new-class alerts (sent by the announcing side): one tap stops every subscription.
STOP_DATA = "subs:stop"
DISTRICT_NAMES = tuple(d.name for d in DISTRICTS)


class SubsCb(CallbackData, prefix="sb"):
    # add | all (unsubscribe all) | rm (id) | o (key: occupation, "" any) | d (id: district index, -1 any)
    # | ok | back | x (cancel the dialogue)
    action: str
    id: CallbackInt = 0
    key: str = ""


def occupation_key(name: str) -> str:
    """A short ASCII handle for an occupation name: callback data is 64 bytes and names are Chinese."""
    return CatalogService.key_of(name)


def describe(occupation: str | None, district: str | None) -> str:
    """Plain text (button labels are not HTML): esc() it before putting it in a message."""
    return st.ITEM.format(occupation=occupation or st.ANY_OCCUPATION, district=district or st.ANY_DISTRICT)


def overview(subscriptions: list[Subscription]) -> tuple[str, InlineKeyboardMarkup]:
    kb = InlineKeyboardBuilder()
    lines = []
    for n, sub in enumerate(subscriptions, start=1):
        item = describe(sub.occupation, sub.district)
        lines.append(st.OVERVIEW_LINE.format(n=n, item=esc(item)))
        kb.button(text=st.BTN_REMOVE.format(item=item), callback_data=SubsCb(action="rm", id=sub.id))
    if len(subscriptions) < MAX_PER_USER:
        kb.button(text=st.BTN_ADD, callback_data=SubsCb(action="add"))
    if subscriptions:
        kb.button(text=st.BTN_REMOVE_ALL, callback_data=SubsCb(action="all"))
        text = st.OVERVIEW.format(count=len(subscriptions), limit=MAX_PER_USER, items="\n".join(lines))
    else:
        text = st.OVERVIEW_EMPTY
    kb.adjust(1)
    return text, kb.as_markup()


def _nav(kb: InlineKeyboardBuilder, back_label: str = texts.BTN_BACK) -> InlineKeyboardMarkup:
    nav = InlineKeyboardBuilder()
    nav.button(text=back_label, callback_data=SubsCb(action="back"))
    nav.button(text=texts.BTN_CANCEL, callback_data=SubsCb(action="x"))
    kb.attach(nav)
    return kb.as_markup()


def occupation_keyboard(names: list[str] | tuple[str, ...]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for name in names:
        kb.button(text=name, callback_data=SubsCb(action="o", key=occupation_key(name)))
    kb.button(text=st.ANY_OCCUPATION, callback_data=SubsCb(action="o"))
    kb.adjust(2)
    return _nav(kb, st.BTN_BACK_TO_LIST)


def district_keyboard(default: str | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if default in DISTRICT_NAMES:
        idx = DISTRICT_NAMES.index(default)
        kb.button(text=st.BTN_MY_DISTRICT.format(district=default), callback_data=SubsCb(action="d", id=idx))
    rows = InlineKeyboardBuilder()
    for idx, name in enumerate(DISTRICT_NAMES):
        rows.button(text=name, callback_data=SubsCb(action="d", id=idx))
    rows.button(text=st.ANY_DISTRICT, callback_data=SubsCb(action="d", id=-1))
    rows.adjust(2)
    kb.attach(rows)
    return _nav(kb)


def confirm_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=st.BTN_CONFIRM, callback_data=SubsCb(action="ok"))
    return _nav(kb)
