"""Spoken and typed questions before the FAQ match (catalog/faq_spoken.py): digits said in Chinese, homophone
slips of FAQ words, "在家" that says who the person is, work words that describe the person; and courses shown
beside an answer only when the question names what they teach (catalog.understanding.courses_beside_answer)."""

from __future__ import annotations

import pytest

from catalog.faq import FaqBase
from catalog.faq_spoken import spoken
from catalog.intents import Intent
from catalog.search import CourseSearch
from catalog.understanding import courses_beside_answer, understand
from tests.dialogue_set import TODAY


def test_digits_said_in_chinese_are_numbers() -> None:
    assert spoken("一一三一服务") == "1131服务"
    assert spoken("一两个月") == "一两个月"  # two digit characters are an amount, not a number read out


@pytest.mark.parametrize(("text", "entry_id"), [
    ("一一三一服务是什么意思", "service_1131"),
    ("补帖咋领", "subsidy_apply"),  # 帖 for 贴: same sound
    ("我是外地的能报吗", "hukou"),  # 报吗 sounds like 宝妈 but is a verb and a particle
    ("在家种田的能学吗", "rural_workers"),  # 在家 says who, not how
    ("在家能学吗", "online_training"),
    ("失业在家好几个月了 能去学不", "unemployed"),
    ("培训那几天单位扣不扣工资", "wage_during_training"),  # 扣不扣 is 扣; 那几天 is while it runs, not how long
    ("全免费吗还是要交一部分", "is_it_free"),  # 免费 glued into 全免费
    ("我这样的能不能参加你们的培训啊", "who_can_join"),  # only training's own words, asking whether one may
])
def test_spoken_questions_find_their_entry(base: FaqBase, text: str, entry_id: str) -> None:
    found = base.match(text)
    assert found is not None and found.entry.id == entry_id


def test_how_to_join_in_training_words_alone_is_not_the_eligibility_entry(base: FaqBase) -> None:
    assert base.match("怎么参加") is None


@pytest.mark.parametrize(("text", "entry_id"), [
    ("在单位上班的能不能参加", "employed_workers"),
    ("我是安徽的在连云港打工能学吗", "hukou"),
    ("岗位推荐那一步是什么意思", "step_jobs"),
])
def test_work_words_about_the_person_make_a_policy_question(base: FaqBase, text: str, entry_id: str) -> None:
    # not job seeking (the intents may see that already, or the front door turns it into a question with jobs as
    # the fallback): the FAQ answers
    understood = understand(text, TODAY)
    assert understood.intent is Intent.QUERY and understood.fallback in (Intent.JOBS, None)
    found = base.match(text)
    assert found is not None and found.entry.id == entry_id


@pytest.mark.parametrize("text", ["有没有招工的", "想找个工作 海州区", "灌南哪里招人"])
def test_job_seeking_stays_job_seeking(text: str) -> None:
    assert understand(text, TODAY).intent is Intent.JOBS


@pytest.mark.parametrize(("text", "shown"), [
    ("学电工要交钱不", True), ("宝妈能学育婴师不", True),
    ("我下岗了能去学个技术吗", False), ("政府给补贴多少", False), ("一一三一服务是什么意思", False),
])
def test_courses_beside_an_answer_only_when_named(base: FaqBase, search: CourseSearch, text: str,
                                                   shown: bool) -> None:
    leftover = base.leftover(text)
    assert courses_beside_answer(leftover, search.search(leftover or text, today=TODAY)) is shown
