"""The phrase tables of data/intents.toml, read once into the patterns catalog.intents matches with.

Phrases are normalised as messages are (catalog.text.normalize: Simplified, half-width, lower case, no punctuation
or emoji, then the [variants] characters folded), so Traditional and full-width input match the same phrases.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from catalog.districts import district_aliases
from catalog.groups import GROUP_ALIASES
from catalog.intent_forms import Forms, alternation
from catalog.intents_kinds import INTENTS_FILE, Intent
from catalog.pinyin import readings
from catalog.text import domain_words, normalize

_CLASS_NAME = re.compile(r"\{([a-z_]+)\}")
_CJK = re.compile(r"[\u3400-\u9fff]+")


@cache
def table() -> dict[str, Any]:
    """data/intents.toml as read (one parse per process)."""
    return tomllib.loads(INTENTS_FILE.read_text(encoding="utf-8"))


def norm(phrase: str) -> str:
    """A phrase of the data file as a message is matched: the variants folded too, so "有啥工作" is not dead."""
    return normalize(phrase).translate(_variants()).replace(" ", "")


@cache
def _variants() -> dict[int, str]:
    return str.maketrans(table()["variants"])


def regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases (normalised; the longest first)."""
    return re.compile(alternation({norm(p) for p in phrases}))


def _forms_regex(templates: list[str], classes: dict[str, list[str]], phrases: Iterable[str]) -> re.Pattern[str]:
    """The phrases, or any template with each {class} standing for one word of that class."""
    def expand(template: str) -> str:
        return _CLASS_NAME.sub(lambda m: f"(?:{alternation({norm(w) for w in classes[m.group(1)]})})", template)
    return re.compile("|".join(filter(None, [alternation({norm(p) for p in phrases}), *map(expand, templates)])))


def tiles(text: str, words: frozenset[str]) -> bool:
    """Whether `text` is a sequence of `words` in some cut: the greedy regex cuts "我报的名" as 我报的 + 名, but
    我 + 报的名 fits. Linear in the text (positions x longest word), unlike a backtracking regex."""
    longest = max(map(len, words), default=0)
    reachable = [True] + [False] * len(text)
    for start in range(len(text)):
        if reachable[start]:
            for end in range(start + 1, min(start + longest, len(text)) + 1):
                reachable[end] = reachable[end] or text[start:end] in words
    return reachable[-1]


@dataclass(frozen=True, slots=True)
class Composed:
    """An intent said in words of its own vocabulary ("退订通知"): data/intents.toml [compose.*]."""

    intent: Intent
    anchors: re.Pattern[str]  # at least one of these
    needs: re.Pattern[str] | None  # and one of these, when given
    vocabulary: re.Pattern[str]  # nothing else but these and the shared modifiers
    words: frozenset[str]  # the same, for cuts the greedy pattern misses
    unless: re.Pattern[str] | None = None  # words that turn it into something else ("能报的班": may enrol, not did)

    @classmethod
    def of(cls, name: str, table: dict, modifiers: set[str]) -> Composed:
        anchors, needs, also = table["anchors"], table.get("needs", []), table["also"]
        everything = {norm(p) for p in (*anchors, *needs, *also)} | modifiers
        unless = table.get("unless")
        return cls(Intent(name.partition("_by_")[0]), regex(anchors), regex(needs) if needs else None,
                   re.compile(alternation(everything)), frozenset(everything), regex(unless) if unless else None)

    def says(self, compact: str) -> bool:
        return bool(self.anchors.search(compact) and (self.needs is None or self.needs.search(compact))
                    and (self.unless is None or not self.unless.search(compact))
                    and (not self.vocabulary.sub("", compact) or tiles(compact, self.words)))


def with_districts(table: dict) -> dict:
    """A compose table whose word lists may hold "{district}" (every district name and alias: "我现在住灌云了"),
    "{group}" (every name of a person group: "身份填错了 我是退役军人") and "{trade}" (the search's trades and their
    synonyms: "我上个月报的那个电工班 报上没有")."""
    classes = {"{district}": list(district_aliases()), "{group}": list(GROUP_ALIASES),
               "{trade}": sorted(domain_words())}
    return {k: [w for x in v for w in classes.get(x, [x])] if isinstance(v, list) else v for k, v in table.items()}


def compose_tables(data: dict[str, Any]) -> dict[str, dict]:
    """[compose.*] of the data file, districts spelled out, without the shared modifiers."""
    return {k: with_districts(v) for k, v in data["compose"].items() if k != "modifiers"}


