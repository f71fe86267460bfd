"""Pinyin (with or without spaces), initials of occupations and one-character homophone slips."""

from __future__ import annotations

from datetime import date

import pytest
from factories import make_course

from catalog.pinyin import PinyinLexicon, readings
from catalog.search import CourseSearch, SearchResult
from catalog.text import normalize

TODAY = date(2026, 2, 10)


def occupations(result: SearchResult) -> set[str]:
    return {hit.course.occupation for hit in result.hits}


@pytest.fixture(scope="module")
def engine() -> CourseSearch:
    jobs = ("养老护理员", "电商直播", "育婴员", "母婴护理员", "焊工", "电工", "中式烹调师", "叉车司机", "直播销售员")
    ai = make_course("人工智能训练师", "海州区", keywords=("人工智能", "ai"))
    return CourseSearch([*(make_course(job, place) for job in jobs for place in ("海州区", "赣榆区")), ai])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("yanglao", {"养老护理员"}),
        ("yang lao hu li", {"养老护理员"}),
        ("YangLao", {"养老护理员"}),
        ("dianshang", {"电商直播"}),
        ("ylhl", {"养老护理员"}),
        ("dszb", {"电商直播", "直播销售员"}),
        ("养老户理", {"养老护理员"}),
        ("电上直播", {"电商直播", "直播销售员"}),
        ("养老护里员", {"养老护理员"}),
        ("yuesao", {"育婴员", "母婴护理员"}),  # pinyin of a synonym, then the synonym
    ],
)
def test_pinyin_initials_and_slips_find_the_occupation(engine: CourseSearch, typed: str, expected: set[str]) -> None:
    assert occupations(engine.search(typed, today=TODAY)) == expected


def test_initials_stand_for_every_word_they_may_mean() -> None:
    engine = CourseSearch([make_course("养老护理员", "海州区"), make_course("医疗护理员", "海州区")])
    assert occupations(engine.search("ylhl", today=TODAY)) == {"养老护理员", "医疗护理员"}


def test_pinyin_district_is_a_filter_and_the_question_is_kept_as_typed(engine: CourseSearch) -> None:
    result = engine.search("yanglao haizhou", today=TODAY)
    assert result.query.districts == ("海州区",)
    assert {hit.course.district for hit in result.hits} == {"海州区"}
    assert occupations(result) == {"养老护理员"}
    assert result.query.text == "yanglao haizhou"  # shown back to the person as they typed it


def test_latin_words_that_mean_something_are_not_read_as_pinyin(engine: CourseSearch) -> None:
    assert occupations(engine.search("ai", today=TODAY)) == {"人工智能训练师"}
    assert engine.search("ai haizhou", today=TODAY).query.districts == ("海州区",)
    assert engine.search("hello", today=TODAY).hits == ()
    correct = engine.search("养老护理员", today=TODAY)
    assert correct.query.words == ("养老护理员",)


def test_new_courses_are_heard_and_removed_ones_forgotten() -> None:
    engine = CourseSearch([make_course("电工", "海州区")])
    assert engine.search("kafeishi", today=TODAY).hits == ()
    coffee = make_course("咖啡师", "海州区", title="咖啡师培训")
    engine.upsert(coffee)
    assert occupations(engine.search("kafeishi", today=TODAY)) == {"咖啡师"}
    assert occupations(engine.search("kfs", today=TODAY)) == {"咖啡师"}
    engine.remove(coffee.code)
    assert "咖啡" not in engine._sounds.rewrite(normalize("kafeishi"), lambda _: False)


def test_readings_cover_every_reading() -> None:
    assert ("yin", "hang") in readings("银行") and ("yin", "xing") in readings("银行")
    assert readings("x1") == ()


def test_ordinary_questions_are_left_alone(engine: CourseSearch) -> None:
    for question in ("请问电工怎么报名", "电工是不是有补贴", "哪里有养老护理员的课", "谢谢老师"):
        assert engine.heard(question) == normalize(question), question


def test_homophone_needs_a_long_word_and_exactly_one_different_character() -> None:
    lexicon = PinyinLexicon(["电商直播", "护理"])
    keep = lambda _: False  # noqa: E731
    assert lexicon.rewrite("电上直播", keep) == "电商直播"
    assert lexicon.rewrite("店上值播", keep) == "店上值播"  # three characters changed: not a slip
    assert lexicon.rewrite("户理", keep) == "户理"  # two-character words collide too often
    lexicon.discard("电商直播")
    assert lexicon.rewrite("电上直播", keep) == "电上直播"
