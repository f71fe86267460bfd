"""Structured results of a catalogue import: error codes and per-cell errors, no user-facing text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from catalog.model import Course

# Longest offending value kept in an error, so a huge cell cannot flood a chat message.
MAX_ERROR_VALUE = 50


class ImportErrorCode(StrEnum):
    # File-level problems (row 0, column '').
    EMPTY_FILE = "empty_file"
    FILE_TOO_LARGE = "file_too_large"
    TOO_MANY_ROWS = "too_many_rows"
    TOO_MANY_ERRORS = "too_many_errors"
    UNSUPPORTED_FORMAT = "unsupported_format"
    BAD_ENCODING = "bad_encoding"
    UNREADABLE_FILE = "unreadable_file"
    WORKBOOK_TOO_LARGE = "workbook_too_large"  # unpacked parts too big (a zip bomb, a giant cell)
    SHEET_TOO_LARGE = "sheet_too_large"  # the sheet's recorded range is far beyond a catalogue
    CELL_TOO_LONG = "cell_too_long"
    # Header problems (row = header row).
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    # Cell problems.
    MISSING_VALUE = "missing_value"
    VALUE_TOO_LONG = "value_too_long"
    BAD_DATE = "bad_date"
    NO_SUCH_DATE = "no_such_date"  # well written, but the day does not exist (2026-02-30)
    BAD_NUMBER = "bad_number"
    OUT_OF_RANGE = "out_of_range"
    BAD_COORDINATES = "bad_coordinates"
    UNKNOWN_DISTRICT = "unknown_district"
    UNKNOWN_LEVEL = "unknown_level"
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_GROUP = "unknown_group"
    END_BEFORE_START = "end_before_start"
    DUPLICATE_CODE = "duplicate_code"


def clip(value: object) -> str:
    """Offending value as text, cut to MAX_ERROR_VALUE characters."""
    text = "" if value is None else str(value)
    if len(text) > MAX_ERROR_VALUE:
        return text[: MAX_ERROR_VALUE - 1] + "…"
    return text


@dataclass(frozen=True, slots=True)
class RowError:
    # 1-based spreadsheet row (the header row is usually 1); 0 for a file-level problem.
    row: int
    # The header as written in the file; the canonical Chinese header for MISSING_COLUMN; '' for file level.
    column: str
    code: ImportErrorCode
    # Offending value (clipped); for limits (FILE_TOO_LARGE, TOO_MANY_ROWS, ...) the limit itself.
    value: str = ""


def file_error(code: ImportErrorCode, value: object = "") -> RowError:
    return RowError(0, "", code, clip(value))


@dataclass(frozen=True, slots=True)
class ImportResult:
    courses: tuple[Course, ...]
    errors: tuple[RowError, ...]
    # Headers present in the file that matched no known column; they are skipped, not errors.
    ignored_columns: tuple[str, ...] = ()
    # Fields the file does not state (KEPT_WHEN_ABSENT columns it lacks): a class already stored keeps its value.
    unstated: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @classmethod
    def failed(cls, errors: Iterable[RowError], ignored: tuple[str, ...] = ()) -> ImportResult:
        return cls((), tuple(errors), ignored)
