"""实名制 without ID numbers: staff mark people 已核验 within their districts, and subsidised enrolments of people
not yet verified are flagged on /pending and /confirm."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.runtime import Runtime
from bot.texts import identity as it
from storage import identity
from storage.courses import upsert_courses
from storage.models_identity import IdentityCheck
from storage.models_service import Enrolment, ServiceRecord
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID
from tests.s1131_helpers import complete_intake

SUBSIDISED = make_course(
    "焊工", "海州区", code="H1", title="焊工（初级）海州班", start_date=date(2027, 1, 10), end_date=date(2027, 2, 10)
)
SELF_PAID = make_course(
    "茶艺师", "海州区", code="H2", title="茶艺师自费班", subsidy_yuan=0, fee_yuan=800,
    start_date=date(2027, 1, 10), end_date=date(2027, 2, 10),
)  # fmt: skip


@pytest.fixture(autouse=True)
async def catalogue(runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [SUBSIDISED, SELF_PAID], replace=True)
        await runtime.catalog.load(session)


@pytest.fixture
async def haizhou_staff(dp, bot) -> UserClient:
    await UserClient(dp, bot, user_id=ADMIN_ID).send("/staff add 601 海州区")
    return UserClient(dp, bot, user_id=601, first_name="海州李老师")


@pytest.fixture
async def donghai_staff(dp, bot) -> UserClient:
    await UserClient(dp, bot, user_id=ADMIN_ID).send("/staff add 602 东海县")
    return UserClient(dp, bot, user_id=602, first_name="东海王老师")


async def checks(db: AsyncSession) -> list[tuple[int, str, int, bool]]:
    db.expire_all()
    rows = await db.scalars(select(IdentityCheck).order_by(IdentityCheck.id))
    return [(c.user_id, c.reference, c.staff_id, c.revoked_at is not None) for c in rows]


async def enrol(client: UserClient, query: str) -> None:
    await client.send(query)
    await client.tap("1 详情")
    await client.tap(texts.BTN_ENROL)
    await client.tap(texts.BTN_ENROL_CONFIRM)


async def test_staff_verify_and_undo_within_their_district_with_ledger_rows(user, haizhou_staff, db) -> None:
    await complete_intake(user, {"district": "海州区"})
    reply = texts_of(await haizhou_staff.send(f"/verify {user.user.id}  窗口现场核验 "))[0]
    assert reply.startswith(it.VERIFY_DONE.split("（", 1)[0].format(name="小王", id=user.user.id))
    assert "窗口现场核验" in reply
    assert await checks(db) == [(user.user.id, "窗口现场核验", 601, False)]
    assert user.user.id in await identity.verified_at(db, [user.user.id])

    reply = texts_of(await haizhou_staff.send(f"/unverify {user.user.id}"))
    assert reply == [it.UNVERIFY_DONE.format(name="小王", id=user.user.id)]
    assert await checks(db) == [(user.user.id, "窗口现场核验", 601, True)]  # kept, withdrawn
    assert await identity.verified_at(db, [user.user.id]) == {}
    again = texts_of(await haizhou_staff.send(f"/unverify {user.user.id}"))
    assert again == [it.UNVERIFY_NONE.format(name="小王", id=user.user.id)]

    db.expire_all()
    rows = (await db.scalars(select(ServiceRecord).where(ServiceRecord.step == "identity"))).all()
    assert [(r.action, r.actor_id, r.detail) for r in rows] == [
        ("verified", 601, {"reference": "窗口现场核验"}),
        ("unverified", 601, {"reference": "窗口现场核验"}),
    ]


async def test_staff_of_another_district_cannot_verify_and_non_staff_are_refused(user, donghai_staff, dp, bot, db):
    await complete_intake(user, {"district": "海州区"})
    reply = texts_of(await donghai_staff.send(f"/verify {user.user.id} 平台已核验"))
    assert reply == [it.VERIFY_NOT_FOUND.format(id=user.user.id, scope="东海县")]
    assert texts_of(await donghai_staff.send(f"/unverify {user.user.id}")) == reply
    # The scope is checked before the reference: someone outside it learns nothing, not even a reference hint.
    assert texts_of(await donghai_staff.send(f"/verify {user.user.id} 手机13812345678")) == reply
    assert texts_of(await donghai_staff.send("/verify 999999 平台已核验")) == [
        it.VERIFY_NOT_FOUND.format(id=999999, scope="东海县")
    ]
    outsider = UserClient(dp, bot, user_id=4242)
    assert texts_of(await outsider.send(f"/verify {user.user.id} 现场")) == [texts.FALLBACK_COMMAND]
    assert await checks(db) == []
    # The admin is citywide.
    await UserClient(dp, bot, user_id=ADMIN_ID).send(f"/verify {user.user.id} 平台已核验")
    assert await checks(db) == [(user.user.id, "平台已核验", ADMIN_ID, False)]


@pytest.mark.parametrize(
    "reference",
    ["身份证320702199001011234", "32070219900101123X", "3207021990 0101 1234", "手机13812345678", "320702900101123"],
)
async def test_id_and_phone_numbers_are_never_stored_as_a_reference(user, haizhou_staff, db, reference) -> None:
    await complete_intake(user, {"district": "海州区"})
    assert texts_of(await haizhou_staff.send(f"/verify {user.user.id} {reference}")) == [it.VERIFY_BAD_REFERENCE]
    assert await checks(db) == []


@pytest.mark.parametrize("args", ["", "123", "abc 现场", "现场 123"])
async def test_bad_verify_arguments_get_the_usage(haizhou_staff, args) -> None:
    assert texts_of(await haizhou_staff.send(f"/verify {args}")) == [it.VERIFY_USAGE]


async def test_too_long_a_reference_is_refused(user, haizhou_staff, db) -> None:
    await complete_intake(user, {"district": "海州区"})
    reply = texts_of(await haizhou_staff.send(f"/verify {user.user.id} {'现场' * 60}"))
    assert reply == [it.VERIFY_REFERENCE_TOO_LONG.format(n=100)]
    assert await checks(db) == []


async def test_subsidised_enrolments_of_unverified_people_are_flagged(dp, bot, haizhou_staff, db) -> None:
    trainee, payer = UserClient(dp, bot, user_id=21), UserClient(dp, bot, user_id=22)
    await complete_intake(trainee, {"district": "海州区"})
    await enrol(trainee, "焊工")
    await enrol(payer, "茶艺师")
    ids = {e.user_id: e.id for e in await db.scalars(select(Enrolment))}

    [listing] = texts_of(await haizhou_staff.send("/pending"))
    lines = listing.split("\n")
    assert next(line for line in lines if f"#{ids[21]}" in line).endswith(it.PENDING_UNVERIFIED)
    assert it.PENDING_UNVERIFIED not in next(line for line in lines if f"#{ids[22]}" in line)  # no subsidy
    assert listing.endswith(it.PENDING_UNVERIFIED_NOTE)

    await haizhou_staff.send("/verify 21 窗口现场核验")
    [listing] = texts_of(await haizhou_staff.send("/pending"))
    assert it.PENDING_UNVERIFIED not in listing

    await haizhou_staff.send("/unverify 21")
    reply = texts_of(await haizhou_staff.send(f"/confirm {ids[21]}"))[-1]
    assert it.CONFIRM_UNVERIFIED.format(user_id=21) in reply
    reply = texts_of(await haizhou_staff.send(f"/confirm {ids[22]}"))[-1]
    assert reply == texts.STAFF_CONFIRMED.format(id=ids[22])


async def test_the_bot_never_asks_for_an_id_number() -> None:
    asked = [q for q in texts.INTAKE_QUESTIONS.values() if "身份证" in q]
    assert asked == []


async def test_staff_help_lists_verify(haizhou_staff) -> None:
    [help_text] = texts_of(await haizhou_staff.send("/staffhelp"))
    assert "/verify 用户ID" in help_text and "/unverify 用户ID" in help_text
