"""BM25 over the FAQ phrasings, and each entry's confidence for a typed question.

BM25 ranks the phrasings; a score alone says nothing about whether the person asked *this*, so the
confidence of a phrasing is the geometric mean of two shares: how much of the phrasing was typed (its BM25
score for the question over its score for itself) and how much of the question's FAQ words it covers (by
query weight x idf). 1.0 = the same words. Words the FAQ never uses (an occupation, a district) are left
for the course search and count only a little, so "电工培训有补贴吗" still matches "培训有补贴吗".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from math import log, sqrt
from operator import attrgetter

from catalog.faq_spoken import names_courses
from catalog.faq_words import GENERIC_WORDS, asks, filter_words, terms, words
from catalog.groups import GROUP_ALIASES
from catalog.index import InvertedIndex, Schema
from catalog.text import cut, normalize, subwords

# A word no phrasing uses counts this share of a rare word against coverage: mostly it names courses
# ("电工培训有补贴吗" still matches), but sometimes it is the point ("骗取补贴怎么处理" is not "有补贴吗").
UNKNOWN_SHARE = 0.3
_PEOPLE = re.compile("(?<=..)(?:人|们|人家)$")  # "村里人", "庄户人家": people of the place the word names
SYNONYM_WEIGHT = 0.8
CACHE_SIZE = 8192
OTHER_PHRASING_SHARE = 0.7  # of a word another phrasing of the same entry uses
ANSWER_SHARE = 0.5  # of a word the entry's answer uses
ELSEWHERE_DISCOUNT = 0.9  # of a confidence that counts words found elsewhere in the entry


@dataclass(frozen=True, slots=True)
class Phrasing:
    key: str  # "<entry id>/<n>"
    text: str

    @property
    def entry_id(self) -> str:
        return self.key.partition("/")[0]


@dataclass(frozen=True, slots=True)
class Scored:
    entry_id: str
    confidence: float  # 0..1, see the module docstring
    bm25: float


class PhrasingIndex:
    """BM25 over every phrasing of every entry, with each phrasing's score for itself.

    `synonyms` maps a phrase people type to words the phrasings use ("领取" -> "领"); the groups' aliases
    (catalog/groups.py: 退伍 -> 退役军人) are added. Both questions and phrasings are expanded.
    """

    def __init__(self, phrasings: Iterable[Phrasing], synonyms: Mapping[str, tuple[str, ...]] | None = None,
                 answers: Mapping[str, str] | None = None) -> None:
        aliases = {alias: (group,) for alias, group in GROUP_ALIASES.items() if alias != group}
        merged = {normalize(k): v for k, v in {**aliases, **(synonyms or {})}.items()}
        self._synonyms = sorted(merged.items(), key=lambda item: -len(item[0]))
        self._cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        schema = Schema(weights=(1.0,), b=(0.3,), texts=lambda p: (p.text,), key=attrgetter("key"),
                        tokens=lambda text: tuple(term for term, _ in self.terms(text)))
        self._index: InvertedIndex[Phrasing] = InvertedIndex(phrasings, schema)
        self._whole = frozenset(w for _, p in self._index.courses() for w in words(p.text))  # before terms() uses it
        self._cache.clear()
        self.vocabulary = frozenset(t for _, p in self._index.courses() for t, _ in self.terms(p.text))
        self._self = {doc: self._score(self.terms(p.text), [doc])[0] for doc, p in self._index.courses()}
        self._entry_terms: dict[str, set[str]] = {}
        for _, p in self._index.courses():
            self._entry_terms.setdefault(p.entry_id, set()).update(t for t, _ in self.terms(p.text))
        self._answer_words = {e: frozenset(w for w in words(a) if len(w) > 1) for e, a in (answers or {}).items()}
        self.last_ranking: tuple[str, list[Scored]] = ("", [])  # kept by catalog.faq_match.ranked

    def terms(self, text: str) -> tuple[tuple[str, float], ...]:
        """The weighted terms of `terms(text)`, plus those of the synonyms found in it at SYNONYM_WEIGHT."""
        found = self._cache.get(text)
        if found is None:
            weights = dict(terms(text))
            norm = normalize(text)
            for word in self._glued(text):  # "全免费", "上班族": an FAQ word inside a word of its own
                for part in subwords(word):
                    if part in self._whole and part not in GENERIC_WORDS:
                        weights[part] = max(weights.get(part, 0.0), SYNONYM_WEIGHT)
            whole = getattr(self, "_whole", frozenset())  # (none while indexing)
            typed = {w for word in words(text) for w in (word, _PEOPLE.sub("", word))}  # 村里人: 村里
            for phrase, targets in self._found_synonyms(norm):
                # a typed word that is the phrase says the target's word in other words ("厂里": 企业); a phrase
                # inside or across words counts less
                share = 1.0 if phrase in typed and phrase not in whole else SYNONYM_WEIGHT
                for term, weight in (pair for target in targets for pair in terms(target)):
                    weights[term] = max(weights.get(term, 0.0), weight * share)
            if len(self._cache) > CACHE_SIZE:
                self._cache.clear()
            found = self._cache[text] = tuple(weights.items())
        return found

    def phrases(self) -> frozenset[str]:
        """The synonyms' phrases (and the groups' aliases), normalised."""
        return frozenset(phrase for phrase, _ in self._synonyms)

    def _found_synonyms(self, norm: str) -> list[tuple[str, tuple[str, ...]]]:
        """The synonyms whose phrase is in the normalised text, longest first (kept per text: terms, leftover
        and unknown each ask for one message)."""
        found = self._found.get(norm)
        if found is None:
            if len(self._found) > CACHE_SIZE:
                self._found.clear()
            found = self._found[norm] = [(p, t) for p, t in self._synonyms if p in norm]
        return found

    def _glued(self, text: str) -> list[str]:
        """Words of `text` that no phrasing uses and that name no course ("全免费"; not "养老护理")."""
        whole = getattr(self, "_whole", None)
        return [w for w in words(text) if len(w) > 2 and w not in whole and not names_courses(w)] if whole else []

    def _score(self, query: Iterable[tuple[str, float]], docs: list[int]) -> list[float]:
        return self._index.scores(self._index.weigh(query), docs)

    def scored(self, text: str) -> Iterator[Scored]:
        """Each entry's best phrasing for `text`, in no particular order; entries sharing no word are skipped.

        A question's word that the phrasing lacks still counts towards its coverage, at a share, when another
        phrasing of the same entry uses it (OTHER_PHRASING_SHARE: "今年领过一次了还能再领吗" mixes two phrasings
        of one entry) or the entry's answer says it (ANSWER_SHARE: "转包" in the complaints answer)."""
        per_term = [(term, found[0]) for term, weight in self.terms(text)
                    if (found := self._index.weigh(((term, weight),)))]
        weighted = [pair for _, pair in per_term]
        unknown_words = self.unknown(text)
        unit = UNKNOWN_SHARE * log(1 + (len(self._index) + 0.5) / 0.5)
        asked = sum(weight for weight, _ in weighted) + len(unknown_words) * unit  # by weight x idf
        covered: dict[int, float] = {}
        for weight, postings in weighted:
            for doc in postings:
                covered[doc] = covered.get(doc, 0.0) + weight
        docs = sorted(covered)
        best: dict[str, Scored] = {}
        for doc, score in zip(docs, self._index.scores(weighted, docs), strict=True):
            entry_id = self._index.course(doc).entry_id
            of_phrasing = min(score / self._self[doc], 1.0) if self._self[doc] > 0 else 0.0
            direct = sqrt(of_phrasing * min(covered[doc] / asked, 1.0))
            share = covered[doc] + self._elsewhere(entry_id, doc, per_term, unknown_words, unit)
            # the entry's other words help, but never as much as one phrasing saying it all
            confidence = max(direct, ELSEWHERE_DISCOUNT * sqrt(of_phrasing * min(share / asked, 1.0)))
            found = best.get(entry_id)
            if found is None or (confidence, score) > (found.confidence, found.bm25):
                best[entry_id] = Scored(entry_id, confidence, score)
        return iter(best.values())

    def _elsewhere(self, entry_id: str, doc: int, per_term: list[tuple[str, tuple[float, Mapping[int, float]]]],
                   unknown_words: list[str], unit: float) -> float:
        """The weight of the question's words that phrasing `doc` lacks but its entry uses elsewhere."""
        others, answer = self._entry_terms.get(entry_id, set()), self._answer_words.get(entry_id, frozenset())
        extra = 0.0
        for term, (weight, postings) in per_term:
            if doc not in postings:
                extra += weight * (OTHER_PHRASING_SHARE if term in others else ANSWER_SHARE if term in answer else 0)
        return extra + ANSWER_SHARE * unit * sum(1 for w in unknown_words if w in answer)

    def known(self, text: str) -> set[str]:
        """Whole words of `text` (and of the synonyms found in it) that phrasings use."""
        return {t for t, weight in self.terms(text) if weight >= SYNONYM_WEIGHT or len(t) == 1} & self.vocabulary

    def leftover(self, text: str) -> list[str]:
        """The words of `text` the FAQ never uses (an occupation, a place): what a course search could use."""
        norm = normalize(text)
        said = [phrase for phrase, _ in self._found_synonyms(norm)]
        return [w for w in dict.fromkeys(words(text))
                if len(w) > 1 and w not in self.vocabulary and not any(w in phrase for phrase in said)]

    def unknown(self, text: str) -> list[str]:
        """The leftover words that count against a phrasing's coverage: words jieba itself found (not a pair of
        single characters glued by `words`, "钱谁"), neither generic ("上课") nor holding an FAQ word ("交学费")."""
        norm = normalize(text)
        cut_words = set(cut(norm))
        # a word around a synonym's phrase says what the phrase says ("村里人": 村里 -> 农村)
        said = [phrase for phrase, _ in self._found_synonyms(norm)]
        # in a question, a place or a time of day is the course search's filter ("在赣榆上班能学吗"); a topic with
        # only a filter ("家政 海州区") is a search, and the filter counts against the entry
        filters = filter_words() if asks(text) else frozenset()
        return [w for w in self.leftover(text) if w in cut_words and w not in GENERIC_WORDS and not names_courses(w)
                and not any(part in self.vocabulary for part in subwords(w)) and not any(p in w for p in said)
                and w not in filters]
