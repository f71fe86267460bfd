"""Enrolments: seats are checked in the same statement that takes one, so two people cannot both get the last."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache

from sqlalchemy import Select, bindparam, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.eligibility import PastTraining
from catalog.model import Course
from storage.courses import to_course
from storage.models import CourseRow, User
from storage.models_service import Enrolment

HOLDING = ("pending", "confirmed")  # statuses that hold a seat
# cancelled_by: "user", "staff" (rejected), or the class itself was cancelled (BY_CLASS), which becomes
# BY_CLASS_TOLD once the person has been told that the class is offered again.
BY_CLASS = "class"
BY_CLASS_TOLD = "class_reopened"


class EnrolOutcome(StrEnum):
    ENROLLED = "enrolled"
    ALREADY = "already"
    FULL = "full"
    GONE = "gone"  # retired, unknown or already finished
    STARTED = "started"  # classes have begun and staff do not take late joiners for this class


@dataclass(frozen=True, slots=True)
class EnrolmentView:
    id: int
    course: Course
    status: str


def _taken(course_id: object):  # a correlated count of seats held on a course
    return (
        select(func.count(Enrolment.id))
        .where(Enrolment.course_id == course_id, Enrolment.status.in_(HOLDING))
        .scalar_subquery()
    )


async def enrol(session: AsyncSession, user_id: int, code: str, today: date) -> EnrolOutcome:
    # The course row stays locked until commit, so two people cannot both count the last seat as free: needed
    # on PostgreSQL, whose READ COMMITTED lets two INSERT … SELECT count(…) run side by side. (SQLite writes
    # one transaction at a time and renders no FOR UPDATE.)
    course = await session.scalar(
        select(CourseRow).where(CourseRow.code == code, CourseRow.active.is_(True)).with_for_update()
    )
    if course is None or course.end_date < today:
        return EnrolOutcome.GONE
    if course.start_date < today and not course.late_join:
        return EnrolOutcome.STARTED
    existing = await session.scalar(
        select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course.id)
    )
    if existing is not None and existing.status in HOLDING:
        return EnrolOutcome.ALREADY
    seat_free = _taken(course.id) < course.capacity
    if existing is None:
        taken = await session.execute(
            insert(Enrolment).from_select(
                ["user_id", "course_id", "status"],
                select(literal(user_id), literal(course.id), literal("pending")).where(seat_free),
            )
        )
    else:  # a cancelled enrolment comes back to life if a seat is free
        taken = await session.execute(
            update(Enrolment)
            .where(Enrolment.id == existing.id, seat_free)
            .values(status="pending", cancelled_by=None)
            .execution_options(synchronize_session=False)
        )
    return EnrolOutcome.ENROLLED if taken.rowcount else EnrolOutcome.FULL


async def cancel(session: AsyncSession, enrolment_id: int, *, user_id: int | None = None, by: str = "user") -> bool:
    """Cancel a live enrolment; with `user_id`, only that person's own."""
    query = update(Enrolment).where(Enrolment.id == enrolment_id, Enrolment.status.in_(HOLDING))
    if user_id is not None:
        query = query.where(Enrolment.user_id == user_id)
    result = await session.execute(query.values(status="cancelled", cancelled_by=by))
    return bool(result.rowcount)


@dataclass(frozen=True, slots=True)
class PendingEnrolment:
    id: int
    user_id: int
    display_name: str
    course: Course
    created_at: datetime


async def pending(
    session: AsyncSession, districts: Sequence[str] | None = None, limit: int = 50
) -> list[PendingEnrolment]:
    """The oldest pending enrolments, only for courses in `districts` when given (a staff member's scope)."""
    query = (
        select(Enrolment, CourseRow, User.display_name)
        .join(CourseRow, CourseRow.id == Enrolment.course_id)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.status == "pending")
    )
    if districts is not None:
        query = query.where(CourseRow.district.in_(districts))
    rows = await session.execute(query.order_by(Enrolment.created_at).limit(limit))
    return [PendingEnrolment(e.id, e.user_id, name, to_course(c), e.created_at) for e, c, name in rows]


