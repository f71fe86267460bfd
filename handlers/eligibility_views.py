"""A person's subsidy verdict in words: one line for a result card, the verdict with its cited rules for a detail
page. Each rule is shown with its document; another region's practice only as an example (12333 decides)."""

from __future__ import annotations

from bot.texts import citation, esc
from bot.texts import eligibility as et
from catalog.eligibility import Eligibility, EligibilityStatus, PastTraining, Rule, load_rules
from catalog.model import Course


def _done(past: tuple[PastTraining, ...]) -> str:
    return et.PAST_SEPARATOR.join(et.PAST.format(year=p.year, occupation=p.occupation, level=p.level) for p in past)


def why(result: Eligibility, course: Course) -> str:
    template = et.WHY.get(result.reason.value)
    if template is None:
        return ""
    category = load_rules().categories.get(course.category)
    return esc(
        template.format(
            group=result.group or "",
            groups="、".join(course.eligible_groups),
            category=course.category,
            only="、".join(sorted(category.only_groups)) if category else "",
            done=_done(result.past),
            n=len(result.past),
        )
    )


def card_line(result: Eligibility, course: Course) -> str:
    return et.CARD[result.status.value].format(why=why(result, course))


def cite(rule: Rule) -> str:
    template = et.RULE_LOCAL if rule.is_local else et.RULE_OTHER_REGION
    return template.format(text=esc(rule.text), document=esc(citation.cite(rule.source)), clause=esc(rule.clause))


def detail_text(result: Eligibility, course: Course) -> str:
    """The verdict, then every rule it rests on, each with where it is written."""
    lines = [et.VERDICT[result.status.value].format(group=esc(result.group or ""), why=why(result, course))]
    if result.status is EligibilityStatus.UNKNOWN_GROUP:
        return lines[0]
    if result.rule is not None:
        lines.append(cite(result.rule))
    lines += [cite(note) for note in result.notes]
    if result.status is not EligibilityStatus.NOT_ELIGIBLE or result.rule is None:
        lines.append(et.COURSE_DATA)
    return "\n".join(lines)
