"""Builds confirmed enrolments and a sender on the test runtime, with a clock the test moves."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from bot.runtime import Runtime, open_runtime
from bot.services.scheduling import plan_for_enrolment
from scheduler.sender import Sender
from storage.courses import upsert_courses
from storage.enrolments import enrol
from storage.models import CourseRow, User
from storage.models_schedule import OutboxItem
from storage.models_service import Enrolment
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.conftest import make_settings

COURSE = make_course(
    "焊工", "海州区", code="S1", title="焊工（初级）培训班", start_date=date(2026, 12, 7), end_date=date(2026, 12, 25)
)


class NoWait:
    """Pacing is tested on its own (tests/test_ratelimit.py); here it must not slow the tests."""

    async def acquire(self, chat_id: int) -> None:
        return None

    async def pause(self, seconds: float) -> None:
        return None


async def confirmed_enrolment(runtime: Runtime, user_id: int, district: str = "海州区", course=COURSE) -> int:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [course])
        if await session.get(User, user_id) is None:
            session.add(User(id=user_id, display_name=f"u{user_id}", district=district))
            await session.flush()
        await enrol(session, user_id, course.code, date(2026, 11, 23))
        enrolment = await session.scalar(select(Enrolment).where(Enrolment.user_id == user_id))
        enrolment.status = "confirmed"
        await session.flush()
        await plan_for_enrolment(session, runtime.settings, enrolment.id, runtime.clock.now())
        return enrolment.id


def sender_for(runtime: Runtime, bot) -> Sender:
    return Sender(runtime.sessionmaker, bot, runtime.settings, runtime.clock, limiter=NoWait())  # type: ignore[arg-type]


async def items(runtime: Runtime) -> dict[str, OutboxItem]:
    async with runtime.sessionmaker() as session:
        return {
            i.kind + (f":{i.payload.get('wave')}" if i.kind == "survey" else ""): i
            for i in await session.scalars(select(OutboxItem).order_by(OutboxItem.id))
        }


def messages_to(bot, user_id: int) -> list[str]:
    return [c.text for c in bot.session.requests if c.__api_method__ == "sendMessage" and c.chat_id == user_id]


def move_to(runtime: Runtime, moment: datetime) -> None:
    runtime.clock.at = moment  # type: ignore[attr-defined]  # the tests' FixedClock


NOTICE_COURSE = make_course("焊工", "海州区", code="K9", title="焊工（初级）培训班")


async def seed_due_notices(database_url: str, users: range) -> None:
    """A course move announced to each of `users`, due a minute ago, waiting in the database before any bot
    process starts (real clock: the processes run on it)."""
    settings = make_settings(database_url)
    async with open_runtime(settings, sample=False) as runtime, unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [NOTICE_COURSE])
        course_id = await session.scalar(select(CourseRow.id).where(CourseRow.code == NOTICE_COURSE.code))
        await session.execute(insert(User), [{"id": u, "display_name": f"u{u}"} for u in users])
        due = datetime.now(UTC) - timedelta(minutes=1)
        notices = [
            {"key": f"notice:{u}", "kind": "course_notice", "user_id": u, "due_at": due, "status": "pending",
             "attempts": 0, "priority": 0, "payload": {"change": "rescheduled", "course_id": course_id}}
            for u in users
        ]  # fmt: skip
        await session.execute(insert(OutboxItem), notices)
