"""catalog.intents_scored and catalog.intents_guess: an intent said with a word no phrase list holds is still that
intent, unless the strange word is what the search, its filters or the FAQ would answer. Each message below is
first shown to be missed by the exact rules (catalog.intents.classify), so the test fails if the scorer does not
do the work."""

from __future__ import annotations

import pytest

from catalog import second_opinion
from catalog.faq import FaqBase
from catalog.followup import FollowKind
from catalog.intents import Intent, classify
from catalog.intents_guess import guess
from catalog.intents_phrases import with_districts
from catalog.intents_scored import ANCHOR, COMPANION, THRESHOLD, IntentWords
from catalog.understanding import understand
from tests.conftest import TODAY

UNSEEN = [  # an intent's words and one word of the person's own (头大, 眼睛花, 那里, 过, 急用, 闹心)
    ("这软件咋用啊 头大", Intent.HELP),
    ("我不会弄这个 眼睛花", Intent.HELP),
    ("回到开始那里", Intent.MENU),
    ("重新来过", Intent.MENU),
    ("导出我的数据 急用", Intent.MYDATA),
    ("消息不要推了 闹心", Intent.UNSUBSCRIBE),  # (was 新班, a word of unsubscribe now)
]


@pytest.mark.parametrize(("text", "intent"), UNSEEN)
def test_one_unexpected_word_keeps_the_intent(text: str, intent: Intent) -> None:
    assert classify(text, TODAY).intent in (Intent.QUERY, Intent.UNKNOWN)  # the exact rules miss it
    scored = guess(text, TODAY)
    assert scored is not None and scored.intent is intent and scored.sure
    assert understand(text, TODAY).intent is intent


@pytest.mark.parametrize("text", [
    "怎么用电焊机",  # a course word (电焊) beside "怎么用"
    "养老怎么用",  # part of one (养老护理)
    "这个咋用 海州区",  # a district: a search filter
    "培训券咋用",  # 券 of the FAQ's 培训券
    "help me",  # Latin letters outside the lists: pinyin or a course
    "1131是干啥的",  # asks what a thing is: the FAQ's
    "职业指导具体咋做",  # asks how it is done
])
def test_words_another_part_answers_are_never_taken(text: str) -> None:
    assert guess(text, TODAY) is None
    assert understand(text, TODAY).intent in (Intent.QUERY, Intent.UNKNOWN)


@pytest.mark.parametrize(("text", "alone", "intent"), [
    ("报错了课怎么办", "怎么办", Intent.HELP),  # confusion only alone: with a topic it asks about the topic
    ("你们地址在哪", "我的地址", Intent.PROFILE),  # the profile is the person's own, not the office's
])
def test_some_words_mean_their_intent_only_alone_or_only_of_oneself(text: str, alone: str, intent: Intent) -> None:
    assert understand(alone, TODAY).intent is intent
    scored = guess(text, TODAY)
    assert scored is None or scored.intent is not intent


def test_asking_whether_one_may_train_is_no_guess() -> None:
    text = "我啥身份都没有 也能参加不"  # 身份 is a profile word, but the question is the FAQ's
    assert guess(text, TODAY) is not None
    understood = understand(text, TODAY)
    assert understood.intent is Intent.QUERY and understood.fallback is None


def test_a_veto_word_rules_the_intent_out() -> None:
    assert guess("有新班就推给我", TODAY) is not None
    scored = guess("有新班就别推给我", TODAY)
    assert scored is None or scored.intent is not Intent.SUBSCRIBE


def test_a_weaker_guess_answers_only_when_nothing_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "菜单找不见了"  # a menu word and three of its own: below sure
    scored = guess(text, TODAY)
    assert scored is not None and scored.intent is Intent.MENU and not scored.sure
    # the rules alone (the model says menu)
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: None)
    understood = understand(text, TODAY)
    assert understood.intent is Intent.QUERY and understood.fallback is Intent.MENU


def test_a_follow_up_comes_before_any_guess() -> None:
    follow = understand("海州区的呢", TODAY, "养老护理").followup
    assert follow is not None and follow.kind is FollowKind.REFINE


def _words(**tables: dict) -> IntentWords:
    data = {
        "fillers": {"start": [], "end": ["吧"], "vocative": ["老师"], "interjections": []},
        "compose": {"modifiers": ["我", "有", "什么"], **tables},
        "exact": {}, "social": {}, "contains": {}, "social_beside": {},
    }
    return IntentWords(data)


def test_the_cut_prefers_anchors_and_charges_half_for_a_character_of_the_intent() -> None:
    words = _words(forget={"anchors": ["删除", "有什么"], "also": ["信息", "删掉"]})
    mine = words.roles[Intent.FORGET]
    assert mine["删除"] == ANCHOR and mine["信息"] == COMPANION
    assert mine["有什么"] == COMPANION  # an anchor made only of modifiers says no more than they do
    [exact] = words.score("删除我信息吧")
    assert exact.confidence == 1.0 and exact.unknown == ()
    [near] = words.score("删除信息全清掉")  # 掉 is in 删掉 (half), 全 and 清 in no word of forget's
    assert near.unknown == (4, 5, 6)
    assert near.confidence == pytest.approx((2 + 0.7 * 2) / (2 + 0.7 * 2 + 2.5))
    assert near.confidence < THRESHOLD
    assert words.score("有什么信息") == []  # no anchor of two characters: not scored at all


def test_a_group_may_stand_in_a_compose_list() -> None:
    expanded = with_districts({"also": ["{group}", "改"]})["also"]
    assert "退役军人" in expanded and "改" in expanded and "{group}" not in expanded
    assert understand("身份填错了 我是退役军人不是学生", TODAY).intent is Intent.PROFILE


def test_the_faqs_own_questions_are_never_taken_by_a_guess() -> None:
    """What the exact rules leave to the FAQ stays the FAQ's: no phrasing of data/faq.toml becomes a scored intent."""
    taken = [(question, understand(question, TODAY).intent) for entry in FaqBase.load().entries()
             for question in entry.questions if classify(question, TODAY).intent in (Intent.QUERY, Intent.UNKNOWN)
             and understand(question, TODAY).intent not in (Intent.QUERY, Intent.UNKNOWN)]
    assert taken == []


def test_a_weak_guess_to_stop_everything_shows_the_list_instead() -> None:
    text = "别推送 家里人嫌吵"  # unsubscribe words and four of its own: below sure
    scored = guess(text, TODAY)
    assert scored is not None and scored.intent is Intent.UNSUBSCRIBE and not scored.sure
    assert understand(text, TODAY).fallback is Intent.SUBSCRIBE  # the list, with its remove buttons
