"""Eligibility for *this* person on cards, details and the 1131 training step: their group and the subsidised
trainings they completed (confirmed enrolments on ended, subsidised courses)."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.methods import EditMessageText
from sqlalchemy import select

from bot import texts
from bot.runtime import Runtime
from bot.texts.citation import SCOPE_NOTE
from storage.courses import upsert_courses
from storage.models import CourseRow, User
from storage.models_service import Enrolment
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import KEY_GROUPS, make_course
from tests.client import UserClient, texts_of
from tests.s1131_helpers import complete_intake

# The tests' day is 2026-11-23 (tests/conftest.py).
DONE = make_course("电工", "海州区", code="E0", title="电工（初级）培训班（已结业）", start_date=date(2026, 9, 1),
                   end_date=date(2026, 10, 30))  # fmt: skip
AGAIN = make_course("电工", "海州区", code="E1", title="电工（初级）培训班", start_date=date(2026, 12, 1),
                    end_date=date(2026, 12, 30))  # fmt: skip
APPRENTICE = make_course("焊工", "海州区", code="A1", title="焊工企业新型学徒制培训班", level="中级工",
                         category="新型学徒制", eligible_groups=("企业职工",), start_date=date(2026, 12, 2),
                         end_date=date(2027, 11, 30))  # fmt: skip


@pytest.fixture(autouse=True)
async def catalogue(runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [DONE, AGAIN, APPRENTICE], replace=True)
        await runtime.catalog.load(session)


async def set_group(runtime: Runtime, user_id: int, group: str | None) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        user = await session.get(User, user_id)
        assert user is not None
        user.group = group


async def past_enrolment(runtime: Runtime, user_id: int, code: str, status: str) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        course_id = await session.scalar(select(CourseRow.id).where(CourseRow.code == code))
        session.add(Enrolment(user_id=user_id, course_id=course_id, status=status))


async def detail_of_first(user: UserClient, question: str) -> str:
    await user.send(question)
    [edit] = [c for c in await user.tap("1 详情") if isinstance(c, EditMessageText)]
    return edit.text


async def test_a_completed_electrician_course_is_named_for_another_of_the_same_level(
    user: UserClient, runtime: Runtime
) -> None:
    await user.send("/start")
    await set_group(runtime, user.user.id, "失业人员")
    await past_enrolment(runtime, user.user.id, "E0", "confirmed")
    [results] = texts_of(await user.send("电工"))
    assert "本班补贴对象包括您，但您已完成过2026年电工（初级工）的补贴培训" in results
    assert "12333" in results
    detail = await detail_of_first(user, "电工")
    assert "您已完成过2026年电工（初级工）的补贴培训" in detail
    # Another region's rule is told as an example, with who decides here.
    assert "参考外地做法：同一职业同一等级不可重复享受职业培训补贴" in detail
    assert "吐鲁番" in detail and SCOPE_NOTE["other_region"] in detail
    assert "本班可享受补贴" not in detail


@pytest.mark.parametrize("status", ["pending", "cancelled"])
async def test_only_confirmed_trainings_count_as_completed(user: UserClient, runtime: Runtime, status: str) -> None:
    await user.send("/start")
    await set_group(runtime, user.user.id, "失业人员")
    await past_enrolment(runtime, user.user.id, "E0", status)
    [results] = texts_of(await user.send("电工"))
    assert "按您填写的身份，本班可享受补贴（以审核为准）" in results
    assert "已完成过" not in results


async def test_without_a_group_the_person_is_asked_to_choose_one(user: UserClient, runtime: Runtime) -> None:
    await user.send("/start")
    await set_group(runtime, user.user.id, None)
    [results] = texts_of(await user.send("电工"))
    assert "请先选择身份（/profile）" in results
    assert "请先选择身份（/profile）" in await detail_of_first(user, "电工")


async def test_nobody_is_promised_free_training(user: UserClient, runtime: Runtime) -> None:
    await user.send("/start")
    for group in (*KEY_GROUPS, "企业职工", "其他", None):
        await set_group(runtime, user.user.id, group)
        [results] = texts_of(await user.send("电工"))
        assert "免费" not in results and "免费" not in await detail_of_first(user, "电工"), group
    await set_group(runtime, user.user.id, "高校毕业生")
    detail = await detail_of_first(user, "电工")
    assert "按您填写的身份（高校毕业生），本班可享受补贴（以审核为准）" in detail
    assert "离校未就业" in detail


async def test_apprenticeships_are_for_enterprise_staff_and_say_so(user: UserClient, runtime: Runtime) -> None:
    await user.send("/start")
    await set_group(runtime, user.user.id, "企业职工")
    detail = await detail_of_first(user, "焊工 学徒")
    assert "按您填写的身份（企业职工），本班可享受补贴（以审核为准）" in detail
    assert "参考外地做法：职工参加企业新型学徒制培训的，给予企业每人每年4000元职业培训补贴" in detail
    await set_group(runtime, user.user.id, "失业人员")
    assert "本班是新型学徒制，面向企业职工" in await detail_of_first(user, "焊工 学徒")


async def test_other_people_are_not_told_they_get_nothing(user: UserClient, runtime: Runtime) -> None:
    open_to_all = make_course("茶艺师", "海州区", code="T1", eligible_groups=(*KEY_GROUPS, "其他"),
                              start_date=date(2026, 12, 7), end_date=date(2026, 12, 20))  # fmt: skip
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [open_to_all])
        await runtime.catalog.load(session)
    await user.send("/start")
    await set_group(runtime, user.user.id, "其他")
    detail = await detail_of_first(user, "茶艺师")
    assert "按您填写的身份（其他），本班可享受补贴（以审核为准）" in detail
    assert "愿培尽培" in detail and "不具有按月领取养老金资格" in detail


async def test_the_training_step_lists_courses_the_person_can_be_subsidised_on_first(
    user: UserClient, runtime: Runtime
) -> None:
    not_for_graduates = make_course("叉车司机", "海州区", code="F1", title="叉车司机（初级）培训班 叉车 开叉车",
                                    eligible_groups=("失业人员",), start_date=date(2026, 12, 1),
                                    end_date=date(2026, 12, 20))  # fmt: skip
    for_graduates = make_course("叉车司机", "海州区", code="F2", title="叉车司机（初级）培训班（第2期）",
                                eligible_groups=("高校毕业生",), start_date=date(2027, 3, 1),
                                end_date=date(2027, 3, 20))  # fmt: skip
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [not_for_graduates, for_graduates], replace=True)
        await runtime.catalog.load(session)
    await complete_intake(user, {"group": "高校毕业生", "wanted": "开叉车", "constraints": []})
    [plain] = texts_of(await user.send("开叉车 海州区"))
    assert plain.index(not_for_graduates.title) < plain.index(for_graduates.title)  # relevance alone
    calls = await user.click("s1:train:0")
    [results] = [t for t in texts_of(calls) if texts.TRAINING_INTRO not in t]
    assert results.index(for_graduates.title) < results.index(not_for_graduates.title)
    first_card = results.split("\n\n")[1]
    assert for_graduates.title in first_card and "本班可享受补贴（以审核为准）" in first_card
