"""The course search the bot uses: parse a question, filter, rank, and suggest when nothing matches."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import filterfalse, islice, takewhile

from catalog.districts import district as district_info
from catalog.geo import Grid, distance_from
from catalog.index import InvertedIndex
from catalog.model import Course
from catalog.query import ParsedQuery, parse_query
from catalog.search_facets import Facets
from catalog.search_suggest import nearby_districts, related_occupations
from catalog.text import SYNONYM_WEIGHT

# With a location, a course at distance d gets its score multiplied by 1 + NUDGE / (1 + d / NUDGE_KM).
NUDGE = 0.2
NUDGE_KM = 5.0
SMALL_SET = 2000  # below this many candidates, sort them instead of walking an ordering
_FAR = float("inf")
Distance = Callable[[float, float], float]


@dataclass(frozen=True, slots=True)
class SearchHit:
    course: Course
    score: float  # relevance (0.0 when the question held only filters)
    distance_km: float | None  # None without a location or without course coordinates


@dataclass(frozen=True, slots=True)
class Suggestions:
    occupations: tuple[str, ...]
    districts: tuple[str, ...]


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

    def upsert(self, course: Course) -> None:
        self._drop(course.code)
        doc = self._index.upsert(course)
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
            if old.lat is not None and old.lon is not None:
                self._grid.discard(doc, old.lat, old.lon)

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
        here = (lat, lon) if lat is not None and lon is not None else None
        if query.terms:
            weighted = self._index.weigh(query.terms)
            docs = list(self._filtered(query, today, self._matching(query)))
            ranked = self._rank(docs, self._index.scores(weighted, docs), today, here, limit)
        else:
            ranked = self._listing(query, today, here, limit)
        return self._result(query, today, ranked)

    def nearby(self, lat: float, lon: float, *, today: date, text: str = "", limit: int = 50,
               group: str | None = None) -> SearchResult:
        """Courses nearest to (lat, lon) first; words and filters in `text` narrow the choice."""
        query = self._parse(text, today, group)
        weighted = self._index.weigh(query.terms)
        cands = self._filtered(query, today, self._matching(query) if query.terms else None)
        dist = distance_from(lat, lon)
        if len(cands) <= SMALL_SET:
            found = sorted((km, doc) for doc in cands if (km := self._km(doc, dist)) is not None)
        else:
            found = list(islice(self._grid.nearest(lat, lon, cands.__contains__), limit))
        located: list[tuple[float | None, int]] = list(found[:limit])
        if len(located) < limit:  # courses without coordinates last, by their district's centre
            rest = [doc for doc in cands if self._km(doc, dist) is None]
            rest.sort(key=lambda doc: self._centre_km(doc, dist))
            located.extend((None, doc) for doc in rest[: limit - len(located)])
        docs = [doc for _, doc in located]
        scores = self._index.scores(weighted, docs) if query.terms else [0.0] * len(docs)
        ranked = [(score, km, doc) for score, (km, doc) in zip(scores, located, strict=True)]
        return self._result(query, today, ranked)

    # -- internals -----------------------------------------------------------------------------------

    def _parse(self, text: str, today: date, group: str | None) -> ParsedQuery:
        query = parse_query(text if isinstance(text, str) else "", today)
        return replace(query, group=group) if group and not query.group else query

    def _matching(self, query: ParsedQuery) -> set[int]:
        """Courses matching a typed word or a synonym; words found only inside longer words
        ("护理" in "母婴护理员") count just when nothing in the catalogue matches those."""
        primary = self._index.weigh((t, w) for t, w in query.terms if w >= SYNONYM_WEIGHT)
        return self._index.candidates(primary or self._index.weigh(query.terms))

    def _filter_sets(self, query: ParsedQuery) -> list[set[int]]:
        f = self._facets
        sets: list[set[int]] = []
        if query.districts:
            parts = [f.district.get(name, set()) for name in query.districts]
            sets.append(parts[0] if len(parts) == 1 else set().union(*parts))
        if query.group:
            sets.append(f.open_to(query.group) if f.open_to_all else f.group.get(query.group, set()))
        sets.extend(s for flag, s in ((query.free_only, f.free), (query.subsidised_only, f.subsidised),
                                      (query.weekend_only, f.weekend)) if flag)
        return sorted(sets, key=len)

    def _filtered(self, query: ParsedQuery, today: date, base: set[int] | None) -> set[int]:
        """Live courses passing every filter; `base` (a fresh set, modified) limits them further."""
        f, day = self._facets, today.toordinal()
        sets = self._filter_sets(query)
        if base is None:
            base = set(sets.pop(0)) if sets else set(f.all)
        for s in sets:
            base &= s
        expired = f.expired(day)
        if len(expired) < len(base):
            base -= expired
        else:
            base = {doc for doc in base if f.end[doc] >= day}
        if query.window is not None:
            lo, hi, start = query.window.start.toordinal(), query.window.end.toordinal(), f.start
            base = {doc for doc in base if lo <= start[doc] <= hi}
        return base

    def _listing(self, query: ParsedQuery, today: date, here: tuple[float, float] | None,
                 limit: int) -> list[tuple[float, float | None, int]]:
        f, day = self._facets, today.toordinal()
        sets = self._filter_sets(query)
        if sets and len(sets[0]) <= SMALL_SET:
            docs = self._filtered(query, today, set(sets[0]))
            ordered: Iterator[int] = iter(sorted(docs, key=lambda d: _start_key(f.start[d], day)))
        else:
            window = query.window
            lo = window.start.toordinal() if window else None
            hi = window.end.toordinal() if window else None
            ordered = filterfalse(f.expired(day).__contains__, f.by_start_date(day, lo, hi))
            for s in sets:
                ordered = filter(s.__contains__, ordered)
        chosen = list(islice(ordered, limit))
        if here is not None and chosen:  # courses starting the same day as the last one compete on distance
            if len(chosen) == limit:
                last = f.start[chosen[-1]]
                chosen.extend(takewhile(lambda doc: f.start[doc] == last, ordered))
            dist = distance_from(*here)
            keyed = [(_start_key(f.start[d], day), self._km(d, dist), d) for d in chosen]
            keyed.sort(key=lambda k: (k[0], _FAR if k[1] is None else k[1]))
            return [(0.0, km, d) for _, km, d in keyed[:limit]]
        return [(0.0, None, d) for d in chosen]

    def _rank(self, docs: list[int], scores: list[float], today: date, here: tuple[float, float] | None,
              limit: int) -> list[tuple[float, float | None, int]]:
        if not docs or limit <= 0:
            return []
        pairs = list(zip(scores, docs, strict=True))
        top = heapq.nlargest(limit, pairs)
        floor = top[-1][0] / (1 + NUDGE) if here is not None else top[-1][0]
        finalists = [p for p in pairs if p[0] >= floor] if len(top) == limit else top
        f, day = self._facets, today.toordinal()
        if here is None:
            finalists.sort(key=lambda p: (-p[0], _start_key(f.start[p[1]], day), p[1]))
            return [(score, None, doc) for score, doc in finalists[:limit]]
        dist = distance_from(*here)
        rows = []
        for score, doc in finalists:
            km = self._km(doc, dist)
            adjusted = score if km is None else score * (1 + NUDGE / (1 + km / NUDGE_KM))
            rows.append((adjusted, km, doc))
        rows.sort(key=lambda r: (-r[0], _FAR if r[1] is None else r[1], _start_key(f.start[r[2]], day)))
        return rows[:limit]

    def _km(self, doc: int, dist: Distance) -> float | None:
        course = self._index.course(doc)
        if course.lat is None or course.lon is None:
            return None
        return dist(course.lat, course.lon)

    def _centre_km(self, doc: int, dist: Distance) -> float:
        try:
            centre = district_info(self._index.course(doc).district)
        except KeyError:
            return _FAR
        return dist(centre.lat, centre.lon)

    def _result(self, query: ParsedQuery, today: date,
                ranked: list[tuple[float, float | None, int]]) -> SearchResult:
        hits = tuple(SearchHit(self._index.course(doc), score, km) for score, km, doc in ranked)
        return SearchResult(query, hits, None if hits else self._suggest(query, today))

    def _suggest(self, query: ParsedQuery, today: date) -> Suggestions:
        f, index = self._facets, self._index
        words_only = self._matching(query) if query.terms else None
        matched_categories = {index.course(d).category for d in islice(words_only or (), 500)}
        pool = self._filtered(replace(query, terms=(), words=()), today, None)
        if not pool:
            pool = self._filtered(ParsedQuery(query.text, (), ()), today, None)
        counts = {occ: len(ids & pool) for occ, ids in f.occupation.items()}
        categories = {occ: index.course(next(iter(ids))).category for occ, ids in f.occupation.items() if ids}
        occupations = related_occupations(query, counts, categories, matched_categories)
        districts: tuple[str, ...] = ()
        if query.districts and (words_only or not query.terms):
            base = None if words_only is None else set(words_only)
            matches = self._filtered(replace(query, districts=()), today, base)
            per_district = {name: len(ids & matches) for name, ids in f.district.items()}
            districts = nearby_districts(query.districts, per_district)
        return Suggestions(occupations, districts)


def _start_key(start: int, today: int) -> int:
    """Upcoming courses soonest first, then running ones, most recently started first."""
    return start - today if start >= today else 10**7 + today - start
