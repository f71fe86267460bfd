"""What a typed message asks for, before any search: small talk, a menu item by name, a person, jobs, "nearby",
or a question for the FAQ and the course search (QUERY). A message with nothing to search is UNKNOWN.

Phrases live in data/intents.toml. Matching is on the normalised text (catalog.text.normalize: Simplified,
half-width, lower case, no punctuation or emoji), so Traditional and full-width input match the same phrases.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

from catalog.districts import district_aliases
from catalog.intent_forms import Forms, alternation
from catalog.query import parse_query
from catalog.text import normalize

INTENTS_FILE = Path(__file__).parent / "data" / "intents.toml"
RESEMBLE_MAX_CHARS = 10  # only short messages are compared with the known phrases
RESEMBLE_MIN_DICE = 0.6  # share of character pairs in common needed to take a phrase's intent


class Intent(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    CONFIRM = "confirm"
    EMOJI = "emoji"
    WHO = "who"
    HELP = "help"
    MENU = "menu"
    FIND = "find"
    S1131 = "s1131"
    ENROLMENTS = "enrolments"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    PROFILE = "profile"
    MYDATA = "mydata"
    FORGET = "forget"
    SETTINGS = "settings"
    FAQ_TOPICS = "faq_topics"  # the policy FAQ by topic (/faq)
    COMPLAINT = "complaint"
    HUMAN = "human"
    JOBS = "jobs"
    NEARBY = "nearby"
    QUERY = "query"  # words to look up: the FAQ and the course search
    UNKNOWN = "unknown"  # nothing to look up (e.g. only punctuation or stop words)


SOCIAL = (Intent.THANKS, Intent.GOODBYE, Intent.GREETING, Intent.CONFIRM)  # priority when several are typed
# first family found wins; "有焊工的新课就提醒我" is a subscription (and "取消订阅电工课" the end of one) whatever
# the course words around it
CONTAINS = (Intent.COMPLAINT, Intent.HUMAN, Intent.JOBS, Intent.NEARBY, Intent.UNSUBSCRIBE, Intent.SUBSCRIBE)
_CLASS_NAME = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class Recognised:
    intent: Intent
    rest: str  # the message without small talk (and, for CONTAINS intents, without the phrase that set them)
    social: Intent | None = None  # small talk around a QUERY ("你好老铁"): the answer if nothing is found


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _alternation(phrases: set[str]) -> str:
    return alternation(phrases)


@cache
def _variants() -> dict[int, str]:
    return str.maketrans(tomllib.loads(INTENTS_FILE.read_text(encoding="utf-8"))["variants"])


def _norm(phrase: str) -> str:
    """A phrase of the data file as a message is matched: the variants folded too, so "有啥工作" is not dead."""
    return normalize(phrase).translate(_variants()).replace(" ", "")


def _forms_regex(templates: list[str], classes: dict[str, list[str]], phrases: Iterable[str]) -> re.Pattern[str]:
    """The phrases, or any template with each {class} standing for one word of that class."""
    def expand(template: str) -> str:
        return _CLASS_NAME.sub(lambda m: f"(?:{_alternation({_norm(w) for w in classes[m.group(1)]})})", template)
    return re.compile("|".join(filter(None, [_alternation({_norm(p) for p in phrases}), *map(expand, templates)])))


def _regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases (normalised; the longest first)."""
    return re.compile(_alternation({_norm(p) for p in phrases}))


@dataclass(frozen=True, slots=True)
class _Composed:
    """An intent said in words of its own vocabulary ("退订通知"): data/intents.toml [compose.*]."""

    intent: Intent
    anchors: re.Pattern[str]  # at least one of these
    needs: re.Pattern[str] | None  # and one of these, when given
    vocabulary: re.Pattern[str]  # nothing else but these and the shared modifiers
    words: frozenset[str]  # the same, for cuts the greedy pattern misses

    @classmethod
    def of(cls, name: str, table: dict, modifiers: set[str]) -> _Composed:
        anchors, needs, also = table["anchors"], table.get("needs", []), table["also"]
        everything = {_norm(p) for p in (*anchors, *needs, *also)} | modifiers
        return cls(Intent(name.partition("_by_")[0]), _regex(anchors), _regex(needs) if needs else None,
                   re.compile(_alternation(everything)), frozenset(everything))

    def says(self, compact: str) -> bool:
        return bool(self.anchors.search(compact) and (self.needs is None or self.needs.search(compact))
                    and (not self.vocabulary.sub("", compact) or _tiles(compact, self.words)))