async def decide(
    session: AsyncSession, enrolment_id: int, *, confirm: bool, districts: Sequence[str] | None = None
) -> tuple[int, Course] | None:
    """Staff decision on a pending enrolment (within `districts` when given); (user id, course) or None."""
    query = (
        select(Enrolment, CourseRow)
        .join(CourseRow, CourseRow.id == Enrolment.course_id)
        .where(Enrolment.id == enrolment_id, Enrolment.status == "pending")
    )
    if districts is not None:
        query = query.where(CourseRow.district.in_(districts))
    row = (await session.execute(query)).first()
    if row is None:
        return None
    enrolment, course = row
    enrolment.status = "confirmed" if confirm else "cancelled"
    enrolment.cancelled_by = None if confirm else "staff"
    return enrolment.user_id, to_course(course)


async def holds_confirmed(session: AsyncSession, user_id: int) -> bool:
    """Does the person hold at least one enrolment confirmed by staff?"""
    found = await session.scalar(
        select(Enrolment.id).where(Enrolment.user_id == user_id, Enrolment.status == "confirmed").limit(1)
    )
    return found is not None


@cache
def _seats_taken() -> Select[tuple[str, int]]:
    # Built once, on the tables (no ORM entities to interpret): every result page asks.
    courses, enrolments = CourseRow.__table__, Enrolment.__table__
    return (
        select(courses.c.code, func.count(enrolments.c.id))
        .join(enrolments, enrolments.c.course_id == courses.c.id)
        .where(courses.c.code.in_(bindparam("codes", expanding=True)), enrolments.c.status.in_(HOLDING))
        .group_by(courses.c.code)
    )


async def seats_taken(session: AsyncSession, codes: Iterable[str]) -> dict[str, int]:
    rows = await session.execute(_seats_taken(), {"codes": list(codes)})
    return {code: count for code, count in rows}


async def for_user(session: AsyncSession, user_id: int) -> list[EnrolmentView]:
    rows = await session.execute(
        select(Enrolment, CourseRow)
        .join(CourseRow, CourseRow.id == Enrolment.course_id)
        .where(Enrolment.user_id == user_id)
        .order_by(CourseRow.start_date, Enrolment.id)
    )
    return [EnrolmentView(e.id, to_course(c), e.status) for e, c in rows]


async def completed_trainings(session: AsyncSession, user_id: int, today: date) -> list[PastTraining]:
    """The subsidised trainings a person has completed, for the per-year and same-occupation rules.

    "Completed" is what the database can know: an enrolment staff confirmed, on a course with a subsidy, whose
    end date has passed. Pending, rejected and cancelled enrolments never count; a course still running does
    not count yet. The year is the year the course ended.
    """
    rows = await session.execute(
        select(CourseRow.occupation, CourseRow.level, CourseRow.category, CourseRow.end_date)
        .join(Enrolment, Enrolment.course_id == CourseRow.id)
        .where(
            Enrolment.user_id == user_id,
            Enrolment.status == "confirmed",
            CourseRow.subsidy_yuan > 0,
            CourseRow.end_date < today,
        )
        .order_by(CourseRow.end_date)
    )
    return [PastTraining(occupation, level, category, end.year) for occupation, level, category, end in rows]


async def of_course(session: AsyncSession, course_id: int, *, status: str, by: str | None = None) -> list[Enrolment]:
    """A course's enrolments in `status` (and, when given, cancelled by `by`), oldest first."""
    query = select(Enrolment).where(Enrolment.course_id == course_id, Enrolment.status == status)
    if by is not None:
        query = query.where(Enrolment.cancelled_by == by)
    return list(await session.scalars(query.order_by(Enrolment.id)))
