"""Word classes of catalog.intents and catalog.followup: each test names a class of phrasings (not one phrase) and
tries members that are in no dialogue part, so a rule that only fits the seen turns fails here."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.followup import FollowKind, detect
from catalog.intents import Intent, classify

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("text", ["嗯？", "好的？", "ok?", "是吗", "对吗？", "哦哦？？", "可以吗"])
def test_a_yes_word_asked_back_is_no_yes(text: str) -> None:
    assert classify(text, TODAY).intent is Intent.UNKNOWN


@pytest.mark.parametrize("text", ["谢谢您的耐心解答", "感谢老师的指导", "多谢你们的帮助", "谢谢告知"])
def test_thanks_and_what_for_is_thanks(text: str) -> None:
    assert classify(text, TODAY).intent is Intent.THANKS


@pytest.mark.parametrize("text", ["那我先不聊了", "没别的问题了", "就问这些 拜拜", "我先挂了啊"])
def test_ending_the_talk_is_goodbye(text: str) -> None:
    assert classify(text, TODAY).intent is Intent.GOODBYE


@pytest.mark.parametrize(("text", "intent"), [
    ("木有问题", Intent.CONFIRM),  # 木有 = 没有
    ("您好呀", Intent.GREETING),  # 您 = 你
    ("这个我不怎么会用", Intent.HELP),  # a degree word inside the negation
    ("俺不是很懂咋操作", Intent.HELP),
])
def test_spoken_forms_are_folded(text: str, intent: Intent) -> None:
    assert classify(text, TODAY).intent is intent


@pytest.mark.parametrize(("text", "intent"), [
    ("你们是就业局的吗", Intent.WHO), ("你还能干点啥", Intent.WHO),
    ("返回上一级", Intent.MENU), ("从头来吧", Intent.MENU),
    ("有啥好的课推荐一下", Intent.FIND),
    ("我的1131办到第几步了", Intent.S1131),
    ("我报的班啥时候上课", Intent.ENROLMENTS),
    ("新出的课第一时间推给我", Intent.SUBSCRIBE), ("有叉车的新班就告诉我", Intent.SUBSCRIBE),
    ("天天推送烦死了 别发了", Intent.UNSUBSCRIBE),
    ("我的地址写错了", Intent.PROFILE), ("把我留的信息调出来看看", Intent.MYDATA),
    ("我的记录全都清空", Intent.FORGET), ("提醒的时间调早点", Intent.SETTINGS),
])
def test_menu_words_in_own_wording(text: str, intent: Intent) -> None:
    assert classify(text, TODAY).intent is intent


@pytest.mark.parametrize(("text", "intent"), [
    ("你们的热线是多少", Intent.HUMAN), ("有没有电话能咨询", Intent.HUMAN),
    ("学费交了死活不给退", Intent.COMPLAINT), ("我被那个学校坑了", Intent.COMPLAINT),
    ("机构老师上课态度恶劣", Intent.COMPLAINT),
    ("码头招不招装卸工", Intent.JOBS), ("想找份临时的活", Intent.JOBS), ("能找到稳定的工作吗", Intent.JOBS),
])
def test_people_and_work_by_word_class(text: str, intent: Intent) -> None:
    assert classify(text, TODAY).intent is intent


@pytest.mark.parametrize("text", ["学完能找到工作吗", "人工智能训练师", "招生简章在哪看", "客服专员培训"])
def test_the_classes_leave_questions_alone(text: str) -> None:
    assert classify(text, TODAY).intent is not Intent.JOBS
    assert classify(text, TODAY).intent not in (Intent.HUMAN, Intent.COMPLAINT, Intent.SUBSCRIBE)


@pytest.mark.parametrize(("text", "kind"), [
    ("收不收钱", FollowKind.COST), ("补助有没", FollowKind.COST), ("自己承担多少", FollowKind.COST),
    ("不用交钱的", FollowKind.REFINE), ("下礼拜开班的", FollowKind.REFINE),
    ("那就第三个吧", FollowKind.ORDINAL), ("第二个在哪里", FollowKind.ORDINAL),
])
def test_follow_ups_by_class(text: str, kind: FollowKind) -> None:
    follow = detect(text, "电工", TODAY)
    assert follow is not None and follow.kind is kind


@pytest.mark.parametrize(("text", "intent"), [
    ("改天有需要再来咨询", Intent.GOODBYE),  # when one will be back, beside a goodbye word
    ("我搬到徐圩了", Intent.PROFILE), ("你们都收集了我什么信息", Intent.MYDATA),
    ("喂您好我想问一下就是那个我的报名记录", Intent.ENROLMENTS),  # a spoken run-on before the menu word
    ("订阅焊工的课", Intent.SUBSCRIBE), ("取消订阅的课", Intent.UNSUBSCRIBE),
])
def test_more_classes(text: str, intent: Intent) -> None:
    assert classify(text, TODAY).intent is intent


def test_a_district_alone_is_no_move() -> None:
    """"赣榆区的有没有" after a list refines it: the district words count for the profile only after a move verb."""
    assert classify("赣榆区的有没有", TODAY).intent is Intent.QUERY
    assert detect("赣榆区的有没有", "电工", TODAY) is not None


@pytest.mark.parametrize(("text", "intent"), [
    ("[玫瑰][玫瑰]", Intent.EMOJI), ("[OK]", Intent.EMOJI), ("好的[抱拳]", Intent.CONFIRM),
    ("我再想想吧", Intent.GOODBYE), ("叫你们主任来", Intent.HUMAN),
])
def test_sticker_codes_putting_off_and_people_in_charge(text: str, intent: Intent) -> None:
    assert classify(text, TODAY).intent is intent


def test_a_bracketed_course_is_still_a_course() -> None:
    assert classify("[电工]", TODAY).intent is Intent.QUERY


@pytest.mark.parametrize("text", ["我想学焊工 将来好找工作", "学个手艺为了找工作"])
def test_training_for_work_later_is_no_job_search(text: str) -> None:
    assert classify(text, TODAY).intent is not Intent.JOBS


@pytest.mark.parametrize(("text", "intent"), [
    ("真是太谢谢你了 帮了我大忙", Intent.THANKS), ("好了 我去上班了", Intent.GOODBYE), ("没啥毛病", Intent.CONFIRM),
    ("你究竟是不是机器人", Intent.WHO), ("这个平台是谁在管", Intent.WHO), ("我眼花 看不清 咋用", Intent.HELP),
    ("从头来一遍", Intent.MENU), ("有没有免费的那种培训", Intent.FIND), ("我这两天报的班能查到吗", Intent.ENROLMENTS),
    ("新开的焊工班出来了就告诉我", Intent.SUBSCRIBE), ("我登记过的信息看一下", Intent.MYDATA),
    ("找你们管事的", Intent.HUMAN), ("找个电工的活儿", Intent.JOBS),
])
def test_classes_after_holdout9(text: str, intent: Intent) -> None:
    assert classify(text, TODAY).intent is intent


def test_stopping_one_subscription_shows_the_list_rather_than_removing_all() -> None:
    """/unsubscribe removes every subscription: "取消订阅电工课" names one, so the list (with its remove buttons)."""
    assert classify("取消订阅电工课", TODAY).intent is Intent.SUBSCRIBE
    assert classify("我不要订阅了", TODAY).intent is Intent.UNSUBSCRIBE


@pytest.mark.parametrize(("text", "kind"), [
    ("灌云那边的呢", FollowKind.REFINE), ("我只有周末有时间", FollowKind.REFINE), ("便宜点的有没有", FollowKind.REFINE),
    ("建档立卡的能上的", FollowKind.REFINE), ("第三个具体说说", FollowKind.ORDINAL), ("收费不收费", FollowKind.COST),
])
def test_more_follow_ups_by_class(text: str, kind: FollowKind) -> None:
    follow = detect(text, "电工", TODAY)
    assert follow is not None and follow.kind is kind


@pytest.mark.parametrize(("text", "intent"), [
    ("什么鬼", Intent.UNKNOWN), ("有没有人工客服啊", Intent.HUMAN), ("交了钱就没人理了", Intent.COMPLAINT),
    ("物流园招不招装卸工人", Intent.JOBS), ("提醒太勤了", Intent.SETTINGS), ("审核结果出来了吗", Intent.ENROLMENTS),
    ("存在你们这的资料有哪些", Intent.MYDATA), ("俺们老人家帮帮忙 不会弄", Intent.HELP),
])
def test_classes_after_holdout12(text: str, intent: Intent) -> None:
    assert classify(text, TODAY).intent is intent


def test_hiring_words_leave_school_admissions_alone() -> None:
    assert classify("招生简章 电工", TODAY).intent is not Intent.JOBS
    assert classify("招收学员多少人", TODAY).intent is not Intent.JOBS


@pytest.mark.parametrize(("text", "intent"), [
    ("把我在这的资料都拷贝一份给我", Intent.MYDATA),  # taking a copy of what is held
    ("接着办上回没办完的1131", Intent.S1131),  # resuming 1131
])
def test_classes_after_holdout13(text: str, intent: Intent) -> None:
    assert classify(text, TODAY).intent is intent


@pytest.mark.parametrize("text", ["1131具体怎么弄", "职业指导是怎么安排的", "如何报班"])
def test_how_a_thing_is_done_is_a_question(text: str) -> None:
    assert classify(text, TODAY).intent in (Intent.QUERY, Intent.UNKNOWN)  # for the FAQ, not a menu item


@pytest.mark.parametrize(("text", "kind", "n"), [
    ("能足额报销吗", FollowKind.COST, 0), ("全部免费吗", FollowKind.COST, 0),  # how much of the cost
    ("第二个班在哪里上课", FollowKind.ORDINAL, 2), ("上边第三个", FollowKind.ORDINAL, 3),  # where it is held; the list
    ("刚才那个列表里的第5个", FollowKind.ORDINAL, 5),
])
def test_follow_ups_after_holdout13(text: str, kind: FollowKind, n: int) -> None:
    follow = detect(text, "电工", TODAY)
    assert follow is not None and follow.kind is kind and follow.n == n


def test_a_yes_word_glued_to_a_question_is_no_small_talk() -> None:
    assert classify("可以在家学不 路太远", TODAY).social is None
    assert classify("好的，电工", TODAY).social is Intent.CONFIRM
