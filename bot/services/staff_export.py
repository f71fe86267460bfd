"""The staff workbook behind /export: enrolments, the 1131 ledger and survey answers, in one XLSX.

Everything is limited to the staff member's districts (enrolments and surveys by the course's district, the
ledger by the person's). Phone numbers never appear: none are selected, and free text is masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.logging_setup import mask_phones
from bot.services.ledger_export import write_ledger
from bot.texts import stats as st
from storage import cases
from storage.models import CourseRow, User
from storage.models_schedule import SurveyResponse
from storage.models_service import Enrolment


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
    book = Workbook()
    sheet = book.active
    sheet.title = st.SHEET_ENROLMENTS
    enrolled = await _enrolments(session, sheet, since, until, tz, scope)
    ledger = await cases.ledger(session, since, until, scope)
    write_ledger(book.create_sheet(st.SHEET_LEDGER), ledger, tz)
    surveys = await _surveys(session, book.create_sheet(st.SHEET_SURVEYS), since, until, tz, scope)
    out = BytesIO()
    book.save(out)
    return Export(out.getvalue(), enrolled, len(ledger), surveys)


async def _enrolments(
    session: AsyncSession, sheet: Worksheet, since: datetime, until: datetime, tz: ZoneInfo, scope: list[str] | None
) -> int:
    query = (
        select(Enrolment, CourseRow.code, CourseRow.title, CourseRow.district, User.display_name)
        .join(CourseRow, CourseRow.id == Enrolment.course_id)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.created_at >= since, Enrolment.created_at < until)
        .order_by(Enrolment.created_at, Enrolment.id)
    )
    if scope is not None:
        query = query.where(CourseRow.district.in_(scope))
    sheet.append(st.ENROLMENT_HEADERS)
    count = 0
    for e, code, title, district, name in await session.execute(query):
        count += 1
        status = st.ENROLMENT_STATUS.get(e.status, e.status)
        sheet.append([e.id, code, title, district, mask_phones(name), e.user_id, status, _local(e.created_at, tz)])
    return count


async def _surveys(
    session: AsyncSession, sheet: Worksheet, since: datetime, until: datetime, tz: ZoneInfo, scope: list[str] | None
) -> int:
    query = (
        select(SurveyResponse, CourseRow.code, CourseRow.title, CourseRow.district, User.display_name)
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
    for r, code, title, district, name in await session.execute(query):
        count += 1
        employed = "" if r.employment is None else (st.YES if r.employment in texts.EMPLOYED_OPTIONS else st.NO)
        sheet.append(
            [
                r.wave,
                r.enrolment_id,
                code,
                title,
                district,
                mask_phones(name),
                r.user_id,
                _local(r.sent_at, tz),
                r.employment or "",
                employed,
                r.income_band or "",
                r.usefulness,
                mask_phones(r.comment or ""),  # people sometimes leave a number to be called back
                _local(r.answered_at, tz),
            ]
        )
    return count
