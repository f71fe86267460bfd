"""The question's filters (district, group, price, weekend, time of day, start window) applied to doc-id sets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import filterfalse

from catalog.query import ParsedQuery
from catalog.search_facets import Facets


def filter_sets(f: Facets, query: ParsedQuery) -> list[set[int]]:
    """The facet sets a course must be in, smallest first (never modify them)."""
    sets: list[set[int]] = []
    if query.districts:
        parts = [f.district.get(name, set()) for name in query.districts]
        sets.append(parts[0] if len(parts) == 1 else set().union(*parts))
    if query.group:
        sets.append(f.open_to(query.group))
    flags = ((query.free_only, f.free), (query.subsidised_only, f.subsidised), (query.weekend_only, f.weekend),
             (query.evening_only, f.evening))
    sets.extend(s for flag, s in flags if flag)
    return sorted(sets, key=len)


def filtered(f: Facets, query: ParsedQuery, day: int, base: set[int] | None) -> set[int]:
    """Live courses passing every filter; `base` (a fresh set, modified) limits them further."""
    window = query.window
    sets = filter_sets(f, query)
    if base is None:
        if sets:
            base = set(sets.pop(0))
        elif window is not None:
            first, last = f.by_start.span(window.start.toordinal(), window.end.toordinal())
            base = set(f.by_start.ids[first:last])
        else:
            base = set(f.all)
    for s in sets:
        base &= s
    base = f.drop_expired(base, day)
    if query.daytime_only:  # daytime means "not an evening class"
        base -= f.evening
    if window is not None:
        base = f.starting_between(base, window.start.toordinal(), window.end.toordinal())
    return base


def passing(f: Facets, docs: Iterable[int], query: ParsedQuery, day: int,
            sets: list[set[int]] | None = None) -> Iterator[int]:
    """Lazily, the live docs among `docs` that pass the filters (for "is there any?" questions)."""
    found: Iterator[int] = filterfalse(f.expired(day).__contains__, docs)
    for s in filter_sets(f, query) if sets is None else sets:
        found = filter(s.__contains__, found)
    if query.daytime_only:
        found = filterfalse(f.evening.__contains__, found)
    if query.window is not None:
        inside, start = range(query.window.start.toordinal(), query.window.end.toordinal() + 1), f.start
        found = filter(lambda doc: start[doc] in inside, found)
    return found