def _tiles(text: str, words: frozenset[str]) -> bool:
    """Whether `text` is a sequence of `words` in some cut: the greedy regex cuts "我报的名" as 我报的 + 名, but
    我 + 报的名 fits. Linear in the text (positions x longest word), unlike a backtracking regex."""
    longest = max(map(len, words), default=0)
    reachable = [True] + [False] * len(text)
    for start in range(len(text)):
        if reachable[start]:
            for end in range(start + 1, min(start + longest, len(text)) + 1):
                reachable[end] = reachable[end] or text[start:end] in words
    return reachable[-1]


class _Phrases:
    def __init__(self, path: Path) -> None:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        fillers, vocative = data["fillers"], {_norm(p) for p in data["fillers"]["vocative"]}
        # words that may stand beside one kind of small talk only: "多谢老师指导", "有问题再来问"
        beside = {Intent(k): {_norm(p) for p in v} for k, v in data.pop("social_beside").items()}
        self.social = {Intent(k): {_norm(p) for p in v} - {""} for k, v in data["social"].items()}
        self.forms = Forms(data["forms"])
        codes = _alternation({c.lower() for c in data["stickers"]["codes"]})
        self.stickers = re.compile(rf"\[(?:{codes})\]", re.IGNORECASE)
        modifiers = {_norm(p) for p in (*data["compose"]["modifiers"], *fillers["start"], *fillers["end"])}
        everything = set().union(*self.social.values()) | vocative | modifiers
        self.only_social = re.compile(rf"(?:{_alternation(everything)}|\s)+")
        self.kind_words = {k: _regex(self.social[k]) for k in beside}
        self.only_with = {k: re.compile(rf"(?:{_alternation(everything | v)}|\s)+") for k, v in beside.items()}
        # Single characters (好, 在, 对) are small talk alone, but too often the start of a real word to strip.
        edges = {p for p in set().union(*self.social.values()) if len(p) > 1}  # not "你们" of "你们是谁"
        openers = {_norm(p) for p in fillers["interjections"]}
        self.social_start = re.compile(rf"^(?:(?:{_alternation(edges | openers)})\s*)+")
        self.social_end = re.compile(rf"(?:\s*(?:{_alternation(edges)}))+$")
        self.filler_start = re.compile(rf"^(?:(?:{_alternation({_norm(p) for p in fillers['start']})})\s*)+")
        self.filler_end = re.compile(rf"(?:\s*(?:{_alternation({_norm(p) for p in fillers['end']})}))+$")
        self.variants = str.maketrans(data["variants"])
        self.exact = {_norm(p): Intent(k) for k, v in data["exact"].items() for p in v}
        forms, classes = data["contains_forms"], data["word_classes"]
        self.contains = {Intent(k): _forms_regex(forms.get(k, []), classes, data["contains"].get(k, []))
                         for k in {*data["contains"], *forms}}
        self.masks = {Intent(k): _regex(v) if v else None for k, v in data["not_contains"].items()}
        self.vetoes = {Intent(k): _regex(v) for k, v in data.get("veto", {}).items() if v}
        compose = {k: _with_districts(v) for k, v in data["compose"].items() if k != "modifiers"}
        self.compose = [_Composed.of(name, table, modifiers) for name, table in compose.items()]
        self.compose_not = _regex(data["compose_not"]["phrases"])
        # What resemble() compares with: every exact and small-talk phrase, and the anchors of composed intents.
        known = [*self.exact.items(), *((p, k) for k, v in self.social.items() for p in v)]
        known += [(_norm(p), c.intent) for c, table in zip(self.compose, compose.values(), strict=True)
                  for p in table["anchors"]]
        self.known = [(_bigrams(p), intent) for p, intent in known if len(p) > 1]
        # Which known phrases hold each character pair: resemble() visits only those sharing one with the message.
        self.holding: dict[str, list[int]] = {}
        for at, (grams, _intent) in enumerate(self.known):
            for gram in grams:
                self.holding.setdefault(gram, []).append(at)


