"""Mechanisms added after holdout20's first run: a message naming an intent word that asks about a rule goes to the
FAQ first (catalog/faq_asks.py), while a request keeps its intent; a question ending in a laugh still asks; a
number said in words is never a slip; spoken forms of enrolling, diplomas, certificates and levels. Sentences
used here appear in no dialogue part."""

from __future__ import annotations

import pytest

from catalog.faq import FaqBase
from catalog.faq_spoken import spoken
from catalog.faq_words import asks
from catalog.intents import Intent
from catalog.understanding import _by_rules, understand
from tests.dialogue_set import TODAY


def _answers(base: FaqBase, text: str) -> str | None:
    found = base.match(text)
    return found.entry.id if found is not None else None


@pytest.mark.parametrize(("text", "intent", "entry_id"), [
    ("幺幺三幺到底是个啥", Intent.S1131, "service_1131"),
    ("职业培训券是什么 我们这边有吗", Intent.NEARBY, "training_voucher"),
    ("岗位推荐要是都不合适会怎么样", Intent.JOBS, "step_jobs"),
])
def test_asking_what_a_rule_is_goes_to_the_faq_with_the_intent_behind(base: FaqBase, text: str, intent: Intent,
                                                                      entry_id: str) -> None:
    ruled = _by_rules(text, TODAY, None)  # the rules alone, before the learned second opinion
    assert ruled.intent is Intent.UNKNOWN and ruled.fallback is intent  # the intent if the FAQ fails
    assert _answers(base, ruled.rest) == entry_id
    understood = understand(text, TODAY)  # and with it: still a question for the FAQ, the intent behind
    assert understood.intent in (Intent.UNKNOWN, Intent.QUERY) and understood.fallback is intent


@pytest.mark.parametrize(("text", "intent"), [
    ("1131怎么办理", Intent.S1131),
    ("我的1131走到哪了", Intent.S1131),
    ("有没有招电工的岗位", Intent.JOBS),
    ("能不能帮我转人工", Intent.HUMAN),
])
def test_asking_for_the_thing_keeps_the_intent(text: str, intent: Intent) -> None:
    assert understand(text, TODAY).intent is intent


def test_a_question_ending_in_a_laugh_still_asks() -> None:
    assert asks("五十多了还能报不 哈哈")
    assert asks("能学不😂")
    assert not asks("不错 哈哈")


def test_a_number_said_in_words_is_never_a_slip(base: FaqBase) -> None:
    assert _answers(base, "俺爹都七十了 还能去学不") == "age_limit"  # not 七十 -> 技师, which sounds like it


@pytest.mark.parametrize(("text", "entry_id"), [
    ("报上名要带啥", "what_to_bring"),  # 报X名 is 报名
    ("咋样才能报上名啊", "how_to_enrol"),  # how to get enrolled, not whether one may
    ("想读个函授大专 有啥政策", "academic_upgrade"),
    ("证书还没拿到 补贴还算不算", "certificate_first"),
    ("是不是要先考证再给补贴", "certificate_first"),
    ("四级证书是什么东西", "skill_level_certificate"),
    ("老师傅手艺好 能不考试直接评级吗", "direct_recognition"),
    ("马兰花是什么培训", "gyb_syb"),
    ("厂里搞转岗培训 能拿补贴不", "enterprise_subsidy"),  # an employer running training
    ("高中毕业了不想上大学 能学门技术吗", "school_leavers"),
    ("全体劳动者都得终身培训吗", "lifelong_training"),
    ("学完了能直接上岗吗", "after_training_job"),
    ("假冒别人名字骗补贴 抓住了咋办", "fraud_penalty"),
    ("职业自评是什么", "step_guidance"),
])
def test_spoken_forms_reach_their_entry(base: FaqBase, text: str, entry_id: str) -> None:
    assert _answers(base, text) == entry_id


def test_counting_said_as_suanshu_is_counting() -> None:
    assert "算数" not in spoken("手机上课算不算数") and "算" in spoken("手机上课算不算数")


def test_a_job_offer_said_short_is_the_offer() -> None:
    assert "推荐岗位" in spoken("推两次岗位是什么意思")


@pytest.mark.parametrize(("text", "said"), [
    ("考一回试能拿俩证吗", "一次考试"),  # a separable verb split, as 报X名
    ("考一回试能拿俩证吗", "两个证"),
    ("一年之内能领几次补贴", " 一年 "),
    ("初级已经考了 还想再考一次初级", "同一等级 重复"),  # the level one has, again
    ("俺是进城打工的", "农民工"),
])
def test_spoken_forms_are_said_the_phrasings_way(text: str, said: str) -> None:
    assert said in spoken(text)


def test_a_step_named_inside_1131_is_that_step(base: FaqBase) -> None:
    assert _answers(base, "1131里面的岗位推荐是怎么回事") == "step_jobs"


@pytest.mark.parametrize(("text", "entry_id"), [
    ("学电工能拿到证吗", "certificates"),  # whether one gets one at all, not whether the money waits for it
    ("结业以后老问我工作找到没 干嘛的", "follow_up"),  # the follow-up survey
    ("培训完老发题问我就业落实没", "follow_up"),
])
def test_what_is_asked_decides_between_close_entries(base: FaqBase, text: str, entry_id: str) -> None:
    assert _answers(base, text) == entry_id


def test_training_days_counted_as_working_days_ask_about_wages() -> None:
    assert "工资照发" in spoken("培训那几天算不算上班")


@pytest.mark.parametrize(("text", "said"), [
    ("考完是发专项证还是发合格证", "发什么证"),  # which one is issued
    ("厂里带徒弟 政府补给厂里钱吗", "企业 补贴"),  # the state paying an employer
    ("技能培训和学徒能同时领补贴吗", "几次"),  # two kinds both subsidised
])
def test_spoken_comparisons_and_payers_are_said_the_phrasings_way(text: str, said: str) -> None:
    assert said in spoken(text)
