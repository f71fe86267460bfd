"""How well a message is said in one intent's words: the scoring model behind catalog.intents_guess.

Each intent's words come from data/intents.toml: its *anchors* (its exact phrases, small-talk phrases, phrases
anywhere and the anchors of compose tables that need no second kind of word) and its *companions* (compose
also/needs, the words beside its small talk). An anchor made only of modifiers ("有什么"), or that means its
intent only alone ([scored] alone_only: "怎么办"), is a companion. The
shared modifiers, fillers, forms of address and the FAQ's stop words say nothing either way. A message is cut
(dynamic programming over characters) into one intent's words, the shared words and unknown characters, at the
least cost (an unknown character costs 1, or CHAR_COST when some word of the intent holds it: "清掉" ~ 清除,
删掉); the intent's confidence is its weighted cover of the content over cover plus cost. Only intents with an
anchor of two or more characters in the message are scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog.faq_words import STOP_WORDS
from catalog.intents_kinds import CONTAINS, Intent
from catalog.intents_phrases import compose_tables, norm, tiles

THRESHOLD = 0.6  # confidence to answer with the intent before the FAQ and the search
FALLBACK_THRESHOLD = 0.4  # enough to answer with it when neither the FAQ nor the search finds anything
ANCHOR, COMPANION, SHARED = 0, 1, 2
CHAR_COST = 0.5  # an unknown character that is in some word of the intent
COMPANION_WEIGHT = 0.7  # a companion covers less than an anchor: "通知" alone is not "退订通知"
# Never guessed: the CONTAINS families that act on the words around their phrase (and already match anywhere in
# the message); FIND would take a course search whose trade the domain dictionary does not know.
_NOT_GUESSED = frozenset((*CONTAINS, Intent.FIND)) - {Intent.SUBSCRIBE, Intent.UNSUBSCRIBE}


@dataclass(frozen=True, slots=True)
class Scored:
    intent: Intent
    confidence: float
    unknown: tuple[int, ...]  # where the characters are that no word of the intent covered

    @property
    def sure(self) -> bool:
        """Sure enough to answer before the FAQ and the search; else only when they find nothing. The FAQ's list
        of topics never goes before the FAQ itself ("国家培训政策" has an entry)."""
        return self.confidence >= THRESHOLD and self.intent is not Intent.FAQ_TOPICS


class IntentWords:
    """Each intent's anchors and companions, and the words every intent shares."""

    def __init__(self, data: dict[str, Any]) -> None:
        fillers = data["fillers"]
        own = [*data["compose"]["modifiers"], *fillers["start"], *fillers["end"], *fillers["vocative"],
               *fillers.get("interjections", [])]
        modifiers = frozenset(filter(None, map(norm, own)))
        anchors = [w for section in ("exact", "social", "contains") for words in data.get(section, {}).values()
                   for w in words]
        anchors += [w for compose in compose_tables(data).values() if not compose.get("needs")
                    for w in compose["anchors"]]
        # "你好", "谢谢" are stop words to the FAQ but small talk here
        self.shared = (modifiers | {norm(w) for w in STOP_WORDS}) - set(map(norm, anchors))
        roles: dict[Intent, dict[str, int]] = {}
        alone = {norm(w) for w in data.get("scored", {}).get("alone_only", [])}  # "怎么办": confusion only alone

        def put(intent: Intent, words: list[str], role: int) -> None:
            mine = roles.setdefault(intent, {})
            for word in map(norm, words):
                # an anchor made only of modifiers ("有什么", "看看") says no more than they do
                weak = role == ANCHOR and (tiles(word, modifiers) or word in alone)
                given = COMPANION if weak else role  # not rebinding `role`: one weak word must not weaken the rest
                if word and given < mine.get(word, SHARED + 1):
                    mine[word] = given

        for section, role in (("exact", ANCHOR), ("social", ANCHOR), ("contains", ANCHOR),
                              ("social_beside", COMPANION)):
            for name, words in data.get(section, {}).items():
                put(Intent(name), words, role)
        for name, compose in compose_tables(data).items():
            intent = Intent(name.partition("_by_")[0])
            # a table that needs two kinds of word ("别" + "推送") has no anchor that stands alone
            put(intent, compose["anchors"], COMPANION if compose.get("needs") else ANCHOR)
            put(intent, [*compose.get("needs", []), *compose["also"]], COMPANION)
        # a single character some intent's words use ("发" of 再发, "谁" of 你是谁) is no FAQ topic by itself
        self.all_chars = frozenset("".join(w for words in roles.values() for w in words)) | self.shared
        self.roles = {intent: words for intent, words in roles.items() if intent not in _NOT_GUESSED}
        # the characters of an intent's words: "清掉" is no word of forget's, but 清 (清除) and 掉 (删掉) are
        self.chars = {intent: frozenset("".join(w for w in words if len(w) > 1))
                      for intent, words in self.roles.items()}
        # every word of any intent -> its role for each intent that has it (SHARED for the shared words)
        self.lexicon: dict[str, dict[Intent, int]] = {}
        for intent, words in self.roles.items():
            for word, role in words.items():
                self.lexicon.setdefault(word, {})[intent] = role
        self.longest = max(len(w) for words in [*self.roles.values(), self.shared] for w in words)

    def cover(self, text: str, found: list[list[tuple[int, str]]], intent: Intent) -> tuple[float, float, float,
                                                                                            list[int]]:
        """The best cut of `text` into `intent`'s words, shared words and unknown characters (a character of the
        intent's words costs CHAR_COST, any other 1): (anchor characters, weighted cover, cost, where the unknown
        characters are). Least cost first, then most anchor. `found`: the known words starting at each place."""
        chars, n = self.chars[intent], len(text)
        # best[i]: (cost, -anchor, -cover) up to i; where its last piece starts; whether that is unknown
        best: list[tuple[tuple[float, float, float], int, int] | None] = [None] * (n + 1)
        best[0] = ((0.0, 0.0, 0.0), -1, -1)
        for start in range(n):
            here = best[start]
            if here is None:
                continue
            (cost, anchor, covered), _, _ = here
            steps = [(start + 1, (cost + (CHAR_COST if text[start] in chars else 1.0), anchor, covered), 1)]
            for end, piece in found[start]:
                role = self.lexicon.get(piece, {}).get(intent, SHARED if piece in self.shared else None)
                if role == ANCHOR:
                    steps.append((end, (cost, anchor - len(piece), covered - len(piece)), 0))
                elif role == COMPANION:
                    steps.append((end, (cost, anchor, covered - COMPANION_WEIGHT * len(piece)), 0))
                elif role == SHARED:
                    steps.append((end, (cost, anchor, covered), 0))
            for end, key, is_unknown in steps:
                if best[end] is None or key < best[end][0]:
                    best[end] = (key, start, is_unknown)
        unknown, end = [], n
        while end > 0:  # walk back: where the unknown characters are
            _, start, is_unknown = best[end]
            if is_unknown:
                unknown.append(start)
            end = start
        cost, anchor, covered = best[n][0]
        return -anchor, -covered, cost, unknown[::-1]

    def score(self, text: str) -> list[Scored]:
        """Every intent with an anchor of two or more characters in `text`, best first."""
        found: list[list[tuple[int, str]]] = [[] for _ in text]
        anchored: set[Intent] = set()
        for start in range(len(text)):
            for end in range(start + 1, min(start + self.longest, len(text)) + 1):
                piece = text[start:end]
                roles = self.lexicon.get(piece)
                if roles is not None or piece in self.shared:
                    found[start].append((end, piece))
                if roles is not None and end - start > 1:
                    anchored.update(intent for intent, role in roles.items() if role == ANCHOR)
        ranked = []
        for intent in anchored:
            anchor, covered, cost, unknown = self.cover(text, found, intent)
            if anchor >= 2:
                ranked.append(Scored(intent, covered / (covered + cost), tuple(unknown)))
        return sorted(ranked, key=lambda s: (-s.confidence, s.intent))
