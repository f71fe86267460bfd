"""The course search the bot uses: parse a question, filter, rank, and suggest when nothing matches."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from catalog.districts import district as district_info
from catalog.geo import Grid, haversine_km, valid_point
from catalog.index import InvertedIndex, Weighted
from catalog.model import Course
from catalog.pinyin import PinyinLexicon
from catalog.query import MAX_QUERY_CHARS, ParsedQuery, parse_query
from catalog.search_facets import Facets
from catalog.search_filter import filtered
from catalog.search_pinyin import build_lexicon, course_words
from catalog.search_rank import SMALL_SET, Ranked, chords, listing, rank
from catalog.search_suggest import Suggestions, suggest
from catalog.text import SYNONYM_WEIGHT, normalize, synonyms

_FAR = float("inf")


@dataclass(frozen=True, slots=True)
class SearchHit:
    course: Course
    score: float  # relevance (0.0 when the question held only filters)
    distance_km: float | None  # None without a location or without course coordinates


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: ParsedQuery
    hits: tuple[SearchHit, ...]
    suggestions: Suggestions | None  # filled when hits is empty


class CourseSearch:
    def __init__(self, courses: Iterable[Course] = ()) -> None:
        self.replace_all(courses)

    # -- catalogue -----------------------------------------------------------------------------------

    def replace_all(self, courses: Iterable[Course]) -> None:
        index, facets, grid = InvertedIndex(courses), Facets(), Grid()
        for doc, course in index.courses():
            facets.add(doc, course)
            if course.lat is not None and course.lon is not None:
                grid.add(doc, course.lat, course.lon)
        self._index, self._facets, self._grid = index, facets, grid
        # An empty index builds it on first use: it needs the pinyin table and jieba, which the empty index a
        # service starts with (replaced at once by its saved one) should not pay for.
        self._lexicon: PinyinLexicon | None = None
        if len(index):
            self.prepare()

    @property
    def _sounds(self) -> PinyinLexicon:
        if self._lexicon is None:
            self._lexicon = build_lexicon(course for _, course in self._index.courses())
        return self._lexicon

    def upsert(self, course: Course) -> None:
        self._drop(course.code)
        doc = self._index.upsert(course)
        if self._lexicon is not None:
            for word in course_words(course):
                self._lexicon.add(word)
        self._facets.add(doc, course)
        if course.lat is not None and course.lon is not None:
            self._grid.add(doc, course.lat, course.lon)

    def remove(self, code: str) -> None:
        self._drop(code)
        self._index.remove(code)

    def _drop(self, code: str) -> None:
        doc = self._index.doc_id(code)
        if doc is not None:
            old = self._index.course(doc)
            self._facets.discard(doc, old)
            if self._lexicon is not None:
                for word in course_words(old):
                    self._lexicon.discard(word)
            if old.lat is not None and old.lon is not None:
                self._grid.discard(doc, old.lat, old.lon)

    def prepare(self) -> None:
        """Build what is otherwise built on first use (before saving the index, so a loaded one has it)."""
        _ = self._sounds

    def settle(self) -> None:
        """See InvertedIndex.settle: after applying a batch of changes, score as a fresh build would."""
        self._index.settle()

    def get(self, code: str) -> Course | None:
        doc = self._index.doc_id(code)
        return None if doc is None else self._index.course(doc)

    def __len__(self) -> int:
        return len(self._index)

    # -- questions -----------------------------------------------------------------------------------

    def search(self, text: str, *, today: date, lat: float | None = None, lon: float | None = None,
               limit: int = 50, group: str | None = None) -> SearchResult:
        """Best matches first; a question with only filters lists courses by start date (upcoming first).

        `group` is the asker's own group from their profile, used when the question names none."""
        query = self._parse(text, today, group)
        here = (lat, lon) if lat is not None and lon is not None and valid_point(lat, lon) else None
        day = today.toordinal()
        if query.terms:
            weighted = self._weighted(query)
            docs = list(filtered(self._facets, query, day, self._index.candidates(weighted)))
            scores = self._index.scores(weighted, docs)
            ranked = rank(docs, scores, self._facets, day, here, limit)
        else:
            ranked = listing(self._facets, query, day, here, limit)
        return self._result(query, day, ranked, here)

    def nearby(self, lat: float, lon: float, *, today: date, text: str = "", limit: int = 50,
               group: str | None = None) -> SearchResult:
        """Courses nearest to (lat, lon) first; words and filters in `text` narrow the choice.
        Without a usable point (NaN, out of range) this is a plain search."""
        if not valid_point(lat, lon):
            return self.search(text, today=today, limit=limit, group=group)
        query = self._parse(text, today, group)
        f, day = self._facets, today.toordinal()
        cands: set[int] | None = None
        if query.terms:
            cands = filtered(f, query, day, self._index.candidates(self._weighted(query)))
        elif query.has_filters:
            cands = filtered(f, query, day, None)
        if cands is not None and len(cands) <= SMALL_SET:
            placed = list(cands - f.unplaced)
            near = chords(f, placed, (lat, lon))
            docs = [doc for _, doc in heapq.nsmallest(limit, zip(near, placed, strict=True))]
        else:
            found = self._grid.nearest(lat, lon, limit, allowed=cands, excluded=f.expired(day))
            docs = [doc for _, doc in found]
        if len(docs) < limit:  # courses without coordinates last, by their district's centre
            rest = f.unplaced & cands if cands is not None else f.drop_expired(set(f.unplaced), day)
            docs.extend(sorted(rest, key=lambda doc: self._centre_km(doc, lat, lon))[: limit - len(docs)])
        scores = self._index.scores(self._weighted(query), docs) if query.terms else [0.0] * len(docs)
        return self._result(query, day, list(zip(scores, docs, strict=True)), (lat, lon))

    # -- internals -----------------------------------------------------------------------------------

    def _parse(self, text: str, today: date, group: str | None) -> ParsedQuery:
        text = text if isinstance(text, str) else ""
        query = replace(parse_query(self.heard(text), today), text=text)
        return replace(query, group=group) if group and not query.group else query

    def heard(self, text: str) -> str:
        """The question as the search reads it: pinyin spelled in Chinese, homophone slips corrected."""
        return self._sounds.rewrite(normalize(text[:MAX_QUERY_CHARS]), self._known_latin)

    def _known_latin(self, word: str) -> bool:
        """A latin word that means something as typed ("ai", "gyb"), so it is not read as pinyin."""
        return self._index.has_term(word) or word in synonyms()

    def _weighted(self, query: ParsedQuery) -> Weighted:
        """The terms that select and score courses: the typed words and their synonyms; the words found
        only inside longer typed words ("护理" in "母婴护理员") just when the catalogue has none of those."""
        primary = self._index.weigh((t, w) for t, w in query.terms if w >= SYNONYM_WEIGHT)
        return primary or self._index.weigh(query.terms)

    def _centre_km(self, doc: int, lat: float, lon: float) -> float:
        try:
            centre = district_info(self._facets.district_of[doc])
        except KeyError:
            return _FAR
        return haversine_km(lat, lon, centre.lat, centre.lon)

    def _result(self, query: ParsedQuery, day: int, ranked: Ranked, here: tuple[float, float] | None) -> SearchResult:
        hits = []
        for score, doc in ranked:
            course = self._index.course(doc)
            km = None
            if here is not None and course.lat is not None and course.lon is not None:
                km = haversine_km(here[0], here[1], course.lat, course.lon)
            hits.append(SearchHit(course, score, km))
        suggestions = None if hits else suggest(self._index, self._facets, query, day, self._weighted(query))
        return SearchResult(query, tuple(hits), suggestions)
