"""Enrolling and cancelling; an enrolment by someone with a 1131 case completes its training step."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.scheduling import drop_for_enrolment
from storage import cases
from storage import enrolments as repo
from storage.enrolments import EnrolOutcome


async def enrol(session: AsyncSession, user_id: int, code: str, today: date) -> tuple[EnrolOutcome, bool]:
    """Returns the outcome and whether this enrolment completed the 1131 training step."""
    outcome = await repo.enrol(session, user_id, code, today)
    case = await cases.get_case(session, user_id)
    if case is None or outcome is not EnrolOutcome.ENROLLED:
        return outcome, False
    cases.record(session, case, "training", "enrolled", course_code=code)
    first_time = case.training_done_at is None
    cases.mark_step_done(session, case, "training")
    return outcome, first_time


async def cancel_own(session: AsyncSession, user_id: int, enrolment_id: int) -> bool:
    cancelled = await repo.cancel(session, enrolment_id, user_id=user_id, by="user")
    if cancelled:
        await drop_for_enrolment(session, enrolment_id)
    case = await cases.get_case(session, user_id) if cancelled else None
    if case is not None:
        cases.record(session, case, "training", "cancelled", enrolment_id=enrolment_id)
    return cancelled
