"""How a question's words reach an entry beyond one phrasing: an entry's other phrasings and answer, how-long words
folded into one, two-part messages, and a place word before a person in the course search (catalog/faq_index.py,
catalog/faq_match.py, catalog/faq_spoken.py, catalog/query.py). Members used here appear in no dialogue part."""

from __future__ import annotations

import pytest

from catalog import faq_index
from catalog.faq import FaqBase
from catalog.faq_match import decide
from catalog.faq_spoken import spoken
from catalog.query import parse_query
from tests.dialogue_set import TODAY


@pytest.mark.parametrize("text", ["补贴要多长时间才到账", "多少时间能学完", "学多长"])
def test_how_long_is_one_word(text: str) -> None:
    said = spoken(text)
    assert "多久" in said and "多长" not in said and "多少时间" not in said


def test_the_topic_beside_how_long_decides(base: FaqBase) -> None:
    found = base.match("补贴啥时候发 要多长时间")
    assert found is not None and found.entry.id == "subsidy_apply"
    found = base.match("培训要多长时间")
    assert found is not None and found.entry.id == "course_hours"


def _confidence(text: str, entry_id: str) -> float:
    found = {m.entry.id: m.score for m in FaqBase.load().ranked(text, 10)}
    return found.get(entry_id, 0.0)


@pytest.mark.parametrize(("text", "entry_id"), [
    ("去年领过一次补贴 今年再领行吗", "times_per_year"),  # 领过 (几次) and 补贴 of two phrasings
    ("机构转包培训项目咋办", "complaints"),  # 转包 only in the answer
])
def test_an_entrys_other_phrasings_and_answer_count(monkeypatch: pytest.MonkeyPatch, text: str,
                                                    entry_id: str) -> None:
    counted = _confidence(text, entry_id)
    monkeypatch.setattr(faq_index, "OTHER_PHRASING_SHARE", 0.0)
    monkeypatch.setattr(faq_index, "ANSWER_SHARE", 0.0)
    assert counted > _confidence(text, entry_id)


def test_the_first_asking_part_answers_when_the_whole_does_not(base: FaqBase) -> None:
    text = "怎么报名呀 我在上班 周末才有时间"
    said = base._respell(text)
    assert decide(base._index, said.replace(" ", ""), text.replace(" ", "")) is None  # as one part: nothing
    found = base.match(text)
    assert found is not None and found.entry.id == "how_to_enrol"


@pytest.mark.parametrize("text", ["地区填错了 我是失业人员不是大学生", "有啥政策能看看 给我列出来"])
def test_a_part_that_asks_nothing_or_names_no_topic_answers_nothing(base: FaqBase, text: str) -> None:
    assert base.match(text) is None


@pytest.mark.parametrize(("text", "group"), [
    ("农村老人学编织", None), ("农村宝妈学美甲", None), ("农村的能学电工吗", "农村转移劳动力"),
    ("农民工电焊", "农村转移劳动力"),
])
def test_a_place_word_before_a_person_is_not_a_group_filter(text: str, group: str | None) -> None:
    assert parse_query(text, TODAY).group == group


@pytest.mark.parametrize(("text", "said"), [
    ("证没通过 补贴还给不", "考不过"), ("考没过咋办", "考不过"),  # failing, not 考过了 (finishing)
    ("套取政府的补贴会怎样", "骗补"), ("骗点补助", "骗补"),  # cheating with words between
    ("有了证工资能提高吗", "涨工资"),  # a wage rise said the other way round
])
def test_spoken_forms_of_a_kind(text: str, said: str) -> None:
    assert said in spoken(text)


@pytest.mark.parametrize(("text", "entry_id"), [
    ("证没通过 补贴还给不", "certificate_first"), ("套取政府的补贴会怎样", "fraud_penalty"),
    ("培训一共几堂课", "course_hours"), ("厂长想给手下报培训 有补贴吗", "enterprise_subsidy"),
])
def test_word_classes_reach_their_entry(base: FaqBase, text: str, entry_id: str) -> None:
    found = base.match(text)
    assert found is not None and found.entry.id == entry_id


def test_a_list_of_courses_with_a_filter_is_a_search(base: FaqBase) -> None:
    assert base.match("东海有没有免费的电工班") is None
    assert base.match("有补贴的叉车班") is None


@pytest.mark.parametrize("text", ["文件里说的45％指什么", "这个百分之四十五指什么"])
def test_a_quoted_percentage_is_a_word(base: FaqBase, text: str) -> None:
    assert "百分比" in spoken(text)
    found = base.match(text)
    assert found is not None and found.entry.id == "target_45"


def test_who_one_is_not_is_no_special_status(base: FaqBase) -> None:
    assert "没有特殊身份" in spoken("我又不是退伍的 也不是农民工")
    found = base.match("我不是残疾人也不是脱贫户 能参加不")
    assert found is not None and found.entry.id == "other_people"


def test_a_condition_said_with_才_is_a_word(base: FaqBase) -> None:
    assert "前提" in spoken("非得结业才发补贴吗") and "前提" in spoken("有证书才能补贴吗")
    assert "前提" not in spoken("高技能人才有补贴吗")
    found = base.match("考了证才补吗")
    assert found is not None and found.entry.id == "certificate_first"
