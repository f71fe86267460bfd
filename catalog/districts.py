"""Districts of the pilot city (Lianyungang) with centroids and the short names people type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class District:
    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    # Neighbouring districts, offered when nothing matches in the asked one.
    neighbours: tuple[str, ...]


CITY = "连云港市"

DISTRICTS: tuple[District, ...] = (
    District("海州区", ("海州", "新浦", "新浦区"), 34.5720, 119.1630, ("连云区", "经济技术开发区", "东海县", "灌云县")),
    District("连云区", ("连云", "墟沟"), 34.7600, 119.3700, ("海州区", "经济技术开发区", "徐圩新区")),
    District("赣榆区", ("赣榆", "青口"), 34.8410, 119.1280, ("海州区", "东海县", "连云区")),
    District("东海县", ("东海", "牛山"), 34.5420, 118.7710, ("海州区", "赣榆区")),
    District("灌云县", ("灌云", "伊山"), 34.2840, 119.2400, ("灌南县", "海州区", "徐圩新区")),
    District("灌南县", ("灌南", "新安镇"), 34.0870, 119.3160, ("灌云县",)),
    District("经济技术开发区", ("开发区", "经开区", "连云港经济技术开发区"), 34.6420, 119.3050, ("海州区", "连云区")),
    District("徐圩新区", ("徐圩",), 34.5600, 119.5300, ("连云区", "灌云县")),
)

_BY_NAME: dict[str, District] = {d.name: d for d in DISTRICTS}
_ALIASES: dict[str, str] = {alias: d.name for d in DISTRICTS for alias in (d.name, *d.aliases)}


def canonical_district(text: str) -> str | None:
    """Return the official district name for a name or alias, or None if unknown."""
    return _ALIASES.get(text.strip())


def district(name: str) -> District:
    return _BY_NAME[name]


def district_aliases() -> dict[str, str]:
    """Every spelling people use, mapped to the official name (for query parsing)."""
    return dict(_ALIASES)
