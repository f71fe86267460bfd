"""Write courses as a catalogue file with Chinese headers: a template for staff and the import's inverse."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from catalog.importer_columns import COLUMNS
from catalog.model import Course

# Separator used when writing list cells; the importer accepts it along with the others.
LIST_SEPARATOR = "、"


def header_row() -> list[str]:
    """The first Chinese header of every column, in COLUMNS order."""
    return [headers[0] for headers in COLUMNS.values()]


def _cells(course: Course) -> list[object]:
    """One row of cell values in COLUMNS order; dates stay dates, missing coordinates stay None."""
    cells: list[object] = []
    for key in COLUMNS:
        value = getattr(course, key)
        if isinstance(value, tuple):
            value = LIST_SEPARATOR.join(value)
        elif isinstance(value, bool):
            value = "是" if value else "否"
        cells.append(value)
    return cells


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)  # repr-exact for floats, so coordinates survive a round trip


def write_courses_csv(courses: Iterable[Course], path: Path, *, bom: bool = True) -> None:
    """CSV in UTF-8; with the BOM (default) Excel opens the Chinese text correctly."""
    with Path(path).open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header_row())
        for course in courses:
            writer.writerow([_csv_text(cell) for cell in _cells(course)])


def write_courses_xlsx(courses: Iterable[Course], path: Path) -> None:
    """XLSX with one sheet (streamed, so large catalogues stay fast); dates as date cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("培训项目")
    for column, key in enumerate(COLUMNS, start=1):
        width = 40 if key in ("title", "provider", "address", "description") else 14
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header_row())
    for course in courses:
        cells: list[object] = []
        for value in _cells(course):
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                value = cell
            cells.append(value)
        sheet.append(cells)
    book.save(Path(path))
