"""Import job postings from CSV/XLSX with the course importer's machinery (writers live in catalog.jobs).

Same contract as catalog.importer: a file is accepted whole or not at all, errors are RowError values with
ImportErrorCode codes, malformed input never raises. Only the header mapping and row checks are job-specific.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from catalog import importer_vocab as vocab
from catalog.importer import HEADER_SEARCH_ROWS, MAX_FILE_BYTES, MAX_ROWS, _cap
from catalog.importer_columns import _BRACKETED, HeaderMap, normalize_header
from catalog.importer_errors import ImportErrorCode, RowError, clip, file_error
from catalog.importer_rows import _Row
from catalog.importer_tabular import read_table
from catalog.importer_values import parse_date, parse_int, split_list, text
from catalog.jobs import JOB_COLUMNS, NO, OPTIONAL_JOB_COLUMNS, YES, JobPosting, write_jobs_csv, write_jobs_xlsx

__all__ = ["JOB_COLUMNS", "ImportErrorCode", "JobImportResult", "RowError", "parse_jobs_bytes", "read_jobs",
           "write_jobs_csv", "write_jobs_xlsx"]

SALARY_RANGE = (1, 200_000)  # yuan per month
MAX_REQUIREMENTS_LENGTH = 1000
MIN_HEADER_MATCHES = 3
_YES = frozenset({YES, "兼职", "y", "yes", "true", "1", "√"})
_NO = frozenset({NO, "全职", "n", "no", "false", "0", ""})
_PER_MONTH = re.compile(r"(?:/|每)月$")
_INDEX = {normalize_header(name): key for key, names in JOB_COLUMNS.items() for name in (key, *names)}


def job_column_key(header: object) -> str | None:
    norm = normalize_header(header)
    return (_INDEX.get(norm) or _INDEX.get(_BRACKETED.sub("", norm))) if norm else None


def map_job_header(row: int, cells: Sequence[object]) -> HeaderMap:
    positions: dict[str, tuple[int, str]] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for index, cell in enumerate(cells):
        written = "" if cell is None else str(cell).strip()
        key = job_column_key(written)
        if key is None:
            ignored.extend([clip(written)] if written else [])
        elif key in positions:
            errors.append(RowError(row, clip(written), ImportErrorCode.DUPLICATE_COLUMN, clip(written)))
        else:
            positions[key] = (index, written)
    for key in (k for k in JOB_COLUMNS if k not in OPTIONAL_JOB_COLUMNS and k not in positions):
        errors.append(RowError(row, JOB_COLUMNS[key][0], ImportErrorCode.MISSING_COLUMN, ""))
    return HeaderMap(row, MappingProxyType(positions), tuple(ignored), tuple(errors))


def parse_salary(cell: object) -> int:
    """Yuan per month: '5000', '5,000元', '5000元/月' (raises ValueProblem like the other parsers)."""
    if isinstance(cell, str):
        cell = _PER_MONTH.sub("", unicodedata.normalize("NFKC", cell).strip())
    return parse_int(cell)


class _JobRow(_Row):
    def salary(self, key: str) -> int:
        value = self.parsed(key, parse_salary)
        if value is not None and not SALARY_RANGE[0] <= value <= SALARY_RANGE[1]:
            self.fail(key, ImportErrorCode.OUT_OF_RANGE, text(self.raw(key)))
        return value or 0

    def part_time(self) -> bool:
        value = text(self.raw("part_time")).casefold()
        if value not in _YES | _NO:  # no boolean code exists; a value outside 是/否 is out of range
            self.fail("part_time", ImportErrorCode.OUT_OF_RANGE, text(self.raw("part_time")))
        return value in _YES

    def requirements(self) -> str:
        value = text(self.raw("requirements"))
        if len(value) > MAX_REQUIREMENTS_LENGTH:
            self.fail("requirements", ImportErrorCode.VALUE_TOO_LONG, value)
        return value


def build_job(number: int, cells: Sequence[object], header: HeaderMap) -> JobPosting | list[RowError]:
    row = _JobRow(number, cells, header)
    low, high = row.salary("salary_min"), row.salary("salary_max")
    if low and high and low > high:
        row.fail("salary_max", ImportErrorCode.OUT_OF_RANGE, text(row.raw("salary_max")))
    lat, lon = row.coordinates()
    keywords = split_list(row.raw("keywords"))
    for keyword in (k for k in keywords if len(k) > vocab.MAX_KEYWORD_LENGTH):
        row.fail("keywords", ImportErrorCode.VALUE_TOO_LONG, keyword)
    job = JobPosting(
        code=row.string("code"), title=row.string("title"), employer=row.string("employer"),
        occupation=row.string("occupation"),
        district=row.lookup("district", vocab.resolve_district, ImportErrorCode.UNKNOWN_DISTRICT),
        address=row.string("address"), lat=lat, lon=lon, salary_min=low, salary_max=high,
        requirements=row.requirements(), contact=row.string("contact"),
        valid_until=row.parsed("valid_until", parse_date), part_time=row.part_time(), keywords=keywords,
    )
    return row.errors or job


@dataclass(frozen=True, slots=True)
class JobImportResult:
    jobs: tuple[JobPosting, ...]
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @classmethod
    def failed(cls, errors: Iterable[RowError], ignored: tuple[str, ...] = ()) -> JobImportResult:
        return cls((), tuple(errors), ignored)


def parse_jobs_bytes(data: bytes, filename: str) -> JobImportResult:
    """Parse an uploaded job list; the format comes from the filename's extension (.csv or .xlsx)."""
    table = read_table(data, filename)
    if table.errors:
        return JobImportResult.failed(table.errors)
    known = [len({job_column_key(c) for c in cells} - {None}) for _, cells in table.rows[:HEADER_SEARCH_ROWS]]
    start = next((i for i, n in enumerate(known) if n >= MIN_HEADER_MATCHES), 0)
    header = map_job_header(*table.rows[start])
    if header.errors:
        return JobImportResult.failed(header.errors, header.ignored)
    data_rows = table.rows[start + 1 :]
    if not data_rows:
        return JobImportResult.failed([file_error(ImportErrorCode.EMPTY_FILE)], header.ignored)
    if len(data_rows) > MAX_ROWS:
        return JobImportResult.failed([file_error(ImportErrorCode.TOO_MANY_ROWS, MAX_ROWS)], header.ignored)
    jobs: list[JobPosting] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    code_index, code_header = header.positions["code"]
    for number, cells in data_rows:
        built = build_job(number, cells, header)
        if isinstance(built, list):
            errors.extend(built)
        else:
            jobs.append(built)
        code = text(cells[code_index]).casefold() if code_index < len(cells) else ""
        if code and code in seen:
            errors.append(RowError(number, code_header, ImportErrorCode.DUPLICATE_CODE, clip(text(cells[code_index]))))
        seen.add(code)
    if errors:
        return JobImportResult.failed(_cap(errors), header.ignored)
    return JobImportResult(tuple(jobs), (), header.ignored)


def read_jobs(path: Path) -> JobImportResult:
    """Read a job file from disk (.csv or .xlsx); an unreadable path is reported, not raised."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return JobImportResult.failed([file_error(ImportErrorCode.FILE_TOO_LARGE, MAX_FILE_BYTES)])
        data = path.read_bytes()
    except OSError:
        return JobImportResult.failed([file_error(ImportErrorCode.UNREADABLE_FILE, path.name)])
    return parse_jobs_bytes(data, path.name)
