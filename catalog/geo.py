"""Great-circle distances, chord distances for ranking many points at once, and a grid for nearest look-ups."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from itertools import compress, repeat
from math import asin, cos, dist, radians, sin, sqrt
from operator import and_, not_

EARTH_RADIUS_KM = 6371.0088
# Clamping lat and lon separately finds a cell's nearest point to within metres; keep a margin.
_BOUND_SLACK_KM = 0.05


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in kilometres between two points given in degrees."""
    p1, p2 = radians(lat1), radians(lat2)
    a = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin(radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(max(0.0, a))))


def distance_from(lat: float, lon: float) -> Callable[[float, float], float]:
    """haversine_km with the first point fixed (for measuring many courses against one person)."""
    p1, l1 = radians(lat), radians(lon)
    cos1 = cos(p1)
    twice_r = 2 * EARTH_RADIUS_KM

    def to(lat2: float, lon2: float) -> float:
        p2 = radians(lat2)
        a = sin((p2 - p1) / 2) ** 2 + cos1 * cos(p2) * sin((radians(lon2) - l1) / 2) ** 2
        return twice_r * asin(min(1.0, sqrt(max(0.0, a))))

    return to


def valid_point(lat: float | None, lon: float | None) -> bool:
    """Finite latitude in [-90, 90] and longitude in [-180, 180]."""
    return lat is not None and lon is not None and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    """The point on the unit sphere; the straight-line (chord) distance between two such points orders
    pairs exactly like the great-circle distance, and is cheap to compute for many points at once."""
    p, lam = radians(lat), radians(lon)
    return cos(p) * cos(lam), cos(p) * sin(lam), sin(p)


def chord_to_km(chord: float) -> float:
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, chord / 2))


class _Cell:
    __slots__ = ("ids", "points")

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.points: list[tuple[float, float, float]] = []  # unit vectors


class Grid:
    """Points bucketed in cells of `cell_deg` degrees, for the k nearest accepted points."""

    def __init__(self, cell_deg: float = 0.03) -> None:
        self._size = cell_deg
        self._cells: dict[tuple[int, int], _Cell] = {}

    def _key(self, lat: float, lon: float) -> tuple[int, int]:
        return int(lat // self._size), int(lon // self._size)

    def add(self, item: int, lat: float, lon: float) -> None:
        cell = self._cells.setdefault(self._key(lat, lon), _Cell())
        cell.ids.append(item)
        cell.points.append(unit_vector(lat, lon))

    def discard(self, item: int, lat: float, lon: float) -> None:
        key = self._key(lat, lon)
        cell = self._cells.get(key)
        if cell is None or item not in cell.ids:
            return
        at = cell.ids.index(item)
        del cell.ids[at], cell.points[at]
        if not cell.ids:
            del self._cells[key]

    def nearest(self, lat: float, lon: float, k: int, *, allowed: AbstractSet[int] | None = None,
                excluded: AbstractSet[int] = frozenset()) -> list[tuple[float, int]]:
        """(km, id) of the k nearest points in `allowed` (all if None) and not in `excluded`, nearest first."""
        if k <= 0:
            return []
        origin = unit_vector(lat, lon)
        size, slack = self._size, _BOUND_SLACK_KM / EARTH_RADIUS_KM
        bounds = []  # a lower bound of the chord to each cell: to the cell's point nearest to the origin
        for (ci, cj), cell in self._cells.items():
            near = unit_vector(min(max(lat, ci * size), (ci + 1) * size), min(max(lon, cj * size), (cj + 1) * size))
            bounds.append((dist(near, origin) - slack, ci, cj, cell))
        heapq.heapify(bounds)
        found: list[tuple[float, int]] = []
        while bounds:
            bound, _, _, cell = heapq.heappop(bounds)
            if len(found) >= k and found[k - 1][0] <= bound:
                break
            pairs: Iterator[tuple[float, int]] = zip(map(dist, cell.points, repeat(origin)), cell.ids, strict=True)
            if allowed is not None and excluded:
                keep = map(and_, map(allowed.__contains__, cell.ids), map(not_, map(excluded.__contains__, cell.ids)))
                pairs = compress(pairs, keep)
            elif allowed is not None:
                pairs = compress(pairs, map(allowed.__contains__, cell.ids))
            elif excluded:
                pairs = compress(pairs, map(not_, map(excluded.__contains__, cell.ids)))
            found.extend(pairs)
            found = heapq.nsmallest(k, found)
        return [(chord_to_km(chord), item) for chord, item in found[:k]]
