"""Mechanisms added for unseen wording (holdout15/17 misses), each tested with members that appear in no dialogue
part: word classes in intents.toml, pinyin small talk, keyboard mashes, follow-up places and clock times,
two-character trade slips and initials."""

from __future__ import annotations

from datetime import date

import pytest
from factories import make_course

from catalog.followup import FollowKind, detect
from catalog.intent_forms import keyboard_mash
from catalog.intents import Intent, classify
from catalog.intents_guess import intent_words
from catalog.intents_scored import ANCHOR
from catalog.pinyin import PinyinLexicon
from catalog.search import CourseSearch
from catalog.text import cut

TODAY = date(2026, 11, 23)


def test_a_weak_anchor_does_not_weaken_the_rest_of_its_list() -> None:
    # "你是" (two modifiers) is weak; the who phrases after it in the list stay anchors
    assert intent_words().lexicon["你叫什么"][Intent.WHO] == ANCHOR


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("zaijian", Intent.GOODBYE),  # small talk and menu words in pinyin
        ("ganxie shifu", Intent.THANKS),  # with a form of address
        ("caidan", Intent.MENU),
        ("qwerty", Intent.UNKNOWN),  # a hand along the keys
        ("有新课了吱一声", Intent.SUBSCRIBE),  # new class + tell me, in other words
        ("课程推送 不想再收了", Intent.UNSUBSCRIBE),  # the pushes + refusing them
        ("骑电动车能到的培训班", Intent.NEARBY),  # distance said as the way there
        ("换个人跟我讲", Intent.HUMAN),
        ("我不住赣榆了 搬东海了", Intent.PROFILE),  # leaving a district
        ("我报的名有回音没", Intent.ENROLMENTS),  # one's enrolment + news of it
        ("有没有还能报的课", Intent.FIND),  # enrolment possible, not made
        ("别人常问的问题", Intent.FAQ_TOPICS),  # what others ask
        ("把我的帐户从系统里删了", Intent.FORGET),  # the account and where it is held
        ("提醒改成提前半天", Intent.SETTINGS),
        ("退回去", Intent.MENU),
        ("好的闺女", Intent.CONFIRM),  # kinship words as forms of address
        ("这些键都是干嘛用的", Intent.HELP),
        ("我现在住灌云了 你们给改下", Intent.PROFILE),
        ("提醒能不能少几次", Intent.SETTINGS),
        ("我前天报的焊工班 报上没", Intent.ENROLMENTS),  # the enrolment named by its trade
    ],
)
def test_intents_in_words_of_their_class(typed: str, intent: Intent) -> None:
    assert classify(typed, TODAY).intent is intent


def test_pinyin_and_initials_are_no_keyboard_mash() -> None:
    assert keyboard_mash("asdfg") and keyboard_mash("uiop")
    for typed in ("ylhl", "dszb", "gyb", "kafeishi", "okok", "haode", "yuyi"):  # yuyi: along the top row, but pinyin
        assert not keyboard_mash(typed), typed
    assert classify("ylhl", TODAY).intent is Intent.QUERY


@pytest.mark.parametrize(
    ("typed", "kind", "n"),
    [
        ("最底下那个", FollowKind.ORDINAL, -1),
        ("顶上那个", FollowKind.ORDINAL, 1),
        ("晚上八点以后的", FollowKind.REFINE, 0),  # a clock time beside the evening filter
        ("赣榆县城附近的", FollowKind.REFINE, 0),
        ("那几个要交钱吗", FollowKind.COST, 0),  # the list pointed at
        ("学费国家全包吗", FollowKind.COST, 0),
        ("3号班哪天开", FollowKind.ORDINAL, 3),
        ("倒数第三个", FollowKind.ORDINAL, -3),  # counted from the end
        ("末尾那个", FollowKind.ORDINAL, -1),
        ("换个区 东海的", FollowKind.REFINE, 0),
    ],
)
def test_follow_ups_in_words_of_their_class(typed: str, kind: FollowKind, n: int) -> None:
    follow = detect(classify(typed, TODAY).rest or typed, "电工", TODAY)
    assert follow is not None and follow.kind is kind and follow.n == n


def test_two_character_trade_slips_only_where_jieba_leaves_single_characters() -> None:
    lexicon = PinyinLexicon(["焊工"])
    keep = lambda _: False  # noqa: E731
    assert lexicon.rewrite("学焊功", keep) == "学焊功"  # without hear_pairs: as before
    lexicon.hear_pairs(["焊工", "美发"], cut, "的了吗学")
    assert lexicon.rewrite("学焊功", keep) == "学焊工"
    assert lexicon.rewrite("想学美法", keep) == "想学美发"
    assert lexicon.rewrite("电工怎么报名", keep) == "电工怎么报名"  # real words are not touched
    assert lexicon.rewrite("汗功", keep) == "汗功"  # both characters off: not a slip


def test_a_search_hears_a_two_character_slip() -> None:
    engine = CourseSearch([make_course("焊工", "海州区"), make_course("电工", "海州区")])
    assert {hit.course.occupation for hit in engine.search("想学焊功", today=date(2026, 2, 10)).hits} == {"焊工"}


def test_initials_stand_for_the_words_about_as_common_as_the_commonest() -> None:
    lexicon = PinyinLexicon()
    lexicon.add("养老护理", 4)
    lexicon.add("医疗护理", 1)
    assert lexicon.rewrite("ylhl", lambda _: False).split() == ["养老护理"]
    lexicon.add("医疗护理", 1)
    assert lexicon.rewrite("ylhl", lambda _: False).split() == ["养老护理", "医疗护理"]
