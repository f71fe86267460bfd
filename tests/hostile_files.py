"""Hostile .xlsx uploads, built in memory from a real workbook: for the upload tests and benchmarks/bench_upload.py.

Each keeps a valid workbook around the hostile part, so only the new checks (not a broken zip) can stop it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook

from catalog.importer_tabular import MAX_CELL_CHARS, MAX_SHEET_CELLS, MAX_UNZIPPED_BYTES, column_letters
from tests.catalog.importer_helpers import row

SHEET = "xl/worksheets/sheet1.xml"
_CHUNK_CELLS = 50_000


def good_xlsx(code: str = "HX1") -> bytes:
    """A one-class catalogue, as staff would upload it."""
    values = row(code=code, title="无人机驾驶员（初级）海州班", start_date="2027-01-10", end_date="2027-02-10")
    book = Workbook()
    sheet = book.active
    keys = list(values)
    sheet.append([_header(k) for k in keys])
    sheet.append([values[k] for k in keys])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(key: str) -> str:
    from catalog.importer_columns import COLUMNS

    return COLUMNS.get(key, (key,))[0]


def _rewrite(base: bytes, replace: dict[str, Iterable[bytes]], add: dict[str, Iterable[bytes]] | None = None) -> bytes:
    """`base` with some parts streamed in place of the originals (deflated, so they stay small on the wire)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            chunks = replace.get(info.filename)
            with dst.open(info.filename, "w", force_zip64=True) as part:
                for chunk in chunks if chunks is not None else [src.read(info.filename)]:
                    part.write(chunk)
        for name, chunks in (add or {}).items():
            with dst.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def _sheet(dimension: str, rows: Iterator[bytes]) -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="' + dimension.encode() + b'"/><sheetData>'
    )
    yield from rows
    yield b"</sheetData></worksheet>"


def _header_rows() -> Iterator[bytes]:
    values = row(code="HX1", title="海州班", start_date="2027-01-10", end_date="2027-02-10")
    for number, cells in ((1, [_header(k) for k in values]), (2, list(values.values()))):
        body = b"".join(
            b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (column_letters(i).encode(), number, str(v).encode())
            for i, v in enumerate(cells)
        )
        yield b'<row r="%d">%s</row>' % (number, body)


def empty_cells_xlsx(cells: int, columns: int = 100, *, dimension: str | None = None) -> bytes:
    """The catalogue followed by `cells` empty styled cells (what a sheet formatted far beyond its data holds)."""
    rows = cells // columns

    def body() -> Iterator[bytes]:
        yield from _header_rows()
        row_cells = [f'<c r="{column_letters(i)}{{n}}" s="0"/>' for i in range(columns)]
        template = "".join(row_cells)
        batch: list[str] = []
        for n in range(3, rows + 3):
            batch.append(f'<row r="{n}">' + template.replace("{n}", str(n)) + "</row>")
            if len(batch) * columns >= _CHUNK_CELLS:
                yield "".join(batch).encode()
                batch.clear()
        yield "".join(batch).encode()

    ref = dimension or f"A1:{column_letters(columns - 1)}{rows + 2}"
    return _rewrite(good_xlsx(), {SHEET: _sheet(ref, body())})


def huge_dimension_xlsx() -> bytes:
    """A small sheet that claims to span the whole grid (A1:XFD1048576)."""
    return _rewrite(good_xlsx(), {SHEET: _sheet("A1:XFD1048576", _header_rows())})


def huge_cell_xlsx(chars: int) -> bytes:
    """The catalogue with one cell of `chars` characters (an inline string in the data row)."""

    def body() -> Iterator[bytes]:
        yield from _header_rows()
        yield b'<row r="3"><c r="A3" t="inlineStr"><is><t>'
        chunk = b"x" * (1024 * 1024)
        left = chars
        while left > 0:
            yield chunk[: min(left, len(chunk))]
            left -= len(chunk)
        yield b"</t></is></c></row>"

    return _rewrite(good_xlsx(), {SHEET: _sheet("A1:Z3", body())})


def zip_bomb_xlsx(megabytes: int) -> bytes:
    """A valid workbook carrying one extra part of `megabytes` zeros (a few hundred KB compressed)."""
    zeros = b"\0" * (1024 * 1024)
    return _rewrite(good_xlsx(), {}, {"xl/media/image1.png": (zeros for _ in range(megabytes))})


def truncated_xlsx() -> bytes:
    data = good_xlsx()
    return data[: len(data) // 2]


# Just past each limit of catalog/importer_tabular.py, whatever those limits become.
CELLS_PAST_THE_CAP = MAX_SHEET_CELLS + 50_000
CELL_PAST_THE_CAP = MAX_CELL_CHARS + 1
BOMB_MEGABYTES = 4 * MAX_UNZIPPED_BYTES // (1024 * 1024)

NOT_A_ZIP = "项目编号,项目名称\n这不是表格".encode() + bytes(range(256))
