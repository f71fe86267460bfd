"""Command line: `python -m bot run | webhook | shell | db upgrade | …`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path

from bot.cli_errors import CommandError
from bot.config import ConfigError, load_settings
from bot.logging_setup import setup_logging


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="补贴性职业技能培训 Telegram bot")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("start", help="`run` when BOT_TOKEN is set, otherwise `shell`")
    sub.add_parser("run", help="long polling against TELEGRAM_API_BASE (needs BOT_TOKEN)")
    sub.add_parser("shell", help="talk to the bot in this terminal, no Telegram needed")
    webhook = sub.add_parser("webhook", help="serve Telegram's webhook over HTTP (needs BOT_TOKEN and WEBHOOK_SECRET)")
    webhook.add_argument("--host", help="address to listen on (default WEBHOOK_HOST)")
    webhook.add_argument("--port", type=int, help="port to listen on (default WEBHOOK_PORT)")
    webhook.add_argument(
        "--no-set-webhook", action="store_true", help="do not register WEBHOOK_URL with Telegram (extra workers)"
    )
    for command in ("start", "shell"):
        sub.choices[command].add_argument("--user-id", type=int, default=1001, help="the user to play in the shell")
    for command in ("start", "run", "shell", "webhook"):
        sub.choices[command].add_argument(
            "--demo", action="store_true", help="a new database (no catalogue imported) gets the sample data (示例)"
        )
    demo = sub.add_parser("demo", help="the shipped sample courses and job postings, marked 示例").add_subparsers(
        dest="demo_command", required=True
    )
    demo.add_parser("load", help="load (or refresh) the sample catalogue and job postings, each marked 示例")
    demo.add_parser("remove", help="retire every sample course and job posting")
    catalog = sub.add_parser("catalog", help="the course catalogue").add_subparsers(
        dest="catalog_command", required=True
    )
    importer = catalog.add_parser("import", help="import courses from a .csv or .xlsx file (Chinese headers)")
    importer.add_argument("file", type=Path)
    importer.add_argument("--replace", action="store_true", help="retire active courses missing from the file")
    search = catalog.add_parser("search", help="print the ranked courses for a question")
    search.add_argument("question")
    search.add_argument("--lat", type=float)
    search.add_argument("--lon", type=float)
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.add_argument("--limit", type=int, default=10)
    jobs = sub.add_parser("jobs", help="job postings for 1131").add_subparsers(dest="jobs_command", required=True)
    jobs_import = jobs.add_parser("import", help="import job postings from a .csv or .xlsx file (Chinese headers)")
    jobs_import.add_argument("file", type=Path)
    jobs_import.add_argument("--replace", action="store_true", help="retire postings missing from the file")
    ledger = sub.add_parser("ledger", help="the 1131 service ledger").add_subparsers(
        dest="ledger_command", required=True
    )
    export = ledger.add_parser("export", help="write the ledger for a date range to an .xlsx file")
    export.add_argument("--from", dest="start", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    export.add_argument("--to", dest="end", type=date.fromisoformat, required=True, help="YYYY-MM-DD (inclusive)")
    export.add_argument("--district", action="append", default=[], help="only people of this district (repeatable)")
    export.add_argument("file", type=Path)
    stats = sub.add_parser("stats", help="follow-up survey outcomes per wave and target group")
    stats.add_argument("--from", dest="start", type=date.fromisoformat, help="surveys sent from YYYY-MM-DD")
    stats.add_argument("--to", dest="end", type=date.fromisoformat, help="surveys sent up to YYYY-MM-DD (inclusive)")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    faq = sub.add_parser("faq", help="the policy FAQ (catalog/data/faq.toml)").add_subparsers(
        dest="faq_command", required=True)
    faq_check = faq.add_parser("check", help="validate the FAQ file; exit 1 and list the problems if any")
    faq_check.add_argument("--file", type=Path, default=None, help="another FAQ file than the shipped one")
    db = sub.add_parser("db", help="database maintenance").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations (also done automatically at start)")
    revision = db.add_parser("revision", help="developers: autogenerate a migration from the models")
    revision.add_argument("message")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        token = settings.bot_token.get_secret_value() if settings.bot_token else ""
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
        setup_logging(settings.log_level, secrets=[token, secret])
        from bot import commands  # each command imports only its own family (the bot itself for run/webhook/shell)

        return asyncio.run(commands.dispatch(args, settings))
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
