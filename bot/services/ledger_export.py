"""Writes the 1131 ledger (and each person's progress) to an XLSX file for staff."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.logging_setup import mask_phones
from bot.services.ledger_text import actor_text, detail_text, verification
from bot.services.xlsx_safe import save_safely
from bot.texts.marks import mark_sample
from storage import cases, identity
from storage.catalogue_rows import SampleRefs, sample_refs
from storage.models import User
from storage.models_service import ServiceCase

if TYPE_CHECKING:  # openpyxl (and numpy with it) is loaded by an export, not at start
    from openpyxl.worksheet.worksheet import Worksheet


def _local(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def write_ledger(sheet: Worksheet, rows: Iterable[cases.LedgerRow], tz: ZoneInfo, samples: SampleRefs) -> None:
    """Headers and one line per ledger row; shared by the CLI export and the staff `/export` workbook. A row about
    a sample course, job posting or enrolment on a sample course has its details marked 示例."""
    sheet.append(texts.LEDGER_HEADERS)
    for r in rows:
        sheet.append(
            [
                _local(r.at, tz),
                r.user_id,
                mask_phones(r.display_name),
                r.group or "",
                r.district or "",
                texts.LEDGER_STEPS.get(r.step, r.step),
                texts.LEDGER_ACTIONS.get(r.action, r.action),
                # Typed answers (last job, wanted work) are free text: a number typed there is masked too.
                mark_sample(mask_phones(detail_text(r.detail)), samples.named_in(r.detail)),
                mask_phones(actor_text(r)),
                *verification(r.verified_at, tz),
            ]
        )


async def export_ledger(
    session: AsyncSession, path: Path, *, start: date, end: date, tz: ZoneInfo, districts: Sequence[str] = ()
) -> tuple[int, int]:
    """Rows dated from `start` to `end` inclusive (local days). Returns (ledger rows, cases) written."""
    since = datetime.combine(start, time.min, tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tz)
    rows = await cases.ledger(session, since, until, districts or None)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = texts.LEDGER_SHEET
    write_ledger(sheet, rows, tz, await sample_refs(session))
    people = book.create_sheet(texts.CASES_SHEET)
    people.append(texts.CASES_HEADERS)
    query = select(ServiceCase, User).join(User, User.id == ServiceCase.user_id).order_by(ServiceCase.id)
    if districts:
        query = query.where(User.district.in_(list(districts)))
    found = (await session.execute(query)).all()
    verified = await identity.verified_at(session, (user.id for _, user in found))
    for case, user in found:
        people.append(
            [
                user.id,
                user.display_name,
                user.group or "",
                user.district or "",
                _local(case.intake_done_at, tz),
                *(_local(cases.step_done_at(case, step), tz) for step in cases.STEPS),
                _local(case.completed_at, tz),
                *verification(verified.get(user.id), tz),
            ]
        )
    save_safely(book, path)
    return len(rows), len(found)
