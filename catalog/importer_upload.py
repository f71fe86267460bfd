"""An uploaded catalogue read once: the importer's verdict plus the rows a district-scope check needs.

Kept in catalog/ (pure, light imports) because it runs in a child process that imports only this.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.importer import HEADER_SEARCH_ROWS, ImportResult, parse_courses_table
from catalog.importer_columns import MIN_HEADER_MATCHES, count_known, map_header
from catalog.importer_tabular import read_table


@dataclass(frozen=True, slots=True)
class ParsedUpload:
    """An uploaded file read once: the importer's verdict, and the header positions and data rows for the scope
    check (same header search as the importer)."""

    result: ImportResult
    positions: dict[str, tuple[int, str]]
    rows: list[tuple[int, list[object]]]


def read_upload(data: bytes, filename: str) -> ParsedUpload:
    """CPU-bound and touching no database; run away from the event loop (bot.services.publish.parse_upload)."""
    table = read_table(data, filename)
    result = parse_courses_table(table)
    if table.errors or not table.rows:
        return ParsedUpload(result, {}, [])
    first = table.rows[:HEADER_SEARCH_ROWS]
    start = next((i for i, (_, cells) in enumerate(first) if count_known(cells) >= MIN_HEADER_MATCHES), 0)
    header = map_header(*table.rows[start])
    return ParsedUpload(result, dict(header.positions), table.rows[start + 1 :])
