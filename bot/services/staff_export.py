"""The staff workbook behind /export: enrolments, the 1131 ledger, survey answers and the per-group outcome
figures with their definitions, in one XLSX.

Everything is limited to the staff member's districts (enrolments and surveys by the course's district, the
ledger by the person's). Phone numbers never appear: none are selected, and free text is masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.logging_setup import mask_phones
from bot.services.ledger_export import write_ledger
from bot.services.ledger_text import verification
from bot.services.outcome_report import definitions, group_rows
from bot.services.survey_stats import load_rows, tally
from bot.services.xlsx_safe import save_safely
from bot.texts import stats as st
from bot.texts import survey as sv
from bot.texts.marks import mark_sample
from catalog import outcomes
from storage import cases, identity
from storage.catalogue_rows import sample_refs
from storage.models import CourseRow, User
from storage.models_schedule import SurveyResponse
from storage.models_service import Enrolment

if TYPE_CHECKING:  # openpyxl (and numpy with it) is loaded by an export, not at start
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True, slots=True)
class Export:
    xlsx: bytes
    enrolments: int
    ledger: int
    surveys: int


def _local(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


async def build(
    session: AsyncSession, *, start: date, end: date, tz: ZoneInfo, districts: Sequence[str] | None = None
) -> Export:
    """Rows dated from `start` to `end` inclusive, local days (enrolments created, ledger rows, surveys sent)."""
    since = datetime.combine(start, time.min, tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tz)
    scope = list(districts) if districts is not None else None
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = st.SHEET_ENROLMENTS
    enrolled = await _enrolments(session, sheet, since, until, tz, scope)
    ledger = await cases.ledger(session, since, until, scope)
    write_ledger(book.create_sheet(st.SHEET_LEDGER), ledger, tz, await sample_refs(session))
    surveys = await _surveys(session, book.create_sheet(st.SHEET_SURVEYS), since, until, tz, scope)
    await _group_sheets(session, book, start, end, tz, scope)
    out = BytesIO()
    save_safely(book, out)
    return Export(out.getvalue(), enrolled, len(ledger), surveys)


async def _enrolments(
    session: AsyncSession, sheet: Worksheet, since: datetime, until: datetime, tz: ZoneInfo, scope: list[str] | None
) -> int:
    query = (
        select(Enrolment, CourseRow.code, CourseRow.title, CourseRow.sample, CourseRow.district, User.display_name)
        .join(CourseRow, CourseRow.id == Enrolment.course_id)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.created_at >= since, Enrolment.created_at < until)
        .order_by(Enrolment.created_at, Enrolment.id)
    )
    if scope is not None:
        query = query.where(CourseRow.district.in_(scope))
    sheet.append(st.ENROLMENT_HEADERS)
    found = (await session.execute(query)).all()
    verified = await identity.verified_at(session, (row[0].user_id for row in found))
    for e, code, title, sample, district, name in found:
        status = st.ENROLMENT_STATUS.get(e.status, e.status)
        checked = verification(verified.get(e.user_id), tz)
        created = _local(e.created_at, tz)
        title = mark_sample(title, sample)
        sheet.append([e.id, code, title, district, mask_phones(name), e.user_id, status, created, *checked])
    return len(found)


async def _surveys(
    session: AsyncSession, sheet: Worksheet, since: datetime, until: datetime, tz: ZoneInfo, scope: list[str] | None
) -> int:
    query = (
        select(SurveyResponse, CourseRow.code, CourseRow.title, CourseRow.sample, CourseRow.district, User.display_name)
        .join(Enrolment, Enrolment.id == SurveyResponse.enrolment_id)
        .join(CourseRow, CourseRow.id == Enrolment.course_id)
        .join(User, User.id == SurveyResponse.user_id)
        .where(SurveyResponse.sent_at >= since, SurveyResponse.sent_at < until)
        .order_by(SurveyResponse.wave, SurveyResponse.sent_at, SurveyResponse.id)  # grouped per wave
    )
    if scope is not None:
        query = query.where(CourseRow.district.in_(scope))
    sheet.append(st.SURVEY_HEADERS)
    count = 0
    for r, code, title, sample, district, name in await session.execute(query):
        count += 1
        sheet.append(
            [
                r.wave,
                r.enrolment_id,
                code,
                mark_sample(title, sample),
                district,
                mask_phones(name),
                r.user_id,
                r.group or "",
                _local(r.sent_at, tz),
                sv.FINISHED.get(r.finished or "", ""),
                sv.CERTIFICATE.get(r.certificate or "", ""),
                (sv.WORK | sv.WORK_LEGACY).get(r.employment or "", r.employment or ""),
                _yes_no(outcomes.is_working(r.employment)) if r.employment else "",
                sv.INSURANCE.get(r.insurance or "", ""),
                sv.MONTHS.get(r.months_in_job or "", ""),
                _yes_no(outcomes.is_stable(r.employment, r.insurance)) if r.employment else "",
                sv.INCOME.get(outcomes.income_now(r.employment, r.income_band) or "", ""),
                sv.INCOME.get(r.income_before or "", ""),
                r.usefulness,
                mask_phones(r.comment or ""),  # people sometimes leave a number to be called back
                _local(r.answered_at, tz),
            ]
        )
    return count


def _yes_no(value: bool | None) -> str:
    return {True: st.YES, False: st.NO, None: st.UNKNOWN}[value]


async def _group_sheets(
    session: AsyncSession, book: Workbook, start: date, end: date, tz: ZoneInfo, scope: list[str] | None
) -> None:
    """The per-group table of each wave (the same figures as /stats, for surveys sent in the period) and how
    each figure is counted."""
    sheet = book.create_sheet(st.SHEET_GROUPS)
    for wave in tally(await load_rows(session, start=start, end=end, tz=tz, districts=scope)):
        sheet.append([st.GROUPS_WAVE_TITLE.format(wave=wave.wave)])
        for row in group_rows(wave):
            sheet.append(row)
        sheet.append([])
    notes = book.create_sheet(st.SHEET_DEFINITIONS)
    for line in definitions():
        notes.append([line])
