"""1131 intake and step 1 (policy briefing) through the Dispatcher."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.app import create_dispatcher
from bot.runtime import open_runtime
from storage.models import User
from storage.models_service import ServiceCase, ServiceRecord
from tests.client import UserClient, inline_labels, texts_of
from tests.s1131_helpers import complete_intake


async def case_of(db: AsyncSession, user_id: int) -> ServiceCase:
    db.expire_all()
    case = await db.scalar(select(ServiceCase).where(ServiceCase.user_id == user_id))
    assert case is not None
    return case


async def ledger(db: AsyncSession) -> list[tuple[str, str]]:
    return [(r.step, r.action) for r in await db.scalars(select(ServiceRecord).order_by(ServiceRecord.id))]


async def test_intake_asks_one_question_at_a_time_and_saves(user: UserClient, db: AsyncSession) -> None:
    calls = await user.send(texts.BTN_1131)
    assert texts.S1131_INTRO in texts_of(calls)
    assert "失业人员" in inline_labels(calls) and texts.BTN_SKIP in inline_labels(calls)
    await complete_intake(user, share_phone=True)

    case = await case_of(db, user.user.id)
    assert (case.education, case.work_years, case.last_occupation) == ("高中/中专/技校", "3-10年", "工厂普工")
    assert case.wanted == ["开叉车"] and case.constraints == ["只能在家附近"]
    assert case.income_before == "none"  # the baseline the follow-up surveys compare income with
    assert case.phone == "+8613800001234"
    stored = await db.get(User, user.user.id)
    assert (stored.group, stored.district) == ("失业人员", "海州区")
    [intake] = [r for r in await db.scalars(select(ServiceRecord)) if r.step == "intake"]
    assert "+8613800001234" not in str(intake.detail)  # the ledger never holds the phone number
    assert intake.detail["phone_shared"] is True


async def test_back_skip_and_someone_elses_phone(user: UserClient, db: AsyncSession) -> None:
    await user.send(texts.BTN_1131)
    await user.tap("高校毕业生")
    calls = await user.tap(texts.BTN_BACK)
    assert texts.INTAKE_QUESTIONS["group"] in texts_of(calls)[0]
    await user.tap("退役军人")
    for _ in range(3):
        await user.tap(texts.BTN_SKIP)
    calls = await user.send_sticker()  # a sticker where text is expected
    assert texts_of(calls) == [texts.INTAKE_TYPE_PLEASE]
    await user.tap(texts.BTN_SKIP)
    await user.tap(texts.BTN_SKIP)
    await user.tap(texts.BTN_DONE)
    await user.tap(texts.BTN_SKIP)  # income before training
    calls = await user.share_contact("+8613900000000", user_id=999)
    assert texts_of(calls) == [texts.PHONE_NOT_YOURS]
    calls = await user.tap(texts.BTN_SKIP)
    assert any(texts.S1131_TODO_MARK in t for t in texts_of(calls))
    case = await case_of(db, user.user.id)
    assert case.phone is None and case.education is None and case.constraints == [] and case.income_before is None
    assert (await db.get(User, user.user.id)).group == "退役军人"


async def test_an_old_question_button_is_refused(user: UserClient) -> None:
    await user.send(texts.BTN_1131)
    await user.tap("失业人员")
    calls = await user.click("ik:pick:0:2")  # a group button pressed again after moving on
    assert texts.STALE_BUTTON in [c.text for c in calls if c.__api_method__ == "answerCallbackQuery"]


async def test_intake_survives_a_restart_and_editing_keeps_old_answers(settings, bot, user, db) -> None:
    await user.send(texts.BTN_1131)
    await user.tap("农村转移劳动力")
    await user.tap("灌南县")
    async with open_runtime(settings) as runtime:
        restarted = UserClient(create_dispatcher(runtime), bot, user_id=user.user.id)
        await restarted.tap("初中及以下")
        for _ in range(6):
            await restarted.tap(texts.BTN_SKIP)
        case = await case_of(db, user.user.id)
        assert case.education == "初中及以下"
        # Editing later starts from the saved answers: skipping through keeps them.
        await restarted.tap(texts.BTN_S1131_EDIT)
        await restarted.tap("脱贫劳动力")
        await restarted.tap("灌南县")
        await restarted.tap(texts.BTN_SKIP)  # education skipped -> cleared on purpose
        for _ in range(6):
            await restarted.tap(texts.BTN_SKIP)
    assert (await db.get(User, user.user.id)).group == "脱贫劳动力"
    assert [a for s, a in await ledger(db) if s == "intake"] == ["completed", "updated"]


async def test_policy_cards_depend_on_the_group_and_complete_the_step(user: UserClient, db: AsyncSession, dp, bot):
    await complete_intake(user, {"group": "脱贫劳动力"})
    seen = []
    calls = await user.tap(texts.BTN_S1131_POLICY)
    while texts.BTN_NEXT_CARD in inline_labels(calls):
        seen += texts_of(calls)
        calls = await user.tap(texts.BTN_NEXT_CARD)
    seen += texts_of(calls)
    assert "生活" in "".join(seen)  # the living-allowance card for 脱贫劳动力
    calls = await user.tap(texts.BTN_ACKNOWLEDGE)
    assert texts.POLICY_DONE in texts_of(calls)
    assert (await case_of(db, user.user.id)).policy_done_at is not None
    assert ("policy", "acknowledged") in await ledger(db)

    staff_member = UserClient(dp, bot, user_id=2002)
    await complete_intake(staff_member, {"group": "企业职工"})
    calls = await staff_member.tap(texts.BTN_S1131_POLICY)
    other = []
    while texts.BTN_NEXT_CARD in inline_labels(calls):
        other += texts_of(calls)
        calls = await staff_member.tap(texts.BTN_NEXT_CARD)
    other += texts_of(calls)
    assert "企业职工强技稳岗行动" in "".join(other) and "企业职工强技稳岗行动" not in "".join(seen)
