"""Maintenance commands: `faq check` (the policy audit) and `db upgrade | revision`."""

from __future__ import annotations

import argparse
import tempfile

from bot import policy_audit
from bot.config import Settings
from bot.startup_errors import database_errors
from catalog.faq import FAQ_FILE, FaqBase, check
from storage.db import create_engine
from storage.migrate import autogenerate, current_revision, migrate
from storage.startup_lock import startup_lock


def faq_command(args: argparse.Namespace) -> int:
    path = args.file or FAQ_FILE
    problems = check(path)
    if args.file is None:  # the shipped data: the policy cards and the texts' citations too
        problems += policy_audit.problems(("cards", "texts", "rules"))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{path}: {len(problems)} problem(s)")
        return 1
    checked = "" if args.file else "; policy cards and the texts' citations too"
    print(f"{path}: {len(FaqBase.load(path))} entries, no problems{checked}")
    return 0


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
    with database_errors(settings.database_url):
        engine = create_engine(settings.database_url)
        try:
            async with startup_lock(engine):  # a bot starting meanwhile waits instead of migrating too
                await migrate(engine)
            print(f"database at revision {await current_revision(engine)}")
        finally:
            await engine.dispose()
