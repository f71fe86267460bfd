"""What a person's words or location mean for a subscription: catalogue occupations and a district.

The words go through the course search itself (synonyms, Traditional characters, words inside longer
words), so "月嫂" subscribes to the occupations a search for 月嫂 finds, under their catalogue names —
the names new courses carry when they are announced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.services.catalog import CatalogService
from catalog.districts import DISTRICTS
from catalog.geo import haversine_km, valid_point
from catalog.query import parse_query

MAX_CANDIDATES = 4
# Occupations scoring far below the best hit are incidental (a keyword in a description), not what was meant.
RELATIVE_SCORE = 0.5
# Farther than this from every district centre is outside the city (the city is about 130 km across).
MAX_DISTRICT_KM = 60.0


@dataclass(frozen=True, slots=True)
class OccupationMatch:
    occupations: tuple[str, ...]  # what the words mean, best first (empty: nothing matched)
    related: tuple[str, ...]  # when nothing matched: occupations worth offering instead
    district: str | None  # a district named along the way ("月嫂 赣榆"), a default for the next step


def match_occupations(catalog: CatalogService, text: str, today: date) -> OccupationMatch:
    parsed = parse_query(text, today)
    district = parsed.districts[0] if parsed.districts else None
    if not parsed.words:
        return OccupationMatch((), (), district)
    # Search the words alone: a district, group or date in the same message must not hide the occupation.
    result = catalog.search(" ".join(parsed.words), today=today)
    hits = [hit for hit in result.hits if hit.score > 0]
    if not hits:
        related = result.suggestions.occupations if result.suggestions else ()
        return OccupationMatch((), related[:MAX_CANDIDATES], district)
    floor = hits[0].score * RELATIVE_SCORE
    found = dict.fromkeys(hit.course.occupation for hit in hits if hit.score >= floor)
    return OccupationMatch(tuple(found)[:MAX_CANDIDATES], (), district)


def nearest_district(lat: float, lon: float) -> str | None:
    """The district whose centre is nearest, or None for a point outside the city (or no valid point)."""
    if not valid_point(lat, lon):
        return None
    km, name = min((haversine_km(lat, lon, d.lat, d.lon), d.name) for d in DISTRICTS)
    return name if km <= MAX_DISTRICT_KM else None
