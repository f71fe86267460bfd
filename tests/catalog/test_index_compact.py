"""A large index keeps its common terms' postings as arrays: it must find and score exactly as one with dicts
only, when built, after a snapshot round trip, and after courses are added, changed and removed."""

from __future__ import annotations

import random
from dataclasses import fields, replace
from datetime import date, timedelta

import pytest

from catalog import dense_postings, snapshot
from catalog.index import InvertedIndex, _as_rows, _from_rows
from catalog.model import Course
from catalog.search import CourseSearch
from tests.catalog.factories import make_course

TODAY = date(2026, 3, 1)
OCCUPATIONS = ("电工", "焊工", "养老护理员", "育婴员", "叉车司机", "电商直播", "中式烹调师", "美发师", "保安员")
DISTRICTS = ("海州区", "连云区", "赣榆区", "东海县", "灌云县", "灌南县")
QUESTIONS = ("电工 海州区", "月嫂", "養老護理", "培训班", "免费的焊工", "直播带货 周末", "厨师", "叉车", "保安 东海")
SIZE = 2600  # above dense_postings.MIN_DOCS


def courses(n: int = SIZE, seed: int = 7) -> list:
    rng = random.Random(seed)
    return [make_course(rng.choice(OCCUPATIONS), rng.choice(DISTRICTS), code=f"K{i}",
                        start_date=TODAY + timedelta(days=rng.randint(-30, 90)), end_date=TODAY + timedelta(days=120),
                        description=rng.choice(("周末班", "晚上授课", "小班教学", "")) + "理论和实操训练",
                        fee_yuan=rng.choice((0, 0, 300))) for i in range(n)]  # fmt: skip


def answers(search: CourseSearch) -> list[list[tuple[str, str]]]:
    results = [search.search(q, today=TODAY) for q in QUESTIONS]
    results.append(search.nearby(34.6, 119.2, today=TODAY, text="电工"))
    return [[(h.course.code, h.score.hex()) for h in r.hits] for r in results]


def change(search: CourseSearch, catalogue: list) -> None:
    for course in catalogue[:400:4]:
        search.remove(course.code)
    for course in catalogue[1:800:3]:
        search.upsert(replace(course, title=course.title + " 焊工", code=course.code + "b"))
    for course in catalogue[2:300:5]:  # same code, other words
        search.upsert(replace(course, title="美发师培训", occupation="美发师"))
    search.settle()


def test_common_terms_become_arrays_in_a_large_index() -> None:
    built = CourseSearch(courses())
    assert built._index._dense  # e.g. "培训班", in every title
    assert all(type(p) is dict for p in CourseSearch(courses(200))._index._postings.values())


def test_array_postings_find_and_score_as_dicts_do(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = courses()
    compact = CourseSearch(catalogue)
    monkeypatch.setattr(dense_postings, "MIN_DOCS", 10**9)
    plain = CourseSearch(catalogue)
    assert not plain._index._dense
    assert answers(compact) == answers(plain)
    _, loaded = snapshot.load(snapshot.dump(compact, {}))
    assert answers(loaded) == answers(plain)
    monkeypatch.undo()
    for search in (compact, loaded, plain):
        change(search, catalogue)
    assert answers(compact) == answers(plain) == answers(loaded)
    assert compact._index._dense and loaded._index._dense


def test_a_term_that_becomes_rare_goes_back_to_a_dict() -> None:
    catalogue = [make_course("电工", "海州区", code=f"E{i}") for i in range(SIZE)]
    index = InvertedIndex(catalogue)
    assert "电工" in index._dense
    for course in catalogue[: SIZE - 50]:
        index.remove(course.code)
    index.upsert(make_course("焊工", "海州区", code="W1"))
    index.settle()
    assert "电工" not in index._dense and len(index._postings["电工"]) == 50  # type: ignore[arg-type]


def test_saved_courses_share_equal_values_and_keep_the_sign_of_zero() -> None:
    a = make_course(code="A", lon=-0.0, address="连云港市海州区测试路1号")
    b = make_course(code="B", lon=0.0, address="".join(["连云港市海州区", "测试路1号"]), enrolled=True)
    assert a.address is not b.address
    saved = _as_rows([a, None, b])
    ra, none, rb = saved.rows
    names = [f.name for f in fields(Course)]
    row_a, row_b = dict(zip(names, ra, strict=True)), dict(zip(names, rb, strict=True))
    assert none is None and row_a["address"] is row_b["address"] and row_a["address"] == a.address
    assert str(row_a["lon"]) == "-0.0" and str(row_b["lon"]) == "0.0"
    assert row_a["eligible_groups"] is row_b["eligible_groups"] and row_a["start_date"] is row_b["start_date"]
    assert row_b["enrolled"] is True and row_a["enrolled"] == 0  # True == 1, but not the same value
    assert _from_rows(saved) == [a, None, b] and a.address is not b.address  # the originals are untouched
