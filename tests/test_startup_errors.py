"""Every way the database can fail at start is one clear line and a non-zero exit, through the real CLI, with any
password masked: a damaged or truncated SQLite file, a file where its folder should be, a PostgreSQL server that
does not answer, a database written by a newer version."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.cli import run_cli, run_cli_process
from tests.databases import sqlite_url
from tests.e2e import E2E_TOKEN

COMMANDS = [("run",), ("db", "upgrade"), ("stats",)]
# `run` fails on the database before it would look for the Bot API; nothing listens here anyway.
ENV = {"BOT_TOKEN": E2E_TOKEN, "TELEGRAM_API_BASE": "http://127.0.0.1:9", "LOG_LEVEL": "WARNING"}


def one_line_error(tmp_path: Path, command: tuple[str, ...], database_url: str, *, process: bool = False) -> str:
    """The command's one stderr line (in this process; `process`: as a real process, exit code included)."""
    result = (run_cli_process if process else run_cli)(tmp_path, *command, DATABASE_URL=database_url, **ENV)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    return line


def healthy_database(tmp_path: Path) -> Path:
    path = tmp_path / "good.db"
    result = run_cli(tmp_path, "catalog", "search", "养老", DATABASE_URL=sqlite_url(path))  # migrated, sample loaded
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_file_that_is_not_a_database(tmp_path: Path, command: tuple[str, ...]) -> None:
    path = tmp_path / "bot.db"
    path.write_bytes(b"PK\x03\x04 a spreadsheet, not a database" * 200)
    line = one_line_error(tmp_path, command, sqlite_url(path), process=command == ("run",))  # one as a process
    assert line == (
        f"error: database {path} cannot be used: file is not a database (damaged, or not a SQLite database: "
        "restore a backup)"
    )


@pytest.mark.parametrize("keep", [0.02, 0.5, 0.97], ids=["header", "half", "end"])
def test_a_truncated_database(tmp_path: Path, keep: float) -> None:
    data = healthy_database(tmp_path).read_bytes()
    path = tmp_path / "bot.db"
    path.write_bytes(data[: int(len(data) * keep)])
    for command in COMMANDS:
        line = one_line_error(tmp_path, command, sqlite_url(path))
        assert line.startswith(f"error: database {path} cannot be used: database disk image is malformed"), line


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_file_where_the_folder_should_be(tmp_path: Path, command: tuple[str, ...]) -> None:
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    line = one_line_error(tmp_path, command, sqlite_url(tmp_path / "data" / "bot.db"))
    assert line == f"error: database {tmp_path}/data/bot.db cannot be made: {tmp_path}/data is a file, not a folder"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_postgresql_that_does_not_answer(tmp_path: Path, command: tuple[str, ...]) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+asyncpg://bot:pa55-w0rd@127.0.0.1:{port}/bot"
    line = one_line_error(tmp_path, command, url)
    assert line.startswith(f"error: database postgresql+asyncpg://bot:***@127.0.0.1:{port}/bot cannot be reached: ")
    assert "pa55-w0rd" not in line


async def test_a_database_from_a_newer_version(tmp_path: Path) -> None:
    path = await asyncio.to_thread(healthy_database, tmp_path)
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0999'")
        raw.commit()
    line = await asyncio.to_thread(one_line_error, tmp_path, ("db", "upgrade"), sqlite_url(path))
    assert line == (
        f"error: database {path} cannot be upgraded: it is at revision 0999, "
        "which this version of the bot does not know"
    )
