"""What each CLI sub-command does (kept apart from argument parsing in __main__), by family, each imported only
when one of its commands runs: `run`, `webhook` and `shell` build the bot (aiogram's ~900 models, handlers,
scheduler: seconds of CPU) in bot/serve_commands.py; `catalog search` reads the saved index (bot/catalog_cli.py);
the data and report commands (bot/data_commands.py) and `faq check` / `db` (bot/maintenance_commands.py) import
neither aiogram nor the handlers."""

from __future__ import annotations

import argparse

from bot.cli_errors import startup_failures
from bot.config import Settings

SERVE = ("run", "webhook", "shell")


async def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    with startup_failures(settings.database_url):
        if args.command == "start":
            args.command = "run" if settings.bot_token else "shell"
        if args.command in SERVE:
            from bot import serve_commands

            await serve_commands.serve(args, settings)
            return 0
        if args.command == "catalog" and args.catalog_command == "search":
            from bot import catalog_cli

            return await catalog_cli.search_command(args, settings)
        if args.command in ("faq", "db"):
            from bot import maintenance_commands

            if args.command == "faq":
                return maintenance_commands.faq_command(args)
            await maintenance_commands.db_command(args, settings)
            return 0
        from bot import data_commands

        run = {
            "demo": data_commands.demo_command,
            "catalog": data_commands.catalog_import,
            "jobs": data_commands.jobs_command,
            "ledger": data_commands.ledger_command,
            "stats": data_commands.stats_command,
        }[args.command]
        return await run(args, settings)
