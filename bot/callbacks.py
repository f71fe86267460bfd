"""Callback data that handlers and the layers below them (services, the scheduler, bot/views) both need.

A notice composed by a service or the scheduler and sent later by the outbox may carry a button that a handler
answers, so the callback type lives here, below both: handlers import it from here, and nothing here imports a
handler. Callback data only one feature's handlers use stays with them.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton

from bot.args import CallbackInt


class CourseCb(CallbackData, prefix="c"):
    # Ids only: callback data is at most 64 bytes. `sid` ties page buttons to one search.
    action: str  # "p" page, "d" detail, "e" enquire, "s" suggested occupation, "r"/"R" enrol ask/confirm
    sid: CallbackInt = 0
    page: CallbackInt = 0
    key: str = ""  # CatalogService.key_of(course code)


class SurveyCb(CallbackData, prefix="sq"):
    rid: CallbackInt  # survey_responses.id, checked against the person pressing
    q: CallbackInt  # a bot.services.surveys.Question
    idx: CallbackInt = -1  # option index; for usefulness the score 1–5; -1 skips the comment


class BcCtl(CallbackData, prefix="bcc"):
    action: str  # p pause, r resume, c cancel
    bid: CallbackInt


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    """An inline button; markups are built directly because InlineKeyboardBuilder deep-copies every button on
    each add (a third of a result page's cost)."""
    return InlineKeyboardButton(text=text, callback_data=data.pack())
