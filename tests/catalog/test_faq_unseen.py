"""Mechanisms that reach an FAQ entry from wording no phrasing has (after holdout16 and holdout18's first runs):
numbers of percentages kept, one-character slips beside their word, questions on how a 1131 step works or what
happens to cheats, word classes of people and misconduct, paying first, topic fillers and words around a synonym.
Sentences used here appear in no dialogue part."""

from __future__ import annotations

import pytest

from catalog.faq import FaqBase
from catalog.faq_spoken import Respeller, spoken
from catalog.faq_words import words
from catalog.intents import Intent
from catalog.understanding import understand
from tests.dialogue_set import TODAY


def _answers(base: FaqBase, text: str) -> str | None:
    found = base.match(text)
    return found.entry.id if found is not None else None


def test_a_percentage_keeps_its_number() -> None:
    assert spoken("说的45%指啥").split()[:3] == ["说的", "45", "百分比"]
    assert "45" in spoken("百分之四十五是什么")
    assert "45" in words("那个45 指什么")  # the "%" lost before the FAQ saw it: the number still names the target


def test_a_number_whose_percent_sign_was_lost_reaches_the_target(base: FaqBase) -> None:
    assert _answers(base, "这个45 指的是什么") == "target_45"


def test_a_slip_of_one_character_beside_its_word_is_respelled() -> None:
    respell = Respeller({"培训", "券"}, phrasings=["培训券是什么"])
    assert respell("培训卷怎么领") == "培训券怎么领"
    assert respell("培训圈怎么领") == "培训券怎么领"
    assert respell("培训班怎么领") == "培训班怎么领"  # no phrasing puts a character sounding like 班 there


def test_a_voucher_slip_reaches_its_entry(base: FaqBase) -> None:
    assert _answers(base, "培训卷去哪里领") == "training_voucher"


@pytest.mark.parametrize("text", ["岗位推荐这一步是干啥的", "职业指导是个什么东西", "冒领补贴被查出来怎么处理"])
def test_how_a_step_works_or_what_happens_to_cheats_is_a_question(text: str) -> None:
    understood = understand(text, TODAY)
    assert understood.intent is Intent.QUERY and understood.rest == text


@pytest.mark.parametrize("text", ["帮我推荐岗位", "我要职业指导", "我要举报有人骗补"])
def test_asking_to_do_a_step_or_to_report_stays_an_intent(text: str) -> None:
    assert understand(text, TODAY).intent is not Intent.QUERY


@pytest.mark.parametrize(("text", "entry_id"), [
    ("盲人可以参加培训吗", "disabled"),
    ("听障人士能报名吗", "disabled"),
    ("我是家庭妇女 能学点啥", "women"),
    ("河南户口能在这里参加培训吗", "hukou"),
    ("机构虚假广告有人管吗", "complaints"),
    ("弄虚作假拿补贴会怎样", "fraud_penalty"),
    ("去上课的公交钱能报吗", "transport_allowance"),
    ("要提前交钱吗", "advance_payment"),
])
def test_word_classes_reach_their_entry(base: FaqBase, text: str, entry_id: str) -> None:
    assert _answers(base, text) == entry_id


def test_topic_fillers_are_stop_words() -> None:
    assert "方面" not in words("数字方面的培训") and "领域" not in words("数字领域的证")


def test_paying_first_is_one_word() -> None:
    assert "先垫钱" in spoken("是不是得先自己掏钱") and "出钱" not in spoken("要先自己出钱吗")


def test_a_question_in_pinyin_is_spelled_from_the_faq_words(base: FaqBase) -> None:
    assert _answers(base, "shenme shi yigongdaixun") == "on_the_job_training"
    assert _answers(base, "Butie Duoshao Qian") == "subsidy_amount"


def test_pinyin_that_is_not_all_faq_words_stays_as_typed() -> None:
    from catalog.faq_pinyin import PinyinSpeller
    speller = PinyinSpeller(["补贴怎么申请"], ["吗"], ["gyb"])
    assert speller("butie zenme shenqing") == "补贴怎么申请"
    assert speller("gyb ma") == "gyb 吗"
    assert speller("ylhl") == "ylhl"  # initials are the course search's, not the FAQ's
    assert speller("补贴 zenme") == "补贴 zenme"


def test_a_typed_word_that_is_a_synonym_counts_as_its_target(base: FaqBase) -> None:
    # 资质 is typed as a word of its own: it says 证书 as fully as 证书 would
    assert dict(base._index.terms("我是当兵的"))["退役军人"] == 1.0
    # a phrase inside a longer word ("退伍兵" holds 退伍) counts less
    assert dict(base._index.terms("退伍兵能学吗"))["退役军人"] < 1.0


def test_waiting_online_is_not_learning_online() -> None:
    assert "在线" not in spoken("怎么交材料啊 在线等")


def test_people_of_a_place_count_as_the_place(base: FaqBase) -> None:
    assert dict(base._index.terms("乡下人"))["农村"] == 1.0  # 乡下 -> 农村, said of its people


