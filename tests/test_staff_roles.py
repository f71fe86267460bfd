"""Admins grant district-scoped staff; every staff command checks the role on the server."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.runtime import Runtime
from storage.courses import upsert_courses
from storage.models_service import Enrolment
from storage.models_staff import StaffMember
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID

HAIZHOU = make_course(
    "焊工", "海州区", code="H1", title="焊工（初级）海州班", start_date=date(2027, 1, 10), end_date=date(2027, 2, 10)
)
DONGHAI = make_course(
    "焊工", "东海县", code="D1", title="焊工（初级）东海班", start_date=date(2027, 1, 12), end_date=date(2027, 2, 12)
)
STAFF_COMMANDS = [
    "/staffhelp", "/staff", "/staff add 77", "/pending", "/confirm 1", "/reject 1", "/answer 1 你好", "/close 1",
    "/newclass", "/class S1", "/qr S1", "/announce", "/broadcast", "/stats", "/export", "/verify 1 现场核验",
    "/unverify 1",
]  # fmt: skip


@pytest.fixture(autouse=True)
async def catalogue(runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [HAIZHOU, DONGHAI], replace=True)
        await runtime.catalog.load(session)


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


async def enrol(client: UserClient, query: str) -> None:
    await client.send(query)
    await client.tap("1 详情")
    await client.tap(texts.BTN_ENROL)
    await client.tap(texts.BTN_ENROL_CONFIRM)


async def test_admin_grants_scoped_staff_and_revokes(admin: UserClient, db: AsyncSession) -> None:
    assert texts_of(await admin.send("/staff")) == [texts.STAFF_ROLES_EMPTY]
    reply = texts_of(await admin.send("/staff add 501 海州 东海县"))
    assert reply == [texts.STAFF_ROLE_GRANTED.format(id=501, scope="海州区、东海县")]
    member = await db.get(StaffMember, 501)
    assert member is not None and member.districts == ["海州区", "东海县"] and member.added_by == ADMIN_ID

    # Granting again replaces the scope instead of adding a second row.
    await admin.send("/staff add 501")
    db.expire_all()
    assert (await db.get(StaffMember, 501)).districts == []
    assert "ID 501 · 全市" in texts_of(await admin.send("/staff"))[0]

    assert texts_of(await admin.send("/staff remove 501")) == [texts.STAFF_ROLE_REVOKED.format(id=501)]
    assert texts_of(await admin.send("/staff remove 501")) == [texts.STAFF_ROLE_NOT_STAFF.format(id=501)]
    db.expire_all()
    assert await db.get(StaffMember, 501) is None


@pytest.mark.parametrize("args", ["add", "add abc", "promote 5", "remove"])
async def test_bad_staff_arguments_get_the_usage(admin: UserClient, args: str) -> None:
    assert texts_of(await admin.send(f"/staff {args}")) == [texts.STAFF_ROLES_USAGE]


async def test_unknown_district_is_refused_and_nothing_granted(admin: UserClient, db: AsyncSession) -> None:
    reply = texts_of(await admin.send("/staff add 502 海州区 火星区"))
    assert reply == [texts.STAFF_ROLE_UNKNOWN_DISTRICT.format(names="火星区")]
    assert await db.get(StaffMember, 502) is None


@pytest.mark.parametrize("command", STAFF_COMMANDS)
async def test_non_staff_are_refused_and_logged(user: UserClient, command: str, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="handlers.access"):
        assert texts_of(await user.send(command)) == [texts.FALLBACK_COMMAND]
    assert f"refused staff entry point for user {user.user.id}" in caplog.text


async def test_staff_cannot_manage_staff(dp, bot, admin: UserClient, db: AsyncSession) -> None:
    await admin.send("/staff add 503")
    member = UserClient(dp, bot, user_id=503)
    assert texts_of(await member.send("/staff add 504")) == [texts.FALLBACK_COMMAND]
    assert await db.get(StaffMember, 504) is None


async def test_district_staff_see_and_decide_only_their_district(dp, bot, admin: UserClient, db) -> None:
    await enrol(UserClient(dp, bot, user_id=31), "焊工 海州区")
    await enrol(UserClient(dp, bot, user_id=32), "焊工 东海县")
    ids = {e.user_id: e.id for e in await db.scalars(select(Enrolment))}
    await admin.send("/staff add 505 东海县")
    donghai_staff = UserClient(dp, bot, user_id=505)

    [listing] = texts_of(await donghai_staff.send("/pending"))
    assert DONGHAI.title in listing and HAIZHOU.title not in listing
    refused = texts_of(await donghai_staff.send(f"/confirm {ids[31]}"))
    assert refused == [texts.STAFF_ENROLMENT_NOT_PENDING.format(id=ids[31])]
    reply = texts_of(await donghai_staff.send(f"/confirm {ids[32]}"))[-1]
    assert reply.startswith(texts.STAFF_CONFIRMED.format(id=ids[32]))  # + the 实名核验 flag

    # The admin sees every district.
    [listing] = texts_of(await admin.send("/pending"))
    assert HAIZHOU.title in listing
    db.expire_all()
    assert {e.user_id: e.status for e in await db.scalars(select(Enrolment))} == {31: "pending", 32: "confirmed"}


async def test_staff_help_lists_every_staff_command(admin: UserClient) -> None:
    [help_text] = texts_of(await admin.send("/staffhelp"))
    for command in ("/newclass", "/class", "/qr", "/announce", "/pending", "/confirm", "/reject", "/answer",
                    "/close", "/broadcast", "/stats", "/export", "/staff"):  # fmt: skip
        assert command in help_text
