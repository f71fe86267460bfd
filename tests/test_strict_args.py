"""Numbers and dates typed after staff commands: ASCII digits only, bounded; anything else gets the usage line."""

from __future__ import annotations

from datetime import date

import pytest

from bot import texts
from bot.args import parse_day, parse_row_id
from bot.texts import stats as st
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID

ODD_NUMBERS = ["²", "①", "１２", "٣", "99999999999999999999", "2147483648", "0", "-1", "1.0", "1e3", ""]


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


@pytest.mark.parametrize("word", ODD_NUMBERS)
def test_parse_row_id_refuses_odd_numbers(word: str) -> None:
    assert parse_row_id(word) is None


def test_parse_row_id_accepts_plain_and_hash_numbers() -> None:
    assert parse_row_id("12") == 12 and parse_row_id("#12") == 12 and parse_row_id(" 2147483647 ") == 2**31 - 1


@pytest.mark.parametrize("word", ["0001-01-01", "9999-12-31", "２０２６-１１-０１", "2026-02-30", "2026-1-1"])
def test_parse_day_refuses_odd_dates(word: str) -> None:
    assert parse_day(word) is None


def test_parse_day_accepts_a_real_day() -> None:
    assert parse_day("2026-11-01") == date(2026, 11, 1)


@pytest.mark.parametrize("word", ["²", "①", "99999999999999999999"])
@pytest.mark.parametrize("command", ["confirm", "reject"])
async def test_enrolment_commands_answer_odd_ids_with_the_usage(admin: UserClient, command: str, word: str) -> None:
    assert texts_of(await admin.send(f"/{command} {word}")) == [texts.STAFF_ENROLMENT_USAGE.format(command=command)]


@pytest.mark.parametrize("word", ["²", "①", "99999999999999999999"])
async def test_counsellor_commands_answer_odd_ids_with_the_usage(admin: UserClient, word: str) -> None:
    assert texts_of(await admin.send(f"/answer {word} 你好")) == [texts.STAFF_ANSWER_USAGE]
    assert texts_of(await admin.send(f"/close {word}")) == [texts.STAFF_CLOSE_USAGE]


@pytest.mark.parametrize("word", ["²", "99999999999999999999"])
async def test_staff_add_answers_odd_ids_with_the_usage(admin: UserClient, word: str) -> None:
    assert texts_of(await admin.send(f"/staff add {word}")) == [texts.STAFF_ROLES_USAGE]


@pytest.mark.parametrize("args", ["0001-01-01 9999-12-31", "2026-11-01 9999-12-31", "０００１-01-01"])
async def test_export_answers_out_of_range_dates_with_the_usage(admin: UserClient, args: str) -> None:
    assert texts_of(await admin.send(f"/export {args}")) == [st.EXPORT_USAGE]


@pytest.mark.parametrize("word", ["²", "①", "99999999999999999999"])
async def test_verify_commands_answer_odd_ids_with_the_usage(admin: UserClient, word: str) -> None:
    from bot.texts import identity as it

    assert texts_of(await admin.send(f"/verify {word} 窗口现场核验")) == [it.VERIFY_USAGE]
    assert texts_of(await admin.send(f"/unverify {word}")) == [it.UNVERIFY_USAGE]
