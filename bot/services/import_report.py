"""Turns an import result into the text staff read (CLI output now, a chat reply later)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from bot import texts
from bot.texts import publish as pt
from catalog.importer import ImportResult, RowError
from catalog.jobs_importer import JobImportResult
from storage.courses import UpsertReport

MAX_LISTED_ERRORS = 30
MAX_LISTED_PAST = 10


def describe_error(error: RowError) -> str:
    message = texts.IMPORT_ERRORS.get(error.code.value, error.code.value).format(value=error.value)
    if error.row == 0:
        return texts.IMPORT_ERROR_LINE_FILE.format(message=message)
    line = texts.IMPORT_ERROR_LINE.format(row=error.row, column=texts.esc(error.column), message=message)
    if error.value and "{value}" not in texts.IMPORT_ERRORS.get(error.code.value, ""):
        line += texts.IMPORT_ERROR_VALUE.format(value=texts.esc(error.value))
    return line


def past_dated(result: ImportResult | JobImportResult, today: date) -> list[str]:
    """Warning lines for imported classes whose start date has passed: stored as given, but worth a second look."""
    past = [c for c in getattr(result, "courses", ()) if c.start_date < today]
    if not past:
        return []
    lines = [pt.IMPORT_PAST_WARNING.format(n=len(past))]
    lines += [
        pt.IMPORT_PAST_LINE.format(code=texts.esc(c.code), title=texts.esc(c.title), start=c.start_date)
        for c in past[:MAX_LISTED_PAST]
    ]
    if len(past) > MAX_LISTED_PAST:
        lines.append("…")
    return lines


def describe_import(
    result: ImportResult | JobImportResult, report: UpsertReport | None, *, today: date | None = None
) -> str:
    lines: list[str] = []
    if report is not None:
        lines.append(texts.IMPORT_OK.format(**asdict(report)))
        if today is not None:
            lines += past_dated(result, today)
    else:
        lines.append(texts.IMPORT_REJECTED.format(n=len(result.errors)))
        lines += [describe_error(e) for e in result.errors[:MAX_LISTED_ERRORS]]
        if len(result.errors) > MAX_LISTED_ERRORS:
            lines.append("…")
    if result.ignored_columns:
        lines.append(texts.IMPORT_IGNORED_COLUMNS.format(columns=texts.esc("、".join(result.ignored_columns))))
    return "\n".join(lines)
