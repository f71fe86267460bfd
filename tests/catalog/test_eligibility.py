"""Subsidy eligibility: key groups, enterprise staff, yearly limits, same occupation and level once."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest
from factories import KEY_GROUPS, make_course

from catalog.eligibility import (
    RULES_PATH,
    Condition,
    EligibilityReason,
    EligibilityStatus,
    PastTraining,
    SubsidyKind,
    assess,
    load_rules,
    parse_rules,
)
from catalog.groups import GROUPS

TODAY = date(2026, 5, 1)
COURSE = make_course("电工", "海州区", level="初级工", category="就业技能培训", subsidy_yuan=1500)
UPSKILLING = make_course(
    "电工",
    "海州区",
    level="中级工",
    category="岗位技能提升培训",
    eligible_groups=(*KEY_GROUPS, "企业职工"),
    subsidy_yuan=2000,
)


@pytest.mark.parametrize("group", KEY_GROUPS)
def test_key_groups_train_free(group: str) -> None:
    result = assess(COURSE, group, [], TODAY)
    assert result.status is EligibilityStatus.ELIGIBLE
    assert result.reason is EligibilityReason.FREE_FOR_KEY_GROUP
    assert result.subsidy_yuan == 1500
    assert result.kind is SubsidyKind.VOCATIONAL
    assert result.living_allowance == (group == "脱贫劳动力")


def test_graduates_must_be_in_their_graduation_year() -> None:
    assert assess(COURSE, "高校毕业生", [], TODAY).conditions == (Condition.GRADUATION_YEAR,)
    assert assess(COURSE, "大学生", [], TODAY).status is EligibilityStatus.ELIGIBLE  # an alias


def test_enterprise_staff_only_for_upskilling() -> None:
    upskilling = assess(UPSKILLING, "企业职工", [], TODAY)
    assert upskilling.status is EligibilityStatus.ELIGIBLE
    assert upskilling.reason is EligibilityReason.SUBSIDY_FOR_GROUP and upskilling.subsidy_yuan == 2000
    open_course = make_course("电工", "海州区", eligible_groups=GROUPS)
    employment = assess(open_course, "企业职工", [], TODAY)
    assert (employment.status, employment.reason) == (
        EligibilityStatus.NOT_ELIGIBLE,
        EligibilityReason.CATEGORY_NOT_COVERED,
    )
    assert employment.subsidy_yuan == 0


def test_group_must_be_known_covered_and_accepted_by_the_course() -> None:
    assert assess(COURSE, None, [], TODAY).status is EligibilityStatus.UNKNOWN_GROUP
    assert assess(COURSE, "学生", [], TODAY).reason is EligibilityReason.GROUP_UNKNOWN
    other = make_course("电工", "海州区", eligible_groups=("其他",))
    assert assess(other, "其他", [], TODAY).reason is EligibilityReason.GROUP_NOT_COVERED
    only_veterans = make_course("电工", "海州区", eligible_groups=("退役军人",))
    result = assess(only_veterans, "失业人员", [], TODAY)
    assert (result.status, result.reason) == (
        EligibilityStatus.NOT_ELIGIBLE,
        EligibilityReason.COURSE_NOT_OPEN_TO_GROUP,
    )
    unsubsidised = make_course("电工", "海州区", subsidy_yuan=0, fee_yuan=800)
    assert assess(unsubsidised, "失业人员", [], TODAY).reason is EligibilityReason.COURSE_NOT_SUBSIDISED


def test_same_occupation_and_level_never_twice() -> None:
    long_ago = [PastTraining("电工", "初级工", "就业技能培训", 2019)]
    assert assess(COURSE, "失业人员", long_ago, TODAY).reason is EligibilityReason.SAME_OCCUPATION_AND_LEVEL
    next_level = [PastTraining("电工", "初级工", "就业技能培训", 2025)]
    assert assess(UPSKILLING, "失业人员", next_level, TODAY).status is EligibilityStatus.ELIGIBLE


def test_one_subsidy_of_each_kind_a_year() -> None:
    vocational = PastTraining("焊工", "初级工", "就业技能培训", TODAY.year)
    assert assess(COURSE, "失业人员", [vocational], TODAY).reason is EligibilityReason.KIND_LIMIT_REACHED
    last_year = PastTraining("焊工", "初级工", "就业技能培训", TODAY.year - 1)
    assert assess(COURSE, "失业人员", [last_year], TODAY).status is EligibilityStatus.ELIGIBLE
    business = make_course("创业培训", "海州区", level="培训合格", category="创业培训")
    result = assess(business, "失业人员", [vocational], TODAY)
    assert result.status is EligibilityStatus.ELIGIBLE and result.kind is SubsidyKind.ENTREPRENEURSHIP
    language = make_course("国家通用语言", "海州区", level="培训合格", category="就业技能培训")
    history = [vocational, PastTraining("创业培训", "培训合格", "创业培训", TODAY.year)]
    assert assess(language, "失业人员", history, TODAY).kind is SubsidyKind.LANGUAGE
    assert assess(language, "失业人员", history, TODAY).status is EligibilityStatus.ELIGIBLE
    spoken = PastTraining("普通话", "培训合格", "国家通用语言培训", TODAY.year)
    assert assess(language, "失业人员", [spoken], TODAY).reason is EligibilityReason.KIND_LIMIT_REACHED
    # three this year (one of each kind): the yearly cap of three is reached too
    assert assess(language, "失业人员", [*history, spoken], TODAY).reason is EligibilityReason.YEARLY_LIMIT_REACHED


def test_yearly_limit_is_data() -> None:
    with RULES_PATH.open("rb") as handle:
        data = tomllib.load(handle)
    data["limits"]["per_year"] = 1
    data["limits"]["per_kind"]["entrepreneurship"] = 5
    rules = parse_rules(data)
    business = make_course("创业培训", "海州区", level="培训合格", category="创业培训")
    history = [PastTraining("网店运营", "培训合格", "创业培训", TODAY.year)]
    assert assess(business, "失业人员", history, TODAY, rules).reason is EligibilityReason.YEARLY_LIMIT_REACHED
    assert assess(business, "失业人员", history, TODAY).reason is EligibilityReason.KIND_LIMIT_REACHED


def test_rules_file_covers_every_group() -> None:
    rules = load_rules()
    assert set(rules.groups) == set(GROUPS)
    assert rules.per_year == 3 and set(rules.per_kind.values()) == {1}
    with pytest.raises(ValueError):
        parse_rules({"limits": {"per_year": 3, "per_kind": {}}, "kinds": {}, "groups": {"外星人": {"benefit": "free"}}})
