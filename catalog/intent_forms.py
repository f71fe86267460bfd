"""Spoken and typed forms that mean the same thing, folded before the intents are matched (catalog.intents).

Word classes, not phrases: dialect and internet spellings of common words ("木有" = 没有, "啷个" = 怎么), a degree
word inside a negation ("不太会弄" = 不会弄), and the question a bare "嗯？" asks. The lists live in
data/intents.toml [forms]; the patterns below only say where the words may stand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from catalog.pinyin import is_pinyin

# A question mark at the end (typed, full-width, or doubled) turns a yes-word into a question: "嗯？" is no yes.
_ASKS = re.compile(r"[?？]+\s*$")
_A_NOT_A = re.compile(r"(\w)[不没]\1")  # "是不是", "对不对", "行不行"
_LATIN_ONLY = re.compile(r"[a-z]+")
# The letter rows of a phone's keyboard: a run of neighbours along a row is a hand on the keys, not a word.
_ROWS = {c: (row, col) for row, keys in enumerate(("qwertyuiop", "asdfghjkl", "zxcvbnm")) for col, c in enumerate(keys)}
MASH_MIN_LETTERS = 4
MASH_SHARE = 0.6  # of the letter pairs that are neighbours on a row (at most two keys apart)


def keyboard_mash(compact: str) -> bool:
    """Whether a message of letters only was typed by running a hand along the keyboard ("asdjkl", "zxcvb"):
    initials ("ylhl", "dszb", "gyb") rarely step to a neighbouring key of the same row, and pinyin syllables
    throughout ("yuying") are never a mash."""
    if len(compact) < MASH_MIN_LETTERS or not _LATIN_ONLY.fullmatch(compact) or is_pinyin(compact):
        return False  # "yuying" runs along the top row too
    near = sum(1 for a, b in pairwise(compact)
               if _ROWS[a][0] == _ROWS[b][0] and abs(_ROWS[a][1] - _ROWS[b][1]) <= 2)
    return near >= MASH_SHARE * (len(compact) - 1)


def alternation(phrases: Iterable[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True) if p)


class Forms:
    def __init__(self, table: dict) -> None:
        spellings: dict[str, str] = table["spellings"]
        self._spelling = re.compile(alternation(spellings))
        self._spellings = spellings
        # "不太会", "不怎么懂", "不是很明白": the degree word changes nothing about asking for help
        degree, verbs = alternation(table["degree"]), alternation(table["knowing"])
        self._degree = re.compile(rf"(不|没)(?:{degree})(?=(?:{verbs}))")
        self.question_tags = frozenset(table["question_tags"])
        # "不知道学什么好", "没明白": not knowing is no yes, whatever yes-word (知道, 明白) it holds
        self._not_knowing = re.compile(rf"[不没](?:{verbs})")
        self._sounds = frozenset(table.get("sounds", []))

    def fold(self, norm: str) -> str:
        """`norm` (already catalog.text.normalize'd, single characters folded) with the multi-character forms."""
        if self._spellings:
            norm = self._spelling.sub(lambda m: self._spellings[m.group()], norm)
        return self._degree.sub(r"\1", norm)

    def hesitates(self, compact: str) -> bool:
        """Whether the message is only thinking sounds, two or more kinds with one said again ("嗯嗯啊啊")."""
        return (bool(compact) and set(compact) <= self._sounds and len(set(compact)) >= 2
                and len(compact) > len(set(compact)))

    def not_knowing(self, compact: str) -> bool:
        """Whether the message says the person does not know or understand ("不知道…", "没明白")."""
        return self._not_knowing.search(compact) is not None

    def asks(self, raw: str, compact: str) -> bool:
        """Whether a yes-like message is a question ("嗯？", "是吗", "是不是"), not a yes."""
        return (_ASKS.search(raw) is not None or _A_NOT_A.search(compact) is not None
                or any(compact.endswith(tag) for tag in self.question_tags))
