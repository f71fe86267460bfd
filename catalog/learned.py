"""A second opinion learned from the labelled dialogue parts: what kind of message this is (an intent, a policy
question and which FAQ entry, or a course search), by naive Bayes over characters and words.

Why: the hand-written rules in catalog/intents* and catalog/faq* reach 95-99% on the parts they were tuned on but
65-85% on parts written later by people who never saw the code — each rule catches the wording it was written for.
Counting which characters, character pairs/triples and words go with which answer over ~2,500 labelled messages
generalises better to new wording (measured on parts kept out of training: README, "Understanding benchmark").
It stays keyword matching — weights per keyword, learned from our own data file, nothing on the network — and it
only overrules the rules when it is clearly sure (`SURE`).
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from catalog.faq_file import FAQ_FILE
from catalog.text import cut, normalize

DATA = Path(__file__).parent / "data"
DIALOGUES = DATA / "dialogues"
SEARCH = "search"  # the label of every course search, whatever the course
# Follow-ups to a result list (catalog.followup's kinds), learned from the turns written after a list; the model
# offers them only for a message that comes after one.
FOLLOWUPS = frozenset({"refine", "cost", "ordinal"})
# The lead over the runner-up (log-odds, summed over the message's features) needed to overrule the rules. Summed,
# not per feature: a short message ("明年", "怎么办") has too few features to be sure of anything. Chosen by
# learning without each of holdout20-24 in turn and measuring on it (README, "Understanding benchmark").
SURE = 8.0
_SMOOTHING = 0.1
_SPACES = re.compile(r"\s+")
# Too little to learn from: punctuation, emoji, digits and Latin letters alone ("？？？", "1", "lll", "qwer") are the
# rules' (small talk, ordinals, pinyin, keyboard mashes); the model speaks only with two Chinese characters or more.
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Guess:
    label: str  # an intent's value, "faq:<entry id>" or SEARCH
    lead: float  # over the runner-up; >= SURE is sure


def features(text: str) -> list[str]:
    """Characters, pairs and triples (with the message's start and end), and jieba's words."""
    flat = _SPACES.sub(" ", normalize(text).lower()).strip()
    framed = f"^{flat}$"
    grams = [framed[i:i + n] for n in (2, 3) for i in range(len(framed) - n + 1)]
    return list(flat) + grams + ["w:" + word for word in cut(flat) if word.strip()]


def label_of(expected: str) -> str:
    """The class a labelled turn teaches: the first answer named; any course search is one class, any ordinal."""
    first = expected.split("+")[0].split("|")[0]
    if first.startswith("search:"):
        return SEARCH
    return first.split(":")[0] if first.startswith("ordinal") else first


class Model:
    def __init__(self, examples: Iterable[tuple[str, str]]) -> None:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for text, label in examples:
            counts[label].update(features(text))
        self.labels = sorted(counts)
        weights: dict[str, list[tuple[int, float]]] = defaultdict(list)
        base = math.log(_SMOOTHING)
        for i, label in enumerate(self.labels):
            for feature, n in counts[label].items():
                weights[feature].append((i, math.log(n + _SMOOTHING) - base))
        self._weights = {feature: tuple(pairs) for feature, pairs in weights.items()}
        # log P(f|c) = log(n + a) - log(N_c + a V); the log(a) every class shares for an unseen pair cancels
        size = len(self._weights)
        self._per_feature = [math.log(sum(counts[label].values()) + _SMOOTHING * size) for label in self.labels]

    def guess(self, text: str, after_list: bool = False) -> Guess | None:
        known = [feature for feature in features(text) if feature in self._weights]
        if len(self.labels) < 2 or not known:
            return None
        scores = [-len(known) * cost for cost in self._per_feature]
        for feature in known:
            for i, weight in self._weights[feature]:
                scores[i] += weight
        ranked = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
        if not after_list:  # nothing to follow up
            ranked = [i for i in ranked if self.labels[i] not in FOLLOWUPS]
        first, second = ranked[:2]
        return Guess(self.labels[first], scores[first] - scores[second])


def read_examples(folder: Path = DIALOGUES, faq_file: Path = FAQ_FILE) -> list[tuple[str, str]]:
    """Every labelled turn (a follow-up only with a list before it), and every FAQ phrasing as its entry."""
    examples = []
    for part in sorted(folder.glob("*.tsv")):
        lines = part.read_text(encoding="utf-8").splitlines()
        for row in csv.reader((line for line in lines if line and not line.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE):
            label = label_of(row[2]) if len(row) == 3 else None
            if label is not None and (row[1] or label not in FOLLOWUPS):
                examples.append((row[0], label))
    for entry in tomllib.loads(faq_file.read_text(encoding="utf-8")).get("faq", []):
        examples.extend((question, f"faq:{entry['id']}") for question in entry.get("questions", []))
    return examples


@cache
def model() -> Model:
    return Model(read_examples())


def sure_guess(text: str, after_list: bool = False) -> Guess | None:
    """`after_list`: the message comes within minutes of a result list, so it may follow it up."""
    if len(_HAN.findall(text)) < 2:
        return None
    guessed = model().guess(text, after_list)
    return guessed if guessed is not None and guessed.lead >= SURE else None
