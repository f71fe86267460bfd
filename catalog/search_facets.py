"""Per-attribute sets of doc ids (district, group, free, ...) and date orderings used as search filters."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from catalog.model import Course
from catalog.text import normalize

WEEKEND_MARKERS: tuple[str, ...] = ("周末", "双休日")


def is_weekend_course(course: Course) -> bool:
    """A course counts as a weekend course if its title, description or keywords say so."""
    text = normalize(" ".join((course.title, course.description, *course.keywords)))
    return any(marker in text for marker in WEEKEND_MARKERS)


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

    def below(self, key: int) -> list[int]:
        return self.ids[: bisect_left(self.keys, key)]

    def span(self, lo: int, hi: int) -> tuple[int, int]:
        """Positions of keys in [lo, hi]."""
        return bisect_left(self.keys, lo), bisect_right(self.keys, hi)


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
        self.by_start = _SortedIds()
        self.by_end = _SortedIds()
        self.start: dict[int, int] = {}  # doc -> start ordinal
        self.end: dict[int, int] = {}
        self._expired: tuple[int, int, set[int]] | None = None  # (today, version, ids)
        self._version = 0

    def add(self, doc: int, course: Course) -> None:
        self._change(doc, course, adding=True)

    def discard(self, doc: int, course: Course) -> None:
        self._change(doc, course, adding=False)

    def _change(self, doc: int, course: Course, *, adding: bool) -> None:
        self._version += 1
        sets = [self.all, self.district.setdefault(course.district, set())]
        sets.append(self.occupation.setdefault(course.occupation, set()))
        sets.extend(self.group.setdefault(g, set()) for g in course.eligible_groups)
        if not course.eligible_groups:
            sets.append(self.open_to_all)
        if course.is_free:
            sets.append(self.free)
        if course.subsidy_yuan > 0:
            sets.append(self.subsidised)
        if is_weekend_course(course):
            sets.append(self.weekend)
        start, end = course.start_date.toordinal(), course.end_date.toordinal()
        for s in sets:
            if adding:
                s.add(doc)
            else:
                s.discard(doc)
        if adding:
            self.by_start.add(start, doc)
            self.by_end.add(end, doc)
            self.start[doc], self.end[doc] = start, end
        else:
            self.by_start.discard(start, doc)
            self.by_end.discard(end, doc)
            del self.start[doc], self.end[doc]
            if not self.occupation[course.occupation]:
                del self.occupation[course.occupation]

    def expired(self, today: int) -> set[int]:
        """Courses that ended before `today` (an ordinal); cached per day and catalogue version."""
        cached = self._expired
        if cached is None or cached[0] != today or cached[1] != self._version:
            cached = self._expired = (today, self._version, set(self.by_end.below(today)))
        return cached[2]

    def open_to(self, group: str) -> set[int]:
        return self.group.get(group, set()) | self.open_to_all

    def by_start_date(self, today: int, lo: int | None = None, hi: int | None = None) -> Iterator[int]:
        """Doc ids with start in [lo, hi]: upcoming ones (from today on) soonest first, then the ones
        already running, most recently started first. Expired ids are not removed here."""
        keys, ids = self.by_start.keys, self.by_start.ids
        first, last = self.by_start.span(lo if lo is not None else -1, hi if hi is not None else 10**9)
        split = min(max(bisect_left(keys, today), first), last)
        yield from ids[split:last]
        yield from reversed(ids[first:split])
