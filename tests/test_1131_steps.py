"""The 1131 steps count only what means something: an answered assessment or a closed counsellor request,
feedback on three distinct relevant postings, and a training enrolment staff confirmed (undone when it goes)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.runtime import Runtime
from bot.texts import service1131 as gt
from catalog.guidance import questions
from storage import cases
from storage.courses import upsert_courses
from storage.jobs import upsert_jobs
from storage.models_service import Enrolment, JobRecommendation, ServiceCase
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.catalog.jobs_factories import make_job
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID
from tests.s1131_helpers import complete_intake

FORKLIFT_JOBS = [make_job("叉车司机", "海州区", code=f"FORK-{n}", title=f"叉车司机{n}号岗") for n in range(1, 5)]
OTHER_JOBS = [make_job("保洁员", "海州区", code=f"CLEAN-{n}", title=f"保洁员{n}号岗") for n in range(1, 4)]
WELDING = make_course(
    "焊工", "海州区", code="W1", title="焊工（初级）培训班", start_date=date(2027, 1, 10), end_date=date(2027, 2, 10)
)


@pytest.fixture(autouse=True)
async def catalogues(runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_jobs(session, FORKLIFT_JOBS + OTHER_JOBS, replace=True)
        await upsert_courses(session, [WELDING], replace=True)
        await runtime.jobs.load(session)
        await runtime.catalog.load(session)


async def the_case(db: AsyncSession, user_id: int) -> ServiceCase:
    db.expire_all()
    return (await db.scalars(select(ServiceCase).where(ServiceCase.user_id == user_id))).one()


async def ledger(db: AsyncSession) -> list[cases.LedgerRow]:
    db.expire_all()
    return await cases.ledger(db, datetime(2000, 1, 1, tzinfo=UTC), datetime.now(UTC) + timedelta(days=1))


async def answer_guidance(user: UserClient, *, skip_all: bool) -> list:
    calls = await user.tap(texts.BTN_S1131_GUIDANCE)
    for question in questions():
        calls = await user.tap(texts.BTN_SKIP if skip_all else question.options[0])
        if question.multi and not skip_all:
            calls = await user.tap(texts.BTN_DONE)
    return calls


async def test_an_assessment_with_every_question_skipped_is_not_guidance(user: UserClient, db) -> None:
    await complete_intake(user)
    calls = await answer_guidance(user, skip_all=True)
    assert texts_of(calls)[-1] == gt.GUIDE_ALL_SKIPPED
    assert (await the_case(db, user.user.id)).guidance_done_at is None
    assert ("guidance", "all_skipped") in [(r.step, r.action) for r in await ledger(db)]
    assert "⬜ 1次职业指导" in texts_of(await user.send("/progress"))[0]

    await user.tap(gt.BTN_GUIDE_AGAIN)  # the person tries again and answers
    for question in questions():
        await user.tap(question.options[0])
        if question.multi:
            await user.tap(texts.BTN_DONE)
    assert (await the_case(db, user.user.id)).guidance_done_at is not None


async def test_a_counsellor_closing_the_request_completes_guidance_in_their_name(dp, bot, user, db) -> None:
    await complete_intake(user)
    await user.click("s1:counsellor:0")  # without answering the assessment
    request_id = next(r.detail["request_id"] for r in await ledger(db) if r.action == "counsellor_requested")
    staff = UserClient(dp, bot, user_id=ADMIN_ID, first_name="李老师")
    await staff.send(f"/close {request_id}")
    assert (await the_case(db, user.user.id)).guidance_done_at is not None
    [done] = [r for r in await ledger(db) if (r.step, r.action) == ("guidance", "completed")]
    assert (done.actor_id, done.actor_name) == (ADMIN_ID, "李老师")


async def test_showing_postings_is_not_recommending_feedback_on_three_relevant_ones_is(user, db) -> None:
    await complete_intake(user, {"wanted": "开叉车", "constraints": []})
    for _ in range(3):
        calls = await user.click("s1:jobs:0")
        assert "叉车司机" in texts_of(calls)[0]
    assert (await the_case(db, user.user.id)).jobs_done_at is None  # three shown, none answered
    assert "已反馈 0/3" in texts_of(await user.send("/progress"))[0]

    jobs = [r.detail["job_code"] for r in await ledger(db) if r.action == "recommended"]
    await user.click(f"jb:yes:{await _rec_id(db, jobs[0])}:-1")
    await user.click(f"jb:yes:{await _rec_id(db, jobs[0])}:-1")  # the same posting twice counts once
    await user.click(f"jb:why:{await _rec_id(db, jobs[1])}:0")
    assert (await the_case(db, user.user.id)).jobs_done_at is None
    calls = await user.click(f"jb:yes:{await _rec_id(db, jobs[2])}:-1")
    assert texts.JOBS_STEP_DONE in texts_of(calls)
    assert (await the_case(db, user.user.id)).jobs_done_at is not None

    calls = await user.click("s1:jobs:0")  # a fourth posting, and feedback on it
    assert "第4个" in texts_of(calls)[0]
    await user.tap(texts.BTN_JOB_YES)
    progress = texts_of(await user.send("/progress"))[0]
    assert "已反馈 3/3" in progress and "4/3" not in progress


async def test_fallback_postings_do_not_count(user, db) -> None:
    await complete_intake(user, {"wanted": "宇航员", "constraints": []})  # nothing here matches
    for _ in range(3):
        calls = await user.click("s1:jobs:0")
        assert texts.JOB_NOT_COUNTED in texts_of(calls)[0]
        await user.tap(texts.BTN_JOB_YES)
    assert (await the_case(db, user.user.id)).jobs_done_at is None
    assert "已反馈 0/3" in texts_of(await user.send("/progress"))[0]


async def _rec_id(db: AsyncSession, job_code: str) -> int:
    return (await db.scalars(select(JobRecommendation.id).where(JobRecommendation.job_code == job_code))).one()


async def enrol(user: UserClient) -> list[str]:
    await user.send("焊工")
    await user.tap("1 详情")
    await user.tap(texts.BTN_ENROL)
    return texts_of(await user.tap(texts.BTN_ENROL_CONFIRM))


async def enrolment_id(db: AsyncSession, user_id: int) -> int:
    return (await db.scalars(select(Enrolment.id).where(Enrolment.user_id == user_id))).one()


async def test_training_counts_once_staff_confirm_and_is_undone_when_cancelled(dp, bot, user, db) -> None:
    await complete_intake(user)
    replies = await enrol(user)
    assert texts.TRAINING_PENDING in replies
    assert (await the_case(db, user.user.id)).training_done_at is None  # pending is not training
    staff = UserClient(dp, bot, user_id=ADMIN_ID, first_name="李老师")
    await staff.send(f"/confirm {await enrolment_id(db, user.user.id)}")
    assert (await the_case(db, user.user.id)).training_done_at is not None
    [done] = [r for r in await ledger(db) if (r.step, r.action) == ("training", "completed")]
    assert done.actor_id == ADMIN_ID

    await user.send("/enrolments")
    await user.tap(texts.BTN_CANCEL_ENROLMENT.format(n=1))
    await user.tap(texts.BTN_CANCEL_CONFIRM)
    case = await the_case(db, user.user.id)
    assert case.training_done_at is None and case.completed_at is None
    rows = [(r.step, r.action, r.actor_id) for r in await ledger(db) if r.step == "training"]
    assert rows[-2:] == [("training", "cancelled", None), ("training", "undone", None)]
    assert "⬜ 1次技能培训" in texts_of(await user.send("/progress"))[0]


async def test_a_rejected_enrolment_never_counts(dp, bot, user, db) -> None:
    await complete_intake(user)
    await enrol(user)
    staff = UserClient(dp, bot, user_id=ADMIN_ID)
    await staff.send(f"/reject {await enrolment_id(db, user.user.id)}")
    assert (await the_case(db, user.user.id)).training_done_at is None
    rows = [(r.action, r.actor_id) for r in await ledger(db) if r.step == "training"]
    assert rows == [("enrolled", None), ("rejected", ADMIN_ID)]
