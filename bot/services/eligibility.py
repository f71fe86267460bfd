"""A person's subsidy eligibility for courses: their group (profile) and their completed trainings (enrolments)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.eligibility import Eligibility, assess
from catalog.model import Course
from storage.enrolments import completed_trainings
from storage.models import User


async def verdicts(
    session: AsyncSession, user: User | None, courses: Iterable[Course], today: date
) -> dict[str, Eligibility]:
    """Each course's verdict for `user`, by course code (one history query for all of them)."""
    group = user.group if user is not None else None
    history = await completed_trainings(session, user.id, today) if user is not None and group else []
    return {course.code: assess(course, group, history, today) for course in courses}


async def verdict(session: AsyncSession, user: User | None, course: Course, today: date) -> Eligibility:
    return (await verdicts(session, user, [course], today))[course.code]
