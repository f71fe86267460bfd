"""The /newclass form's rules: every answer is checked by the importer's own row validation, so a class typed
in the chat and one in an uploaded file are held to the same rules.

An answer is checked alone by putting it in a row whose other cells are known-good stand-ins (or the answers
given so far, so 结业日期 is compared with 开班日期); the finished form is checked again as one whole row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.services.publish_class import ROW_HEADER, check_row
from bot.texts import esc
from bot.texts import publish as pt
from catalog.districts import DISTRICTS, district
from catalog.groups import GROUPS
from catalog.importer import RowError
from catalog.importer_values import ValueProblem, parse_date
from catalog.importer_vocab import resolve_district
from catalog.model import CATEGORIES, LEVELS, Course
from storage.models import CourseRow

FIELDS: tuple[str, ...] = (
    "title", "occupation", "level", "category", "district", "provider", "address", "start_date", "end_date",
    "hours", "capacity", "subsidy_yuan", "fee_yuan", "eligible_groups", "contact", "description",
)  # fmt: skip
OPTIONAL = frozenset({"description"})
DATE_FIELDS = frozenset({"start_date", "end_date"})
PICK_FIELDS = frozenset({"level", "category", "district"})
MULTI_FIELDS = frozenset({"eligible_groups"})
CODE_PREFIX = "TG"
PLACEHOLDERS: Mapping[str, object] = {
    "code": CODE_PREFIX, "title": "-", "occupation": "-", "level": LEVELS[0], "category": CATEGORIES[0],
    "provider": "-", "district": DISTRICTS[0].name, "address": "-", "start_date": "2000-01-01",
    "end_date": "2100-12-31", "hours": 1, "capacity": 1, "subsidy_yuan": 0, "fee_yuan": 0,
    "eligible_groups": GROUPS[0], "contact": "-",
}  # fmt: skip
_KEY_OF_HEADER = {header: key for key, (_, header) in ROW_HEADER.positions.items()}
_SHORT_DATE = re.compile(r"(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?")


def choices(key: str, scope: tuple[str, ...] | None) -> tuple[str, ...]:
    if key == "district":
        return scope or tuple(d.name for d in DISTRICTS)
    return {"level": LEVELS, "category": CATEGORIES, "eligible_groups": GROUPS}.get(key, ())


def normalize_date(raw: str, today: date) -> str:
    """'12月1日' or '12-1' means the next such day from today; anything else goes to the importer as typed."""
    match = _SHORT_DATE.fullmatch(unicodedata.normalize("NFKC", raw).strip())
    if match is None:
        return raw
    month, day = (int(part) for part in match.groups())
    try:
        found = date(today.year, month, day)
        return (found if found >= today else date(today.year + 1, month, day)).isoformat()
    except ValueError:  # e.g. 2月30日: given a year, so the importer says that day does not exist
        return f"{today.year}-{month:02d}-{day:02d}"


def error_text(error: RowError) -> str:
    template = texts.IMPORT_ERRORS.get(error.code.value, error.code.value)
    return pt.FORM_BAD_VALUE.format(message=template.format(value=esc(error.value)))


def _extra_rules(key: str, value: object, scope: tuple[str, ...] | None, today: date) -> str | None:
    """What the form adds to the importer: no dates in the past, only the member's districts."""
    if key in DATE_FIELDS:
        try:
            if parse_date(value) < today:
                return pt.FORM_DATE_PAST.format(today=today.isoformat())
        except ValueProblem:
            return None  # already reported by the importer
    if key == "district" and scope is not None and resolve_district(str(value)) not in scope:
        return pt.FORM_NOT_SCOPE.format(scope=esc("、".join(scope)))
    return None


def check_answer(
    key: str, raw: object, answers: Mapping[str, object], *, scope: tuple[str, ...] | None, today: date
) -> tuple[object, str | None]:
    """(the value to keep, None) or (None, what is wrong with it)."""
    value = normalize_date(raw.strip(), today) if isinstance(raw, str) and key in DATE_FIELDS else raw
    if isinstance(value, str):
        value = value.strip()
    result = check_row({**PLACEHOLDERS, **answers, key: value})
    header = ROW_HEADER.header(key)
    errors = [e for e in result if e.column == header] if isinstance(result, list) else []
    if errors:
        return None, error_text(errors[0])
    problem = _extra_rules(key, value, scope, today)
    return (None, problem) if problem else (value, None)


def build(
    answers: Mapping[str, object], code: str, *, scope: tuple[str, ...] | None, today: date
) -> Course | tuple[str, str]:
    """The finished class, or (the field to ask again, why): the whole row is checked once more, since a
    restart may have moved 'today' past the start date, or going back may have changed an earlier answer."""
    result = check_row({**answers, "code": code})
    if isinstance(result, list):
        first = result[0]
        return _KEY_OF_HEADER.get(first.column, FIELDS[0]), error_text(first)
    for key in ("district", "start_date"):
        problem = _extra_rules(key, getattr(result, key), scope, today)
        if problem:
            return key, problem
    if result.lat is None or result.lon is None:
        # No map pin in a chat form: the district's centre keeps the class in "nearby" lists (roughly placed).
        centre = district(result.district)
        result = replace(result, lat=centre.lat, lon=centre.lon)
    return result


async def next_code(session: AsyncSession, today: date) -> str:
    """TG + date + a two-digit sequence of the day (TG2026112301, TG2026112302, …)."""
    prefix = f"{CODE_PREFIX}{today:%Y%m%d}"
    taken = await session.scalars(select(CourseRow.code).where(CourseRow.code.like(f"{prefix}%")))
    numbers = [int(c[len(prefix) :]) for c in taken if c[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


_RANGE_SPLIT = re.compile(r"\s*(?:至|到|~|～|—|–)\s*|\s+")


def parse_range(raw: str, today: date) -> tuple[str, str] | None:
    """'2026-12-07 至 2026-12-25', '12月7日到12月25日' or two dates separated by a space: (start, end) as typed
    (short forms completed); the importer judges them."""
    parts = [p for p in _RANGE_SPLIT.split(raw.strip()) if p]
    if len(parts) != 2:
        return None
    return normalize_date(parts[0], today), normalize_date(parts[1], today)


def edit_problem(old: Course, start: date, end: date, today: date) -> str | None:
    """An edit may keep a start already passed (a running class), but never move a date into the past."""
    for new, previous in ((start, old.start_date), (end, None)):
        if new < today and new != previous:
            return pt.FORM_DATE_PAST.format(today=today.isoformat())
    return None
