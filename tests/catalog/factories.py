"""Small course fixtures for the catalog tests."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from catalog.districts import district
from catalog.model import Course

_codes = count(1)
KEY_GROUPS: tuple[str, ...] = ("失业人员", "高校毕业生", "农村转移劳动力", "退役军人", "脱贫劳动力", "残疾人")


def make_course(occupation: str = "电工", district_name: str = "海州区", **overrides: Any) -> Course:
    """A plausible course; by default at its district's centre, open to the key groups, free, subsidised."""
    place = district(district_name)
    values: dict[str, Any] = {
        "code": f"T{next(_codes):04d}",
        "title": f"{district_name}{occupation}培训班",
        "occupation": occupation,
        "level": "初级工",
        "category": "就业技能培训",
        "provider": "连云港市测试职业培训学校",
        "district": district_name,
        "address": f"连云港市{district_name}测试路1号",
        "lat": place.lat,
        "lon": place.lon,
        "start_date": date(2026, 3, 2),
        "end_date": date(2026, 4, 30),
        "hours": 80,
        "capacity": 30,
        "subsidy_yuan": 1200,
        "fee_yuan": 0,
        "eligible_groups": KEY_GROUPS,
        "contact": "0518-80000000",
    }
    values.update(overrides)
    return Course(**values)
