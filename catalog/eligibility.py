"""Whether a person's training on a course would be subsidised, judged from their group and their history.

The rules are cited data (subsidy_rules.py). A rule of this city (or a national one) decides; a rule that is
only another region's practice (the per-year and same-occupation limits come from the Turpan 2019 plan) never
refuses on its own: the verdict is CHECK, and the bot says the local bureau (12333) decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from catalog.groups import canonical_group
from catalog.model import Course
from catalog.subsidy_rules import RULES_PATH, Rule, SubsidyKind, SubsidyRules, load_rules, parse_rules

__all__ = [
    "RULES_PATH", "Eligibility", "EligibilityReason", "EligibilityStatus", "PastTraining", "Rule", "SubsidyKind",
    "assess", "load_rules", "parse_rules", "rank",
]  # fmt: skip


class EligibilityStatus(StrEnum):
    ELIGIBLE = "eligible"
    CHECK = "check"  # this city's rules allow it, another region's practice would not: the bureau decides
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN_GROUP = "unknown_group"  # ask the person which group they belong to


class EligibilityReason(StrEnum):
    GROUP_COVERED = "group_covered"
    GROUP_UNKNOWN = "group_unknown"
    COURSE_NOT_OPEN_TO_GROUP = "course_not_open_to_group"  # the course's own published 补贴对象
    COURSE_NOT_SUBSIDISED = "course_not_subsidised"
    CATEGORY_ONLY_FOR = "category_only_for"  # e.g. 新型学徒制 is for 企业职工
    SAME_OCCUPATION_AND_LEVEL = "same_occupation_and_level"
    YEARLY_LIMIT_REACHED = "yearly_limit_reached"
    KIND_LIMIT_REACHED = "kind_limit_reached"  # already one subsidy of this kind this year


@dataclass(frozen=True, slots=True)
class PastTraining:
    """A subsidised training the person completed (see storage.enrolments.completed_trainings)."""

    occupation: str
    level: str
    category: str
    year: int


@dataclass(frozen=True, slots=True)
class Eligibility:
    status: EligibilityStatus
    reason: EligibilityReason
    group: str | None = None  # the canonical group judged
    rule: Rule | None = None  # the rule behind `reason` (None: the course's own data decided)
    notes: tuple[Rule, ...] = ()  # conditions, allowances and category notes to mention with the verdict
    past: tuple[PastTraining, ...] = ()  # the earlier trainings a history rule counted
    kind: SubsidyKind | None = None
    subsidy_yuan: int = 0


# Order for "eligible first" lists (the 1131 training step).
_RANK = {
    EligibilityStatus.ELIGIBLE: 0,
    EligibilityStatus.CHECK: 1,
    EligibilityStatus.UNKNOWN_GROUP: 2,
    EligibilityStatus.NOT_ELIGIBLE: 3,
}


def rank(result: Eligibility) -> int:
    return _RANK[result.status]


def assess(course: Course, group: str | None, history: Sequence[PastTraining], today: date,
           rules: SubsidyRules | None = None) -> Eligibility:  # fmt: skip
    """Would training on `course` be subsidised for a person of `group` who completed `history`?"""
    rules = rules or load_rules()
    name = group if group in rules.groups else canonical_group(group or "")
    group_rule = rules.groups.get(name) if name else None
    if name is None or group_rule is None:
        return Eligibility(EligibilityStatus.UNKNOWN_GROUP, EligibilityReason.GROUP_UNKNOWN)
    kind = rules.kind_of(course.category, course.occupation)

    def no(reason: EligibilityReason, rule: Rule | None = None) -> Eligibility:
        return Eligibility(EligibilityStatus.NOT_ELIGIBLE, reason, name, rule, kind=kind)

    category = rules.categories.get(course.category)
    if category and category.only_groups and name not in category.only_groups:
        return no(EligibilityReason.CATEGORY_ONLY_FOR, category.rule)
    if course.eligible_groups and name not in course.eligible_groups:
        return no(EligibilityReason.COURSE_NOT_OPEN_TO_GROUP)
    if course.subsidy_yuan <= 0:
        return no(EligibilityReason.COURSE_NOT_SUBSIDISED)
    notes = (*group_rule.conditions, *group_rule.allowances, *((category.note,) if category and category.note else ()))
    limit = _history_limit(course, kind, history, today, rules)
    if limit is not None:
        reason, rule, counted = limit
        status = EligibilityStatus.NOT_ELIGIBLE if rule.is_local else EligibilityStatus.CHECK
        return Eligibility(status, reason, name, rule, notes, counted, kind, course.subsidy_yuan)
    return Eligibility(
        EligibilityStatus.ELIGIBLE, EligibilityReason.GROUP_COVERED, name, group_rule.rule, notes, (), kind,
        course.subsidy_yuan,
    )  # fmt: skip


def _history_limit(
    course: Course, kind: SubsidyKind, history: Sequence[PastTraining], today: date, rules: SubsidyRules
) -> tuple[EligibilityReason, Rule, tuple[PastTraining, ...]] | None:
    this = (course.occupation.strip(), course.level.strip())
    same = tuple(p for p in history if (p.occupation.strip(), p.level.strip()) == this)
    if same:
        return EligibilityReason.SAME_OCCUPATION_AND_LEVEL, rules.same_occupation_and_level, same
    this_year = tuple(p for p in history if p.year == today.year)
    if len(this_year) >= rules.per_year_count:
        return EligibilityReason.YEARLY_LIMIT_REACHED, rules.per_year, this_year
    same_kind = tuple(p for p in this_year if rules.kind_of(p.category, p.occupation) is kind)
    if len(same_kind) >= rules.per_kind.get(kind, 1):
        return EligibilityReason.KIND_LIMIT_REACHED, rules.per_year, same_kind
    return None
