"""Validate one catalogue row and build a Course, collecting every problem in the row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from catalog import importer_vocab as vocab
from catalog.importer_columns import HeaderMap
from catalog.importer_errors import ImportErrorCode, RowError, clip
from catalog.importer_values import ValueProblem, parse_date, parse_float, parse_int, split_list, text
from catalog.model import Course


class _Row:
    def __init__(self, number: int, cells: Sequence[object], header: HeaderMap) -> None:
        self.number, self.cells, self.header = number, cells, header
        self._errors: list[tuple[int, RowError]] = []

    @property
    def errors(self) -> list[RowError]:
        """Errors in column order, whatever order the checks ran in."""
        return [error for _, error in sorted(self._errors, key=lambda pair: pair[0])]

    def raw(self, key: str) -> object:
        if key not in self.header.positions:
            return None
        index = self.header.positions[key][0]
        return self.cells[index] if index < len(self.cells) else None

    def fail(self, key: str, code: ImportErrorCode, value: object) -> None:
        index, header = self.header.positions[key]
        self._errors.append((index, RowError(self.number, header, code, clip(value))))

    def present(self, key: str) -> bool:
        return text(self.raw(key)) != ""

    def required(self, key: str) -> bool:
        if self.present(key):
            return True
        self.fail(key, ImportErrorCode.MISSING_VALUE, "")
        return False

    def string(self, key: str, *, required: bool = True) -> str:
        value = text(self.raw(key))
        if required and not self.required(key):
            return ""
        if len(value) > vocab.MAX_LENGTH.get(key, vocab.DEFAULT_MAX_LENGTH):
            self.fail(key, ImportErrorCode.VALUE_TOO_LONG, value)
        return value

    def lookup(self, key: str, resolve: Callable[[str], str | None], code: ImportErrorCode) -> str:
        """A closed-vocabulary value in canonical form (no length check: unknown covers it)."""
        if not self.required(key):
            return ""
        value = text(self.raw(key))
        resolved = resolve(value)
        if resolved is None:
            self.fail(key, code, value)
        return resolved or ""

    def parsed(self, key: str, parser: Callable[[object], Any]) -> Any:
        if not self.required(key):
            return None
        try:
            return parser(self.raw(key))
        except ValueProblem as problem:
            self.fail(key, problem.code, text(self.raw(key)))
            return None

    def integer(self, key: str) -> int:
        value = self.parsed(key, lambda cell: parse_int(cell, free_means_zero=key == "fee_yuan"))
        if value is None:
            return 0
        low, high = vocab.INT_RANGES[key]
        if not low <= value <= high:
            self.fail(key, ImportErrorCode.OUT_OF_RANGE, text(self.raw(key)))
        return int(value)

    def coordinates(self) -> tuple[float | None, float | None]:
        if not (self.present("lat") or self.present("lon")):
            return None, None
        # Both or neither: a blank one next to a filled one fails to parse and is reported below.
        found: list[float | None] = []
        for key, (low, high) in (("lat", vocab.LAT_RANGE), ("lon", vocab.LON_RANGE)):
            try:
                value: float | None = parse_float(self.raw(key))
            except ValueProblem:
                value = None
            if value is None or not low <= value <= high:
                self.fail(key, ImportErrorCode.BAD_COORDINATES, text(self.raw(key)))
                value = None
            found.append(value)
        return found[0], found[1]

    def flag(self, key: str) -> bool:
        """An optional 是/否 cell; blank is 否. Anything else is reported (there is no boolean error code)."""
        value = text(self.raw(key)).casefold()
        if value not in vocab.YES_WORDS | vocab.NO_WORDS:
            self.fail(key, ImportErrorCode.OUT_OF_RANGE, text(self.raw(key)))
        return value in vocab.YES_WORDS

    def groups(self) -> tuple[str, ...]:
        if not self.required("eligible_groups"):
            return ()
        items = split_list(self.raw("eligible_groups"), split_spaces=True)
        if not items:  # only separators, e.g. "、"
            self.fail("eligible_groups", ImportErrorCode.MISSING_VALUE, "")
        resolved: list[str] = []
        for item in items:
            group = vocab.resolve_group(item)
            if group is None:
                self.fail("eligible_groups", ImportErrorCode.UNKNOWN_GROUP, item)
            elif group not in resolved:
                resolved.append(group)
        return tuple(resolved)


def build_course(number: int, cells: Sequence[object], header: HeaderMap) -> Course | list[RowError]:
    """A Course for a data row, or every error found in it."""
    row = _Row(number, cells, header)
    start, end = row.parsed("start_date", parse_date), row.parsed("end_date", parse_date)
    if start is not None and end is not None and end < start:
        row.fail("end_date", ImportErrorCode.END_BEFORE_START, text(row.raw("end_date")))
    lat, lon = row.coordinates()
    keywords = split_list(row.raw("keywords"))
    for keyword in keywords:
        if len(keyword) > vocab.MAX_KEYWORD_LENGTH:
            row.fail("keywords", ImportErrorCode.VALUE_TOO_LONG, keyword)
    course = Course(
        code=row.string("code"),
        title=row.string("title"),
        occupation=row.string("occupation"),
        level=row.lookup("level", vocab.resolve_level, ImportErrorCode.UNKNOWN_LEVEL),
        category=row.lookup("category", vocab.resolve_category, ImportErrorCode.UNKNOWN_CATEGORY),
        provider=row.string("provider"),
        district=row.lookup("district", vocab.resolve_district, ImportErrorCode.UNKNOWN_DISTRICT),
        address=row.string("address"),
        lat=lat,
        lon=lon,
        start_date=start,
        end_date=end,
        hours=row.integer("hours"),
        capacity=row.integer("capacity"),
        subsidy_yuan=row.integer("subsidy_yuan"),
        fee_yuan=row.integer("fee_yuan"),
        eligible_groups=row.groups(),
        contact=row.string("contact"),
        keywords=keywords,
        description=row.string("description", required=False),
        late_join=row.flag("late_join"),
    )
    errors = row.errors
    return errors or course
