"""What each outbox item says, decided at send time from the current state of the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.config import Settings
from bot.services.surveys import current_question, open_survey
from bot.texts import esc
from bot.texts import reminders as reminder_texts
from bot.views.survey import survey_message
from scheduler import planning
from storage.models import CourseRow, User
from storage.models_schedule import OutboxItem, SurveyResponse
from storage.models_service import Enrolment

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True, slots=True)
class Outgoing:
    text: str
    markup: Markup | None = None


def markup_from_json(data: dict[str, Any] | None) -> Markup | None:
    """A keyboard stored with an outbox message (InlineKeyboardMarkup.model_dump(mode="json") and the like)."""
    if not data:
        return None
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup.model_validate(data)
    if "keyboard" in data:
        return ReplyKeyboardMarkup.model_validate(data)
    return ReplyKeyboardRemove.model_validate(data)


@dataclass(frozen=True, slots=True)
class Skip:
    status: str  # "dropped" (no longer wanted) or "skipped" (the person cannot or does not want to get it)
    reason: str


def _place(course: CourseRow) -> dict[str, str]:
    return {
        "title": esc(course.title),
        "district": esc(course.district),
        "address": esc(course.address),
        "contact": esc(course.contact),
    }


async def compose(session: AsyncSession, item: OutboxItem, user: User, settings: Settings, now: datetime):
    """An Outgoing message, or a Skip saying why nothing is sent."""
    if item.kind == "message":  # written by the handler that decided it; sent as it was written
        return Outgoing(item.payload["text"], markup_from_json(item.payload.get("markup")))
    if item.kind == "course_notice":
        course = await session.get(CourseRow, item.payload.get("course_id"))
        if course is None:
            return Skip("dropped", "course gone")
        if item.payload.get("change") == "cancelled":
            return Outgoing(texts.COURSE_CANCELLED.format(**_place(course)))
        return Outgoing(texts.COURSE_RESCHEDULED.format(start=course.start_date, end=course.end_date, **_place(course)))
    if item.kind == "broadcast":
        from scheduler.broadcast import compose_broadcast  # imported here: it builds on Outgoing and Skip above

        return await compose_broadcast(session, item, user, today=now.astimezone(settings.tz).date())
    if user.reminders_muted:
        return Skip("skipped", "muted")
    enrolment = await session.get(Enrolment, item.enrolment_id) if item.enrolment_id else None
    course = await session.get(CourseRow, enrolment.course_id) if enrolment else None
    if enrolment is None or course is None or enrolment.status != "confirmed":
        return Skip("dropped", "enrolment no longer confirmed")
    if item.kind in ("reminder_day", "reminder_2h"):
        if not course.active or planning.is_stale_reminder(item.due_at, now):
            return Skip("dropped", "moment passed" if course.active else "course retired")
        template = texts.REMINDER_DAY_BEFORE if item.kind == "reminder_day" else texts.REMINDER_2H
        time_text = settings.class_start_time.strftime("%H:%M")
        body = template.format(start=course.start_date, time=time_text, **_place(course))
        tz = settings.tz_for(user.district)
        if item.kind == "reminder_day" and planning.two_hour_folded(
            course.start_date, settings.class_start_time, tz, settings.quiet
        ):
            body += "\n" + reminder_texts.NO_TWO_HOUR_REMINDER
        return Outgoing(body)
    wave = int(item.payload.get("wave", 0))
    if item.kind == "survey":
        response = await open_survey(session, enrolment.id, user.id, wave, now=now)
        return Outgoing(*survey_message(response, course.title))
    if item.kind == "nudge":
        response = await session.get(SurveyResponse, item.payload.get("response_id"))
        if response is None or response.answered_at is not None or current_question(response) is None:
            return Skip("dropped", "already answered")
        return Outgoing(*survey_message(response, course.title, nudge=True))
    return Skip("dropped", f"unknown kind {item.kind}")