class Phrases:
    def __init__(self, data: dict[str, Any]) -> None:
        fillers, vocative = data["fillers"], {norm(p) for p in data["fillers"]["vocative"]}
        # words that may stand beside one kind of small talk only: "多谢老师指导", "有问题再来问"
        beside = {Intent(k): {norm(p) for p in v} for k, v in data["social_beside"].items()}
        self.social = {Intent(k): {norm(p) for p in v} - {""} for k, v in data["social"].items()}
        self.forms = Forms(data["forms"])
        codes = alternation({c.lower() for c in data["stickers"]["codes"]})
        self.stickers = re.compile(rf"\[(?:{codes})\]", re.IGNORECASE)
        modifiers = {norm(p) for p in (*data["compose"]["modifiers"], *fillers["start"], *fillers["end"])}
        everything = set().union(*self.social.values()) | vocative | modifiers
        self.only_social = re.compile(rf"(?:{alternation(everything)}|\s)+")
        self.kind_words = {k: regex(self.social[k]) for k in beside}
        self.only_with = {k: re.compile(rf"(?:{alternation(everything | v)}|\s)+") for k, v in beside.items()}
        # Single characters (好, 在, 对) are small talk alone, but too often the start of a real word to strip.
        edges = {p for p in set().union(*self.social.values()) if len(p) > 1}  # not "你们" of "你们是谁"
        openers = {norm(p) for p in fillers["interjections"]}
        # a Latin word at an edge stands alone: "hi" is no greeting at the end of "meirongshi" (pinyin)
        self.social_start = re.compile(rf"^(?:(?:{_latin_alone(edges | openers)})\s*)+")
        self.social_end = re.compile(rf"(?:\s*(?:{_latin_alone(edges)}))+$")
        self.filler_start = re.compile(rf"^(?:(?:{alternation({norm(p) for p in fillers['start']})})\s*)+")
        # one filler only: "我要查课" is 查课 after 我要, though 查 is a filler too
        self.filler_first = re.compile(rf"^(?:{alternation({norm(p) for p in fillers['start']})})\s*")
        self.filler_end = re.compile(rf"(?:\s*(?:{alternation({norm(p) for p in fillers['end']})}))+$")
        self.variants = str.maketrans(data["variants"])
        self.exact = {norm(p): Intent(k) for k, v in data["exact"].items() for p in v}
        self.pinyin = _by_pinyin([*self.exact.items(), *((p, k) for k, v in self.social.items() for p in v)])
        # forms of address in pinyin ("xiexie laoshi"): dropped around pinyin small talk
        self.pinyin_vocative = frozenset(_by_pinyin((p, Intent.GREETING) for p in vocative))
        forms, classes = data["contains_forms"], data["word_classes"]
        self.contains = {Intent(k): _forms_regex(forms.get(k, []), classes, data["contains"].get(k, []))
                         for k in {*data["contains"], *forms}}
        self.masks = {Intent(k): regex(v) if v else None for k, v in data["not_contains"].items()}
        self.vetoes = {Intent(k): regex(v) for k, v in data.get("veto", {}).items() if v}
        compose = compose_tables(data)
        self.compose = [Composed.of(name, table, modifiers) for name, table in compose.items()]
        self.compose_not = regex(data["compose_not"]["phrases"])
        # What resemble() compares with: every exact and small-talk phrase, and the anchors of composed intents.
        known = [*self.exact.items(), *((p, k) for k, v in self.social.items() for p in v)]
        known += [(norm(p), c.intent) for c, table in zip(self.compose, compose.values(), strict=True)
                  for p in table["anchors"]]
        self.known = [(bigrams(p), intent) for p, intent in known if len(p) > 1]
        # Which known phrases hold each character pair: resemble() visits only those sharing one with the message.
        self.holding: dict[str, list[int]] = {}
        for at, (grams, _intent) in enumerate(self.known):
            for gram in grams:
                self.holding.setdefault(gram, []).append(at)

    def spelled(self, norm: str) -> Intent | None:
        """The small talk or menu word a message of pinyin says ("xiexie", "xiexie laoshi"), if any."""
        said = [w for w in norm.split() if w not in self.pinyin_vocative]
        return self.pinyin.get("".join(said)) if said else None

    def fold(self, text: str) -> str:
        """A message normalised, its variant characters and spoken forms folded (spaces kept)."""
        return self.forms.fold(normalize(text).translate(self.variants))


def _by_pinyin(known: Iterable[tuple[str, Intent]]) -> dict[str, Intent]:
    """Small talk and menu words typed as pinyin ("xiexie", "caidan"): each Chinese phrase of two or more
    characters by its common reading without tones; a spelling two intents share is left out."""
    found: dict[str, set[Intent]] = {}
    for phrase, intent in known:
        if len(phrase) > 1 and _CJK.fullmatch(phrase):
            spelled = readings(phrase)
            if spelled:
                found.setdefault("".join(spelled[0]), set()).add(intent)
    return {spelling: next(iter(kinds)) for spelling, kinds in found.items() if len(kinds) == 1}


def _latin_alone(phrases: set[str]) -> str:
    """An alternation of `phrases` where one made of letters ("hi", "ok") matches only as a word of its own,
    not as the letters of a longer one ("meirongshi", "okk" aside)."""
    latin = {p for p in phrases if p.isascii() and p[:1].isalpha()}
    parts = [f"(?<![a-z])(?:{alternation(latin)})(?![a-z])"] if latin else []
    rest = phrases - latin
    return "|".join([*parts, alternation(rest)] if rest else parts)


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


@cache
def phrases() -> Phrases:
    return Phrases(table())
