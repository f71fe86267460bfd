"""Per-attribute sets of doc ids (district, group, free, ...) and per-doc lists used to filter and order.

Filtering works with set operations and `map` over lists indexed by doc id, so it runs at C speed
rather than one Python step per course.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain, compress, repeat
from operator import add, lt, mul, sub
from typing import Any, NamedTuple

from catalog.geo import unit_vector
from catalog.model import Course

WEEKEND_MARKERS: tuple[str, ...] = ("周末", "双休日", "週末", "雙休日")  # Simplified and Traditional
EVENING_MARKERS: tuple[str, ...] = ("晚间班", "晚上授课", "晚上上课", "夜校", "晚班", "晚間班", "晚上授課")
NOWHERE = (0.0, 0.0, 0.0)  # position of courses without coordinates: the Earth's centre, far from all
_RUNNING = 10**7  # start keys: upcoming courses sort before running ones


def is_weekend_course(course: Course) -> bool:
    """A course counts as a weekend course if its title, description or keywords say so."""
    text = " ".join((course.title, course.description, *course.keywords))
    return any(marker in text for marker in WEEKEND_MARKERS)


def is_evening_course(course: Course) -> bool:
    """An evening class by its title, description or keywords ("晚间班", "每周一至周五晚上授课")."""
    text = " ".join((course.title, course.description, *course.keywords))
    return any(marker in text for marker in EVENING_MARKERS)


class _SortedIds:
    """Doc ids sorted by a date ordinal; insert/remove by bisection."""

    def __init__(self) -> None:
        self.keys: list[int] = []
        self.ids: list[int] = []

    def add(self, key: int, doc: int) -> None:
        at = bisect_right(self.keys, key)
        self.keys.insert(at, key)
        self.ids.insert(at, doc)

    def discard(self, key: int, doc: int) -> None:
        lo, hi = bisect_left(self.keys, key), bisect_right(self.keys, key)
        for at in range(lo, hi):
            if self.ids[at] == doc:
                del self.keys[at], self.ids[at]
                return

    def span(self, lo: int, hi: int) -> tuple[int, int]:
        """Positions of keys in [lo, hi]."""
        return bisect_left(self.keys, lo), bisect_right(self.keys, hi)


def _packed(value: Any) -> Any:
    if isinstance(value, set):
        return _IdSet(array("i", value))
    if isinstance(value, dict):
        return {key: _packed(item) for key, item in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], int):
        return array("i", value)
    if isinstance(value, _SortedIds):
        return _Sorted(array("i", value.keys), array("i", value.ids))
    return value


def _unpacked(value: Any, docs: list[int]) -> Any:
    if isinstance(value, _IdSet):
        return set(map(docs.__getitem__, value.ids))
    if isinstance(value, dict):
        return {key: _unpacked(item, docs) for key, item in value.items()}
    if isinstance(value, array):
        return value.tolist()
    if isinstance(value, _Sorted):
        restored = _SortedIds()
        restored.keys, restored.ids = value.keys.tolist(), list(map(docs.__getitem__, value.ids))
        return restored
    return value


class _IdSet(NamedTuple):
    ids: array


class _Sorted(NamedTuple):
    keys: array
    ids: array


class Facets:
    def __init__(self) -> None:
        self.all: set[int] = set()
        self.district: dict[str, set[int]] = {}
        self.group: dict[str, set[int]] = {}
        self.open_to_all: set[int] = set()  # courses that name no group
        self.occupation: dict[str, set[int]] = {}
        self.free: set[int] = set()
        self.subsidised: set[int] = set()
        self.weekend: set[int] = set()
        self.evening: set[int] = set()
        self.unplaced: set[int] = set()  # courses without coordinates
        self.by_start = _SortedIds()
        self.by_end = _SortedIds()
        # Per doc id (stale for removed ids): dates as ordinals, names, position.
        self.start: list[int] = []
        self.end: list[int] = []
        self.occupation_of: list[str] = []
        self.district_of: list[str] = []
        self.position: list[tuple[float, float, float]] = []  # on the unit sphere (geo.unit_vector)
        self._version = 0
        self._expired: tuple[int, int, set[int]] = (-1, -1, set())  # (day, version, ids)
        self._live_counts: tuple[int, int, Counter[str]] = (-1, -1, Counter())

    # -- saving (see catalog/index.py: doc ids as arrays, read back as shared objects) ---------------------------

    def __getstate__(self) -> dict[str, Any]:
        state = {name: _packed(value) for name, value in self.__dict__.items()}
        state["_expired"], state["_live_counts"] = (-1, -1, set()), (-1, -1, Counter())  # caches: rebuilt on use
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        docs = list(range(len(state["occupation_of"])))
        self.__dict__.update({name: _unpacked(value, docs) for name, value in state.items()})

    def add(self, doc: int, course: Course) -> None:
        grow = doc + 1 - len(self.start)
        if grow > 0:
            for column, filler in ((self.start, 0), (self.end, 0), (self.occupation_of, ""), (self.district_of, ""),
                                   (self.position, NOWHERE)):
                column.extend(repeat(filler, grow))  # type: ignore[attr-defined]
        self.start[doc], self.end[doc] = course.start_date.toordinal(), course.end_date.toordinal()
        self.occupation_of[doc], self.district_of[doc] = course.occupation, course.district
        if course.lat is not None and course.lon is not None:
            self.position[doc] = unit_vector(course.lat, course.lon)
        else:
            self.position[doc] = NOWHERE
        for s in self._sets(course):
            s.add(doc)
        self.by_start.add(self.start[doc], doc)
        self.by_end.add(self.end[doc], doc)
        self._version += 1

    def discard(self, doc: int, course: Course) -> None:
        for s in self._sets(course):
            s.discard(doc)
        for name, table in ((course.occupation, self.occupation), (course.district, self.district)):
            if not table.get(name, True):
                del table[name]
        self.by_start.discard(course.start_date.toordinal(), doc)
        self.by_end.discard(course.end_date.toordinal(), doc)
        self._version += 1

    def _sets(self, course: Course) -> Iterator[set[int]]:
        yield self.all
        yield self.district.setdefault(course.district, set())
        yield self.occupation.setdefault(course.occupation, set())
        yield from (self.group.setdefault(g, set()) for g in course.eligible_groups)
        if not course.eligible_groups:
            yield self.open_to_all
        if course.is_free:
            yield self.free
        if course.subsidy_yuan > 0:
            yield self.subsidised
        if is_weekend_course(course):
            yield self.weekend
        if is_evening_course(course):
            yield self.evening
        if course.lat is None or course.lon is None:
            yield self.unplaced

    # -- filtering -----------------------------------------------------------------------------------

    def expired(self, today: int) -> set[int]:
        """Courses that ended before `today` (an ordinal); cached per day and catalogue version."""
        day, version, ids = self._expired
        if day != today or version != self._version:
            ids = set(self.by_end.ids[: bisect_left(self.by_end.keys, today)])
            self._expired = (today, self._version, ids)
        return ids

    def drop_expired(self, docs: set[int], today: int) -> set[int]:
        expired = self.expired(today)
        if len(expired) < len(docs):
            docs -= expired
            return docs
        return docs - expired

    def starting_between(self, docs: set[int], lo: int, hi: int) -> set[int]:
        first, last = self.by_start.span(lo, hi)
        if last - first < len(docs):
            return docs.intersection(self.by_start.ids[first:last])
        ordered = list(docs)
        inside = range(lo, hi + 1).__contains__
        return set(compress(ordered, map(inside, map(self.start.__getitem__, ordered))))

    def open_to(self, group: str) -> set[int]:
        found = self.group.get(group, set())
        return found | self.open_to_all if self.open_to_all else found

    # -- ordering ------------------------------------------------------------------------------------

    def by_start_date(self, today: int, lo: int | None = None, hi: int | None = None) -> Iterator[int]:
        """Doc ids with start in [lo, hi]: upcoming ones (from today on) soonest first, then the ones
        already running, most recently started first. Expired ids are not removed here."""
        keys, ids = self.by_start.keys, self.by_start.ids
        first, last = self.by_start.span(lo if lo is not None else -1, hi if hi is not None else 10**9)
        split = min(max(bisect_left(keys, today), first), last)
        return chain(ids[split:last], reversed(ids[first:split]))

    def start_keys(self, docs: Iterable[int], today: int) -> Iterator[int]:
        """Sort keys giving the by_start_date order (for ties between equally relevant courses)."""
        starts = list(map(self.start.__getitem__, docs))
        gaps = map(abs, map(sub, starts, repeat(today)))
        return map(add, gaps, map(mul, map(lt, starts, repeat(today)), repeat(_RUNNING)))

    def live_occupation_counts(self, today: int) -> Counter[str]:
        day, version, counts = self._live_counts
        if day != today or version != self._version:
            live = self.drop_expired(set(self.all), today)
            counts = Counter(map(self.occupation_of.__getitem__, live))
            self._live_counts = (today, self._version, counts)
        return counts
