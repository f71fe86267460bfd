"""Messages of the front door built from data (job lists, cost of a result list, the kind-answer buttons)."""

from __future__ import annotations

from datetime import date

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.texts import conversation as ct
from bot.texts import esc
from catalog.faq import FaqEntry
from catalog.jobs_match import JobMatch
from catalog.understanding import CostSummary
from handlers.course_views import fmt_date
from handlers.progress_menu import S1131Cb


class FrontCb(CallbackData, prefix="fd"):
    action: str  # "find" | "near" | "jobs" | "1131" | "ask" (an FAQ entry) | "rel" (an entry's related courses)
    arg: str = ""  # FAQ entry id (short ASCII, see catalog/faq.py)


def usual_buttons(*actions: str) -> InlineKeyboardMarkup:
    """What people usually want, as buttons (default: courses, nearby, jobs, 1131)."""
    labels = {"find": ct.BTN_FIND, "near": ct.BTN_NEARBY, "jobs": ct.BTN_JOBS, "1131": ct.BTN_1131}
    kb = InlineKeyboardBuilder()
    for action in actions or tuple(labels):
        kb.button(text=labels[action], callback_data=FrontCb(action=action))
    kb.adjust(2)
    return kb.as_markup()


def counsellor_button() -> InlineKeyboardMarkup:
    """The 1131 counsellor request, the same button as in career guidance (handlers/counsellor.py answers it)."""
    kb = InlineKeyboardBuilder()
    kb.button(text=ct.BTN_HUMAN, callback_data=S1131Cb(action="counsellor"))
    return kb.as_markup()


def related_button(entry: FaqEntry) -> InlineKeyboardMarkup | None:
    """Courses that go with an FAQ answer (e.g. 创业培训 with GYB/SYB), as a button."""
    if not entry.search:
        return None
    kb = InlineKeyboardBuilder()
    kb.button(text=ct.BTN_RELATED.format(search=esc(entry.search)), callback_data=FrontCb(action="rel", arg=entry.id))
    return kb.as_markup()


def did_you_mean(entries: list[FaqEntry]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for entry in entries:
        kb.button(text=entry.questions[0], callback_data=FrontCb(action="ask", arg=entry.id))
    kb.adjust(1)
    return kb.as_markup()


def jobs_list(matches: list[JobMatch], words: str, today: date) -> str:
    if not matches:
        return ct.JOBS_NONE
    about = ""
    if words:
        on_topic = any(m.reasons and m.reasons[0].value == "occupation" for m in matches)
        about = (ct.JOBS_ABOUT if on_topic else ct.JOBS_ABOUT_NONE).format(words=esc(words))
    lines = [ct.JOBS_HEADER.format(about=about, n=len(matches))]
    for n, match in enumerate(matches, 1):
        job = match.job
        distance = f" · 约{match.distance_km:.1f}公里" if match.distance_km is not None else ""
        lines.append(ct.JOB_LINE.format(
            n=n, title=esc(job.title), employer=esc(job.employer), district=esc(job.district), distance=distance,
            salary_min=job.salary_min, salary_max=job.salary_max, part_time=" · 兼职" if job.part_time else "",
            contact=esc(job.contact), valid_until=fmt_date(job.valid_until, today),
        ))
    lines.append(ct.JOBS_FOOTER)
    return "\n\n".join(lines)


def _span(low: int, high: int) -> str:
    return str(low) if low == high else ct.MONEY_RANGE.format(low=low, high=high)


def cost_text(summary: CostSummary, capped: bool) -> str:
    """What the listed courses cost, counted from the list; lines with nothing to say are left out."""
    lines = [ct.COST_HEADER.format(scope=(ct.COST_SCOPE_TOP if capped else ct.COST_SCOPE_ALL).format(n=summary.listed))]
    if summary.free:
        lines.append(ct.COST_FREE.format(n=summary.free))
    if summary.fees is not None:
        lines.append(ct.COST_PAID.format(n=summary.paid, fees=_span(*summary.fees)))
    lines += [ct.COST_SUBSIDY.format(subsidies=_span(*summary.subsidies)), ct.COST_FOOTER]
    return "\n".join(lines)
