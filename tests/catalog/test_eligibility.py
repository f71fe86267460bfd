"""Subsidy eligibility as cited rules: groups, categories, the person's history, and who decides."""

from __future__ import annotations

import copy
import tomllib
from datetime import date

import pytest
from factories import KEY_GROUPS, make_course

from catalog.eligibility import (
    RULES_PATH,
    EligibilityReason,
    EligibilityStatus,
    PastTraining,
    SubsidyKind,
    assess,
    load_rules,
    parse_rules,
)
from catalog.groups import GROUPS
from catalog.sources import all_sources

TODAY = date(2026, 5, 1)
S = EligibilityStatus
R = EligibilityReason
COURSE = make_course("电工", "海州区", level="初级工", category="就业技能培训", subsidy_yuan=1500)
OPEN = make_course("电工", "海州区", level="初级工", eligible_groups=GROUPS)
APPRENTICESHIP = make_course("焊工", "海州区", level="中级工", category="新型学徒制", eligible_groups=GROUPS)


def raw_rules() -> dict:
    with RULES_PATH.open("rb") as handle:
        return tomllib.load(handle)


def test_every_rule_cites_a_registered_document_and_clause() -> None:
    rules = load_rules()
    assert set(rules.groups) == set(GROUPS)
    for rule in rules.all_rules():
        assert rule.source_id in all_sources() and rule.clause.strip() and rule.text.strip(), rule
    # The amounts and limits the bot may quote are Turpan's, and registered as another region's practice.
    quoted = {r.key: r for r in rules.all_rules()}
    for key in ("limits.per_year", "limits.same_occupation_and_level", "notes.apprenticeship_paid_to_employer",
                "notes.on_the_job_paid_to_employer", "allowances.living"):  # fmt: skip
        assert quoted[key].source.scope == "other_region" and not quoted[key].is_local, key
    assert "4000" in quoted["notes.apprenticeship_paid_to_employer"].text
    assert "300" in quoted["notes.on_the_job_paid_to_employer"].text


@pytest.mark.parametrize("broken", [{"clause": "一"}, {"source": "lyg2025"}, {"source": "nowhere", "clause": "一"}])
def test_a_rule_without_a_known_source_and_clause_is_refused(broken: dict) -> None:
    data = raw_rules()
    entry = {"text": "随便说说。", **broken}
    data["groups"]["失业人员"] = entry
    with pytest.raises(ValueError):
        parse_rules(data)


@pytest.mark.parametrize("group", KEY_GROUPS)
def test_key_groups_are_covered_by_this_citys_plan(group: str) -> None:
    result = assess(COURSE, group, [], TODAY)
    assert (result.status, result.reason, result.group) == (S.ELIGIBLE, R.GROUP_COVERED, group)
    assert result.rule is not None and result.rule.source_id == "lyg2025"
    assert result.subsidy_yuan == 1500 and result.kind is SubsidyKind.VOCATIONAL


def test_other_people_with_a_training_need_are_covered_not_refused() -> None:
    result = assess(OPEN, "其他", [], TODAY)
    assert result.status is S.ELIGIBLE
    assert "愿培尽培" in result.rule.text
    (pension,) = result.notes
    assert "养老金" in pension.text and pension.source_id == "turpan2019"


def test_graduates_are_subsidised_as_the_rules_say_not_promised_free() -> None:
    result = assess(COURSE, "大学生", [], TODAY)  # an alias
    assert (result.status, result.group) == (S.ELIGIBLE, "高校毕业生")
    assert any("离校未就业" in note.text for note in result.notes)
    assert all("免费" not in rule.text for rule in load_rules().all_rules())


def test_enterprise_staff_are_the_apprenticeship_group_and_may_take_any_course_open_to_them() -> None:
    staff = assess(APPRENTICESHIP, "企业职工", [], TODAY)
    assert staff.status is S.ELIGIBLE
    assert [n.key for n in staff.notes] == ["notes.apprenticeship_paid_to_employer"]
    assert assess(OPEN, "企业职工", [], TODAY).status is S.ELIGIBLE  # no rule limits them to upskilling
    other = assess(APPRENTICESHIP, "失业人员", [], TODAY)
    assert (other.status, other.reason) == (S.NOT_ELIGIBLE, R.CATEGORY_ONLY_FOR)
    assert other.rule is not None and other.rule.source_id == "lyg2025"


