"""Follow-up survey answers as stable codes, and what they mean for the outcome figures.

The codes are stored; the Chinese wording lives in bot/texts/survey.py, so rewording never touches data.
Targets come from catalog/data/outcome_targets.toml, each citing its source document and clause.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from catalog.sources import Source, source

TARGETS_FILE = Path(__file__).parent / "data" / "outcome_targets.toml"

FINISHED = ("yes", "no")
CERTIFICATES = ("skill_level", "special", "training", "none")
# 培训+评价: a skill evaluation (职业技能等级认定, 专项职业能力考核) counts; a training certificate does not.
EVALUATED = frozenset({"skill_level", "special"})
WORK = ("contract", "flexible", "business", "seeking", "not_seeking")
# Before 2026-12 the survey asked only "已就业" without the kind of work: kept as "employed".
LEGACY_EMPLOYED = "employed"
WORKING = frozenset({"contract", "flexible", "business", LEGACY_EMPLOYED})
NOT_WORKING = frozenset({"seeking", "not_seeking"})
INSURANCE = ("employer", "not_employer", "unsure")
MONTHS = ("lt1", "1_3", "3_6", "6plus")
# Ordered low to high; "undisclosed" is not comparable. The bands of the first survey are kept (3000/5000/8000).
INCOME = ("none", "lt3000", "3000_5000", "5000_8000", "gt8000", "undisclosed")
_INCOME_RANK = {code: rank for rank, code in enumerate(INCOME[:-1])}


def is_working(work: str | None) -> bool | None:
    return None if work is None else work in WORKING


def is_stable(work: str | None, insurance: str | None) -> bool | None:
    """Stable employment: a labour contract, or social insurance paid by an employer. None when unknown."""
    if work is None:
        return None
    if work in NOT_WORKING:
        return False
    if work == "contract" or insurance == "employer":
        return True
    return None if insurance is None else False  # None: working, but not asked (an old survey) or not answered


def income_now(work: str | None, income: str | None) -> str | None:
    """The current income band; someone not working was not asked and has no earned income."""
    if income is not None:
        return income
    return "none" if work in NOT_WORKING else None


def income_change(before: str | None, now: str | None) -> int | None:
    """+1 a higher band than before training, 0 the same, -1 lower; None when either is unknown."""
    if before not in _INCOME_RANK or now not in _INCOME_RANK:
        return None
    return (_INCOME_RANK[now] > _INCOME_RANK[before]) - (_INCOME_RANK[now] < _INCOME_RANK[before])


@dataclass(frozen=True, slots=True)
class Target:
    group: str
    share: float  # e.g. 0.45
    measure: str  # the plan's own name for the figure, e.g. 培训后再就业率
    source: Source
    clause: str


@cache
def targets(path: Path = TARGETS_FILE) -> dict[str, Target]:
    """Outcome targets by group, as the cited plan sets them; groups without an entry have none."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return {
        group: Target(group, float(t["share"]), t["measure"], source(t["source"]), t["clause"])
        for group, t in raw.get("targets", {}).items()
    }
