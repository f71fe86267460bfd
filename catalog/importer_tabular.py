"""Turn uploaded bytes (CSV or XLSX) into numbered rows of raw cell values, never raising."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO

from catalog.importer_errors import ImportErrorCode, RowError, file_error

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 64
# Empty-looking rows (formatting only) scanned in a worksheet before giving up.
MAX_SCANNED_ROWS = 5 * MAX_ROWS
# Non-empty rows kept: the data rows plus room for a title and header above them.
MAX_KEPT_ROWS = MAX_ROWS + 10

# An .xlsx is a zip: its parts are checked before any XML is parsed. A catalogue of MAX_ROWS rows unpacks to a few
# tens of MB; hostile files (millions of empty styled cells, one 1 GB cell) unpack to hundreds of MB from < 1 MB.
MAX_UNZIPPED_BYTES = 48 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
# Cells a sheet may hold, counted in its XML before parsing (and in its recorded <dimension ref="A1:Z20000"/>):
# MAX_ROWS rows of 32 filled columns. openpyxl parses ~150 000 cells a second, so this bounds a parse to seconds.
MAX_SHEET_CELLS = MAX_KEPT_ROWS * 32
# Longer than any field the importer accepts; a longer cell is reported, not carried around.
MAX_CELL_CHARS = 5000
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?\"")
_DIMENSION_SCAN_BYTES = 64 * 1024  # the element sits near the top of the sheet, before <sheetData>
_COUNT_CHUNK_BYTES = 1024 * 1024

CSV_SUFFIXES = frozenset({".csv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(slots=True)
class Table:
    # (1-based row number, cells) for every row with at least one non-blank cell.
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _sheet_cells(dimension: re.Match[bytes]) -> int:
    first_col, first_row, last_col, last_row = dimension.groups()
    rows = int(last_row or first_row) - int(first_row) + 1
    columns = _column_number(last_col or first_col) - _column_number(first_col) + 1
    return max(rows, 1) * max(columns, 1)


def _count_cells(head: bytes, rest: IO[bytes]) -> int:
    """<c …> elements in a sheet's XML, counted on the raw bytes (fast) and stopping past MAX_SHEET_CELLS."""
    count, carry, chunk = 0, b"", head
    while chunk and count <= MAX_SHEET_CELLS:
        block = carry + chunk
        count += block.count(b"<c ") + block.count(b":c ")  # plain or namespace-prefixed cells
        carry = block[-2:]  # a tag split across chunks is counted once, in the next block
        chunk = rest.read(_COUNT_CHUNK_BYTES)
    return count


def _workbook_problem(data: bytes) -> RowError | None:
    """Checks on the zip itself, before openpyxl parses anything: a damaged zip, a zip bomb, a huge sheet range."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
                return file_error(ImportErrorCode.WORKBOOK_TOO_LARGE, MAX_UNZIPPED_BYTES // (1024 * 1024))
            for entry in entries:
                if not entry.filename.startswith("xl/worksheets/") or not entry.filename.endswith(".xml"):
                    continue
                # zipfile never inflates past the declared size, so reading is bounded too.
                with archive.open(entry) as part:
                    head = part.read(_DIMENSION_SCAN_BYTES)
                    dimension = _DIMENSION.search(head)
                    if dimension is not None and _sheet_cells(dimension) > MAX_SHEET_CELLS:
                        return file_error(ImportErrorCode.SHEET_TOO_LARGE, dimension.group(0).split(b'"')[1].decode())
                    if _count_cells(head, part) > MAX_SHEET_CELLS:
                        return file_error(ImportErrorCode.SHEET_TOO_LARGE, f">{MAX_SHEET_CELLS}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return file_error(ImportErrorCode.UNREADABLE_FILE)
    return None


def _too_long(number: int, cells: list[object]) -> RowError | None:
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            return RowError(number, column_letters(index), ImportErrorCode.CELL_TOO_LONG, str(MAX_CELL_CHARS))
    return None


def column_letters(index: int) -> str:
    """The spreadsheet name of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


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
        if (problem := _too_long(number, cells)) is not None:
            table.rows.clear()
            table.errors.append(problem)
            return
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
    if (problem := _workbook_problem(data)) is not None:
        table.errors.append(problem)
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
