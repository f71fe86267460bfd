"""Plans the outbox rows for an enrolment: class reminders, follow-up surveys, and course change notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.services.enrolments import end_for_cancelled_class, end_pending_for_cancelled_class, tell_class_reopened
from bot.texts import esc
from bot.texts import service1131 as st
from scheduler import planning
from storage import outbox
from storage.models import CourseRow, User
from storage.models_service import Enrolment

REMINDER_KINDS = ("reminder_day", "reminder_2h")


async def _enrolment(session: AsyncSession, enrolment_id: int) -> tuple[Enrolment, CourseRow, User] | None:
    row = (
        await session.execute(
            select(Enrolment, CourseRow, User)
            .join(CourseRow, CourseRow.id == Enrolment.course_id)
            .join(User, User.id == Enrolment.user_id)
            .where(Enrolment.id == enrolment_id)
        )
    ).first()
    return (row[0], row[1], row[2]) if row else None


async def plan_for_enrolment(session: AsyncSession, settings: Settings, enrolment_id: int, now: datetime) -> int:
    """(Re)schedule the reminders and surveys of a confirmed enrolment; returns how many are planned."""
    found = await _enrolment(session, enrolment_id)
    if found is None or found[0].status != "confirmed":
        return 0
    enrolment, course, user = found
    tz = settings.tz_for(user.district)
    planned = 0
    for kind, moment in planning.reminder_moments(
        course.start_date, settings.class_start_time, tz, settings.quiet
    ).items():
        if planning.is_stale_reminder(moment, now):
            continue  # confirmed after the moment: nothing to remind
        due = planning.defer_quiet(moment, tz, settings.quiet)
        key = f"{kind}:{enrolment.id}:{course.start_date.isoformat()}"
        await outbox.schedule(session, key, kind, user.id, due, enrolment_id=enrolment.id)
        planned += 1
    for wave in settings.survey_waves:
        due = planning.defer_quiet(planning.survey_moment(course.end_date, wave, tz), tz, settings.quiet)
        key = f"survey:{enrolment.id}:{wave}:{course.end_date.isoformat()}"
        await outbox.schedule(session, key, "survey", user.id, due, enrolment_id=enrolment.id, payload={"wave": wave})
        planned += 1
    return planned


async def drop_for_enrolment(session: AsyncSession, enrolment_id: int) -> int:
    return await outbox.drop_pending(session, enrolment_id=enrolment_id)


async def on_course_changed(
    session: AsyncSession, settings: Settings, course_id: int, now: datetime, *, actor: int | None = None
) -> int:
    """A course's dates changed, it was retired, or it came back: tell confirmed trainees now and fix their
    schedule. A retired (cancelled) class also ends their enrolments and reopens their 1131 training step (`actor`:
    the staff member who cancelled it, None when a full import retired it); whoever's step reopens is told so.
    Its pending enrolments end too, each person told. A class offered again tells the people whose enrolment
    ended with it that they may enrol again."""
    course = await session.get(CourseRow, course_id)
    if course is None:
        return 0
    if course.active:
        await tell_class_reopened(session, course, now)
    else:
        await end_pending_for_cancelled_class(session, course, now, actor=actor)
    enrolments = await session.scalars(
        select(Enrolment).where(Enrolment.course_id == course_id, Enrolment.status == "confirmed")
    )
    told = 0
    for enrolment in list(enrolments):
        change = "rescheduled" if course.active else "cancelled"
        stamp = now.strftime("%Y%m%d%H%M%S%f")
        await outbox.schedule(
            session,
            f"notice:{enrolment.id}:{stamp}",
            "course_notice",
            enrolment.user_id,
            now,
            enrolment_id=None,
            payload={"change": change, "course_id": course.id},
        )
        await outbox.drop_pending(session, enrolment_id=enrolment.id)
        if course.active:  # keys carry the dates: unchanged ones come back, moved ones are new rows
            await plan_for_enrolment(session, settings, enrolment.id, now)
        elif await end_for_cancelled_class(
            session, enrolment.id, enrolment.user_id, course.code, actor=actor
        ):
            await outbox.notify(session, enrolment.user_id, st.TRAINING_REOPENED.format(title=esc(course.title)), now)
        told += 1
    return told
