"""The labelled dialogue set (catalog/data/dialogues/*.tsv, which catalog.learned also learns from) and how the
understanding step is scored on it; used by tests/test_dialogue_set.py and benchmarks/bench_understanding.py.

A turn's prediction follows the front door's order (handlers/front_door): an intent or a follow-up from
catalog.understanding; a QUERY is answered by the FAQ when it matches (with the courses when the question also
names one) and otherwise by the course search, scored by the occupation of the top course.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from catalog.faq import FaqBase
from catalog.followup import FollowKind
from catalog.importer import read_courses
from catalog.intents import Intent
from catalog.search import CourseSearch
from catalog.understanding import courses_beside_answer, found_by_chance, search_instead, understand

DIALOGUES = Path(__file__).parents[1] / "catalog" / "data" / "dialogues"
SAMPLE = Path(__file__).parents[1] / "catalog" / "data" / "sample_courses.csv"
# measure-only parts, in the order they were written
MEASURED = ("holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9",
            "holdout10", "holdout11", "holdout12", "holdout13", "holdout14", "holdout15", "holdout16", "holdout17",
            "holdout18", "holdout19", "holdout20", "holdout21", "holdout22", "holdout23", "holdout24",
            "holdout25", "holdout26")
TODAY = date(2026, 11, 23)  # inside the sample catalogue's dates, as in tests/conftest.py

CATEGORIES = {
    **{i: "small talk" for i in ("greeting", "thanks", "goodbye", "confirm", "emoji", "who")},
    **{i: "menu words" for i in ("help", "menu", "find", "s1131", "enrolments", "subscribe", "unsubscribe",
                                 "profile", "mydata", "forget", "settings", "faq_topics")},
    "human": "person/complaint", "complaint": "person/complaint", "jobs": "jobs", "nearby": "nearby",
    "unknown": "not understood", "refine": "follow-up", "ordinal": "follow-up", "cost": "follow-up",
    "search": "course search", "faq": "policy FAQ",
}


@dataclass(frozen=True, slots=True)
class Turn:
    message: str
    context: str
    expected: str

    @property
    def category(self) -> str:
        return CATEGORIES[self.expected.split(":", 1)[0]]


def load(name: str) -> list[Turn]:
    lines = (DIALOGUES / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    rows = csv.reader((line for line in lines if line and not line.startswith("#")), delimiter="\t",
                      quoting=csv.QUOTE_NONE)
    return [Turn(*row) for row in rows]


def sample_search() -> CourseSearch:
    return CourseSearch(read_courses(SAMPLE).courses)


def load_faq() -> FaqBase:
    return FaqBase.load()


def predict(turn: Turn, search: CourseSearch, faq: FaqBase) -> str:
    understood = understand(turn.message, TODAY, turn.context or None)
    follow = understood.followup
    if follow is not None:
        return f"ordinal:{follow.n}" if follow.kind is FollowKind.ORDINAL else follow.kind.value
    if understood.intent not in (Intent.QUERY, Intent.UNKNOWN):
        return understood.intent.value
    question = understood.rest or turn.message
    entry = faq.get(understood.faq_id) if understood.faq_id else None
    match = None if entry is not None or understood.search_only else faq.match(question)
    if match is not None and search_instead(question, search.search(question, today=TODAY)):
        match = None
    if entry is None and match is not None:
        entry = match.entry
    if entry is not None:  # the answer, then courses if the question names some
        leftover = faq.leftover(question)
        beside = search.search(leftover or question, today=TODAY)
        courses = f"+search:{beside.hits[0].course.occupation}" if courses_beside_answer(leftover, beside) else ""
        return f"faq:{entry.id}{courses}"
    if understood.intent is Intent.UNKNOWN:  # nothing to search: the intent it scores below sure, if any
        return understood.fallback.value if understood.fallback is not None else "unknown"
    result = search.search(understood.rest, today=TODAY)
    ranked = [] if understood.search_only else faq.ranked(question, 3)
    if ranked and found_by_chance(question, search.search(question, today=TODAY)):  # "您是不是想问" buttons
        return "did_you_mean:" + "|".join(m.entry.id for m in ranked)
    if result.hits:
        return f"search:{result.hits[0].course.occupation}"
    if understood.fallback is not None:  # found nothing: an intent in other words, or the small talk around
        return understood.fallback.value
    related = result.suggestions is not None and (result.suggestions.occupations or result.suggestions.districts)
    return "search:-" if related else "unknown"  # nothing found nor related: the kind answer


@dataclass
class Score:
    right: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def score(turns: Iterable[Turn], search: CourseSearch, faq: FaqBase) -> tuple[dict[str, Score], list[str]]:
    """Accuracy per category and the misses, for reading."""
    scores: dict[str, Score] = {}
    misses = []
    for turn in turns:
        got = predict(turn, search, faq)
        s = scores.setdefault(turn.category, Score())
        s.total += 1
        if right(got, turn.expected):
            s.right += 1
        else:
            misses.append(f"{turn.message!r} ({turn.context!r}): expected {turn.expected}, got {got}")
    return scores, misses


def right(got: str, expected: str) -> bool:
    """Each part expected must be in the answer: "faq:X" is met by the entry X with or without courses beside it,
    "search:Y" by courses led by Y with or without a policy answer before them; "search:育婴员|家政服务员" accepts
    either occupation."""
    parts = dict(part.split(":", 1) if ":" in part else (part, "") for part in got.split("+"))
    for part in expected.split("+"):
        kind, _, value = part.partition(":")
        if kind not in parts or (value and parts[kind] not in value.split("|")):
            return False
    return True


def overall(scores: dict[str, Score]) -> Score:
    return Score(sum(s.right for s in scores.values()), sum(s.total for s in scores.values()))
