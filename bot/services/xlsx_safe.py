"""Saving a workbook staff will open: no cell can act as a formula and no phone number is readable.

Every export goes through `save_safely` instead of `Workbook.save`, so a value typed by anyone (a Telegram name,
a course title, a survey comment) is written as text whatever it starts with, and phone numbers are masked with the
project's one masking function in every cell, whichever writer put them there.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl is loaded by the exports that build a workbook, not at start
    from openpyxl import Workbook

from bot.logging_setup import mask_phones

# What spreadsheet programs read as the start of a formula (OWASP "CSV injection"), tab and CR included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(book: Workbook) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                text = mask_phones(cell.value)
                if text != cell.value:
                    cell.value = text
                if cell.data_type == "f" or text.startswith(FORMULA_STARTS):
                    # A string cell shown as typed: stored as text, with Excel's quote prefix so editing it
                    # does not turn it into a formula either.
                    cell.data_type = "s"
                    cell.quotePrefix = True


def save_safely(book: Workbook, target: str | Path | IO[bytes]) -> None:
    defuse(book)
    book.save(target)
