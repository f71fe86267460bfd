"""Import the subsidised-course catalogue from CSV/XLSX files staff upload or keep on disk.

A file is accepted whole or not at all: any error yields no courses and the full list of errors
(RowError: row, column, code, value) for the bot to render. Malformed input never raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from catalog.importer_columns import COLUMNS, KEPT_WHEN_ABSENT, MIN_HEADER_MATCHES, count_known, map_header
from catalog.importer_errors import ImportErrorCode, ImportResult, RowError, clip, file_error
from catalog.importer_rows import build_course
from catalog.importer_tabular import MAX_FILE_BYTES, MAX_ROWS, Table, read_table
from catalog.importer_values import text
from catalog.importer_writer import write_courses_csv, write_courses_xlsx
from catalog.model import Course

__all__ = [
    "COLUMNS",
    "MAX_ERRORS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ImportErrorCode",
    "ImportResult",
    "RowError",
    "parse_courses_bytes",
    "read_courses",
    "write_courses_csv",
    "write_courses_xlsx",
]

# Errors kept per file; beyond this one TOO_MANY_ERRORS entry carries the total count.
MAX_ERRORS = 1000
# A title line or two may sit above the header; it is looked for in this many first rows.
HEADER_SEARCH_ROWS = 10


def _header_index(rows: Sequence[tuple[int, list[object]]]) -> int:
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if count_known(cells) >= MIN_HEADER_MATCHES:
            return index
    return 0


def _cap(errors: list[RowError]) -> tuple[RowError, ...]:
    if len(errors) <= MAX_ERRORS:
        return tuple(errors)
    return (*errors[:MAX_ERRORS], file_error(ImportErrorCode.TOO_MANY_ERRORS, len(errors)))


def parse_courses_bytes(data: bytes, filename: str) -> ImportResult:
    """Parse an uploaded catalogue; the format comes from the filename's extension (.csv or .xlsx)."""
    return parse_courses_table(read_table(data, filename))


def parse_courses_table(table: Table) -> ImportResult:
    """Courses from rows already read (so a caller that needs the rows too reads the file once)."""
    if table.errors:
        return ImportResult.failed(table.errors)
    start = _header_index(table.rows)
    header_number, header_cells = table.rows[start]
    header = map_header(header_number, header_cells)
    if header.errors:
        return ImportResult.failed(header.errors, header.ignored)
    data_rows = table.rows[start + 1 :]
    if not data_rows:
        return ImportResult.failed([file_error(ImportErrorCode.EMPTY_FILE)], header.ignored)
    if len(data_rows) > MAX_ROWS:
        return ImportResult.failed([file_error(ImportErrorCode.TOO_MANY_ROWS, MAX_ROWS)], header.ignored)

    courses: list[Course] = []
    errors: list[RowError] = []
    seen_codes: set[str] = set()
    code_index, code_header = header.positions["code"]
    for number, cells in data_rows:
        built = build_course(number, cells, header)
        if isinstance(built, list):
            errors.extend(built)
        else:
            courses.append(built)
        code = text(cells[code_index]) if code_index < len(cells) else ""
        if code and code.casefold() in seen_codes:
            errors.append(RowError(number, code_header, ImportErrorCode.DUPLICATE_CODE, clip(code)))
        seen_codes.add(code.casefold())
    if errors:
        return ImportResult.failed(_cap(errors), header.ignored)
    unstated = tuple(key for key in KEPT_WHEN_ABSENT if key not in header.positions)
    return ImportResult(tuple(courses), (), header.ignored, unstated)


def read_courses(path: Path) -> ImportResult:
    """Read a catalogue file from disk (.csv or .xlsx); an unreadable path is reported, not raised."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return ImportResult.failed([file_error(ImportErrorCode.FILE_TOO_LARGE, MAX_FILE_BYTES)])
        data = path.read_bytes()
    except OSError:
        return ImportResult.failed([file_error(ImportErrorCode.UNREADABLE_FILE, path.name)])
    return parse_courses_bytes(data, path.name)