def test_living_allowance_names_every_group_the_seed_names_as_another_regions_practice() -> None:
    (allowance,) = assess(COURSE, "脱贫劳动力", [], TODAY).notes
    for who in ("贫困劳动力", "就业困难人员", "零就业家庭成员", "两后生", "农村学员", "城市低保家庭学员", "交通费"):
        assert who in allowance.text, who
    assert allowance.source.scope == "other_region"
    for group in ("失业人员", "农村转移劳动力", "残疾人"):  # who may be 就业困难人员, 零就业家庭成员, 两后生 …
        assert assess(COURSE, group, [], TODAY).notes == (allowance,), group
    assert assess(COURSE, "高校毕业生", [], TODAY).notes != (allowance,)


def test_group_must_be_known_and_accepted_by_the_course() -> None:
    assert assess(COURSE, None, [], TODAY).status is S.UNKNOWN_GROUP
    assert assess(COURSE, "学生", [], TODAY).reason is R.GROUP_UNKNOWN
    only_veterans = make_course("电工", "海州区", eligible_groups=("退役军人",))
    result = assess(only_veterans, "失业人员", [], TODAY)
    assert (result.status, result.reason, result.rule) == (S.NOT_ELIGIBLE, R.COURSE_NOT_OPEN_TO_GROUP, None)
    unsubsidised = make_course("电工", "海州区", subsidy_yuan=0, fee_yuan=800)
    assert assess(unsubsidised, "失业人员", [], TODAY).reason is R.COURSE_NOT_SUBSIDISED


def test_same_occupation_and_level_is_another_regions_practice_so_the_bureau_decides() -> None:
    done = PastTraining("电工", "初级工", "就业技能培训", TODAY.year)
    result = assess(COURSE, "失业人员", [done], TODAY)
    assert (result.status, result.reason, result.past) == (S.CHECK, R.SAME_OCCUPATION_AND_LEVEL, (done,))
    assert result.rule is not None and result.rule.source_id == "turpan2019"
    next_level = make_course("电工", "海州区", level="中级工", category="岗位技能提升培训")
    last_year = PastTraining("电工", "初级工", "就业技能培训", TODAY.year - 1)
    assert assess(next_level, "失业人员", [last_year], TODAY).status is S.ELIGIBLE


def test_one_subsidy_of_each_kind_and_three_a_year_are_checks() -> None:
    vocational = PastTraining("焊工", "初级工", "就业技能培训", TODAY.year)
    assert assess(COURSE, "失业人员", [vocational], TODAY).reason is R.KIND_LIMIT_REACHED
    last_year = PastTraining("焊工", "初级工", "就业技能培训", TODAY.year - 1)
    assert assess(COURSE, "失业人员", [last_year], TODAY).status is S.ELIGIBLE
    business = make_course("创业培训", "海州区", level="培训合格", category="创业培训")
    result = assess(business, "失业人员", [vocational], TODAY)
    assert result.status is S.ELIGIBLE and result.kind is SubsidyKind.ENTREPRENEURSHIP
    language = make_course("国家通用语言", "海州区", level="培训合格", category="就业技能培训")
    history = [vocational, PastTraining("创业培训", "培训合格", "创业培训", TODAY.year)]
    assert assess(language, "失业人员", history, TODAY).kind is SubsidyKind.LANGUAGE
    assert assess(language, "失业人员", history, TODAY).status is S.ELIGIBLE
    spoken = PastTraining("普通话", "培训合格", "国家通用语言培训", TODAY.year)
    assert assess(language, "失业人员", [spoken], TODAY).status is S.CHECK
    full = assess(language, "失业人员", [*history, spoken], TODAY)
    assert (full.status, full.reason, len(full.past)) == (S.CHECK, R.YEARLY_LIMIT_REACHED, 3)


def test_a_limit_of_this_citys_own_would_refuse() -> None:
    data = copy.deepcopy(raw_rules())
    data["limits"]["same_occupation_and_level"]["source"] = "lyg2025"
    data["limits"]["per_year"]["count"] = 1
    rules = parse_rules(data)
    done = PastTraining("电工", "初级工", "就业技能培训", TODAY.year)
    assert assess(COURSE, "失业人员", [done], TODAY, rules).status is S.NOT_ELIGIBLE
    business = make_course("创业培训", "海州区", level="培训合格", category="创业培训")
    assert assess(business, "失业人员", [done], TODAY, rules).reason is R.YEARLY_LIMIT_REACHED


def test_rules_name_only_known_groups_and_categories() -> None:
    for table, name in (("groups", "外星人"), ("categories", "太空培训")):
        data = raw_rules()
        data[table][name] = {"source": "lyg2025", "clause": "一", "text": "说明。"}
        with pytest.raises(ValueError):
            parse_rules(data)
