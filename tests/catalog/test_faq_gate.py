"""Between the FAQ and the course search: asking words, a clear lead just below the threshold, and a course named
with filters that asks nothing (catalog.faq_words.asks, FaqBase.match, catalog.understanding.search_instead)."""

from __future__ import annotations

import pytest

from catalog.faq import THRESHOLD, FaqBase
from catalog.faq_words import asks
from catalog.search import CourseSearch
from catalog.understanding import search_instead
from tests.dialogue_set import TODAY


@pytest.mark.parametrize(("text", "asked"), [
    ("学电工收不收费", True), ("给不给发证", True), ("当过兵的有优惠没", True), ("补贴多久到", True),
    ("学完发证不", True), ("创业培训 东海", False), ("电工培训", False), ("差不多的课", False),
])
def test_spoken_questions_ask(text: str, asked: bool) -> None:
    assert asks(text) is asked


@pytest.mark.parametrize(("text", "entry_id"), [
    ("我上着班能学不", "employed_workers"), ("这个证国家认不认", "certificates"),
])
def test_a_clear_lead_below_the_threshold_answers(base: FaqBase, text: str, entry_id: str) -> None:
    found = base.match(text)
    assert found is not None and found.entry.id == entry_id and found.score < THRESHOLD


@pytest.mark.parametrize("text", ["好的", "人工智能方面的培训有补贴吗"])
def test_a_clear_lead_needs_every_word_understood(base: FaqBase, text: str) -> None:
    """"好的" shares only 好 with a phrasing; 人工智能方面 are words the FAQ does not know (not the free-training
    entry, though it leads)."""
    found = base.match(text)
    assert found is None or found.score >= THRESHOLD


@pytest.mark.parametrize(("text", "instead"), [
    ("创业培训 东海", True), ("创业培训班 赣榆", True), ("创业担保贷款", False), ("SYB", False),
    ("创业培训有补贴吗", False), ("以工代训 海州区", False),
])
def test_a_course_named_with_filters_is_a_search(base: FaqBase, search: CourseSearch, text: str,
                                                  instead: bool) -> None:
    assert search_instead(text, search.search(text, today=TODAY)) is instead
