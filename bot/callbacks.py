"""Callback data that handlers and the layers below them (services, the scheduler) both need.

A notice composed by a service and sent later by the outbox may carry a button that a handler answers, so the
callback type lives here, below both: handlers import it from here, and nothing here imports a handler.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton

from bot.args import CallbackInt
from bot.services.catalog import CatalogService
from bot.texts import broadcast as bt
from bot.texts.marks import mark_sample


class CourseCb(CallbackData, prefix="c"):
    # Ids only: callback data is at most 64 bytes. `sid` ties page buttons to one search.
    action: str  # "p" page, "d" detail, "e" enquire, "s" suggested occupation, "r"/"R" enrol ask/confirm
    sid: CallbackInt = 0
    page: CallbackInt = 0
    key: str = ""  # CatalogService.key_of(course code)


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    """An inline button; markups are built directly because InlineKeyboardBuilder deep-copies every button on
    each add (a third of a result page's cost)."""
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def open_course_button(code: str, title: str, sample: bool) -> InlineKeyboardButton:
    """A button opening a class's card outside any result list (sid 0: the card comes as a new message, with
    enrol and enquire). The label is plain text (never HTML): the title unescaped, marked as demo data is."""
    label = bt.BTN_OPEN_COURSE.format(title=mark_sample(title[:24], sample))
    return button(label, CourseCb(action="d", key=CatalogService.key_of(code)))
