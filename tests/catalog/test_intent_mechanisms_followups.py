"""Mechanisms added for holdout19's misses, each tested with members that appear in no dialogue part: a course
of the list pointed at with a question of its own, the paid courses taken out, cost said with 费 and the subsidy
as a verb, parts of the day and of the month, 宝妈 as a group, thinking sounds, Latin small talk only as a word
of its own, and word classes of intents.toml (going ahead, presence, person-or-program, nobody calling back)."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.followup import FollowKind, detect, pointed
from catalog.intents import Intent, classify
from catalog.query import TimeKind, parse_query
from catalog.understanding import understand

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "n"),
    [
        ("第二个学校正规不", 2),  # how good it is
        ("第3个课时多少", 3),  # anything its card answers
        ("倒数第二个评价咋样", -2),
        ("最后一个发证书吗", -1),
        ("最后一个老师凶不凶", -1),  # about that course's teacher, no complaint yet
    ],
)
def test_a_course_of_the_list_pointed_at_with_a_question_of_its_own(typed: str, n: int) -> None:
    follow = understand(typed, TODAY, "电工").followup
    assert follow is not None and follow.kind is FollowKind.ORDINAL and follow.n == n


@pytest.mark.parametrize("typed", ["第一个月学什么", "第二个问题是", "第二个不考虑"])
def test_pointing_at_no_course_or_turning_it_down_is_no_ordinal(typed: str) -> None:
    assert pointed(typed) is None


@pytest.mark.parametrize("typed", ["要钱的不要", "排除自费的", "不要掏钱的班"])
def test_the_paid_courses_taken_out_ask_for_the_free_ones(typed: str) -> None:
    follow = detect(typed, "焊工", TODAY)
    assert follow is not None and follow.kind is FollowKind.REFINE and follow.changed == ("free",)


@pytest.mark.parametrize("typed", ["需要缴费不", "国家给不给补", "扣掉补贴还要多少"])
def test_cost_said_with_fee_words_and_the_subsidy_as_a_verb(typed: str) -> None:
    follow = detect(typed, "焊工", TODAY)
    assert follow is not None and follow.kind is FollowKind.COST


@pytest.mark.parametrize(("typed", "kind"), [("晚课有吗", "evening"), ("中午上的", "daytime"),
                                              ("早班的呢", "daytime")])
def test_parts_of_the_day_refine_the_list(typed: str, kind: str) -> None:
    follow = detect(typed, "电工", TODAY)
    assert follow is not None and follow.kind is FollowKind.REFINE and follow.changed == (kind,)


def test_a_part_of_the_month_narrows_its_window() -> None:
    window = parse_query("电工 12月下旬", TODAY).window
    assert window is not None and (window.start, window.end) == (date(2026, 12, 21), date(2026, 12, 31))
    early = parse_query("下个月初的焊工", TODAY).window
    assert early is not None and early.kind is TimeKind.NEXT_MONTH and (early.start.day, early.end.day) == (1, 10)
    alone = parse_query("月中开的", TODAY).window
    assert alone is not None and (alone.start, alone.end) == (date(2026, 11, 11), date(2026, 11, 20))


def test_mothers_at_home_are_a_group() -> None:
    assert parse_query("家庭主妇能学的电工", TODAY).group == "其他"
    follow = detect("全职宝妈可以报的", "育婴员", TODAY)
    assert follow is not None and follow.changed == ("group",)


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("嗯嗯呃", Intent.UNKNOWN),  # thinking sounds, not a yes
        ("哦哦啊啊", Intent.UNKNOWN),
        ("嗯啊", Intent.CONFIRM),  # said once each: a yes
        ("按你说的来吧", Intent.CONFIRM),  # going ahead
        ("小助理 在线么", Intent.GREETING),  # presence, with a form of address
        ("你是真人客服还是机器", Intent.WHO),  # a person or a program
        ("你是哪个部门的app", Intent.WHO),
        ("我要挑个班", Intent.FIND),  # verb and object in one word after a filler
        ("随便推荐几个课 都行", Intent.FIND),
        ("我登记的信息不对 帮我改", Intent.PROFILE),
        ("我所有的记录都给我看看", Intent.MYDATA),
        ("清除我个人资料", Intent.FORGET),
    ],
)
def test_word_classes_of_the_intents(typed: str, intent: Intent) -> None:
    assert classify(typed, TODAY).intent is intent


def test_latin_small_talk_only_as_a_word_of_its_own() -> None:
    assert classify("yuyingshi", TODAY).rest == "yuyingshi"  # "hi" inside pinyin is no greeting
    assert classify("hi 育婴师", TODAY).rest == "育婴师"


def test_nobody_calling_back_after_enrolling_is_no_wish_to_phone() -> None:
    said = "上周报了个班 一直没人给我打电话 怎么回事"
    assert understand(said, TODAY).intent is Intent.ENROLMENTS
    assert classify("请给我打电话", TODAY).intent is Intent.HUMAN


@pytest.mark.parametrize(("typed", "kind"), [
    ("有没有政府补助的", FollowKind.REFINE),  # the kind of course as a condition: those that are
    ("只要不收费的", FollowKind.REFINE),
    ("全是免费的吗", FollowKind.COST),  # whether the listed ones are
    ("全都不收费的吧", FollowKind.COST),
    ("是不要钱的么", FollowKind.COST),
    ("有政府补贴的", FollowKind.REFINE),
    ("价目是多少", FollowKind.COST),  # the price as a figure
])
def test_a_kind_of_course_as_a_condition_or_asked_of_the_list(typed: str, kind: FollowKind) -> None:
    follow = detect(typed, "焊工", TODAY)
    assert follow is not None and follow.kind is kind


def test_a_course_pointed_at_after_a_lead_in() -> None:
    follow = understand("发我第二个的联系电话", TODAY, "电工").followup
    assert follow is not None and follow.kind is FollowKind.ORDINAL and follow.n == 2


def test_around_the_new_year_but_not_a_count_of_years() -> None:
    after = parse_query("过完年开的焊工", TODAY).window
    assert after is not None and after.kind is TimeKind.NEXT_YEAR
    before = parse_query("年底前能上的电工", TODAY).window
    assert before is not None and (before.start, before.end) == (TODAY, date(2026, 12, 31))
    assert parse_query("两年前学过电工", TODAY).window is None


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("不晓得", Intent.UNKNOWN),  # not knowing holds a yes-word but is no yes
        ("有空再聊", Intent.GOODBYE),  # talking another day
        ("没其他的了", Intent.GOODBYE),
        ("我在和机器人聊天吗", Intent.WHO),
        ("留个电话给我", Intent.HUMAN),  # a number asked for
        ("手机号给一个 我打过去", Intent.HUMAN),
        ("我手机号换了 改一下", Intent.PROFILE),  # one's own number changed
    ],
)
def test_more_word_classes(typed: str, intent: Intent) -> None:
    assert classify(typed, TODAY).intent is intent
