"""Deep links to a class (t.me/<bot>?start=…) and their QR codes for posters.

Telegram start payloads are at most 64 characters of [A-Za-z0-9_-]. A course code that fits (with its
prefix) is used as is, so a link is readable; other codes (Chinese, spaces, dots, too long) use the row id.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.model import Course
from storage.courses import to_course
from storage.models import CourseRow

CODE_PREFIX = "c_"
ID_PREFIX = "i_"
MAX_PAYLOAD = 64
_SAFE_CODE = re.compile(r"[A-Za-z0-9_-]+")
LINK_PREFIXES = re.compile(rf"^(?:{CODE_PREFIX}|{ID_PREFIX})")  # which /start payloads are class links
PAYLOAD = re.compile(rf"(?:{CODE_PREFIX}[A-Za-z0-9_-]+|{ID_PREFIX}\d{{1,12}})")
# QR rendering: medium error correction survives a folded or slightly dirty poster; 10 px modules
# print sharply at A4 size; the 4-module quiet zone is what scanners expect.
QR_ERROR = "m"
QR_SCALE = 10
QR_BORDER = 4


@dataclass(frozen=True, slots=True)
class LinkedCourse:
    id: int
    course: Course


def payload_for(course_id: int, code: str) -> str:
    if _SAFE_CODE.fullmatch(code) and len(CODE_PREFIX) + len(code) <= MAX_PAYLOAD:
        return CODE_PREFIX + code
    return f"{ID_PREFIX}{course_id}"


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


async def resolve(session: AsyncSession, payload: str) -> LinkedCourse | None:
    """The active course a start payload names, or None (unknown, retired, or not a class link)."""
    if not PAYLOAD.fullmatch(payload):
        return None
    query = select(CourseRow).where(CourseRow.active.is_(True))
    if payload.startswith(ID_PREFIX):
        query = query.where(CourseRow.id == int(payload.removeprefix(ID_PREFIX)))
    else:
        code = payload.removeprefix(CODE_PREFIX)
        # Exact code first; links typed by hand from a poster may differ in letter case.
        row = await session.scalar(query.where(CourseRow.code == code))
        if row is not None:
            return LinkedCourse(row.id, to_course(row))
        query = query.where(func.lower(CourseRow.code) == code.lower())
    row = (await session.scalars(query.limit(1))).first()
    return LinkedCourse(row.id, to_course(row)) if row is not None else None


def qr_png(link: str) -> bytes:
    """A regular (never Micro) QR code as PNG: segno writes PNG itself, no Pillow needed."""
    out = io.BytesIO()
    import segno  # loaded by the first poster, not at start

    segno.make_qr(link, error=QR_ERROR).save(out, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return out.getvalue()
