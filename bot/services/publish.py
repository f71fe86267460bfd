"""Staff publish classes from the chat: uploaded catalogue files (single rows, edits and cancellations:
bot/services/publish_class.py).

Every path ends in the CLI's importer checks and CatalogService.apply_import, so a class published in the chat
is validated, stored, announced to enrolled trainees when it moves, and searchable at once, exactly as a file
imported with `python -m bot catalog import`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.config import Settings
from bot.services.catalog import CatalogService
from bot.services.child_process import in_child
from bot.services.import_report import MAX_LISTED_ERRORS, describe_error
from bot.texts import esc
from bot.texts import publish as pt
from catalog.importer import ImportResult
from catalog.importer_upload import ParsedUpload, read_upload
from catalog.importer_values import text
from catalog.importer_vocab import resolve_district
from storage.courses import UpsertReport
from storage.models import CourseRow

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_SUFFIXES = (".xlsx", ".csv")
# Captions that ask for a full import (--replace): courses missing from the file are retired.
REPLACE_WORDS = ("全量", "replace")
_LOOKUP_CHUNK = 500
SCOPE_COLUMNS = ("district", "code")  # what scope_problems reads of each row


async def parse_upload(data: bytes, filename: str) -> ParsedUpload:
    """Parse an uploaded file in a child process of its own: the parse costs that process's CPU and memory (both
    gone when it ends), never this process's event loop (a thread would still share the GIL: other people's
    replies went from 10 ms to 60-850 ms during a large parse), and it touches no database."""
    return await in_child(read_for_parent, data, filename)


def read_for_parent(data: bytes, filename: str) -> ParsedUpload:
    """In the parsing child: the importer's verdict, and of each data row only the cells the scope check reads
    (district, code). The parent unpickles what comes back while holding the GIL, so less is sent."""
    parsed = read_upload(data, filename)
    keep = [key for key in SCOPE_COLUMNS if key in parsed.positions]
    positions = {key: (i, parsed.positions[key][1]) for i, key in enumerate(keep)}
    indexes = [parsed.positions[key][0] for key in keep]
    rows = [(number, [cells[i] if i < len(cells) else None for i in indexes]) for number, cells in parsed.rows]
    return ParsedUpload(parsed.result, positions, rows)


@dataclass(frozen=True, slots=True)
class ScopeProblem:
    row: int
    column: str
    district: str
    code: str = ""  # set when the row would overwrite an existing class of another district


def upload_problem(filename: str | None, size: int | None) -> str | None:
    """Why a document cannot be imported before downloading it, or None."""
    if not filename or PurePath(filename).suffix.lower() not in UPLOAD_SUFFIXES:
        return pt.FILE_WRONG_TYPE
    if size is not None and size > MAX_UPLOAD_BYTES:
        return pt.FILE_TOO_BIG.format(mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    return None


def wants_replace(caption: str | None) -> bool:
    return any(word in (caption or "").casefold() for word in REPLACE_WORDS)


def _cell(cells: list[object], positions: Mapping[str, tuple[int, str]], key: str) -> str:
    index = positions[key][0]
    return text(cells[index]) if index < len(cells) else ""


async def scope_problems(session: AsyncSession, parsed: ParsedUpload, scope: tuple[str, ...]) -> list[ScopeProblem]:
    """Rows a district-scoped member may not publish: another district, or a code that is another district's class."""
    positions, rows = parsed.positions, parsed.rows
    if "district" not in positions or "code" not in positions:
        return []  # the importer reports the missing column
    problems: list[ScopeProblem] = []
    codes: dict[str, int] = {}
    for number, cells in rows:
        district = resolve_district(_cell(cells, positions, "district"))
        if district is not None and district not in scope:
            problems.append(ScopeProblem(number, positions["district"][1], district))
        if code := _cell(cells, positions, "code"):
            codes.setdefault(code, number)
    names = list(codes)
    for i in range(0, len(names), _LOOKUP_CHUNK):
        found = await session.execute(
            select(CourseRow.code, CourseRow.district).where(CourseRow.code.in_(names[i : i + _LOOKUP_CHUNK]))
        )
        for code, district in found:
            if district not in scope:
                problems.append(ScopeProblem(codes[code], positions["code"][1], district, code))
    return problems


def describe_rejection(result: ImportResult, problems: list[ScopeProblem], scope: tuple[str, ...]) -> str:
    """The CLI's report, with scope problems merged in row order."""
    where = esc("、".join(scope))
    lines: list[tuple[int, str]] = [(e.row, describe_error(e)) for e in result.errors]
    for p in problems:
        template = pt.SCOPE_CODE_ERROR_LINE if p.code else pt.SCOPE_ERROR_LINE
        line = template.format(row=p.row, column=esc(p.column), district=esc(p.district), code=esc(p.code), scope=where)
        lines.append((p.row, line))
    lines.sort(key=lambda pair: pair[0])
    body = [texts.IMPORT_REJECTED.format(n=len(lines))] + [line for _, line in lines[:MAX_LISTED_ERRORS]]
    if len(lines) > MAX_LISTED_ERRORS:
        body.append("…")
    if result.ignored_columns:
        body.append(texts.IMPORT_IGNORED_COLUMNS.format(columns=esc("、".join(result.ignored_columns))))
    return "\n".join(body)


async def import_upload(
    session: AsyncSession,
    catalog: CatalogService,
    parsed: ParsedUpload,
    *,
    scope: tuple[str, ...] | None,
    replace_all: bool,
    settings: Settings,
    now: datetime,
) -> tuple[ImportResult, UpsertReport | None, list[ScopeProblem]]:
    """Store a file read by `parse_upload` only when clean and every row is within `scope` (None: all). Only the
    writes: the caller commits, then refreshes the index (`catalog.refresh`) outside the import's transaction, so
    SQLite's write lock is held for the inserts alone, not while thousands of classes are tokenised."""
    result = parsed.result
    problems = await scope_problems(session, parsed, scope) if scope is not None else []
    if problems or not result.ok:
        return result, None, problems
    report = await catalog.apply_import(
        session, result, replace=replace_all, settings=settings, now=now, refresh=False
    )
    return result, report, problems


