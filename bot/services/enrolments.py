"""Enrolling and cancelling, with the 1131 ledger told when the person has an open case."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from storage import enrolments as repo
from storage.enrolments import EnrolOutcome


async def enrol(session: AsyncSession, user_id: int, code: str, today: date) -> EnrolOutcome:
    return await repo.enrol(session, user_id, code, today)


async def cancel_own(session: AsyncSession, user_id: int, enrolment_id: int) -> bool:
    return await repo.cancel(session, enrolment_id, user_id=user_id, by="user")
