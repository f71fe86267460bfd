"""Small job-posting fixtures for the job importer and matching tests."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from catalog.districts import district
from catalog.jobs import JobPosting

_codes = count(1)
TODAY = date(2026, 11, 23)


def make_job(occupation: str = "电工", district_name: str = "海州区", **overrides: Any) -> JobPosting:
    """A plausible open posting at its district's centre; override any field."""
    place = district(district_name)
    values: dict[str, Any] = {
        "code": f"JOB-T-{next(_codes):04d}",
        "title": occupation,
        "employer": f"连云港测试{occupation}用人单位",
        "occupation": occupation,
        "district": district_name,
        "address": f"连云港市{district_name}测试路1号",
        "lat": place.lat,
        "lon": place.lon,
        "salary_min": 4000,
        "salary_max": 6000,
        "requirements": "身体健康。",
        "contact": "0518-80000000",
        "valid_until": date(2027, 6, 30),
    }
    values.update(overrides)
    return JobPosting(**values)
