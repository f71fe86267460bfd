"""Every rule the eligibility texts state comes from a cited entry of subsidy_rules.toml, worded as its scope
requires: this city's plan is cited, another region's practice only as an example with 12333 deciding."""

from __future__ import annotations

import itertools
from datetime import date

from bot.texts import eligibility as et
from bot.texts.citation import SCOPE_NOTE
from catalog.eligibility import EligibilityStatus, PastTraining, assess, load_rules
from catalog.groups import GROUPS
from catalog.model import CATEGORIES
from handlers.eligibility_views import card_line, cite, detail_text
from tests.catalog.factories import make_course

TODAY = date(2026, 11, 23)
COURSES = [
    make_course("电工", "海州区", category=category, eligible_groups=groups, subsidy_yuan=subsidy)
    for category, groups, subsidy in itertools.product(CATEGORIES, (GROUPS, ("失业人员",)), (1200, 0))
]
HISTORIES = [
    (),
    (PastTraining("电工", "初级工", "就业技能培训", 2026),),
    (PastTraining("焊工", "初级工", "就业技能培训", 2026),),
    tuple(
        PastTraining(occupation, "培训合格", category, 2026)
        for occupation, category in (("焊工", "创业培训"), ("普通话", "就业技能培训"), ("车工", "就业技能培训"))
    ),
]


def test_every_rule_line_is_a_cited_entry_in_its_scopes_words() -> None:
    cited = {cite(rule) for rule in load_rules().all_rules()}
    statuses = set()
    for course, group, history in itertools.product(COURSES, (*GROUPS, None), HISTORIES):
        result = assess(course, group, history, TODAY)
        statuses.add(result.status)
        lines = detail_text(result, course).splitlines()
        for line in lines[1:]:  # the first line is the verdict for this person; the rest state rules
            assert line in cited or line == et.COURSE_DATA, line
            if "吐鲁番" in line:
                assert line.startswith("• 参考外地做法：") and SCOPE_NOTE["other_region"] in line
        assert "免费" not in "\n".join(lines) + card_line(result, course)
    assert statuses == set(EligibilityStatus)
