"""Cell parsers for catalogue imports. Each raises ValueProblem(code) on bad input."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime

from catalog.importer_errors import ImportErrorCode


class ValueProblem(Exception):
    def __init__(self, code: ImportErrorCode) -> None:
        super().__init__(code)
        self.code = code


def text(cell: object) -> str:
    """A cell as trimmed text; whole floats lose their '.0' (Excel stores numbers as floats)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


def _fold(cell: object) -> str:
    """Text with full-width digits/letters/punctuation made ASCII and all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text(cell)))


_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
MIN_YEAR, MAX_YEAR = 2000, 2100


def parse_date(cell: object) -> date:
    """2026-12-01, 2026/12/1, 2026.12.01, 2026年12月1日, 20261201, or a date/datetime cell."""
    if isinstance(cell, datetime):
        day = cell.date()
    elif isinstance(cell, date):
        day = cell
    elif isinstance(cell, str):
        folded = unicodedata.normalize("NFKC", cell).strip()
        match = _DATE.fullmatch(folded) or _COMPACT_DATE.fullmatch(folded)
        if match is None:
            raise ValueProblem(ImportErrorCode.BAD_DATE)
        try:
            day = date(*(int(part) for part in match.groups()))
        except ValueError:
            raise ValueProblem(ImportErrorCode.NO_SUCH_DATE) from None
    else:
        raise ValueProblem(ImportErrorCode.BAD_DATE)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueProblem(ImportErrorCode.BAD_DATE)
    return day


_UNIT_SUFFIX = re.compile(r"(?:元/人|元/人次|元|课时|学时|人次|人|名|个)$")
_CURRENCY_PREFIX = re.compile(r"^[¥$]|^RMB", re.IGNORECASE)
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
FREE_WORDS = frozenset({"免费", "无", "不收费", "免费培训"})


def _number(cell: object) -> float:
    if isinstance(cell, bool):
        raise ValueProblem(ImportErrorCode.BAD_NUMBER)
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        folded = _CURRENCY_PREFIX.sub("", _UNIT_SUFFIX.sub("", _fold(cell)))
        if _GROUPED.fullmatch(folded):
            folded = folded.replace(",", "")
        if not _NUMBER.fullmatch(folded):
            raise ValueProblem(ImportErrorCode.BAD_NUMBER)
        value = float(folded)
    if not math.isfinite(value):
        raise ValueProblem(ImportErrorCode.BAD_NUMBER)
    return value


def parse_int(cell: object, *, free_means_zero: bool = False) -> int:
    """Whole number; '元'/'课时'/'人' suffixes and thousands separators allowed; '免费' is 0 when asked."""
    if free_means_zero and _fold(cell) in FREE_WORDS:
        return 0
    value = _number(cell)
    if not value.is_integer():
        raise ValueProblem(ImportErrorCode.BAD_NUMBER)
    return int(value)


def parse_float(cell: object) -> float:
    """Decimal number such as a coordinate; a trailing degree sign is allowed."""
    if isinstance(cell, str):
        cell = _fold(cell).removesuffix("°")
    return _number(cell)


_SEPARATORS = re.compile(r"[、，,;；/\n\r]+")
_SEPARATORS_OR_SPACE = re.compile(r"[、，,;；/\s]+")


def split_list(cell: object, *, split_spaces: bool = False) -> tuple[str, ...]:
    """Items separated by 、 ， , ; ； / or line breaks (and spaces if asked), trimmed, de-duplicated."""
    pattern = _SEPARATORS_OR_SPACE if split_spaces else _SEPARATORS
    items: list[str] = []
    for raw in pattern.split(text(cell)):
        item = raw.strip()
        if item and item not in items:
            items.append(item)
    return tuple(items)
