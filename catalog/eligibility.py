"""Whether a person's training on a course would be subsidised; the rules live in data/subsidy_rules.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from catalog.groups import GROUPS, canonical_group
from catalog.model import Course

RULES_PATH = Path(__file__).parent / "data" / "subsidy_rules.toml"


class EligibilityStatus(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN_GROUP = "unknown_group"  # ask the person which group they belong to


class EligibilityReason(StrEnum):
    FREE_FOR_KEY_GROUP = "free_for_key_group"
    SUBSIDY_FOR_GROUP = "subsidy_for_group"
    GROUP_UNKNOWN = "group_unknown"
    GROUP_NOT_COVERED = "group_not_covered"
    COURSE_NOT_OPEN_TO_GROUP = "course_not_open_to_group"
    COURSE_NOT_SUBSIDISED = "course_not_subsidised"
    CATEGORY_NOT_COVERED = "category_not_covered"  # e.g. 企业职工 on a 就业技能培训 course
    SAME_OCCUPATION_AND_LEVEL = "same_occupation_and_level"
    YEARLY_LIMIT_REACHED = "yearly_limit_reached"
    KIND_LIMIT_REACHED = "kind_limit_reached"  # already one subsidy of this kind this year


class SubsidyKind(StrEnum):
    VOCATIONAL = "vocational"
    ENTREPRENEURSHIP = "entrepreneurship"
    LANGUAGE = "language"


class Condition(StrEnum):
    GRADUATION_YEAR = "graduation_year"  # 高校毕业生: in the year of graduation


class Benefit(StrEnum):
    FREE = "free"
    SUBSIDY = "subsidy"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class PastTraining:
    occupation: str
    level: str
    category: str
    year: int


@dataclass(frozen=True, slots=True)
class Eligibility:
    status: EligibilityStatus
    reason: EligibilityReason
    subsidy_yuan: int = 0
    living_allowance: bool = False  # a living allowance during training (脱贫劳动力)
    conditions: tuple[Condition, ...] = ()
    kind: SubsidyKind | None = None


@dataclass(frozen=True, slots=True)
class GroupRule:
    benefit: Benefit
    categories: frozenset[str] = frozenset()  # empty: every category
    living_allowance: bool = False
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class SubsidyRules:
    per_year: int
    per_kind: Mapping[SubsidyKind, int]
    same_occupation_and_level_once: bool
    kinds: Mapping[str, SubsidyKind]  # category -> kind
    language_markers: tuple[str, ...]
    groups: Mapping[str, GroupRule]

    def kind_of(self, category: str, occupation: str) -> SubsidyKind:
        if any(marker in occupation for marker in self.language_markers):
            return SubsidyKind.LANGUAGE
        return self.kinds.get(category, SubsidyKind.VOCATIONAL)


def parse_rules(data: Mapping[str, Any]) -> SubsidyRules:
    limits, groups = data["limits"], data["groups"]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        raise ValueError(f"subsidy rules name unknown groups: {sorted(unknown)}")
    return SubsidyRules(
        per_year=int(limits["per_year"]),
        per_kind=MappingProxyType({SubsidyKind(k): int(v) for k, v in limits["per_kind"].items()}),
        same_occupation_and_level_once=bool(limits.get("same_occupation_and_level_once", True)),
        kinds=MappingProxyType({c: SubsidyKind(k) for c, k in data["kinds"].items()}),
        language_markers=tuple(data.get("language", {}).get("occupation_markers", ())),
        groups=MappingProxyType({
            name: GroupRule(
                benefit=Benefit(rule["benefit"]),
                categories=frozenset(rule.get("categories", ())),
                living_allowance=bool(rule.get("living_allowance", False)),
                conditions=tuple(Condition(c) for c in rule.get("conditions", ())),
            )
            for name, rule in groups.items()
        }),
    )


@cache
def load_rules(path: Path = RULES_PATH) -> SubsidyRules:
    with path.open("rb") as handle:
        return parse_rules(tomllib.load(handle))


def _no(reason: EligibilityReason, kind: SubsidyKind | None = None) -> Eligibility:
    return Eligibility(EligibilityStatus.NOT_ELIGIBLE, reason, kind=kind)


def assess(course: Course, group: str | None, history: Sequence[PastTraining], today: date,
           rules: SubsidyRules | None = None) -> Eligibility:
    """Would training on `course` be free / subsidised for a person of `group` with this `history`?"""
    rules = rules or load_rules()
    name = group if group in rules.groups else canonical_group(group or "")
    rule = rules.groups.get(name) if name else None
    if name is None or rule is None:
        return Eligibility(EligibilityStatus.UNKNOWN_GROUP, EligibilityReason.GROUP_UNKNOWN)
    kind = rules.kind_of(course.category, course.occupation)
    if rule.benefit is Benefit.NONE:
        return _no(EligibilityReason.GROUP_NOT_COVERED, kind)
    if course.eligible_groups and name not in course.eligible_groups:
        return _no(EligibilityReason.COURSE_NOT_OPEN_TO_GROUP, kind)
    if rule.categories and course.category not in rule.categories:
        return _no(EligibilityReason.CATEGORY_NOT_COVERED, kind)
    if course.subsidy_yuan <= 0:
        return _no(EligibilityReason.COURSE_NOT_SUBSIDISED, kind)
    if rules.same_occupation_and_level_once and any(
        past.occupation.strip() == course.occupation.strip() and past.level.strip() == course.level.strip()
        for past in history
    ):
        return _no(EligibilityReason.SAME_OCCUPATION_AND_LEVEL, kind)
    this_year = [past for past in history if past.year == today.year]
    if len(this_year) >= rules.per_year:
        return _no(EligibilityReason.YEARLY_LIMIT_REACHED, kind)
    same_kind = sum(1 for past in this_year if rules.kind_of(past.category, past.occupation) is kind)
    if same_kind >= rules.per_kind.get(kind, 1):
        return _no(EligibilityReason.KIND_LIMIT_REACHED, kind)
    free = rule.benefit is Benefit.FREE
    return Eligibility(
        EligibilityStatus.ELIGIBLE,
        EligibilityReason.FREE_FOR_KEY_GROUP if free else EligibilityReason.SUBSIDY_FOR_GROUP,
        subsidy_yuan=course.subsidy_yuan,
        living_allowance=rule.living_allowance,
        conditions=rule.conditions,
        kind=kind,
    )
