"""Scope everywhere: every staff command and button is enumerated from the real Dispatcher, and each one that
names an id is proven scoped — a member of 东海县 acting on a 海州区 id is refused and nothing changes.

A new staff entry point fails `test_every_staff_entry_point_is_classified` until it is listed below, either with a
scenario in `ID_ACTIONS` or with the reason it names no id in `NO_ID`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

import pytest
from aiogram import Dispatcher, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackQueryFilter
from sqlalchemy import select

from bot import texts
from bot.callbacks import BcCtl
from bot.runtime import Runtime
from bot.texts import broadcast as bt
from bot.texts import publish as pt
from handlers.access import StaffOnly
from handlers.staff_classes.card import ClassEditCb
from storage import identity
from storage.courses import upsert_courses
from storage.models import CourseRow, User
from storage.models_identity import IdentityCheck
from storage.models_schedule import OutboxItem
from storage.models_service import CounsellorRequest, Enrolment, ServiceCase
from storage.models_staff import Broadcast, StaffMember
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.catalog.importer_helpers import csv_bytes, row
from tests.client import UserClient, alerts_of, texts_of
from tests.test_publish_import import Uploads

HAIZHOU = make_course(
    "焊工", "海州区", code="H1", title="焊工（初级）海州班", start_date=date(2027, 1, 10), end_date=date(2027, 2, 10)
)
DONGHAI = make_course(
    "焊工", "东海县", code="D1", title="焊工（初级）东海班", start_date=date(2027, 1, 12), end_date=date(2027, 2, 12)
)
PERSON, HAIZHOU_STAFF, DONGHAI_STAFF = 41, 601, 602


def _entry_points(router: Router) -> set[str]:
    """'/command', 'button:<callback prefix>' or 'message:<filters>' for every handler behind StaffOnly."""
    found: set[str] = set()
    for kind in ("message", "callback_query"):
        for handler in router.observers[kind].handlers:
            filters = [f.callback for f in handler.filters or ()]
            if not any(isinstance(f, StaffOnly) for f in filters):
                continue
            commands = [c for f in filters if isinstance(f, Command) for c in f.commands]
            buttons = [f.callback_data.__prefix__ for f in filters if isinstance(f, CallbackQueryFilter)]
            if commands:
                found.update(f"/{c}" for c in commands)
            elif buttons:
                found.update(f"button:{b}" for b in buttons)
            else:
                found.add(f"{kind}:{router.name}.{handler.callback.__name__}")
    for sub in router.sub_routers:
        found |= _entry_points(sub)
    return found


@pytest.fixture(autouse=True)
async def district_data(runtime: Runtime) -> dict[str, int]:
    """A 海州区 person with a pending enrolment and an open counsellor request, a 海州区 staff member's broadcast,
    and staff for each district."""
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [HAIZHOU, DONGHAI], replace=True)
        session.add(User(id=PERSON, display_name="王", district="海州区"))
        session.add_all([StaffMember(user_id=HAIZHOU_STAFF, districts=["海州区"]),
                         StaffMember(user_id=DONGHAI_STAFF, districts=["东海县"])])  # fmt: skip
        await session.flush()
        course_id = await session.scalar(select(CourseRow.id).where(CourseRow.code == "H1"))
        enrolment = Enrolment(user_id=PERSON, course_id=course_id)
        case = ServiceCase(user_id=PERSON)
        broadcast = Broadcast(created_by=HAIZHOU_STAFF, text="海州通知", status="running", recipients=1)
        session.add_all([enrolment, case, broadcast])
        await session.flush()
        await identity.verify(session, PERSON, "窗口现场核验", staff_id=HAIZHOU_STAFF)  # for /unverify
        request = CounsellorRequest(case_id=case.id)
        session.add(request)
        await session.flush()
        ids = {"course": course_id, "enrolment": enrolment.id, "request": request.id, "broadcast": broadcast.id}
        await runtime.catalog.load(session)
    return ids


async def _state(runtime: Runtime) -> tuple:
    """Everything an id action could change."""
    async with runtime.sessionmaker() as session:
        return (
            tuple(await session.scalars(select(Enrolment.status).order_by(Enrolment.id))),
            tuple(await session.scalars(select(CounsellorRequest.status).order_by(CounsellorRequest.id))),
            tuple(await session.scalars(select(Broadcast.status).order_by(Broadcast.id))),
            tuple(
                (
                    await session.execute(
                        select(CourseRow.code, CourseRow.title, CourseRow.active, CourseRow.start_date)
                    )
                ).all()
            ),
            tuple(await session.scalars(select(OutboxItem.user_id).order_by(OutboxItem.id))),
            tuple(await session.scalars(select(IdentityCheck.revoked_at).order_by(IdentityCheck.id))),
        )


# Overwrites the 海州区 class H1 (its district left as 海州区): refused for a 东海县 member.
HAIZHOU_ROW = csv_bytes([row(code="H1", title="被改写的海州班", district="海州区")])


Action = Callable[[UserClient, dict[str, int]], Awaitable[tuple[list[str], list[str]]]]


async def _send(member: UserClient, text: str) -> tuple[list[str], list[str]]:
    calls = await member.send(text)
    return texts_of(calls), alerts_of(calls)


async def _click(member: UserClient, data: str) -> tuple[list[str], list[str]]:
    calls = await member.click(data)
    return texts_of(calls), alerts_of(calls)


# Each entry: what a 东海县 member does with a 海州区 id, and the refusal expected (in a reply or an alert).
ID_ACTIONS: dict[str, tuple[Action, str]] = {
    "/confirm": (lambda m, ids: _send(m, f"/confirm {ids['enrolment']}"), "不是待确认"),
    "/reject": (lambda m, ids: _send(m, f"/reject {ids['enrolment']}"), "不是待确认"),
    "/answer": (lambda m, ids: _send(m, f"/answer {ids['request']} 你好"), texts.STAFF_NO_SUCH_REQUEST),
    "/close": (lambda m, ids: _send(m, f"/close {ids['request']}"), texts.STAFF_NO_SUCH_REQUEST),
    "/class": (lambda m, ids: _send(m, "/class H1"), ""),
    "/qr": (lambda m, ids: _send(m, "/qr H1"), ""),
    "button:ce": (lambda m, ids: _click(m, ClassEditCb(action="X", id=ids["course"]).pack()), pt.CLASS_GONE),
    "button:bcc": (lambda m, ids: _click(m, BcCtl(action="c", bid=ids["broadcast"]).pack()), bt.NOT_YOURS),
    "/verify": (lambda m, ids: _send(m, f"/verify {PERSON} 窗口现场核验"), "不在您负责的区县"),
    "/unverify": (lambda m, ids: _send(m, f"/unverify {PERSON}"), "不在您负责的区县"),
    "message:staff_publish.on_document": (
        lambda m, ids: _upload(m, HAIZHOU_ROW),
        "海州区",
    ),
}

# Staff entry points that name no id of their own: lists and forms filtered by the member's scope (tested in their
# feature tests), dialogue steps whose ids come from a scoped step before them, and admin-only role management.
NO_ID = {
    "/staffhelp": "static help",
    "/staff": "admins only (StaffOnly(admin=True))",
    "/pending": "lists the member's districts only",
    "/stats": "figures for the member's districts only",
    "/export": "dates, not ids; rows of the member's districts only",
    "/newclass": "a form offering only the member's districts",
    "button:cf": "form buttons carry option indexes within the member's districts",
    "message:staff_class_form.on_message": "typed form answers, checked against the member's districts",
    "/announce": "lists the member's districts' new classes",
    "button:ann": "a token for the list shown; ids live in the member's dialogue state",
    "/broadcast": "audience limited to the member's districts",
    "button:bcf": "form buttons carry option indexes within the member's districts",
    "message:broadcast.on_text": "typed broadcast text",
    "message:broadcast.on_interest": "typed occupation words",
    "message:broadcast.on_course": "a course code typed in the audience step, looked up within scope",
    "message:staff_classes.on_edit_text": "the class id comes from a scoped ce button and is rechecked",
    "message:staff_classes.on_edit_other": "answers a non-text message with a hint",
}


_uploads: list[Uploads] = []


async def _upload(member: UserClient, data: bytes) -> tuple[list[str], list[str]]:
    calls = await _uploads[-1].send(member, data, "haizhou.csv")
    return texts_of(calls), alerts_of(calls)


@pytest.fixture(autouse=True)
def uploads(bot, monkeypatch: pytest.MonkeyPatch) -> None:
    _uploads.append(Uploads(bot, monkeypatch))


def test_every_staff_entry_point_is_classified(dp: Dispatcher) -> None:
    found = _entry_points(dp)
    assert found, "no staff entry point found: the introspection is broken"
    assert found == set(ID_ACTIONS) | set(NO_ID), (
        f"unclassified: {sorted(found - set(ID_ACTIONS) - set(NO_ID))}, "
        f"gone: {sorted((set(ID_ACTIONS) | set(NO_ID)) - found)}"
    )


@pytest.mark.parametrize("entry", sorted(ID_ACTIONS))
async def test_other_districts_ids_are_refused_and_nothing_changes(
    entry: str, dp, bot, runtime: Runtime, district_data: dict[str, int]
) -> None:
    member = UserClient(dp, bot, user_id=DONGHAI_STAFF)
    before = await _state(runtime)
    action, refusal = ID_ACTIONS[entry]
    replies, alerts = await action(member, district_data)
    assert await _state(runtime) == before
    everything = "\n".join(replies + alerts)
    assert refusal in everything
    assert texts.FALLBACK_COMMAND not in everything  # a real refusal, not "unknown command"
    assert "焊工（初级）海州班" not in everything  # nothing of the other district is disclosed
    assert texts.STAFF_ANSWER_SENT not in everything and texts.STAFF_CLOSED.format(id=district_data["request"]) not in (
        everything
    )