@pytest.mark.parametrize("text", ["户口不在本地 在这能报名吗", "我是山东人能参加培训吗"])
def test_another_place_of_registration_is_hukou(base: FaqBase, text: str) -> None:
    assert _answers(base, text) == "hukou"


@pytest.mark.parametrize("text", ["多少天能学完", "要上几周课", "得学几个星期"])
def test_how_many_days_or_weeks_is_one_word(text: str) -> None:
    assert "几天" in spoken(text).split()


def test_a_certificate_valid_everywhere_is_about_certificates(base: FaqBase) -> None:
    assert _answers(base, "这证全国通用吗") in ("certificates", "skill_level_certificate")


def test_family_and_chat_words_say_nothing_about_the_topic() -> None:
    assert not {"老公", "我俩", "要是"} & set(words("我老公和我俩要是去学"))


def test_a_time_of_day_or_a_place_does_not_count_against_an_entry(base: FaqBase) -> None:
    assert "晚上" not in base._index.unknown("上班的晚上能去学吗")
    assert "灌云" not in base._index.unknown("在灌云上班能参加吗")


def test_opening_a_shop_of_any_kind_is_starting_a_business() -> None:
    said = spoken("想开一家烧烤店 有培训没")
    assert "开店" in said.split() and "烧烤" in said


def test_who_covers_the_meals_is_not_a_complaint(base: FaqBase) -> None:
    assert _answers(base, "上课期间住宿谁管") == "living_allowance"


@pytest.mark.parametrize(("text", "entry_id"), [
    ("以公代训怎么补", "on_the_job_training"), ("学图制是什么", "apprenticeship")])
def test_a_slip_in_a_longer_faq_word_is_respelled(base: FaqBase, text: str, entry_id: str) -> None:
    assert _answers(base, text) == entry_id


def test_a_real_word_that_sounds_like_an_faq_word_is_respelled_only_alone(base: FaqBase) -> None:
    assert _answers(base, "这个培训有补铁没") == "is_it_free"  # 补铁 for 补贴: the question names nothing else
    assert "失业" not in base._respell("事业单位的能参加吗")  # 单位 is a topic: 事业 is meant
    assert "补过" in base._respell("去年补过了还能补吗")  # a synonym's phrase is a word the FAQ knows


def test_studying_for_a_diploma_and_learning_to_use_a_phone() -> None:
    assert "学历提升" in spoken("干了十年技术 想念个大专")
    assert "学用智能手机" in spoken("我妈想学用手机") and "网上" not in spoken("我妈想学用手机")


def test_a_topic_with_only_a_place_stays_a_search(base: FaqBase) -> None:
    assert "海州区" in base._index.unknown("家政 海州区")  # not a question: the place counts against an entry


def test_a_not_a_still_asks_after_it_is_said_the_phrasings_way() -> None:
    from catalog.faq_words import asks
    said = spoken("周末能不能去学")
    assert "不" not in said and asks(said)


@pytest.mark.parametrize("text", ["补贴是给现金还是转账", "听说能包分配 真的假的"])
def test_a_choice_or_is_it_true_asks(text: str) -> None:
    from catalog.faq_words import asks
    assert asks(text)


def test_collecting_money_cash_and_cards_are_said_the_phrasings_way() -> None:
    assert "领" in spoken("什么时候能拿到补助")
    assert "发现" not in spoken("是发现金吗") and "打卡" not in spoken("钱打卡里了吗")


def test_one_level_then_the_next_asks_about_a_higher_level(base: FaqBase) -> None:
    assert "更高等级" in spoken("初级拿到了还能考中级吗")
    assert _answers(base, "高级工考完了接着考技师 补贴还有吗") == "same_occupation_level"


def test_work_words_with_a_question_about_training_money_are_a_question() -> None:
    assert understand("边打工边学 厂里补钱不", TODAY).intent is Intent.QUERY


@pytest.mark.parametrize(("text", "entry_id"), [
    ("要是违规领了补贴会咋样", "fraud_penalty"),  # one's own cheating
    ("培训学校违规乱收费 这事谁负责", "complaints"),  # a provider's misconduct
    ("政策宣传是啥意思", "step_policy"),  # 宣传 alone is no false advertising
])
def test_own_cheating_and_provider_misconduct_are_told_apart(base: FaqBase, text: str, entry_id: str) -> None:
    assert _answers(base, text) == entry_id


@pytest.mark.parametrize(("text", "entry_id"), [
    ("我们厂想组织工人培训 政府给补贴吗", "enterprise_subsidy"),  # an employer training its workers
    ("厂里的职工自己能报名吗", "employed_workers"),  # a worker asking for himself
])
def test_who_trains_employer_or_worker(base: FaqBase, text: str, entry_id: str) -> None:
    assert _answers(base, text) == entry_id


def test_money_while_the_course_runs_is_the_living_allowance(base: FaqBase) -> None:
    assert "生活费" in spoken("上课期间给补贴不")
    assert _answers(base, "学习期间有没有补助拿") == "living_allowance"
