"""A start pays only for what it uses: charts, spreadsheets, QR codes and PostgreSQL's driver load when needed,
aiogram's Telegram models are built when first used, Alembic only when the database is not at head, and `catalog
search` from the command line does not build the bot at all."""

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


LAZY_MODELS = """
import json, bot
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import GetUpdates, SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update

before = [Update.__pydantic_complete__, SendMessage.__pydantic_complete__]
chat = {"id": 7, "type": "private"}
sender = {"id": 7, "is_bot": False, "first_name": "a"}
message = {"message_id": 1, "date": 0, "chat": chat, "from": sender, "text": "hi"}
update = Update.model_validate({"update_id": 1, "message": message})
session, bot = AiohttpSession(), Bot("1:x")
answer = json.dumps({"ok": True, "result": [{"update_id": 2, "message": message}]})
got = session.check_response(bot, GetUpdates(), 200, answer)
keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="a", callback_data="b")]])
sent = SendMessage(chat_id=7, text="x", reply_markup=keyboard)
print(json.dumps([before, update.message.text, got.result[0].message.from_user.first_name,
                  sent.model_dump(exclude_none=True)["reply_markup"], Update.__pydantic_complete__]))
"""


def test_aiogram_models_are_built_when_first_used_and_then_work() -> None:
    before, text, sender, markup, built = run(LAZY_MODELS)  # type: ignore[misc]
    assert before == [False, False]  # not built at import (they are when aiogram alone is imported)
    assert (text, sender) == ("hi", "a")
    assert markup == {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}
    assert built


SERVING_MODELS = """
import json, bot
from aiogram.methods import SendPoll
from aiogram.methods.base import Response
from aiogram.types import Update
from bot.lazy_models import build_for_serving

before = Update.__pydantic_complete__
build_for_serving()  # what `run` and `webhook` do before serving
print(json.dumps([before, Update.__pydantic_complete__, Response[list[Update]].__pydantic_complete__,
                  SendPoll.__pydantic_complete__]))
"""


def test_the_models_every_update_needs_are_built_before_serving_and_the_rest_left_unbuilt() -> None:
    # Built on the first update instead, they stalled the loop ~0.5 s while the sender's paced sends piled up.
    before, update, polled, unused = run(SERVING_MODELS)  # type: ignore[misc]
    assert (before, update, polled, unused) == (False, True, True, False)


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
