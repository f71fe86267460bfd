"""What each CLI sub-command does (kept apart from argument parsing in __main__)."""

from __future__ import annotations

import argparse
import logging
import tempfile

from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from sqlalchemy.exc import OperationalError

from bot.app import create_bot, create_dispatcher
from bot.config import Settings
from bot.runtime import open_runtime
from bot.shell import run_shell
from storage.db import create_engine
from storage.migrate import autogenerate, current_revision, upgrade

log = logging.getLogger(__name__)


class CommandError(Exception):
    """A failure the operator can fix; printed as one line."""


async def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.command == "start":
            args.command = "run" if settings.bot_token else "shell"
        if args.command == "run":
            await run_polling(settings)
        elif args.command == "shell":
            await run_shell(settings, args.user_id)
        elif args.command == "db":
            await db_command(args, settings)
    except OperationalError as exc:
        raise CommandError(f"database {settings.database_url!r} cannot be used: {exc.orig}") from None
    return 0


async def run_polling(settings: Settings) -> None:
    settings.require_token()  # fail before touching the database
    async with open_runtime(settings) as runtime:
        bot = create_bot(settings)
        dp = create_dispatcher(runtime)
        try:
            await dp.start_polling(bot, tasks_concurrency_limit=settings.max_concurrent_updates)
        except TelegramUnauthorizedError:
            raise CommandError("the Bot API rejected BOT_TOKEN: check the token from @BotFather") from None
        except TelegramNetworkError as exc:
            raise CommandError(f"cannot reach the Bot API at {settings.telegram_api_base}: {exc.message}") from None


async def db_command(args: argparse.Namespace, settings: Settings) -> None:
    if args.db_command == "revision":
        # Compare the models with a scratch database at head, never with real data.
        with tempfile.TemporaryDirectory() as scratch:
            engine = create_engine(f"sqlite+aiosqlite:///{scratch}/revision.db")
            try:
                await autogenerate(engine, args.message)
            finally:
                await engine.dispose()
        return
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        print(f"database at revision {await current_revision(engine)}")
    finally:
        await engine.dispose()
