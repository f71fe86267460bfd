"""Great-circle distances and a small grid for nearest-course look-ups."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088
# Clamping lat and lon separately finds a cell's nearest point to within metres; keep a margin.
_BOUND_SLACK_KM = 0.05


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in kilometres between two points given in degrees."""
    p1, p2 = radians(lat1), radians(lat2)
    a = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin(radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))


def distance_from(lat: float, lon: float) -> Callable[[float, float], float]:
    """A fast haversine with the first point fixed (for ranking many courses against one person)."""
    p1, l1 = radians(lat), radians(lon)
    cos1 = cos(p1)
    twice_r = 2 * EARTH_RADIUS_KM

    def to(lat2: float, lon2: float) -> float:
        p2 = radians(lat2)
        a = sin((p2 - p1) / 2) ** 2 + cos1 * cos(p2) * sin((radians(lon2) - l1) / 2) ** 2
        return twice_r * asin(min(1.0, sqrt(a)))

    return to


class Grid:
    """Points (id, lat, lon) bucketed in cells of `cell_deg` degrees; nearest-first iteration."""

    def __init__(self, cell_deg: float = 0.05) -> None:
        self._cell = cell_deg
        self._cells: dict[tuple[int, int], dict[int, tuple[float, float]]] = {}

    def _key(self, lat: float, lon: float) -> tuple[int, int]:
        return int(lat // self._cell), int(lon // self._cell)

    def add(self, item: int, lat: float, lon: float) -> None:
        self._cells.setdefault(self._key(lat, lon), {})[item] = (lat, lon)

    def discard(self, item: int, lat: float, lon: float) -> None:
        key = self._key(lat, lon)
        cell = self._cells.get(key)
        if cell is not None:
            cell.pop(item, None)
            if not cell:
                del self._cells[key]

    def nearest(self, lat: float, lon: float, accept: Callable[[int], bool]) -> Iterator[tuple[float, int]]:
        """Yield (km, id) for accepted points, nearest first; lazily, so callers stop when they have enough."""
        dist = distance_from(lat, lon)
        size = self._cell
        # Lower bound of the distance to anything in a cell: distance to the cell's nearest edge point.
        bounds = []
        for (ci, cj), points in self._cells.items():
            near_lat = min(max(lat, ci * size), (ci + 1) * size)
            near_lon = min(max(lon, cj * size), (cj + 1) * size)
            bounds.append((dist(near_lat, near_lon) - _BOUND_SLACK_KM, ci, cj, points))
        heapq.heapify(bounds)
        found: list[tuple[float, int]] = []
        while bounds:
            bound, _, _, points = heapq.heappop(bounds)
            while found and found[0][0] <= bound:
                yield heapq.heappop(found)
            for item, (plat, plon) in points.items():
                if accept(item):
                    heapq.heappush(found, (dist(plat, plon), item))
        while found:
            yield heapq.heappop(found)