@cache
def _phrases() -> _Phrases:
    return _Phrases(INTENTS_FILE)


def _is_pictograph(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk", "Cn") or char in "\u200d\ufe0f"


def _social_kind(compact: str, phrases: _Phrases) -> Intent | None:
    """The small-talk intent when the message is made only of small talk, else None."""
    if not compact or phrases.only_social.fullmatch(compact) is None:
        return None
    seen = {kind for kind, words in phrases.social.items() for word in words if word in compact}
    return next((kind for kind in SOCIAL if kind in seen), None)  # only particles ("啊") is not small talk


def _social_beside(compact: str, phrases: _Phrases) -> Intent | None:
    """Small talk with the words that go with its kind ("谢谢您的耐心解答", "下次有问题再来问")."""
    for kind, only in phrases.only_with.items():
        if phrases.kind_words[kind].search(compact) and only.fullmatch(compact):
            return kind
    return None


def _contained(said: str, phrases: _Phrases, today: date) -> Recognised | None:
    """The first CONTAINS family whose phrase is in the message (not vetoed, not masked), with what is left."""
    for intent in CONTAINS:
        veto = phrases.vetoes.get(intent)
        if veto is not None and veto.search(said):
            continue  # this intent is out for the whole message, whatever else names it
        mask = phrases.masks.get(intent)
        visible = mask.sub(" ", said) if mask else said
        if phrases.contains[intent].search(visible):
            remainder = _without_fillers(phrases.contains[intent].sub(" ", visible).strip(), phrases)
            if intent is Intent.NEARBY and parse_query(remainder, today).districts:
                return None  # "海州区附近": the place is named, so it is a search
            if intent is Intent.UNSUBSCRIBE and _names_a_topic(remainder, phrases, today):
                return Recognised(Intent.SUBSCRIBE, remainder)  # "取消订阅电工课": the list, to remove that one
            return Recognised(intent, remainder)
    return None


def _names_a_topic(remainder: str, phrases: _Phrases, today: date) -> bool:
    """Whether words beside "取消订阅" name one subscription ("电工课"), not the notices in general ("通知")."""
    vocabulary = next(c.vocabulary for c in phrases.compose if c.intent is Intent.UNSUBSCRIBE)
    return not parse_query(vocabulary.sub(" ", remainder.replace(" ", "")), today).is_empty


def _with_districts(table: dict) -> dict:
    """A compose table whose word lists may hold "{district}": every district name and alias ("我现在住灌云了")."""
    names = list(district_aliases())
    return {k: [w for x in v for w in (names if x == "{district}" else [x])] if isinstance(v, list) else v
            for k, v in table.items()}


def _without_edges(norm: str, phrases: _Phrases) -> str:
    return phrases.social_end.sub("", phrases.social_start.sub("", norm)).strip()


def _without_fillers(text: str, phrases: _Phrases) -> str:
    before = None
    while before != text:
        before = text
        text = phrases.filler_end.sub("", phrases.filler_start.sub("", text)).strip()
    return text


def _composed(compact: str, phrases: _Phrases) -> Intent | None:
    """The first intent whose anchor words, companions and the shared modifiers make up the whole message."""
    # "1131是什么" is for the FAQ; "你是干嘛的", "使用方法是啥" are not
    meaning = phrases.compose_not.search(compact) is not None
    for composed in phrases.compose:
        if (not meaning or composed.intent in (Intent.WHO, Intent.HELP)) and composed.says(compact):
            return composed.intent
    return None


def resemble(text: str) -> Intent | None:
    """For a short message the search found nothing for: the intent of the known phrase it most resembles (by
    character pairs, e.g. "这个怎么弄啊" ~ "怎么用"), if it resembles one closely enough."""
    phrases = _phrases()
    compact = phrases.forms.fold(normalize(text if isinstance(text, str) else "").translate(phrases.variants))
    compact = compact.replace(" ", "")
    if not 2 <= len(compact) <= RESEMBLE_MAX_CHARS:
        return None
    grams = _bigrams(compact)
    shared: dict[int, int] = {}  # known phrase -> pairs in common; a phrase sharing none scores 0 and never wins
    for gram in grams:
        for at in phrases.holding.get(gram, ()):
            shared[at] = shared.get(at, 0) + 1
    best, found = 0.0, None
    for at in sorted(shared):  # in the phrases' order, so that the first of equal scores wins as before
        known, intent = phrases.known[at]
        dice = 2 * shared[at] / (len(grams) + len(known))
        if dice > best:
            best, found = dice, intent
    return found if best >= RESEMBLE_MIN_DICE else None


def classify(text: str, today: date) -> Recognised:
    """What the message asks for; never raises on odd input."""
    phrases = _phrases()
    raw = text if isinstance(text, str) else ""
    unstuck = phrases.stickers.sub(" ", raw)  # "谢谢[抱拳]": a chat app's emoji typed as codes
    if raw.strip() and not unstuck.strip():
        return Recognised(Intent.EMOJI, "")
    norm = phrases.forms.fold(normalize(unstuck).translate(phrases.variants))
    if not norm:
        shown = [c for c in raw if not c.isspace()]
        pictures = shown and all(_is_pictograph(c) or unicodedata.category(c).startswith("P") for c in shown)
        return Recognised(Intent.EMOJI if pictures and any(map(_is_pictograph, shown)) else Intent.UNKNOWN, "")
    compact_all = norm.replace(" ", "")
    beside = _social_beside(compact_all, phrases)
    if beside is not None:
        return Recognised(beside, "")  # thanks and what for ("多谢老师指导"): not "指导" to look up
    rest = _without_edges(norm, phrases)
    core = _without_fillers(rest, phrases)
    started = phrases.filler_start.sub("", rest).strip()  # "查一下我报名的" -> "我报名的"
    for candidate in (norm, rest, started, core):  # before small talk: "你是机器人吗" is small-talk words too
        intent = phrases.exact.get(candidate.replace(" ", ""))
        if intent is not None:
            return Recognised(intent, "")
    social = _social_kind(compact_all, phrases)
    asked = social is Intent.CONFIRM and phrases.forms.asks(raw, compact_all)
    if social is not None and not asked:  # "嗯？", "是吗", "你是不是机器人": a question, not a yes
        return Recognised(social, "")
    around = _social_kind(norm.replace(rest, "", 1).replace(" ", ""), phrases) if rest != norm else None
    around = None if asked and around is Intent.CONFIRM else around
    compact = core.replace(" ", "")
    said = rest.replace(" ", "")  # fillers kept: "帮我找个工作" must not lose "找"
    # the whole message too: the greeting "有没有人" must not eat the 人 of "有没有人工啊"
    for text_ in (said, compact_all) if said != compact_all else (said,):
        found = _contained(text_, phrases, today)
        if found is not None:
            return found
    if len(set(compact)) <= 1:  # "呃呃呃", "？？": one character, however often, asks nothing
        return Recognised(around or Intent.UNKNOWN, rest)
    composed = _composed(said, phrases) or _composed(compact, phrases)  # run-ons: "我想问一下就是那个…"
    if composed is not None:
        return Recognised(composed, "")
    if parse_query(rest, today).is_empty or _social_kind(compact_all, phrases) is not None:
        return Recognised(around or Intent.UNKNOWN, rest)
    return Recognised(Intent.QUERY, rest, around)
