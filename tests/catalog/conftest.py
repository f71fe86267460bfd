"""Fixtures shared by the catalogue tests: the shipped FAQ and a search over the shipped sample catalogue (both
read-only, so one per module)."""

from __future__ import annotations

import pytest

from catalog.faq import FaqBase
from catalog.search import CourseSearch
from tests.dialogue_set import load_faq, sample_search


@pytest.fixture(scope="module")
def base() -> FaqBase:
    return load_faq()


@pytest.fixture(scope="module")
def search() -> CourseSearch:
    return sample_search()
