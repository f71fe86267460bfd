"""The search facade: synonyms, Traditional input, filters, dates, distance, suggestions, garbage."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from factories import make_course
from hypothesis import given, settings
from hypothesis import strategies as st

import catalog.search
from catalog.geo import haversine_km
from catalog.model import Course
from catalog.search import CourseSearch, SearchResult

TODAY = date(2026, 2, 10)
NEXT_MONTH = date(2026, 3, 1)


def codes(result: SearchResult) -> list[str]:
    return [hit.course.code for hit in result.hits]


def occupations(result: SearchResult) -> set[str]:
    return {hit.course.occupation for hit in result.hits}


@pytest.fixture
def courses() -> dict[str, Course]:
    groups_without_staff = ("失业人员", "高校毕业生", "农村转移劳动力")
    made = {
        "nanny": make_course("育婴员", "连云区"),
        "maternity": make_course("母婴护理员", "东海县", title="母婴护理员专项能力培训"),
        "elder_hz": make_course("养老护理员", "海州区", start_date=date(2026, 3, 9)),
        "elder_ly": make_course("养老护理员", "连云区"),
        "welder_gy": make_course("焊工", "赣榆区", eligible_groups=groups_without_staff),
        "welder_staff": make_course(
            "焊工", "海州区", category="岗位技能提升培训", eligible_groups=("企业职工",), start_date=date(2026, 2, 20)
        ),
        "electric_paid": make_course("电工", "海州区", fee_yuan=600, start_date=date(2026, 3, 20)),
        "electric_free": make_course("电工", "灌云县", start_date=date(2026, 4, 6)),
        "electric_old": make_course("电工", "海州区", start_date=date(2025, 11, 3), end_date=TODAY - timedelta(days=1)),
        "drone": make_course("无人机驾驶员", "灌云县", description="双休日上课，适合在职人员"),
        "cook": make_course("中式烹调师", "徐圩新区", start_date=date(2026, 1, 5), end_date=date(2026, 6, 30)),
    }
    return made


@pytest.fixture
def engine(courses: dict[str, Course]) -> CourseSearch:
    return CourseSearch(courses.values())


def test_synonym_finds_the_occupation(engine: CourseSearch, courses: dict[str, Course]) -> None:
    nanny = engine.search("我想当月嫂", today=TODAY)
    assert set(codes(nanny)) == {courses["nanny"].code, courses["maternity"].code}
    weld = engine.search("学电焊", today=TODAY)
    assert occupations(weld) == {"焊工"}
    assert occupations(engine.search("护工", today=TODAY)) == {"养老护理员"}


def test_traditional_question_with_district(engine: CourseSearch, courses: dict[str, Course]) -> None:
    result = engine.search("養老護理 海州區", today=TODAY)
    assert codes(result) == [courses["elder_hz"].code]


def test_district_filter(engine: CourseSearch, courses: dict[str, Course]) -> None:
    assert codes(engine.search("灌云 电工", today=TODAY)) == [courses["electric_free"].code]
    assert set(codes(engine.search("养老护理员", today=TODAY))) == {courses["elder_hz"].code, courses["elder_ly"].code}


def test_group_filter_excludes_courses_not_open_to_the_group(engine: CourseSearch, courses: dict[str, Course]) -> None:
    assert set(codes(engine.search("焊工", today=TODAY))) == {courses["welder_gy"].code, courses["welder_staff"].code}
    assert codes(engine.search("我是职工，想学焊工", today=TODAY)) == [courses["welder_staff"].code]
    assert codes(engine.search("焊工", today=TODAY, group="企业职工")) == [courses["welder_staff"].code]
    assert codes(engine.search("失业 焊工", today=TODAY, group="企业职工")) == [courses["welder_gy"].code]


def test_expired_courses_are_never_offered(engine: CourseSearch, courses: dict[str, Course]) -> None:
    old = courses["electric_old"].code
    assert old not in codes(engine.search("电工", today=TODAY))
    assert old not in codes(engine.search("海州区", today=TODAY))
    assert old not in codes(engine.nearby(34.57, 119.16, today=TODAY))
    assert old in codes(engine.search("电工", today=TODAY - timedelta(days=1)))  # it ran until yesterday


def test_running_courses_are_offered_after_upcoming_ones(engine: CourseSearch, courses: dict[str, Course]) -> None:
    listed = codes(engine.search("", today=TODAY))
    assert listed[-1] == courses["cook"].code  # started in January, still running
    assert listed[0] == courses["welder_staff"].code  # starts on 20 Feb, the soonest


def test_free_filter(engine: CourseSearch, courses: dict[str, Course]) -> None:
    assert codes(engine.search("免费 电工", today=TODAY)) == [courses["electric_free"].code]
    both = {courses["electric_free"].code, courses["electric_paid"].code}
    assert set(codes(engine.search("电工", today=TODAY))) == both


def test_next_month_lists_by_start_date(engine: CourseSearch) -> None:
    result = engine.search("下个月", today=TODAY)
    starts = [hit.course.start_date for hit in result.hits]
    assert starts and starts == sorted(starts)
    assert all(NEXT_MONTH <= day <= date(2026, 3, 31) for day in starts)
    assert len(starts) == 7  # the factory default (2 March) x5, 9 March, 20 March
    assert all(hit.score == 0.0 for hit in result.hits)


def test_filters_only_question(engine: CourseSearch, courses: dict[str, Course]) -> None:
    result = engine.search("海州区 下个月", today=TODAY)
    assert codes(result) == [courses["elder_hz"].code, courses["electric_paid"].code]


def test_weekend_courses(engine: CourseSearch, courses: dict[str, Course]) -> None:
    assert codes(engine.search("周末的课", today=TODAY)) == [courses["drone"].code]


def test_no_result_suggests_neighbouring_districts_and_occupations(engine: CourseSearch) -> None:
    result = engine.search("灌南 无人机", today=TODAY)
    assert result.hits == ()
    assert result.suggestions is not None
    assert result.suggestions.districts == ("灌云县",)  # 灌南县's neighbour, where the drone course is
    assert result.suggestions.occupations


def test_no_result_suggests_related_occupations(engine: CourseSearch) -> None:
    result = engine.search("灌南 月嫂", today=TODAY)  # no course at all in 灌南县
    assert result.hits == () and result.suggestions is not None
    assert set(result.suggestions.occupations[:2]) == {"育婴员", "母婴护理员"}
    unknown = engine.search("想学做衣服缝纫", today=TODAY)
    assert unknown.hits == () and unknown.suggestions is not None and unknown.suggestions.occupations
    ended = engine.search("护理 开飞机", today=TODAY.replace(year=2030))  # everything has ended by 2030
    assert ended.hits == () and ended.suggestions is not None
    cooks = engine.search("海州 厨师", today=TODAY)
    assert cooks.suggestions is not None and "中式烹调师" not in cooks.suggestions.occupations  # not in 海州区
    assert cooks.suggestions.districts == ("徐圩新区",)  # not a neighbour of 海州区, but it has the course
    electricians = engine.search("灌南 电工", today=TODAY)
    assert electricians.suggestions is not None
    assert electricians.suggestions.districts == ("灌云县", "海州区")  # the neighbour first


def test_no_result_with_only_a_time_of_day_still_suggests(engine: CourseSearch) -> None:
    # 白天 has no facet set and no date window: the suggestions once asserted a window and crashed the reply
    result = engine.search("白天上课的xyz", today=TODAY)
    assert result.hits == () and result.suggestions is not None


def test_neighbouring_districts_are_suggested_before_nearer_other_ones() -> None:
    engine = CourseSearch([make_course("焊工", "赣榆区"), make_course("焊工", "东海县")])
    result = engine.search("海州 焊工", today=TODAY)
    assert result.suggestions is not None
    # 赣榆区 is nearer to 海州区's centre, but 东海县 is the listed neighbour
    assert result.suggestions.districts == ("东海县", "赣榆区")


def test_location_ranks_nearer_first_and_reports_haversine_km(engine: CourseSearch) -> None:
    # Without a location the 连云区 course comes first (it starts a week sooner)...
    assert [hit.course.district for hit in engine.search("养老护理员", today=TODAY).hits] == ["连云区", "海州区"]
    lat, lon = 34.58, 119.17  # ...but this person is in 海州区
    result = engine.search("养老护理员", today=TODAY, lat=lat, lon=lon)
    assert [hit.course.district for hit in result.hits] == ["海州区", "连云区"]
    for hit in result.hits:
        assert hit.course.lat is not None and hit.course.lon is not None
        assert hit.distance_km == pytest.approx(haversine_km(lat, lon, hit.course.lat, hit.course.lon), abs=1e-9)
    assert all(hit.distance_km is None for hit in engine.search("养老护理员", today=TODAY).hits)


def test_distance_nudges_the_ranking_without_overriding_relevance() -> None:
    keyword = make_course("养老护理员", "连云区", keywords=("养老护理员",))  # a little more relevant
    plain = make_course("养老护理员", "海州区")
    engine = CourseSearch([keyword, plain])

    def order(lat: float | None, lon: float | None) -> list[str]:
        return codes(engine.search("养老护理员", today=TODAY, lat=lat, lon=lon))

    assert order(None, None) == [keyword.code, plain.code]
    assert order(34.58, 119.17) == [plain.code, keyword.code]  # next door to the 海州区 course
    assert order(34.66, 119.27) == [keyword.code, plain.code]  # about as far from both: relevance decides


@pytest.mark.parametrize("small_set", [10_000, 0])  # brute force, then the grid
def test_nearby_orders_by_distance(engine: CourseSearch, monkeypatch: pytest.MonkeyPatch, small_set: int) -> None:
    monkeypatch.setattr(catalog.search, "SMALL_SET", small_set)
    lat, lon = 34.84, 119.13  # 赣榆区
    result = engine.nearby(lat, lon, today=TODAY)
    km = [hit.distance_km for hit in result.hits]
    assert len(km) == 10 and None not in km
    assert km == sorted(km)  # type: ignore[type-var]
    assert result.hits[0].course.district == "赣榆区"
    for hit in result.hits:
        assert hit.distance_km == pytest.approx(haversine_km(lat, lon, hit.course.lat, hit.course.lon))  # type: ignore[arg-type]
    assert occupations(engine.nearby(lat, lon, today=TODAY, text="电工")) == {"电工"}
    assert len(engine.nearby(lat, lon, today=TODAY, limit=3).hits) == 3


def test_courses_without_coordinates_come_last_nearby() -> None:
    engine = CourseSearch([make_course("电工", "灌南县"), make_course("电工", "海州区", lat=None, lon=None, code="X")])
    hits = engine.nearby(34.57, 119.16, today=TODAY).hits
    assert [hit.course.code for hit in hits][-1] == "X" and hits[-1].distance_km is None


def test_words_inside_longer_words_match_only_as_a_fallback(engine: CourseSearch) -> None:
    assert occupations(engine.search("养老护理员", today=TODAY)) == {"养老护理员"}
    assert occupations(engine.search("护理员", today=TODAY)) == {"养老护理员", "母婴护理员"}
    # no course mentions 医疗护理员, so the words inside it ("护理", "护理员") find the related ones
    assert occupations(engine.search("医疗护理员", today=TODAY)) == {"养老护理员", "母婴护理员"}


def test_title_match_outranks_description_match() -> None:
    title = make_course("叉车司机", "海州区", title="叉车司机培训班")
    mention = make_course("电工", "海州区", description="学员结业后可从事叉车司机相关工作")
    engine = CourseSearch([mention, title])
    assert codes(engine.search("叉车司机", today=TODAY)) == [title.code, mention.code]


def test_upsert_remove_and_get(engine: CourseSearch, courses: dict[str, Course]) -> None:
    size = len(engine)
    drone = courses["drone"]
    engine.upsert(make_course("育婴员", "灌云县", code=drone.code))
    assert len(engine) == size
    assert codes(engine.search("无人机", today=TODAY)) == []
    assert drone.code in codes(engine.search("月嫂", today=TODAY))
    engine.remove(drone.code)
    assert engine.get(drone.code) is None and len(engine) == size - 1
    assert drone.code not in codes(engine.search("", today=TODAY, limit=100))
    engine.upsert(drone)
    assert codes(engine.search("无人机", today=TODAY)) == [drone.code]
    assert engine.get(drone.code) == drone
    engine.remove("no-such-code")
    engine.replace_all([drone])
    assert len(engine) == 1 and codes(engine.search("", today=TODAY)) == [drone.code]


def test_incremental_updates_match_a_fresh_build() -> None:
    rng = random.Random(7)
    names = ("电工", "焊工", "育婴员", "养老护理员", "叉车司机", "中式面点师")
    places = ("海州区", "连云区", "赣榆区", "灌云县")
    live: dict[str, Course] = {}
    engine = CourseSearch()
    for step in range(300):
        code = f"R{rng.randrange(40)}"
        if rng.random() < 0.3:
            engine.remove(code)
            live.pop(code, None)
        else:
            course = make_course(rng.choice(names), rng.choice(places), code=code,
                                 start_date=TODAY + timedelta(days=rng.randrange(-60, 60)),
                                 fee_yuan=rng.choice((0, 300)), lat=None if step % 7 == 0 else 34.6)
            engine.upsert(course)
            live[code] = course
    fresh = CourseSearch(live.values())
    assert len(engine) == len(fresh) == len(live)
    for question in ("电工", "月嫂", "赣榆 焊工", "免费", "下个月", "", "护理员", "连云 叉车"):
        for run in (lambda e, q=question: e.search(q, today=TODAY, limit=100),
                    lambda e, q=question: e.nearby(34.6, 119.2, today=TODAY, text=q, limit=100)):
            assert set(codes(run(engine))) == set(codes(run(fresh))), question


def test_empty_catalogue() -> None:
    result = CourseSearch().search("电工", today=TODAY)
    assert result.hits == () and result.suggestions is not None


GARBAGE = ["", "？？？!!!", "😀🎉" * 30, "\x00\x01\x02\x1b[0m", "电" * 5000, "x" * 5000, "\ud800", "赣榆" * 2000]


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_does_not_raise(engine: CourseSearch, garbage: str) -> None:
    for result in (
        engine.search(garbage, today=TODAY, lat=34.6, lon=119.2),
        engine.nearby(0.0, 0.0, today=TODAY, text=garbage),
    ):
        assert isinstance(result, SearchResult)
        assert result.hits or result.suggestions is not None


@pytest.mark.parametrize(("lat", "lon"), [(float("nan"), 119.2), (float("inf"), 0.0), (1000.0, 119.0), (34.6, -999.0)])
def test_unusable_locations_are_ignored(engine: CourseSearch, lat: float, lon: float) -> None:
    plain = codes(engine.search("电工", today=TODAY))
    located = engine.search("电工", today=TODAY, lat=lat, lon=lon)
    assert codes(located) == plain and all(hit.distance_km is None for hit in located.hits)
    assert codes(engine.nearby(lat, lon, today=TODAY, text="电工")) == plain


def test_far_away_location_still_orders_by_distance(engine: CourseSearch) -> None:
    km = [hit.distance_km for hit in engine.nearby(-33.9, 151.2, today=TODAY).hits]  # Sydney
    assert km == sorted(km) and all(k is not None and k > 7000 for k in km)  # type: ignore[operator]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("电焊工月嫂海州连云灌南赣榆免费下个月周末护理员大学生职工😀!? "), max_size=20))
def test_an_empty_answer_always_has_suggestions(question: str) -> None:
    engine = _SHARED
    result = engine.search(question, today=TODAY)
    if not result.hits:
        assert result.suggestions is not None and result.suggestions.occupations


_SHARED = CourseSearch(
    [make_course("焊工", "海州区"), make_course("育婴员", "连云区"), make_course("电工", "灌南县", fee_yuan=100)]
)
