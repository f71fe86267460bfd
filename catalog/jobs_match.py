"""Pick the job postings to recommend to one person (the "3 job recommendations" of the 1131 service).

Pure and deterministic. Open postings not yet shown to the person are ranked in tiers, then by score, then
by code: postings matching a wanted occupation come first; the rest (FALLBACK) fill the remaining places,
so someone always gets a recommendation while any open posting exists. With `near_home`, postings in the
person's district or within NEAR_KM come before all others, matching or not.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from catalog.districts import canonical_district, district
from catalog.geo import haversine_km
from catalog.jobs import JobPosting
from catalog.text import query_terms, tokenize

NEAR_KM = 15.0
FAR_KM = 40.0  # distance at which the proximity bonus reaches zero
OCCUPATION_WEIGHT, LAST_OCCUPATION_WEIGHT = 3.0, 1.0
SAME_DISTRICT_BONUS, NEIGHBOUR_BONUS, PROXIMITY_BONUS = 0.6, 0.2, 0.6
SALARY_BONUS, SALARY_CAP = 0.2, 12_000  # a little for better pay, as a tie-breaker between similar postings
UNWANTED_PART_TIME_PENALTY = 0.3
# Where a term is found in a posting, and how much that counts.
FIELD_WEIGHTS: tuple[float, float, float] = (1.0, 0.9, 0.7)  # occupation, title, keywords


class MatchReason(StrEnum):
    OCCUPATION = "occupation"  # a wanted occupation or word matches
    LAST_OCCUPATION = "last_occupation"  # same line of work as before
    SAME_DISTRICT = "same_district"
    NEIGHBOUR_DISTRICT = "neighbour_district"
    NEARBY = "nearby"  # within NEAR_KM
    PART_TIME = "part_time"  # the person asked for part-time work and this is part-time
    FALLBACK = "fallback"  # nothing wanted matched; offered on general fit


@dataclass(frozen=True)
class JobProfile:
    wanted: tuple[str, ...]  # occupations or free words the person typed, e.g. ("养老护理", "开叉车")
    district: str | None  # official name or alias
    lat: float | None = None
    lon: float | None = None
    near_home: bool = False  # must stay near home
    part_time: bool = False  # needs part-time work
    last_occupation: str | None = None


@dataclass(frozen=True)
class JobMatch:
    job: JobPosting
    score: float
    distance_km: float | None
    reasons: tuple[MatchReason, ...]


@lru_cache(maxsize=8192)
def _job_fields(job: JobPosting) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(tokenize(text)) for text in (job.occupation, job.title, " ".join(job.keywords)))


@lru_cache(maxsize=1024)
def _terms(phrase: str) -> tuple[tuple[str, float], ...]:
    return tuple(query_terms(phrase))


def relevance(phrases: Iterable[str], job: JobPosting) -> float:
    """Best match of any phrase: 1.0 for the typed word as the occupation, less for synonyms, inner words,
    title or keywords; 0.0 when nothing matches."""
    fields = _job_fields(job)
    return max(
        (weight * field_weight
         for phrase in phrases for term, weight in _terms(phrase)
         for terms, field_weight in zip(fields, FIELD_WEIGHTS, strict=True) if term in terms),
        default=0.0,
    )


def _point(lat: float | None, lon: float | None, district_name: str | None) -> tuple[float, float] | None:
    if lat is not None and lon is not None:
        return lat, lon
    name = canonical_district(district_name) if district_name else None
    if name is None:
        return None
    centre = district(name)
    return centre.lat, centre.lon


def _match(job: JobPosting, profile: JobProfile, home_district: str | None,
           home: tuple[float, float] | None) -> tuple[int, JobMatch]:
    """(tier, match) for one open posting."""
    reasons: list[MatchReason] = []
    occupation = relevance(profile.wanted, job)
    last = relevance((profile.last_occupation,), job) if profile.last_occupation else 0.0
    score = OCCUPATION_WEIGHT * occupation + LAST_OCCUPATION_WEIGHT * last
    reasons += [MatchReason.OCCUPATION] if occupation else []
    reasons += [MatchReason.LAST_OCCUPATION] if last else []
    place = _point(job.lat, job.lon, job.district)
    distance = haversine_km(*home, *place) if home and place else None
    if home_district is not None and job.district == home_district:
        score += SAME_DISTRICT_BONUS
        reasons.append(MatchReason.SAME_DISTRICT)
    elif home_district is not None and job.district in district(home_district).neighbours:
        score += NEIGHBOUR_BONUS
        reasons.append(MatchReason.NEIGHBOUR_DISTRICT)
    if distance is not None:
        score += PROXIMITY_BONUS * max(0.0, 1.0 - distance / FAR_KM)
        reasons += [MatchReason.NEARBY] if distance <= NEAR_KM else []
    score += SALARY_BONUS * min(job.salary_min + job.salary_max, 2 * SALARY_CAP) / (2 * SALARY_CAP)
    if job.part_time and profile.part_time:
        reasons.append(MatchReason.PART_TIME)
    elif job.part_time:
        score -= UNWANTED_PART_TIME_PENALTY
    tier = 0 if occupation else 1
    if not occupation:
        reasons.append(MatchReason.FALLBACK)
    if profile.near_home and not (MatchReason.SAME_DISTRICT in reasons or MatchReason.NEARBY in reasons):
        tier += 2
    return tier, JobMatch(job, round(score, 6), None if distance is None else round(distance, 3), tuple(reasons))


def recommend(jobs: Iterable[JobPosting], profile: JobProfile, *, today: date, exclude: Collection[str] = (),
              limit: int = 3) -> list[JobMatch]:
    """Up to `limit` open postings for the person, best first; never expired ones, never codes in `exclude`
    (already recommended), only part-time ones when the person needs part-time work."""
    if limit <= 0:
        return []
    excluded = frozenset(exclude)
    home_district = canonical_district(profile.district) if profile.district else None
    home = _point(profile.lat, profile.lon, home_district)
    ranked = [
        _match(job, profile, home_district, home)
        for job in jobs
        if job.is_open(today) and job.code not in excluded and (job.part_time or not profile.part_time)
    ]
    ranked.sort(key=lambda pair: (pair[0], -pair[1].score, pair[1].job.code))
    return [match for _, match in ranked[:limit]]
