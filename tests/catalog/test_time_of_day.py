"""Evening classes ("晚间班", "每周一至周五晚上授课") and the others, on the sample catalogue."""

from __future__ import annotations

from catalog.search_facets import is_evening_course
from tests.dialogue_set import TODAY, sample_search


def test_evening_and_daytime_filters_split_the_courses() -> None:
    search = sample_search()
    evening = search.search("晚上上课的厨师", today=TODAY, limit=50)
    daytime = search.search("白天上课的厨师", today=TODAY, limit=50)
    every = search.search("厨师", today=TODAY, limit=50)
    assert evening.hits and daytime.hits
    assert all(is_evening_course(hit.course) for hit in evening.hits)
    assert not any(is_evening_course(hit.course) for hit in daytime.hits)
    assert {h.course.code for h in evening.hits} | {h.course.code for h in daytime.hits} == {
        h.course.code for h in every.hits}


def test_after_work_means_evening() -> None:
    search = sample_search()
    hits = search.search("汽车维修 下班后", today=TODAY, limit=50).hits
    assert hits and all(is_evening_course(hit.course) for hit in hits)
