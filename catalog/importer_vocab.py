"""Closed vocabularies and limits a catalogue row is checked against."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from catalog.districts import CITY, canonical_district
from catalog.groups import GROUPS, canonical_group
from catalog.model import CATEGORIES, LEVELS

# Usual other names of the national skill levels (五级 = 初级工 ... 一级 = 高级技师).
LEVEL_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        **{level: level for level in LEVELS},
        "初级": "初级工", "五级": "初级工", "五级/初级工": "初级工",
        "中级": "中级工", "四级": "中级工", "四级/中级工": "中级工",
        "高级": "高级工", "三级": "高级工", "三级/高级工": "高级工",
        "二级": "技师", "二级/技师": "技师",
        "一级": "高级技师", "一级/高级技师": "高级技师",
        "专项能力": "专项职业能力",
        "合格": "培训合格", "合格证": "培训合格",
    }
)

# Longest accepted text per column, in characters.
MAX_LENGTH: Mapping[str, int] = MappingProxyType(
    {"code": 40, "title": 100, "occupation": 50, "contact": 60, "description": 1000}
)
DEFAULT_MAX_LENGTH = 200
MAX_KEYWORD_LENGTH = 30

LAT_RANGE, LON_RANGE = (18.0, 54.0), (73.0, 135.0)  # roughly China's extent
# (lowest, highest) accepted for each whole-number column.
INT_RANGES: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"hours": (1, 5000), "capacity": (1, 100_000), "subsidy_yuan": (0, 1_000_000), "fee_yuan": (0, 1_000_000)}
)


def resolve_level(value: str) -> str | None:
    return LEVEL_ALIASES.get(value)


def resolve_district(value: str) -> str | None:
    """Official district name; a leading '连云港市' is allowed ('连云港市海州区')."""
    return canonical_district(value) or canonical_district(value.removeprefix(CITY).removeprefix("连云港"))


def resolve_category(value: str) -> str | None:
    """One of CATEGORIES; the trailing '培训' may be left out ('创业' -> '创业培训')."""
    for candidate in (value, value + "培训"):
        if candidate in CATEGORIES:
            return candidate
    return None


def resolve_group(value: str) -> str | None:
    return value if value in GROUPS else canonical_group(value)

# 是/否 cells (允许插班); blank means 否.
YES_WORDS = frozenset({"是", "允许", "可以", "y", "yes", "true", "1", "√"})
NO_WORDS = frozenset({"否", "不允许", "不可以", "n", "no", "false", "0", ""})
