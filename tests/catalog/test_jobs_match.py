"""Job recommendation rules: synonyms, expiry, exclusion, place, part-time, fallback, determinism."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from jobs_factories import TODAY, make_job

from catalog.districts import DISTRICTS
from catalog.jobs_importer import read_jobs
from catalog.jobs_match import JobProfile, MatchReason, recommend

R = MatchReason
SAMPLE = Path(__file__).resolve().parents[2] / "catalog" / "data" / "sample_jobs.csv"

FORKLIFT = make_job("叉车司机", "连云区", code="J-FORK")
ELDER = make_job("养老护理员", "海州区", code="J-ELDER", keywords=("养老", "护理"))
WELDER = make_job("焊工", "海州区", code="J-WELD", title="电焊工")
COOK = make_job("中式烹调师", "海州区", code="J-COOK", title="食堂厨师")
CHEF = make_job("中式烹调师", "灌南县", code="J-CHEF", title="厨师")
JOBS = (FORKLIFT, ELDER, WELDER, COOK, CHEF)


def _profile(*wanted: str, district: str | None = "海州区", **options: object) -> JobProfile:
    return JobProfile(wanted=wanted, district=district, **options)  # type: ignore[arg-type]


def _codes(matches: list) -> list[str]:
    return [m.job.code for m in matches]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("开叉车", "J-FORK"),
        ("电焊", "J-WELD"),
        ("照顾老人", "J-ELDER"),
        ("開叉車", "J-FORK"),
        ("養老護理", "J-ELDER"),
        ("電焊", "J-WELD"),
    ],
)
def test_colloquial_and_traditional_words_find_the_occupation(typed: str, expected: str) -> None:
    best = recommend(JOBS, _profile(typed), today=TODAY)[0]
    assert best.job.code == expected
    assert R.OCCUPATION in best.reasons and R.FALLBACK not in best.reasons


def test_several_matching_postings_come_before_fallback_and_fill_to_the_limit() -> None:
    matches = recommend(JOBS, _profile("做饭"), today=TODAY)
    assert _codes(matches)[:2] == ["J-COOK", "J-CHEF"]  # both cooks; the one in the person's district first
    assert all(R.OCCUPATION in m.reasons for m in matches[:2])
    assert R.FALLBACK in matches[2].reasons and len(matches) == 3


def test_expired_postings_are_never_returned() -> None:
    expired = make_job("叉车司机", "海州区", code="J-OLD", valid_until=TODAY - timedelta(days=1))
    last_day = make_job("叉车司机", "东海县", code="J-LAST", valid_until=TODAY)
    assert recommend([expired], _profile("叉车"), today=TODAY) == []
    matches = recommend([expired, last_day, *JOBS], _profile("叉车", near_home=True), today=TODAY, limit=10)
    assert "J-OLD" not in _codes(matches)
    assert "J-LAST" in _codes(matches)


def test_growing_exclude_gives_distinct_jobs_and_excluded_never_return() -> None:
    shown: list[str] = []
    for _ in range(3):
        (match,) = recommend(JOBS, _profile("叉车"), today=TODAY, exclude=shown, limit=1)
        shown.append(match.job.code)
    assert len(set(shown)) == 3 and shown[0] == "J-FORK"
    everything = [job.code for job in JOBS]
    assert recommend(JOBS, _profile("叉车"), today=TODAY, exclude=everything) == []


def test_near_home_prefers_same_district_even_over_the_wanted_occupation() -> None:
    far_match = make_job("养老护理员", "灌南县", code="J-FAR")
    near_other = make_job("保安员", "海州区", code="J-NEAR")
    plain = recommend([far_match, near_other], _profile("养老护理"), today=TODAY)
    assert _codes(plain) == ["J-FAR", "J-NEAR"]
    home = recommend([far_match, near_other], _profile("养老护理", near_home=True), today=TODAY)
    assert _codes(home) == ["J-NEAR", "J-FAR"]
    assert R.SAME_DISTRICT in home[0].reasons and R.FALLBACK in home[0].reasons


def test_near_home_ranks_same_district_match_first_and_reports_distance() -> None:
    far = make_job("叉车司机", "赣榆区", code="J-A-FAR", salary_min=7000, salary_max=9000)
    near = make_job("叉车司机", "海州区", code="J-Z-NEAR")
    matches = recommend([far, near], _profile("叉车", near_home=True), today=TODAY)
    assert _codes(matches) == ["J-Z-NEAR", "J-A-FAR"]
    assert matches[0].distance_km == 0.0 and matches[1].distance_km is not None and matches[1].distance_km > 15


def test_point_within_15_km_across_the_border_counts_as_near() -> None:
    # A person at the edge of 海州区 next to the development zone: its posting is close, 连云区 is not.
    across = make_job("叉车司机", "经济技术开发区", code="J-KFQ")
    other = make_job("叉车司机", "东海县", code="J-DHX")
    profile = _profile("叉车", near_home=True, lat=34.60, lon=119.24)
    best = recommend([other, across], profile, today=TODAY)[0]
    assert best.job.code == "J-KFQ"
    assert R.NEARBY in best.reasons and R.SAME_DISTRICT not in best.reasons
    assert best.distance_km is not None and best.distance_km <= 15


def test_part_time_constraint_filters_to_part_time_jobs() -> None:
    part = make_job("家政服务员", "灌南县", code="J-PART", part_time=True)
    matches = recommend([*JOBS, part], _profile("叉车", part_time=True), today=TODAY)
    assert _codes(matches) == ["J-PART"]
    assert R.PART_TIME in matches[0].reasons and R.FALLBACK in matches[0].reasons
    assert recommend(JOBS, _profile("叉车", part_time=True), today=TODAY) == []


def test_fallback_when_nothing_matches_prefers_the_home_district() -> None:
    matches = recommend(JOBS, _profile("宇航员", district="灌南"), today=TODAY)
    assert len(matches) == 3
    assert all(R.FALLBACK in m.reasons and R.OCCUPATION not in m.reasons for m in matches)
    assert matches[0].job.code == "J-CHEF" and R.SAME_DISTRICT in matches[0].reasons


def test_fallback_uses_last_occupation_and_works_without_any_place() -> None:
    matches = recommend(JOBS, _profile(district=None, last_occupation="电焊"), today=TODAY)
    assert matches[0].job.code == "J-WELD"
    assert matches[0].reasons == (R.LAST_OCCUPATION, R.FALLBACK)
    assert matches[0].distance_km is None


def test_ordering_is_deterministic_with_ties_broken_by_code() -> None:
    twins = [make_job("电工", "东海县", code=f"J-TWIN-{n}") for n in (3, 1, 2)]
    for seed in range(5):
        shuffled = random.Random(seed).sample(twins, k=3)
        assert _codes(recommend(shuffled, _profile("电工"), today=TODAY)) == ["J-TWIN-1", "J-TWIN-2", "J-TWIN-3"]


def test_limit() -> None:
    assert recommend(JOBS, _profile("叉车"), today=TODAY, limit=0) == []
    assert len(recommend(JOBS, _profile("叉车"), today=TODAY, limit=10)) == len(JOBS)


def test_sample_catalogue_gives_three_open_jobs_everywhere() -> None:
    jobs = read_jobs(SAMPLE).jobs
    by_code = {job.code: job for job in jobs}
    for place in DISTRICTS:
        for wanted in (("养老护理",), ("开叉车", "保安"), ("宇航员",)):
            matches = recommend(jobs, _profile(*wanted, district=place.name, near_home=True), today=TODAY)
            assert len(matches) == 3
            assert all(by_code[m.job.code].valid_until >= TODAY for m in matches)
    elder = recommend(jobs, _profile("照顾老人", district="海州区"), today=TODAY)
    assert all(m.job.occupation == "养老护理员" for m in elder)
    assert elder[0].job.district == "海州区" and elder[1].job.district != "海州区"  # the sample has one there
    chem = recommend(jobs, _profile("化工"), today=date(2026, 12, 1))
    assert {m.job.occupation for m in chem} == {"化工总控工"}


def test_a_weak_match_still_comes_before_a_strong_fallback() -> None:
    weak_far = make_job("物业管理员", "灌南县", code="J-WEAK", keywords=("夜班",))
    strong_local = make_job("焊工", "海州区", code="J-LOCAL", salary_min=9000, salary_max=12000)
    matches = recommend([strong_local, weak_far], _profile("夜班", last_occupation="焊工"), today=TODAY)
    assert _codes(matches) == ["J-WEAK", "J-LOCAL"]
    assert matches[1].score > matches[0].score  # the tier, not the score, puts the match first


def test_closer_posting_wins_within_the_same_district() -> None:
    farther = make_job("叉车司机", "海州区", code="J-1", lat=34.60, lon=119.25)
    closer = make_job("叉车司机", "海州区", code="J-2", lat=34.57, lon=119.10)
    matches = recommend([farther, closer], _profile("叉车", district="东海县", lat=34.54, lon=118.77), today=TODAY)
    assert _codes(matches) == ["J-2", "J-1"]
    assert matches[0].distance_km is not None and matches[1].distance_km is not None
    assert matches[0].distance_km < matches[1].distance_km
