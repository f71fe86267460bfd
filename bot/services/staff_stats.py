"""The outcome figures staff see with /stats, scoped to their districts (None: citywide).

Enrolments and surveys count by the course's district, 1131 cases by the person's district (cases carry none).
`collect` returns a plain dataclass; `summary_text` turns it into the message under the chart.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import survey_stats
from bot.services.outcome_report import definitions, percent, telegram_lines
from bot.services.survey_stats import WaveStats, share
from bot.texts import esc
from bot.texts import stats as st
from storage.models import CourseRow, User
from storage.models_service import Enrolment, ServiceCase

WEEKS = 12
STEPS = ("policy", "guidance", "jobs", "training")  # the order of storage.cases.STEPS, as in the 1131 name


@dataclass(frozen=True, slots=True)
class WeekCount:
    monday: date  # the ISO week's first day, local
    created: int = 0
    confirmed: int = 0  # of the enrolments created that week, those confirmed now

    @property
    def iso_week(self) -> int:
        return self.monday.isocalendar().week


@dataclass(frozen=True, slots=True)
class Funnel:
    started: int  # a case exists once the intake is done
    steps: dict[str, int]  # step → cases with it done, in STEPS order
    completed: int  # all four done


@dataclass(frozen=True, slots=True)
class StaffStats:
    scope: tuple[str, ...] | None
    today: date
    weeks: list[WeekCount]  # oldest first, the current week last
    funnel: Funnel
    waves: list[WaveStats]  # follow-up waves (30/90/180 days), each per target group

    @property
    def empty(self) -> bool:
        return not any(w.created for w in self.weeks) and not self.funnel.started and not self.waves

    @property
    def scope_name(self) -> str:
        return "、".join(self.scope or ()) or st.CITYWIDE


async def collect(
    session: AsyncSession, *, now: datetime, tz: ZoneInfo, districts: Sequence[str] | None = None
) -> StaffStats:
    scope = tuple(districts) if districts is not None else None
    today = now.astimezone(tz).date()
    surveys = await survey_stats.load_rows(session, tz=tz, districts=scope)
    return StaffStats(
        scope=scope,
        today=today,
        weeks=await _weeks(session, today, tz, scope),
        funnel=await _funnel(session, scope),
        # Pure arithmetic, about 1 s per 100,000 surveys: in a thread, so other people's updates keep flowing.
        waves=await asyncio.to_thread(survey_stats.tally, surveys),
    )


async def _weeks(session: AsyncSession, today: date, tz: ZoneInfo, scope: tuple[str, ...] | None) -> list[WeekCount]:
    first = today - timedelta(days=today.weekday() + 7 * (WEEKS - 1))  # Monday, 11 weeks before this one
    query = (
        select(Enrolment.created_at, Enrolment.status)
        .join(CourseRow, CourseRow.id == Enrolment.course_id)
        .where(Enrolment.created_at >= datetime.combine(first, time.min, tz))
    )
    if scope is not None:
        query = query.where(CourseRow.district.in_(scope))
    created = [0] * WEEKS
    confirmed = [0] * WEEKS
    # Bucketed here rather than in SQL: week arithmetic on local days differs between SQLite and PostgreSQL.
    for at, status in await session.execute(query):
        index = (at.astimezone(tz).date() - first).days // 7
        if 0 <= index < WEEKS:
            created[index] += 1
            confirmed[index] += status == "confirmed"
    return [WeekCount(first + timedelta(weeks=i), created[i], confirmed[i]) for i in range(WEEKS)]


async def _funnel(session: AsyncSession, scope: tuple[str, ...] | None) -> Funnel:
    columns = [getattr(ServiceCase, f"{step}_done_at") for step in STEPS]
    # count(column) counts the non-NULL values: one row for the whole funnel.
    query = select(func.count(ServiceCase.id), *map(func.count, columns), func.count(ServiceCase.completed_at))
    if scope is not None:
        query = query.join(User, User.id == ServiceCase.user_id).where(User.district.in_(scope))
    started, *done, completed = (await session.execute(query)).one()
    return Funnel(started, dict(zip(STEPS, done, strict=True)), completed)


def summary_text(stats: StaffStats) -> str:
    """The message under the chart (HTML, may exceed one message); all figures, so it stands without the picture."""
    scope = esc(stats.scope_name)
    lines = [st.STATS_SUMMARY_HEADER.format(scope=scope, today=stats.today)]
    lines.append(
        st.STATS_ENROLMENTS.format(
            created=sum(w.created for w in stats.weeks), confirmed=sum(w.confirmed for w in stats.weeks)
        )
    )
    busy = [w for w in stats.weeks if w.created]
    lines += [
        st.STATS_WEEK_LINE.format(
            week=w.iso_week, monday=w.monday.strftime("%m-%d"), created=w.created, confirmed=w.confirmed
        )
        for w in busy
    ] or [st.STATS_NO_ENROLMENTS]
    f = stats.funnel
    lines.append(st.STATS_FUNNEL)
    lines.append(st.STATS_FUNNEL_LINE.format(started=f.started, **f.steps))
    lines.append(st.STATS_FUNNEL_DONE.format(completed=f.completed, share=percent(share(f.completed, f.started))))
    lines.append(st.STATS_WAVES)
    lines += telegram_lines(stats.waves) or [st.STATS_NO_WAVES]
    if stats.waves:
        lines += [st.STATS_DEFINITIONS_HEAD, *(f"  {esc(line)}" for line in definitions())]
    return "\n".join(lines)
