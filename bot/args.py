"""Strict parsing of the numbers and dates staff type after a command: one parser for every handler.

Only ASCII digits count (Python's isdigit() accepts '²' and '①', int() accepts full-width digits), and values are
bounded so nothing typed can overflow a database column or a date calculation. None means "not a valid value":
the caller answers with its usage line.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import Field

# Database ids are 32-bit on PostgreSQL (INTEGER); Telegram user ids fit in 52 bits.
MAX_ROW_ID = 2**31 - 1
MAX_USER_ID = 2**52
# Dates staff may name: anything a report could cover, far from date.min/date.max.
FIRST_YEAR, LAST_YEAR = 2000, 2100

_DIGITS = re.compile(r"[0-9]{1,16}", re.ASCII)
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)


def parse_int(word: str | None, *, maximum: int, minimum: int = 1) -> int | None:
    """`word` as an integer from `minimum` to `maximum`, written in ASCII digits only (a leading '#' allowed)."""
    word = (word or "").strip().removeprefix("#")
    if not _DIGITS.fullmatch(word):
        return None
    value = int(word)
    return value if minimum <= value <= maximum else None


def parse_row_id(word: str | None) -> int | None:
    """An enrolment, request, class or broadcast number."""
    return parse_int(word, maximum=MAX_ROW_ID)


def parse_user_id(word: str | None) -> int | None:
    return parse_int(word, maximum=MAX_USER_ID)


def parse_day(word: str | None) -> date | None:
    """YYYY-MM-DD in ASCII digits, a real calendar day between FIRST_YEAR and LAST_YEAR."""
    match = _ISO_DAY.fullmatch((word or "").strip())
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 2026-02-30 and the like
        return None


# A whole number in a button's callback data: the data comes back from the client and may be forged, so a value
# outside a database INTEGER column fails to unpack and the press is answered as a stale button instead of
# reaching a query (PostgreSQL raises "out of int32 range" on it).
CallbackInt = Annotated[int, Field(ge=-MAX_ROW_ID - 1, le=MAX_ROW_ID)]
