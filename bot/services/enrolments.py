"""Enrolling, cancelling and staff decisions, and what they mean for the 1131 training step.

The step is done when staff confirm an enrolment (a pending one is not training yet), and it is undone, with a
ledger row, when the person no longer holds any confirmed enrolment after a cancellation or rejection.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.texts import esc
from bot.views.course import open_course_button
from catalog.model import Course
from storage import cases, outbox
from storage import enrolments as repo
from storage.enrolments import EnrolOutcome
from storage.models import CourseRow
from storage.models_service import ServiceCase


async def enrol(session: AsyncSession, user_id: int, code: str, today: date) -> tuple[EnrolOutcome, bool]:
    """Returns the outcome and whether this enrolment counts for the person's 1131 training step once confirmed."""
    outcome = await repo.enrol(session, user_id, code, today)
    case = await cases.get_case(session, user_id)
    if case is None or outcome is not EnrolOutcome.ENROLLED:
        return outcome, False
    cases.record(session, case, "training", "enrolled", course_code=code)
    return outcome, case.training_done_at is None


async def cancel_own(session: AsyncSession, user_id: int, enrolment_id: int) -> bool:
    cancelled = await repo.cancel(session, enrolment_id, user_id=user_id, by="user")
    if cancelled:
        await outbox.drop_pending(session, enrolment_id=enrolment_id)
    case = await cases.get_case(session, user_id) if cancelled else None
    if case is not None:
        cases.record(session, case, "training", "cancelled", enrolment_id=enrolment_id)
        await _undo_unless_confirmed(session, case, enrolment_id, actor=None)
    return cancelled


async def decide(
    session: AsyncSession, enrolment_id: int, *, confirm: bool, staff_id: int, districts: Sequence[str] | None
) -> tuple[int, Course] | None:
    """A staff member confirms or rejects a pending enrolment (within `districts`); (user id, course) or None."""
    decided = await repo.decide(session, enrolment_id, confirm=confirm, districts=districts)
    if decided is None:
        return None
    user_id, course = decided
    case = await cases.get_case(session, user_id)
    if case is not None:
        action = "confirmed" if confirm else "rejected"
        detail = {"enrolment_id": enrolment_id, "course_code": course.code}
        cases.record(session, case, "training", action, actor=staff_id, **detail)
        if confirm:
            cases.mark_step_done(session, case, "training", actor=staff_id)
        else:
            await _undo_unless_confirmed(session, case, enrolment_id, actor=staff_id)
    return decided


async def end_for_cancelled_class(
    session: AsyncSession, enrolment_id: int, user_id: int, course_code: str, *, actor: int | None
) -> bool:
    """The class of a live enrolment was cancelled (`actor`: the staff member; None: retired by an import): the
    enrolment ends like a cancellation (marked as ended with its class), with a ledger row, and the 1131 training
    step opens again unless another confirmed enrolment holds it. True when the step was reopened (the person is
    to be told). A pending enrolment never counted for the step, so ending one reopens nothing."""
    if not await repo.cancel(session, enrolment_id, by=repo.BY_CLASS):
        return False
    case = await cases.get_case(session, user_id)
    if case is None:
        return False
    detail = {"enrolment_id": enrolment_id, "course_code": course_code}
    cases.record(session, case, "training", "class_cancelled", actor=actor, **detail)
    return await _undo_unless_confirmed(session, case, enrolment_id, actor=actor)


async def _undo_unless_confirmed(
    session: AsyncSession, case: ServiceCase, enrolment_id: int, actor: int | None
) -> bool:
    if await repo.holds_confirmed(session, case.user_id):
        return False
    return cases.undo_step(session, case, "training", actor=actor, enrolment_id=enrolment_id)


async def end_pending_for_cancelled_class(
    session: AsyncSession, course: CourseRow, now: datetime, *, actor: int | None
) -> int:
    """A cancelled class's pending enrolments end too, each person told through the outbox; returns how many."""
    ended = 0
    for enrolment in await repo.of_course(session, course.id, status="pending"):
        await end_for_cancelled_class(session, enrolment.id, enrolment.user_id, course.code, actor=actor)
        text = texts.COURSE_CANCELLED_PENDING.format(title=esc(course.title), contact=esc(course.contact))
        await outbox.notify(session, enrolment.user_id, text, now)
        ended += 1
    return ended


async def tell_class_reopened(session: AsyncSession, course: CourseRow, now: datetime) -> int:
    """A cancelled class is offered again: whoever's enrolment ended with it is told (once) that they may enrol
    again. Nobody is enrolled again, and no 1131 step changes; returns how many are told."""
    text = texts.COURSE_REOPENED.format(
        title=esc(course.title),
        start=course.start_date,
        end=course.end_date,
        district=esc(course.district),
        address=esc(course.address),
        search=esc(f"{course.occupation} {course.district}"),
        contact=esc(course.contact),
    )
    # The class's card, as the new-class alerts open it (stored with the message, like the counsellor's buttons).
    button = open_course_button(course.code, course.title, course.sample)
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]]).model_dump(mode="json", exclude_none=True)
    told = 0
    for enrolment in await repo.of_course(session, course.id, status="cancelled", by=repo.BY_CLASS):
        enrolment.cancelled_by = repo.BY_CLASS_TOLD
        await outbox.notify(session, enrolment.user_id, text, now, markup=markup)
        told += 1
    return told
