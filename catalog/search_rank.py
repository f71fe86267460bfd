"""Ordering of matched courses: relevance, then a nudge towards nearby courses, then start date.

Everything per course runs as `map`/`zip` over lists at C speed; only the final page is built in Python.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from itertools import compress, filterfalse, islice, repeat, takewhile
from math import dist
from operator import add, ge, mul, neg, truediv

from catalog.geo import EARTH_RADIUS_KM, unit_vector
from catalog.query import ParsedQuery
from catalog.search_facets import Facets
from catalog.search_filter import filter_sets, filtered

# With a location, a course at d km gets its score multiplied by 1 + NUDGE / (1 + d / NUDGE_KM):
# up to +20 % next door, +10 % at 5 km, +4 % at 20 km.
NUDGE = 0.2
NUDGE_KM = 5.0
_NUDGE_CHORD = NUDGE_KM / EARTH_RADIUS_KM  # the same distance as a chord of the unit sphere

SMALL_SET = 2000  # below this many candidates, sort them instead of walking an ordering

Ranked = list[tuple[float, int]]  # (score, doc id), best first


def chords(facets: Facets, docs: Sequence[int], here: tuple[float, float]) -> list[float]:
    """Chord from `here` to each doc on the unit sphere: orders exactly like the great-circle distance
    and, times the Earth's radius, equals it within 0.01 % up to 100 km. Docs without coordinates: 1.0."""
    return list(map(dist, map(facets.position.__getitem__, docs), repeat(unit_vector(*here))))


def rank(docs: Sequence[int], scores: Sequence[float], facets: Facets, today: int,
         here: tuple[float, float] | None, limit: int) -> Ranked:
    """The `limit` best docs: by score (nudged by distance when `here` is given), ties by start date."""
    if not docs or limit <= 0:
        return []
    top = heapq.nlargest(limit, zip(scores, docs, strict=True))
    if len(top) < limit:
        finalists, fscores = list(docs), list(scores)
    else:  # only docs whose nudged score could still reach the page
        floor = top[-1][0] / (1 + NUDGE) if here is not None else top[-1][0]
        keep = list(map(ge, scores, repeat(floor)))
        finalists, fscores = list(compress(docs, keep)), list(compress(scores, keep))
    if here is None:
        starts = facets.start_keys(finalists, today)
        best = heapq.nsmallest(limit, zip(map(neg, fscores), starts, finalists, strict=True))
        return [(-negated, doc) for negated, _, doc in best]
    near = chords(facets, finalists, here)
    # factor = 1 + NUDGE / (1 + chord / nudge chord) = 1 + NUDGE * nudge chord / (nudge chord + chord)
    factor = map(add, repeat(1.0), map(truediv, repeat(NUDGE * _NUDGE_CHORD), map(add, near, repeat(_NUDGE_CHORD))))
    adjusted = list(map(mul, fscores, factor))
    best = heapq.nsmallest(limit, zip(map(neg, adjusted), near, finalists, strict=True))
    # equal score and distance (same address): the sooner start first
    page = [(negated, chord, key, doc) for (negated, chord, doc), key in
            zip(best, facets.start_keys([doc for _, _, doc in best], today), strict=True)]
    return [(-negated, doc) for negated, _, _, doc in sorted(page)]


def listing(f: Facets, query: ParsedQuery, day: int, here: tuple[float, float] | None, limit: int) -> Ranked:
    """Courses passing the filters of a question without words: upcoming first by start date, then
    running ones; with a location, courses starting the same day compete on distance."""
    sets = filter_sets(f, query)
    if sets and len(sets[0]) <= SMALL_SET:
        docs = list(filtered(f, query, day, set(sets[0])))
        ordered: Iterator[int] = (doc for _, doc in sorted(zip(f.start_keys(docs, day), docs, strict=True)))
    else:  # walk the start-date ordering, skipping what fails a filter
        window = query.window
        lo = window.start.toordinal() if window else None
        hi = window.end.toordinal() if window else None
        ordered = filterfalse(f.expired(day).__contains__, f.by_start_date(day, lo, hi))
        for s in sets:
            ordered = filter(s.__contains__, ordered)
    chosen = list(islice(ordered, max(limit, 0)))
    if here is not None and chosen:
        if len(chosen) == limit:
            last = f.start[chosen[-1]]
            chosen.extend(takewhile(lambda doc: f.start[doc] == last, ordered))
        keyed = sorted(zip(f.start_keys(chosen, day), chords(f, chosen, here), chosen, strict=True))
        chosen = [doc for _, _, doc in keyed[:limit]]
    return [(0.0, doc) for doc in chosen]
