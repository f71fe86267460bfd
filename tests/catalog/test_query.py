"""Questions become filters (district, group, price, time) plus the words that remain."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.query import DateWindow, TimeKind, parse_query

TODAY = date(2026, 11, 20)  # a Friday


def term_set(question: str, today: date = TODAY) -> set[str]:
    return {term for term, _ in parse_query(question, today).terms}


@pytest.mark.parametrize(
    ("question", "district"),
    [
        ("赣榆 电焊", "赣榆区"),
        ("我在海州想学电工", "海州区"),
        ("新浦有电工吗", "海州区"),
        ("连云 电工", "连云区"),
        ("開發區 電工", "经济技术开发区"),
        ("灌南县的焊工", "灌南县"),
    ],
)
def test_district_is_a_filter_not_a_word(question: str, district: str) -> None:
    query = parse_query(question, TODAY)
    assert query.districts == (district,)
    assert not {district, district[:2]} & {term for term, _ in query.terms}


def test_the_city_name_is_not_the_lianyun_district() -> None:
    query = parse_query("连云港市电工培训", TODAY)
    assert query.districts == ()
    assert term_set("连云港市电工培训") == {"电工"}


def test_several_districts() -> None:
    assert parse_query("海州或者连云的焊工", TODAY).districts == ("海州区", "连云区")


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("大学生学直播", "高校毕业生"),
        ("应届毕业生", "高校毕业生"),
        ("我是职工", "企业职工"),
        ("退伍军人学开叉车", "退役军人"),
        ("农民工", "农村转移劳动力"),
        ("失业了想学厨师", "失业人员"),
        ("电工", None),
    ],
)
def test_group(question: str, group: str | None) -> None:
    query = parse_query(question, TODAY)
    assert query.group == group
    if group:
        assert group not in term_set(question)


def test_price_filters() -> None:
    free = parse_query("免费的电工培训", TODAY)
    assert free.free_only and not free.subsidised_only and term_set("免费的电工培训") == {"电工"}
    assert parse_query("不要钱的课", TODAY).free_only
    subsidised = parse_query("有补贴的焊工", TODAY)
    assert subsidised.subsidised_only and not subsidised.free_only
    assert "补贴" not in term_set("有政府补贴的焊工")
    assert not parse_query("焊工", TODAY).has_filters


@pytest.mark.parametrize(
    ("question", "today", "kind", "start", "end"),
    [
        ("下个月有什么", TODAY, TimeKind.NEXT_MONTH, date(2026, 12, 1), date(2026, 12, 31)),
        ("下个月", date(2026, 12, 31), TimeKind.NEXT_MONTH, date(2027, 1, 1), date(2027, 1, 31)),
        ("下个月", date(2027, 1, 31), TimeKind.NEXT_MONTH, date(2027, 2, 1), date(2027, 2, 28)),
        ("这个月", TODAY, TimeKind.THIS_MONTH, date(2026, 11, 1), date(2026, 11, 30)),
        ("本月", TODAY, TimeKind.THIS_MONTH, date(2026, 11, 1), date(2026, 11, 30)),
        ("最近", TODAY, TimeKind.SOON, TODAY, date(2026, 12, 20)),
        ("下周", TODAY, TimeKind.NEXT_WEEK, date(2026, 11, 23), date(2026, 11, 29)),
        ("明年", TODAY, TimeKind.NEXT_YEAR, date(2027, 1, 1), date(2027, 12, 31)),
        ("12月", TODAY, TimeKind.MONTH, date(2026, 12, 1), date(2026, 12, 31)),
        ("十二月份", TODAY, TimeKind.MONTH, date(2026, 12, 1), date(2026, 12, 31)),
        ("３月", TODAY, TimeKind.MONTH, date(2027, 3, 1), date(2027, 3, 31)),
        ("11月", TODAY, TimeKind.MONTH, date(2026, 11, 1), date(2026, 11, 30)),
        ("2027年5月", TODAY, TimeKind.MONTH, date(2027, 5, 1), date(2027, 5, 31)),
        ("明年2月", TODAY, TimeKind.MONTH, date(2027, 2, 1), date(2027, 2, 28)),
    ],
)
def test_time_windows(question: str, today: date, kind: TimeKind, start: date, end: date) -> None:
    query = parse_query(question, today)
    assert query.window == DateWindow(kind, start, end)
    assert query.terms == ()


def test_time_words_leave_the_occupation() -> None:
    query = parse_query("下个月海州区有没有月嫂培训", TODAY)
    assert query.window is not None and query.window.kind is TimeKind.NEXT_MONTH
    assert query.districts == ("海州区",)
    assert "月嫂" in term_set("下个月海州区有没有月嫂培训")


def test_month_word_inside_an_occupation_is_not_a_date() -> None:
    assert parse_query("月嫂", TODAY).window is None
    assert parse_query("三个月的电工班", TODAY).window is None
    assert parse_query("13月", TODAY).window is None


def test_weekend() -> None:
    query = parse_query("周末的电工班", TODAY)
    assert query.weekend_only and query.window is None and term_set("周末的电工班") == {"电工"}
    assert parse_query("双休日 焊工", TODAY).weekend_only


def test_time_of_day() -> None:
    evening = parse_query("晚上上课的厨师班", TODAY)
    assert evening.evening_only and not evening.daytime_only and "晚上" not in evening.words
    assert parse_query("下班后能学的电脑", TODAY).evening_only
    daytime = parse_query("白天的焊工班", TODAY)
    assert daytime.daytime_only and not daytime.evening_only and daytime.has_filters
    assert not parse_query("焊工", TODAY).has_filters


def test_traditional_question() -> None:
    query = parse_query("養老護理 海州區 下個月 免費", TODAY)
    assert query.districts == ("海州区",) and query.free_only
    assert query.window is not None and query.window.start == date(2026, 12, 1)
    assert "养老护理" in {term for term, _ in query.terms}


def test_empty_questions() -> None:
    assert parse_query("你好！😀", TODAY).is_empty
    assert not parse_query("下个月", TODAY).is_empty
    assert not parse_query("电工", TODAY).is_empty


@pytest.mark.parametrize("garbage", ["", "？？？", "😀" * 100, "\x00\x1b\x7f", "电工" * 2500, "9999年12月", "0年1月"])
def test_garbage_does_not_raise(garbage: str) -> None:
    query = parse_query(garbage, TODAY)
    assert len(query.terms) < 200
