"""Outcome figures from the follow-up surveys, per wave and per target group (also per course and district).

`tally` is plain arithmetic over `SurveyRow`s (easy to check by hand); `load_rows` is the query; the words for
each figure and how it is counted are in bot/texts/stats.py (STATS_DEFINITIONS), shown with every report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog import outcomes
from catalog.groups import GROUPS
from storage.models import CourseRow
from storage.models_schedule import AnonymousOutcome, SurveyResponse
from storage.models_service import Enrolment

STABLE_FROM_WAVE = 90  # stable employment is reported at 90 and 180 days, not a month after the course
UNKNOWN_GROUP = "未填身份"


@dataclass(frozen=True, slots=True)
class SurveyRow:
    wave: int
    group: str | None
    course_code: str
    course_title: str
    district: str
    finished: str | None = None  # answers as catalog.outcomes codes; None: not answered or not asked
    certificate: str | None = None
    employment: str | None = None
    insurance: str | None = None
    income_band: str | None = None
    income_before: str | None = None  # from the 1131 intake


@dataclass(frozen=True, slots=True)
class Outcome:
    sent: int = 0
    answered: int = 0  # answered the work question
    left_early: int = 0  # said they did not finish the course
    respondents: int = 0  # answered the work question and did not say they left early
    employed: int = 0  # respondents in work (contract, flexible, own business, or an old "已就业")
    stable: int = 0  # respondents with a labour contract or employer-paid social insurance
    stable_known: int = 0  # respondents whose answers tell whether they are stably employed
    certified: int = 0  # finished, and hold a skill-level or special-ability certificate
    certificate_answered: int = 0
    income_up: int = 0
    income_same: int = 0
    income_down: int = 0

    @property
    def completers(self) -> int:
        """Trainees surveyed at this wave, less those who said they did not finish the course."""
        return self.sent - self.left_early

    @property
    def response_rate(self) -> float | None:
        return share(self.answered, self.sent)

    @property
    def employed_of_respondents(self) -> float | None:
        return share(self.employed, self.respondents)

    @property
    def employed_of_completers(self) -> float | None:
        """Those who did not answer count as not employed: a lower bound, and the plan's kind of rate."""
        return share(self.employed, self.completers)

    @property
    def stable_share(self) -> float | None:
        return share(self.stable, self.stable_known)

    @property
    def certificate_rate(self) -> float | None:
        return share(self.certified, self.certificate_answered)

    @property
    def income_compared(self) -> int:
        return self.income_up + self.income_same + self.income_down


def counts(row: SurveyRow) -> tuple[int, ...]:
    """What one survey adds to each of Outcome's fields, in their order."""
    answered = row.employment is not None
    left_early = row.finished == "no"
    respondent = answered and not left_early
    stable = outcomes.is_stable(row.employment, row.insurance) if respondent else None
    change = outcomes.income_change(row.income_before, outcomes.income_now(row.employment, row.income_band))
    change = change if respondent else None
    certificate = row.certificate if row.finished == "yes" else None
    return (
        1,
        answered,
        left_early,
        respondent,
        respondent and row.employment in outcomes.WORKING,
        stable is True,
        stable is not None,
        certificate in outcomes.EVALUATED,
        certificate is not None,
        change == 1,
        change == 0,
        change == -1,
    )


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def meets_target(group: str, outcome: Outcome) -> bool | None:
    """Against the plan's target for this group (None: no target, or nobody to count)."""
    target = outcomes.targets().get(group)
    rate = outcome.employed_of_completers
    return None if target is None or rate is None else rate >= target.share


@dataclass(frozen=True, slots=True)
class WaveStats:
    wave: int
    total: Outcome
    by_group: dict[str, Outcome] = field(default_factory=dict)  # GROUPS order, UNKNOWN_GROUP last
    by_course: dict[tuple[str, str], Outcome] = field(default_factory=dict)  # (code, title) → outcome
    by_district: dict[str, Outcome] = field(default_factory=dict)


def _group_order(name: str) -> int:
    return GROUPS.index(name) if name in GROUPS else len(GROUPS)


def tally(rows: Iterable[SurveyRow]) -> list[WaveStats]:
    """One WaveStats per wave present, waves ascending."""
    # Running sums in lists, made into Outcomes at the end: 100,000 surveys take about a second.
    waves: dict[int, tuple[dict[Any, list[int]], ...]] = {}
    for row in rows:
        parts = waves.setdefault(row.wave, ({}, {}, {}, {}))
        added = counts(row)
        keys = (None, row.group or UNKNOWN_GROUP, (row.course_code, row.course_title), row.district)
        for part, key in zip(parts, keys, strict=True):
            sums = part.setdefault(key, [0] * len(added))
            for i, value in enumerate(added):
                sums[i] += value
    result = []
    for wave, (total, groups, courses, districts) in sorted(waves.items()):
        made = [{key: Outcome(*sums) for key, sums in part.items()} for part in (groups, courses, districts)]
        result.append(
            WaveStats(
                wave,
                Outcome(*total[None]),
                dict(sorted(made[0].items(), key=lambda item: _group_order(item[0]))),
                dict(sorted(made[1].items())),
                dict(sorted(made[2].items())),
            )
        )
    return result


async def load_rows(
    session: AsyncSession,
    *,
    start: date | None = None,
    end: date | None = None,
    tz: ZoneInfo,
    districts: Sequence[str] | None = None,
) -> list[SurveyRow]:
    """Surveys sent from `start` to `end` inclusive (local days in `tz`; either may be open).

    With `districts` (a staff member's scope), only courses held there count.
    """
    answers = [f.name for f in fields(SurveyRow)][5:]
    rows: list[SurveyRow] = []
    # Surveys of people still here, then the anonymous outcomes of those who asked to be forgotten.
    for table, course_id in (
        (SurveyResponse, Enrolment.course_id),
        (AnonymousOutcome, AnonymousOutcome.course_id),
    ):
        query = select(
            table.wave,
            table.group,
            CourseRow.code,
            CourseRow.title,
            CourseRow.district,
            *(getattr(table, name) for name in answers),
        )
        if table is SurveyResponse:
            query = query.join(Enrolment, Enrolment.id == SurveyResponse.enrolment_id)
        query = query.join(CourseRow, CourseRow.id == course_id).order_by(table.id)
        if start is not None:
            query = query.where(table.sent_at >= datetime.combine(start, time.min, tz))
        if end is not None:
            query = query.where(table.sent_at < datetime.combine(end + timedelta(days=1), time.min, tz))
        if districts is not None:
            query = query.where(CourseRow.district.in_(list(districts)))
        rows += [SurveyRow(*row) for row in await session.execute(query)]
    return rows
