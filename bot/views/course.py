"""How a course is named and dated wherever it appears: cards, alerts, notices, lists."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from aiogram.types import InlineKeyboardButton

from bot import texts
from bot.callbacks import CourseCb, button
from bot.services.catalog import CatalogService
from bot.texts import broadcast as bt
from bot.texts import esc, marks


class _Titled(Protocol):
    title: str
    sample: bool


def fmt_date(day: date, today: date) -> str:
    if day.year == today.year:
        return texts.DATE.format(m=day.month, d=day.day)
    return texts.DATE_WITH_YEAR.format(y=day.year, m=day.month, d=day.day)


def title(item: _Titled) -> str:
    """A course's (or job posting's) title, escaped, marked 示例 when it is shipped demo data."""
    return marks.mark_sample(esc(item.title), item.sample)


def open_course_button(code: str, name: str, sample: bool) -> InlineKeyboardButton:
    """A button opening a class's card outside any result list (sid 0: the card comes as a new message, with
    enrol and enquire). The label is plain text (never HTML): the name unescaped, marked as demo data is."""
    label = bt.BTN_OPEN_COURSE.format(title=marks.mark_sample(name[:24], sample))
    return button(label, CourseCb(action="d", key=CatalogService.key_of(code)))
