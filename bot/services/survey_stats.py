"""Outcome statistics from the follow-up surveys: response rate and employed share per wave, course and district.

`tally` is plain arithmetic over `SurveyRow`s (easy to check by hand); `load_rows` is the query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from storage.models import CourseRow
from storage.models_schedule import AnonymousOutcome, SurveyResponse
from storage.models_service import Enrolment

TARGET_EMPLOYED_SHARE = 0.45  # share of answering trainees in work after the course


@dataclass(frozen=True, slots=True)
class SurveyRow:
    wave: int
    course_code: str
    course_title: str
    district: str
    employment: str | None  # None: not answered (yet)


@dataclass(frozen=True, slots=True)
class Tally:
    sent: int = 0
    answered: int = 0
    employed: int = 0

    def add(self, row: SurveyRow) -> Tally:
        answered = int(row.employment is not None)
        employed = int(row.employment in texts.EMPLOYED_OPTIONS)
        return Tally(self.sent + 1, self.answered + answered, self.employed + employed)

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None

    @property
    def employed_share(self) -> float | None:
        return self.employed / self.answered if self.answered else None

    @property
    def meets_target(self) -> bool | None:
        share = self.employed_share
        return None if share is None else share >= TARGET_EMPLOYED_SHARE


@dataclass(frozen=True, slots=True)
class WaveStats:
    wave: int
    total: Tally
    by_course: dict[tuple[str, str], Tally] = field(default_factory=dict)  # (code, title) → tally
    by_district: dict[str, Tally] = field(default_factory=dict)


def tally(rows: Iterable[SurveyRow]) -> list[WaveStats]:
    """One WaveStats per wave present, waves ascending; courses by code and districts by name."""
    totals: dict[int, Tally] = {}
    courses: dict[int, dict[tuple[str, str], Tally]] = {}
    districts: dict[int, dict[str, Tally]] = {}
    for row in rows:
        totals[row.wave] = totals.get(row.wave, Tally()).add(row)
        per_course = courses.setdefault(row.wave, {})
        key = (row.course_code, row.course_title)
        per_course[key] = per_course.get(key, Tally()).add(row)
        per_district = districts.setdefault(row.wave, {})
        per_district[row.district] = per_district.get(row.district, Tally()).add(row)
    return [
        WaveStats(
            wave,
            totals[wave],
            dict(sorted(courses[wave].items())),
            dict(sorted(districts[wave].items())),
        )
        for wave in sorted(totals)
    ]


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
    rows: list[SurveyRow] = []
    # Surveys of people still here, then the anonymous outcomes of those who asked to be forgotten.
    for table, course_id in (
        (SurveyResponse, Enrolment.course_id),
        (AnonymousOutcome, AnonymousOutcome.course_id),
    ):
        query = select(table.wave, CourseRow.code, CourseRow.title, CourseRow.district, table.employment)
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


def percent(value: float | None) -> str:
    return texts.STATS_NO_VALUE if value is None else f"{value * 100:.1f}%"


def _figures(t: Tally) -> str:
    verdict = {True: texts.STATS_MET, False: texts.STATS_NOT_MET, None: ""}[t.meets_target]
    return texts.STATS_FIGURES.format(
        sent=t.sent,
        answered=t.answered,
        rate=percent(t.response_rate),
        share=percent(t.employed_share),
        verdict=verdict,
    )


def report_text(stats: list[WaveStats], *, start: date | None = None, end: date | None = None) -> str:
    """The report staff read (plain text, no HTML)."""
    period = ""
    if start is not None or end is not None:
        period = texts.STATS_PERIOD.format(start=start or texts.STATS_OPEN_END, end=end or texts.STATS_OPEN_END)
    lines = [texts.STATS_HEADER.format(period=period, target=percent(TARGET_EMPLOYED_SHARE))]
    if not stats:
        lines.append(texts.STATS_EMPTY)
    for wave in stats:
        lines.append(texts.STATS_WAVE.format(wave=wave.wave, figures=_figures(wave.total)))
        lines.append(texts.STATS_BY_COURSE)
        for (code, title), t in wave.by_course.items():
            name = texts.STATS_COURSE_NAME.format(title=title, code=code)
            lines.append(texts.STATS_LINE.format(name=name, figures=_figures(t)))
        lines.append(texts.STATS_BY_DISTRICT)
        for district, t in wave.by_district.items():
            lines.append(texts.STATS_LINE.format(name=district, figures=_figures(t)))
    return "\n".join(lines)


def _tally_json(t: Tally) -> dict[str, Any]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "sent": t.sent,
        "answered": t.answered,
        "employed": t.employed,
        "response_rate": rounded(t.response_rate),
        "employed_share": rounded(t.employed_share),
        "meets_target": t.meets_target,
    }


def report_json(stats: list[WaveStats], *, start: date | None = None, end: date | None = None) -> dict[str, Any]:
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "target_employed_share": TARGET_EMPLOYED_SHARE,
        "waves": [
            {
                "wave": w.wave,
                **_tally_json(w.total),
                "by_course": [
                    {"code": code, "title": title, **_tally_json(t)} for (code, title), t in w.by_course.items()
                ],
                "by_district": [{"district": d, **_tally_json(t)} for d, t in w.by_district.items()],
            }
            for w in stats
        ],
    }
