"""People can see and delete what is stored about them; phone numbers never reach the logs."""

from __future__ import annotations

import io
import logging

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.logging_setup import setup_logging
from bot.runtime import Runtime
from bot.texts import identity as it
from bot.texts.marks import MYDATA_SAMPLE_JOBS, SAMPLE_MARK
from storage.models import CourseRow, FsmRecord, User
from storage.models_identity import IdentityCheck
from storage.models_schedule import OutboxItem
from storage.models_service import Enrolment, ServiceCase, ServiceRecord
from storage.unit_of_work import unit_of_work
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID, TEST_TOKEN
from tests.fsm_helpers import stored_dialogues
from tests.s1131_helpers import complete_intake
from tests.scheduling_helpers import COURSE, confirmed_enrolment

PHONE = "+8613800001234"


async def count(db: AsyncSession, model) -> int:
    db.expire_all()
    return await db.scalar(select(func.count()).select_from(model)) or 0


async def test_mydata_shows_everything_and_forget_deletes_it(user: UserClient, db, runtime: Runtime) -> None:
    await complete_intake(user, share_phone=True)
    await confirmed_enrolment(runtime, user.user.id)
    await user.send("/profile")  # leaves a dialogue state behind
    [summary] = texts_of(await user.send("/mydata"))
    assert PHONE in summary and "失业人员" in summary and "焊工（初级）培训班" in summary

    calls = await user.send("/forget")
    assert texts_of(calls) == [texts.FORGET_ASK]
    assert texts_of(await user.tap(texts.BTN_FORGET_CONFIRM)) == [texts.FORGET_DONE]
    assert await db.get(User, user.user.id) is None
    for model in (ServiceCase, ServiceRecord, Enrolment, OutboxItem, FsmRecord):
        assert await count(db, model) == 0, model.__name__
    assert await stored_dialogues(runtime) == []  # the dialogue state too, wherever it is kept


async def test_forget_can_be_called_off(user: UserClient, db) -> None:
    await complete_intake(user)
    await user.send("/forget")
    assert texts_of(await user.tap(texts.BTN_FORGET_KEEP)) == [texts.FORGET_KEPT]
    assert await count(db, ServiceCase) == 1


async def test_phone_numbers_and_the_token_are_not_logged(user: UserClient) -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    stream = io.StringIO()
    setup_logging("DEBUG", secrets=[TEST_TOKEN], stream=stream)  # the production set-up, at its most verbose
    try:
        await complete_intake(user, share_phone=True)
        await user.send("/mydata")
        logging.getLogger("bot.test").info("token %s phone %s", TEST_TOKEN, PHONE)
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    written = stream.getvalue()
    assert "token *** phone +86138****1234" in written  # masked, not dropped
    assert "13800001234" not in written and TEST_TOKEN not in written


async def test_a_failing_statement_does_not_carry_personal_data_into_logs(runtime: Runtime) -> None:
    with pytest.raises(IntegrityError) as failure:
        async with unit_of_work(runtime.sessionmaker) as session:
            session.add(User(id=31, display_name="王小明 13912345678"))
            session.add(User(id=31, display_name="王小明 13912345678"))  # the same id twice
            await session.flush()
    assert "13912345678" not in str(failure.value) and "王小明" not in str(failure.value)


async def test_mydata_lists_intake_answers_and_verification_and_forget_removes_the_mark(dp, bot, user, db) -> None:
    await complete_intake(user, share_phone=True)
    [summary] = texts_of(await user.send("/mydata"))
    for shown in ("学历：高中/中专/技校", "工龄：3-10年", "上份工作：工厂普工", "想做：", "限制：只能在家附近"):
        assert shown in summary, shown
    assert it.MYDATA_LINE.format(state=it.MYDATA_NOT_VERIFIED) in summary
    assert summary.endswith("发送 /forget 可以删除以上全部信息。")

    await UserClient(dp, bot, user_id=ADMIN_ID).send(f"/verify {user.user.id} 窗口现场核验")
    [summary] = texts_of(await user.send("/mydata"))
    assert "实名核验：已核验（" in summary and "窗口现场核验" not in summary.split("实名核验")[0]

    await user.send("/forget")
    await user.tap(texts.BTN_FORGET_CONFIRM)
    assert await count(db, IdentityCheck) == 0


def test_the_privacy_note_names_everything_that_is_stored() -> None:
    for stored in ("身份类别", "所在区县", "学历", "工龄", "上份工作", "想做的工作", "限制条件", "培训前月收入",
                   "报名记录", "回访的回答", "手机号", "实名核验", "新课订阅"):  # fmt: skip
        assert stored in texts.WELCOME, stored
    assert "不收集身份证号" in texts.WELCOME
    assert texts.BTN_FORGET_KEEP != texts.BTN_KEEP  # /forget's "keep" says what it keeps, not 不取消


async def test_mydata_marks_demo_courses_and_jobs(user: UserClient, db, runtime: Runtime) -> None:
    await complete_intake(user)
    await user.tap(texts.BTN_S1131_JOBS)  # the test runtime holds only the shipped demo jobs
    await confirmed_enrolment(runtime, user.user.id)  # a course of the test's own, not demo data
    [summary] = texts_of(await user.send("/mydata"))
    assert f"报名记录：{COURSE.title}（" in summary
    assert "岗位推荐：1 条" + MYDATA_SAMPLE_JOBS.format(n=1) in summary

    await db.execute(update(CourseRow).where(CourseRow.code == COURSE.code).values(sample=True))
    await db.commit()
    [summary] = texts_of(await user.send("/mydata"))
    assert f"报名记录：{SAMPLE_MARK}{COURSE.title}（" in summary
