"""catalog.intents and catalog.followup: what a typed message asks for, and how it follows up a result list."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.followup import FollowKind, FollowUp, detect
from catalog.intents import Intent, classify
from catalog.query import filter_phrases
from catalog.understanding import cost_summary, understand
from tests.catalog.factories import make_course

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(("text", "intent"), [
    ("你好", Intent.GREETING), ("妳好！", Intent.GREETING), ("謝謝老師", Intent.THANKS), ("好的，谢谢", Intent.THANKS),
    ("ＯＫ", Intent.CONFIRM), ("😀👍", Intent.EMOJI), ("你是机器人吗", Intent.WHO), ("帮助", Intent.HELP),
    ("1131", Intent.S1131), ("我的1131进度", Intent.S1131), ("退订通知", Intent.UNSUBSCRIBE),
    ("开课提醒关掉", Intent.SETTINGS), ("改一下我的区县", Intent.PROFILE), ("人工客服", Intent.HUMAN),
    ("我要举报", Intent.COMPLAINT), ("帮我找个工作", Intent.JOBS), ("附近有什么培训", Intent.NEARBY),
    ("？？？", Intent.UNKNOWN), ("啊", Intent.UNKNOWN), ("呃呃呃", Intent.UNKNOWN),
])
def test_intents(text: str, intent: Intent) -> None:
    assert classify(text, TODAY).intent is intent


@pytest.mark.parametrize("text", ["人工智能训练师", "电工培训有补贴吗", "养老护理 海州区", "海州区附近的电工",
                                  "客服培训", "你好，我想学电工", "补贴怎么申请"])
def test_questions_stay_questions(text: str) -> None:
    """Words that look like an intent inside a real question ("人工" in 人工智能) do not hide the question."""
    assert classify(text, TODAY).intent is Intent.QUERY


@pytest.mark.parametrize("text", ["学完给安排工作不", "培训完包分配吗", "学出来管不管找工作", "结业了推荐岗位吗"])
def test_a_veto_word_cancels_jobs_for_the_whole_message(text: str) -> None:
    """What follows the training is a policy question: the job phrase elsewhere in the message does not count."""
    assert classify(text, TODAY).intent is Intent.QUERY


@pytest.mark.parametrize("text", ["想找个工作", "给我安排工作", "有啥活干"])
def test_without_a_veto_word_jobs_stay_jobs(text: str) -> None:
    assert classify(text, TODAY).intent is Intent.JOBS


def test_what_to_look_up_loses_the_small_talk_and_the_intent_phrase() -> None:
    assert classify("你好，我想学电工 谢谢", TODAY).rest == "我想学电工"
    jobs = classify("有没有电工的招聘", TODAY)
    assert jobs.intent is Intent.JOBS and "电工" in jobs.rest and "招聘" not in jobs.rest
    nearby = classify("附近有电工培训吗", TODAY)
    assert nearby.intent is Intent.NEARBY and "电工" in nearby.rest


@given(st.text(max_size=60))
def test_any_text_is_classified_without_error(text: str) -> None:
    assert isinstance(classify(text, TODAY).intent, Intent)
    detect(text, "养老护理 海州区", TODAY)


def test_filter_phrases_split_a_question() -> None:
    found, rest = filter_phrases("養老護理 海州區 下个月 免费")
    assert found == {"district": ("海州区",), "free": ("免费",), "time": ("下个月",)} and rest == "养老护理"


@pytest.mark.parametrize(("text", "expected"), [
    ("海州区的呢", FollowUp(FollowKind.REFINE, "养老护理 下个月 海州区", changed=("district",))),
    ("换成東海縣的呢", FollowUp(FollowKind.REFINE, "养老护理 下个月 东海县", changed=("district",))),
    ("有周末班吗", FollowUp(FollowKind.REFINE, "养老护理 赣榆 下个月 周末", changed=("weekend",))),
    ("晚上能上的", FollowUp(FollowKind.REFINE, "养老护理 赣榆 下个月 晚上", changed=("evening",))),
    ("白天上课的有吗", FollowUp(FollowKind.REFINE, "养老护理 赣榆 下个月 白天", changed=("daytime",))),
    ("便宜点的", FollowUp(FollowKind.REFINE, "养老护理 赣榆 下个月 免费", changed=("free",))),
    ("明年3月的呢", FollowUp(FollowKind.REFINE, "养老护理 赣榆 明年3月", changed=("time",))),
    ("第二个", FollowUp(FollowKind.ORDINAL, n=2)),
    ("头一个咋样", FollowUp(FollowKind.ORDINAL, n=1)),
    ("我看看第三个", FollowUp(FollowKind.ORDINAL, n=3)),
    ("看看第十二个", FollowUp(FollowKind.ORDINAL, n=12)),
    ("最后一个", FollowUp(FollowKind.ORDINAL, n=-1)),
    ("要自己出钱吗", FollowUp(FollowKind.COST)),
    ("是免费的吗", FollowUp(FollowKind.COST)),
])
def test_follow_ups(text: str, expected: FollowUp) -> None:
    previous = "养老护理 赣榆 下个月" if expected.changed != ("district",) else "养老护理 海州区 下个月"
    assert detect(text, previous, TODAY) == expected


@pytest.mark.parametrize("text", ["焊工呢", "东海县有电工吗", "第一百个", "我想学做饭，海州区的有吗", "补贴怎么申请"])
def test_a_new_topic_is_not_a_follow_up(text: str) -> None:
    assert detect(text, "养老护理 海州区", TODAY) is None


def test_follow_ups_only_with_a_recent_list() -> None:
    assert understand("海州区的呢", TODAY).followup is None
    assert understand("2", TODAY).intent is Intent.UNKNOWN  # a bare number without a list asks nothing
    assert understand("2", TODAY, "电工").followup == FollowUp(FollowKind.ORDINAL, n=2)
    assert understand("谢谢", TODAY, "电工").followup is None


def test_cost_summary_counts_the_list_itself() -> None:
    courses = [make_course("电工", "海州区", code=f"X{i}", fee_yuan=fee, subsidy_yuan=sub)
               for i, (fee, sub) in enumerate([(0, 1200), (300, 1500), (500, 1500)])]
    summary = cost_summary(courses)
    assert summary is not None
    assert (summary.listed, summary.free, summary.paid, summary.fees, summary.subsidies) == (3, 1, 2, (300, 500),
                                                                                            (1200, 1500))
    assert cost_summary([]) is None
