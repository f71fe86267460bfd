"""Start-up failures are said by one mapper (bot.cli_errors): every command goes through bot.commands.dispatch, so
a command of the bot's data family (`stats`) and the light `catalog search` (bot.catalog_cli) turn the same failure
into the same line."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from bot import catalog_cli, commands, data_commands
from bot.cli_errors import CommandError, as_command_error
from bot.runtime import RedisUnavailable
from bot.startup_errors import DatabaseUnavailable
from tests.conftest import make_settings
from tests.databases import sqlite_url

FAILURES = {
    "operational": (OperationalError("SELECT 1", {}, Exception("database is locked")),
                    "database {path} cannot be used: database is locked"),
    "database": (DatabaseUnavailable("database x cannot be reached: refused"),
                 "database x cannot be reached: refused"),
    "redis": (RedisUnavailable("Redis at redis://127.0.0.1:9 does not answer"),
              "Redis at redis://127.0.0.1:9 does not answer"),
}  # fmt: skip


@pytest.mark.parametrize("name", FAILURES)
def test_the_mapper_says_each_start_up_failure_in_one_line(tmp_path: Path, name: str) -> None:
    exc, expected = FAILURES[name]
    error = as_command_error(exc, sqlite_url(tmp_path / "bot.db"))
    assert isinstance(error, CommandError)
    assert str(error) == expected.format(path=tmp_path / "bot.db")


def test_other_failures_are_not_start_up_failures(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "bot.db")
    assert as_command_error(ValueError("a bug"), url) is None
    assert as_command_error(CommandError("--lat and --lon go together"), url) is None


@pytest.mark.parametrize("name", [*FAILURES, "other"])
async def test_dispatch_and_catalog_search_say_a_failure_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    exc = FAILURES[name][0] if name in FAILURES else ValueError("a bug")

    async def failing(*_: object) -> int:
        raise exc

    monkeypatch.setattr(data_commands, "stats_command", failing)
    monkeypatch.setattr(catalog_cli, "search_command", failing)
    settings = make_settings(sqlite_url(tmp_path / "bot.db"))
    said: list[str] = []
    for args in (argparse.Namespace(command="stats"), argparse.Namespace(command="catalog", catalog_command="search")):
        with pytest.raises(Exception) as raised:
            await commands.dispatch(args, settings)
        said.append(f"{type(raised.value).__name__}: {raised.value}")
    assert said[0] == said[1]
    assert said[0].startswith("CommandError: " if name in FAILURES else "ValueError: a bug")
