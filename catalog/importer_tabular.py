"""Turn uploaded bytes (CSV or XLSX) into numbered rows of raw cell values, never raising."""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from catalog.importer_errors import ImportErrorCode, RowError, file_error

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 64
# Empty-looking rows (formatting only) scanned in a worksheet before giving up.
MAX_SCANNED_ROWS = 5 * MAX_ROWS
# Non-empty rows kept: the data rows plus room for a title and header above them.
MAX_KEPT_ROWS = MAX_ROWS + 10

CSV_SUFFIXES = frozenset({".csv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(slots=True)
class Table:
    # (1-based row number, cells) for every row with at least one non-blank cell.
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _is_blank(cells: list[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _collect(numbered_rows: Iterable[tuple[int, Sequence[object]]], table: Table) -> None:
    """Keep non-blank rows, trimming trailing empty cells, until a limit is hit."""
    for number, raw in numbered_rows:
        if number > MAX_SCANNED_ROWS:
            table.errors.append(file_error(ImportErrorCode.TOO_MANY_ROWS, MAX_ROWS))
            return
        cells = list(raw[:MAX_COLUMNS])
        if _is_blank(cells):
            continue
        if len(table.rows) >= MAX_KEPT_ROWS:
            table.errors.append(file_error(ImportErrorCode.TOO_MANY_ROWS, MAX_ROWS))
            return
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        table.rows.append((number, cells))


def _decode(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_csv_bytes(data: bytes) -> Table:
    table = Table()
    decoded = _decode(data)
    if decoded is None:
        table.errors.append(file_error(ImportErrorCode.BAD_ENCODING))
        return table
    first_line = decoded.lstrip("\r\n").split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter)
        _collect(enumerate(reader, start=1), table)
    except (csv.Error, ValueError):
        table.errors.append(file_error(ImportErrorCode.UNREADABLE_FILE))
    return table


def read_xlsx_bytes(data: bytes) -> Table:
    table = Table()
    if not data.startswith(_ZIP_MAGIC):
        table.errors.append(file_error(ImportErrorCode.UNREADABLE_FILE))
        return table
    from openpyxl import load_workbook  # imported lazily: CSV-only callers never pay for it

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles/extensions it skips; they do not matter for the values.
            warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not book.worksheets:
                    table.errors.append(file_error(ImportErrorCode.EMPTY_FILE))
                    return table
                sheet = book.worksheets[0]
                sheet.reset_dimensions()  # some writers record wrong sizes; read what is there
                rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
                _collect(enumerate(rows, start=1), table)
            finally:
                book.close()
    except Exception:
        # A damaged workbook can fail anywhere in zipfile, the XML parser or openpyxl, with many
        # exception types; whatever it is, the upload is unreadable and must not crash the caller.
        table.rows.clear()
        table.errors.append(file_error(ImportErrorCode.UNREADABLE_FILE))
    return table


def read_table(data: bytes, filename: str) -> Table:
    """Rows of a CSV or XLSX file chosen by extension (a renamed XLSX is still read as XLSX)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES:
        return Table(errors=[file_error(ImportErrorCode.UNSUPPORTED_FORMAT, suffix or filename)])
    if len(data) > MAX_FILE_BYTES:
        return Table(errors=[file_error(ImportErrorCode.FILE_TOO_LARGE, MAX_FILE_BYTES)])
    if not data.strip():
        return Table(errors=[file_error(ImportErrorCode.EMPTY_FILE)])
    is_workbook = suffix in XLSX_SUFFIXES or data.startswith(_ZIP_MAGIC)
    table = read_xlsx_bytes(data) if is_workbook else read_csv_bytes(data)
    if not table.errors and not table.rows:
        table.errors.append(file_error(ImportErrorCode.EMPTY_FILE))
    return table
