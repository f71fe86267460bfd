"""Start-up errors are one clear line, not a traceback. `python -m bot` runs as a real process where the process is
what is tested (its exit code from the real entry point, stdin); otherwise its main function runs in this process
(tests/cli.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from storage.migrate import alembic_config
from tests.botapi_stub import patience
from tests.cli import run_cli, run_cli_process

__all__ = ["run_cli"]  # other modules' CLI tests import it from here


@pytest.mark.backend_independent
def test_run_without_token_says_how_to_fix_it(tmp_path: Path) -> None:
    result = run_cli_process(tmp_path, "run")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "config error: BOT_TOKEN is not set: put BOT_TOKEN=<token from @BotFather> in .env or the environment"
    ]
    assert not (tmp_path / "data").exists()  # failed before touching the database


@pytest.mark.backend_independent
@pytest.mark.parametrize(
    ("name", "value"),
    [("DATABASE_URL", "not a url"), ("DATABASE_URL", "mysql://x/y"), ("ADMIN_IDS", "alice"), ("TIMEZONE", "Mars/Base")],
)
def test_malformed_setting_is_named_in_one_line(tmp_path: Path, name: str, value: str) -> None:
    result = run_cli(tmp_path, "run", BOT_TOKEN="1:x", **{name: value})
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"config error: {name} ")
    assert "Traceback" not in result.stderr


@pytest.mark.backend_independent
def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DATABASE_URL=sqlite+aiosqlite:///./custom/db.sqlite\n", encoding="utf-8")
    result = run_cli(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "custom" / "db.sqlite").exists()


@pytest.mark.backend_independent
def test_db_upgrade_creates_the_default_sqlite_file(tmp_path: Path) -> None:
    result = run_cli_process(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "database at revision" in result.stdout
    assert (tmp_path / "data" / "bot.db").exists()


@pytest.mark.backend_independent
def test_shell_answers_start_with_the_menu(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "shell"],
        cwd=tmp_path,
        input="6\n/quit\n",
        env={**os.environ, "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=patience(60),
    )
    assert result.returncode == 0, result.stderr
    assert "补贴性职业技能培训" in result.stdout
    assert "找课程" in result.stdout and "1131就业服务" in result.stdout
    assert "使用帮助" in result.stdout  # button 6 (帮助) was pressed by number


async def test_db_upgrade_on_the_configured_database(tmp_path: Path, database_url: str) -> None:
    """`db upgrade` on whatever DATABASE_URL names (the suite runs it on SQLite and on PostgreSQL), twice."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    for _ in range(2):  # the second run finds the database at head and changes nothing
        result = run_cli(tmp_path, "db", "upgrade", DATABASE_URL=database_url)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"database at revision {head}"
