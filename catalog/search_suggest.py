"""What to offer when a question finds nothing: related occupations and neighbouring districts."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice

from catalog.districts import DISTRICTS, district
from catalog.geo import haversine_km
from catalog.index import InvertedIndex, Weighted
from catalog.query import ParsedQuery
from catalog.search_facets import Facets
from catalog.search_filter import filter_sets, passing
from catalog.text import normalize, tokenize

MAX_OCCUPATIONS = 5
PRESENT_SCAN = 5000  # below this many filtered courses, scan them instead of probing each occupation
# Characters every second occupation name has; sharing them says nothing.
_GENERIC_CHARS = frozenset("师员工人者士家业级证班课学技能职")


@dataclass(frozen=True, slots=True)
class Suggestions:
    occupations: tuple[str, ...]
    districts: tuple[str, ...]


def suggest(index: InvertedIndex, f: Facets, query: ParsedQuery, day: int, weighted: Weighted) -> Suggestions:
    """Related occupations with courses under the same filters, and other districts where the question
    (words and other filters) finds courses."""
    words_only = index.candidates(weighted) if query.terms else None
    matched_categories = {index.course(d).category for d in islice(words_only or (), 500)}
    categories = {occ: index.course(next(iter(ids))).category for occ, ids in f.occupation.items() if ids}
    counts = f.live_occupation_counts(day)
    occupations = related_occupations(query, counts, categories, matched_categories, _available(f, query, day))
    districts: tuple[str, ...] = ()
    if query.districts and (words_only or not query.terms):
        elsewhere = replace(query, districts=())
        sets = filter_sets(f, elsewhere)

        def has_matches(name: str) -> bool:
            docs = f.district.get(name, set())
            docs = docs if words_only is None else words_only & docs
            return next(passing(f, docs, elsewhere, day, sets), None) is not None

        districts = nearby_districts(query.districts, has_matches)
    return Suggestions(occupations, districts)


def _available(f: Facets, query: ParsedQuery, day: int) -> Callable[[str], bool]:
    """Whether an occupation has a live course passing the question's filters."""
    if not query.has_filters:
        return f.live_occupation_counts(day).__contains__
    sets = filter_sets(f, query)
    if sets:
        source: Collection[int] = sets[0]
    elif query.window is not None:  # only a time window
        first, last = f.by_start.span(query.window.start.toordinal(), query.window.end.toordinal())
        source = f.by_start.ids[first:last]
    else:  # only a time of day (白天), which has no facet set of its own
        source = f.all
    if len(source) <= PRESENT_SCAN:  # few candidates: list the occupations they have
        return set(map(f.occupation_of.__getitem__, passing(f, source, query, day, sets))).__contains__
    anything = next(passing(f, source, query, day, sets), None) is not None

    def probe(occupation: str) -> bool:
        docs = f.occupation.get(occupation, ())
        return anything and next(passing(f, docs, query, day, sets), None) is not None

    return probe


@lru_cache(maxsize=4096)
def _terms_of(occupation: str) -> frozenset[str]:
    return frozenset((normalize(occupation), *tokenize(occupation)))


def related_occupations(
    query: ParsedQuery,
    counts: Mapping[str, int],
    categories: Mapping[str, str],
    matched_categories: Collection[str],
    available: Callable[[str], bool],
) -> tuple[str, ...]:
    """Occupations to offer, most related first, among those with courses passing the question's filters.

    `counts`: occupation -> live courses. Related means: reached through a synonym or a word inside the
    question, sharing characters with the question's words, or in the same training category as courses
    the words did find elsewhere. Without related ones, the occupations with most courses are offered,
    so the answer is never empty while courses exist; `available` says if one passes the filters.
    """
    terms = {term for term, _ in query.terms}
    chars = {ch for word in query.words for ch in word} - _GENERIC_CHARS
    scored: list[tuple[int, int, str]] = []
    for occupation, count in counts.items():
        if count <= 0:
            continue
        score = 0
        if terms & _terms_of(occupation):
            score += 3
        score += len(chars & set(occupation))
        if categories.get(occupation) in matched_categories:
            score += 1
        scored.append((-score, -count, occupation))
    scored.sort()
    related = [occupation for negated, _, occupation in scored if negated < 0]
    popular = [occupation for _, _, occupation in sorted(scored, key=lambda item: (item[1], item[2]))]
    for pool in (related, popular):
        chosen = list(islice(filter(available, pool), MAX_OCCUPATIONS))
        if chosen:
            return tuple(chosen)
    return tuple((related or popular)[:MAX_OCCUPATIONS])  # nothing passes the filters: ignore them


def nearby_districts(asked: Sequence[str], has_matches: Callable[[str], bool]) -> tuple[str, ...]:
    """Districts other than the asked ones where the question finds courses: neighbours first, then the
    rest by distance from the (first) asked district."""
    neighbours = [n for name in asked for n in district(name).neighbours]
    origin = district(asked[0])
    others = sorted((d for d in DISTRICTS if d.name not in neighbours),
                    key=lambda d: haversine_km(origin.lat, origin.lon, d.lat, d.lon))
    candidates = dict.fromkeys([*neighbours, *(d.name for d in others)])
    return tuple(name for name in candidates if name not in asked and has_matches(name))
