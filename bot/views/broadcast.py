"""Buttons and messages of broadcasts, shared by the staff handlers and the scheduler (progress, compose)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import BcCtl
from bot.texts import broadcast as bt
from bot.texts import esc
from bot.views.course import fmt_date, open_course_button, title
from storage.broadcasts import Progress
from storage.models import CourseRow
from storage.models_staff import Broadcast

MAX_COURSES_LISTED = 8  # one message, one button each: more would be a wall of text


def message_text(text: str) -> str:
    """A staff message as its recipients see it: escaped (no markup injected), signed by the organisation."""
    return esc(text) + bt.FOOTER.format(org=bt.ORG)


STATUS_LABELS = {
    "running": bt.STATUS_RUNNING,
    "paused": bt.STATUS_PAUSED,
    "done": bt.STATUS_DONE,
    "cancelling": bt.STATUS_CANCELLING,
    "cancelled": bt.STATUS_CANCELLED,
}


def progress_view(broadcast: Broadcast, progress: Progress) -> tuple[str, InlineKeyboardMarkup | None]:
    text = bt.PROGRESS.format(
        id=broadcast.id,
        status=STATUS_LABELS.get(broadcast.status, broadcast.status),
        total=broadcast.recipients,
        sent=progress.sent,
        undelivered=progress.undelivered,
        left=progress.left,
    )
    if progress.dropped or broadcast.status in ("cancelling", "cancelled"):
        text += bt.PROGRESS_DROPPED.format(dropped=progress.dropped)
    if broadcast.status not in ("running", "paused"):
        return text, None
    kb = InlineKeyboardBuilder()
    if broadcast.status == "running":
        kb.button(text=bt.BTN_PAUSE, callback_data=BcCtl(action="p", bid=broadcast.id))
    else:
        kb.button(text=bt.BTN_RESUME, callback_data=BcCtl(action="r", bid=broadcast.id))
    kb.button(text=bt.BTN_STOP, callback_data=BcCtl(action="c", bid=broadcast.id))
    return text, kb.as_markup()


def duration(span: timedelta) -> str:
    seconds = max(int(span.total_seconds()), 0)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if h:
        return bt.DURATION_H.format(h=h, m=m)
    return bt.DURATION_M.format(m=m, s=s) if m else bt.DURATION_S.format(s=s)


def new_courses_message(courses: Sequence[CourseRow], today: date) -> tuple[str, InlineKeyboardMarkup]:
    """The new-class alert: a short list, a button per class opening its card, and one-tap unsubscribe."""
    shown = courses[:MAX_COURSES_LISTED]
    lines = [bt.NEW_COURSES_HEADER]
    kb = InlineKeyboardBuilder()
    for course in shown:
        lines.append(
            bt.NEW_COURSE_LINE.format(
                title=title(course),
                district=esc(course.district),
                start=fmt_date(course.start_date, today),
                subsidy=course.subsidy_yuan,
            )
        )
        # The same detail button the search results use, so the card, enrolment and enquiry work as usual.
        kb.add(open_course_button(course.code, course.title, course.sample))
    lines.append(bt.NEW_COURSES_FOOTER)
    kb.button(text=bt.BTN_UNSUBSCRIBE, callback_data=bt.UNSUBSCRIBE_DATA)
    kb.adjust(1)
    return "\n".join(lines), kb.as_markup()
