"""A whole 1131 journey through the Dispatcher: guidance, three jobs, training, ledger and completion."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.app import create_dispatcher
from bot.runtime import open_runtime
from catalog.guidance import questions
from storage.models_service import Enrolment, JobRecommendation, ServiceCase, ServiceRecord
from tests.client import UserClient, alerts_of, inline_labels, texts_of
from tests.conftest import ADMIN_ID
from tests.s1131_helpers import complete_intake
from tests.scheduling_helpers import messages_to, sender_for


async def ledger(db: AsyncSession) -> list[tuple[str, str]]:
    db.expire_all()
    return [(r.step, r.action) for r in await db.scalars(select(ServiceRecord).order_by(ServiceRecord.id))]


async def the_case(db: AsyncSession, user_id: int) -> ServiceCase:
    db.expire_all()
    return (await db.scalars(select(ServiceCase).where(ServiceCase.user_id == user_id))).one()


async def walk_guidance(user: UserClient) -> list:
    calls = await user.tap(texts.BTN_S1131_GUIDANCE)
    for question in questions():
        await user.tap(question.options[0])
        if question.multi:
            calls = await user.tap(texts.BTN_DONE)
        else:
            calls = texts_of(user.session.requests[-1:]) and user.session.requests[-1:]
    return calls


async def test_guidance_suggests_occupations_with_courses_and_a_counsellor(user, db, dp, bot, runtime) -> None:
    staff = UserClient(dp, bot, user_id=ADMIN_ID)
    await staff.send("/start")  # Telegram lets a bot write only to people who opened it
    await complete_intake(user)
    await walk_guidance(user)
    result = next(t for t in reversed(texts_of(user.session.requests)) if t.startswith(texts.GUIDE_RESULT_HEADER))
    assert result.count("\n") >= 3  # 2–3 suggestions, each with its reasons
    labels = inline_labels(user.session.requests)
    course_buttons = [label for label in labels if label.startswith("🔍")]
    assert 2 <= len(course_buttons) <= 3
    assert (await the_case(db, user.user.id)).guidance_done_at is not None

    calls = await user.tap(course_buttons[0])
    assert texts_of(calls)[0].startswith(("为您找到", "没有找到"))

    calls = await user.tap(texts.BTN_COUNSELLOR)
    assert alerts_of(calls) == [texts.COUNSELLOR_SENT]
    sender = sender_for(runtime, bot)
    await sender.run_once()  # staff are told through the outbox, after the request is committed
    [notice] = [t for t in messages_to(bot, ADMIN_ID) if "#" in t]
    request_id = int(notice.split("#", 1)[1].split("<", 1)[0])
    assert alerts_of(await user.click("s1:counsellor:0")) == [texts.COUNSELLOR_ALREADY]

    await staff.send(f"/answer {request_id} 建议先学叉车，灌云有班")
    await sender.run_once()
    assert any("建议先学叉车" in text for text in messages_to(bot, user.user.id))
    outsider = UserClient(dp, bot, user_id=4242)
    assert texts_of(await outsider.send(f"/close {request_id}")) == [texts.FALLBACK_COMMAND]
    calls = await staff.send(f"/close {request_id}")
    assert texts_of(calls)[-1] == texts.STAFF_CLOSED.format(id=request_id)
    assert ("guidance", "counsellor_closed") in await ledger(db)


async def test_three_distinct_jobs_complete_the_step(user: UserClient, db: AsyncSession) -> None:
    await complete_intake(user, {"wanted": "开叉车", "constraints": []})
    first = await user.tap(texts.BTN_S1131_JOBS)
    assert "叉车" in texts_of(first)[0]  # 开叉车 means 叉车司机
    await user.tap(texts.BTN_JOB_YES)
    await user.tap(texts.BTN_JOB_NO)
    await user.tap("离家太远")
    await user.tap(texts.BTN_JOB_MORE)
    await user.tap(texts.BTN_JOB_YES)
    await user.tap(texts.BTN_JOB_MORE)
    calls = await user.tap(texts.BTN_JOB_YES)
    assert texts.JOBS_STEP_DONE in texts_of(calls)
    recs = (await db.scalars(select(JobRecommendation).order_by(JobRecommendation.id))).all()
    assert len({r.job_code for r in recs}) == 3
    assert (recs[0].answer, recs[0].reason) == ("unsuitable", "离家太远")  # the last answer counts
    assert (await the_case(db, user.user.id)).jobs_done_at is not None
    assert [a for s, a in await ledger(db) if s == "jobs"].count("recommended") == 3


async def test_someone_elses_job_answer_is_refused(dp, bot, db: AsyncSession) -> None:
    owner, other = UserClient(dp, bot, user_id=31), UserClient(dp, bot, user_id=32)
    await complete_intake(owner)
    await owner.tap(texts.BTN_S1131_JOBS)
    rec_id = (await db.scalars(select(JobRecommendation.id))).one()
    await complete_intake(other)
    assert alerts_of(await other.click(f"jb:yes:{rec_id}:-1")) == [texts.STALE_BUTTON]


async def test_full_journey_with_a_restart_half_way(settings, bot, user: UserClient, db: AsyncSession) -> None:
    await complete_intake(user, {"wanted": "养老护理", "district": "海州区", "constraints": []})
    calls = await user.tap(texts.BTN_S1131_POLICY)
    while texts.BTN_NEXT_CARD in inline_labels(calls):
        calls = await user.tap(texts.BTN_NEXT_CARD)
    await user.tap(texts.BTN_ACKNOWLEDGE)
    await walk_guidance(user)

    async with open_runtime(settings) as runtime:  # the bot restarts between two steps
        again = UserClient(create_dispatcher(runtime), bot, user_id=user.user.id)
        calls = await again.send("/progress")
        assert "✅ 1次政策宣介" in texts_of(calls)[0] and "✅ 1次职业指导" in texts_of(calls)[0]
        for _ in range(3):
            await again.click("s1:jobs:0")
            await again.tap(texts.BTN_JOB_YES)
        calls = await again.click("s1:train:0")
        assert texts.TRAINING_INTRO in texts_of(calls)
        assert "养老护理" in texts_of(calls)[1]
        await again.tap("1 详情")
        await again.tap(texts.BTN_ENROL)
        calls = await again.tap(texts.BTN_ENROL_CONFIRM)
        assert texts.TRAINING_PENDING in texts_of(calls)
        assert (await the_case(db, user.user.id)).completed_at is None  # not before staff confirm
        enrolment_id = (await db.scalars(select(Enrolment.id))).one()
        await UserClient(create_dispatcher(runtime), bot, user_id=ADMIN_ID).send(f"/confirm {enrolment_id}")
        calls = await again.send("/progress")
    assert any(texts.S1131_COMPLETE in t for t in texts_of(calls))
    case = await the_case(db, user.user.id)
    assert case.completed_at is not None
    steps = await ledger(db)
    for expected in [
        ("intake", "completed"),
        ("policy", "acknowledged"),
        ("guidance", "suggested"),
        ("jobs", "recommended"),
        ("training", "enrolled"),
        ("training", "confirmed"),
        ("case", "completed"),
    ]:
        assert expected in steps
