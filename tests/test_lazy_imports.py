"""A start pays only for what it uses: charts, spreadsheets, QR codes and PostgreSQL's driver load when needed,
Alembic only when the database is not at head, and `catalog search` from the command line does not build the bot
at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli import run_cli

ROOT = Path(__file__).resolve().parents[1]
# (redis is still imported with the dispatcher: bot/isolation.py and bot/redis_state.py subclass its types)
HEAVY = ("matplotlib", "openpyxl", "segno", "numpy", "asyncpg")

DISPATCHER = """
import asyncio, json, sys
from bot.app import create_dispatcher
from bot.runtime import open_runtime
from bot.config import load_settings

async def main():
    settings = load_settings(_env_file=None, bot_token="1:x", database_url=sys.argv[1], redis_url=None)
    async with open_runtime(settings, sample=True) as runtime:
        create_dispatcher(runtime)
    print(json.dumps(sorted(name for name in {heavy} if name in sys.modules)))

asyncio.run(main())
"""

CLI_SEARCH = """
import json, sys
from bot.__main__ import main
code = main(["catalog", "search", "养老护理", "--json"])
print(json.dumps([code, sorted(name for name in ("aiogram", "alembic", *{heavy}) if name in sys.modules)]))
"""


def run(source: str, *args: str, env: dict[str, str] | None = None) -> object:
    result = subprocess.run([sys.executable, "-c", source.replace("{heavy}", repr(HEAVY)), *args], cwd=ROOT,
                            env={**os.environ, **(env or {})}, capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_dispatcher_loads_no_chart_spreadsheet_or_qr_library(tmp_path: Path) -> None:
    assert run(DISPATCHER, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}") == []


def test_catalog_search_from_the_command_line_does_not_load_the_bot(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", "BOT_TOKEN": ""}
    assert run_cli(tmp_path, "demo", "load", **env).returncode == 0  # the database to search (in this process)
    assert run(CLI_SEARCH, env=env) == [0, []]


LIGHT_COMMANDS = """
import json, sys
from bot.__main__ import main
codes = [main(["db", "upgrade"]), main(["stats", "--json"]), main(["faq", "check"])]
loaded = sorted(name for name in ("aiogram", "handlers", "scheduler", *{heavy}) if name in sys.modules)
print(json.dumps([codes, loaded]))
"""


def test_db_stats_and_faq_commands_do_not_load_the_bot(tmp_path: Path) -> None:
    """Only `run`, `webhook` and `shell` pay for aiogram's models, the handlers and the scheduler (bot/commands.py)."""
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", "BOT_TOKEN": ""}
    assert run(LIGHT_COMMANDS, env=env) == [[0, 0, 0], []]


AT_HEAD = """
import asyncio, json, sys
from bot.runtime import open_runtime
from bot.config import load_settings

async def main():
    settings = load_settings(_env_file=None, bot_token="1:x", database_url=sys.argv[1], redis_url=None)
    async with open_runtime(settings):
        pass
    print(json.dumps("alembic" in sys.modules))

asyncio.run(main())
"""


def test_a_start_on_a_database_at_head_does_not_load_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    assert run(AT_HEAD, url) is True  # a new database: Alembic creates the tables
    assert run(AT_HEAD, url) is False


def test_the_head_read_from_the_migration_files_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    from storage.migrate import _plain_head, alembic_config

    assert _plain_head() == ScriptDirectory.from_config(alembic_config()).get_current_head()
