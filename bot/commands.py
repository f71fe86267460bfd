"""What each CLI sub-command does (kept apart from argument parsing in __main__)."""

from __future__ import annotations

import argparse
import asyncio
import errno
import gc
import html
import json
import logging
import signal
import tempfile

from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from aiohttp import web

from bot import policy_audit, texts
from bot.app import create_bot, create_dispatcher
from bot.catalog_cli import search_command
from bot.cli_errors import CommandError, startup_failures
from bot.config import Settings
from bot.lazy_models import build_for_serving
from bot.runtime import open_runtime
from bot.services import demo as demo_data
from bot.services import outcome_report, survey_stats
from bot.services.import_report import describe_import
from bot.services.ledger_export import export_ledger
from bot.shell import run_shell
from bot.startup_errors import database_errors
from bot.texts import marks
from bot.webhook import HEALTH_PATH, create_webhook_app
from catalog.districts import canonical_district
from catalog.faq import FAQ_FILE, FaqBase, check
from catalog.importer import read_courses
from catalog.jobs_importer import read_jobs
from scheduler.setup import create_scheduler
from storage.db import create_engine
from storage.migrate import autogenerate, current_revision, migrate
from storage.startup_lock import startup_lock
from storage.unit_of_work import unit_of_work

log = logging.getLogger(__name__)
# Telegram's default, stated so that every webhook process registers the same value.
WEBHOOK_MAX_CONNECTIONS = 40


async def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    with startup_failures(settings.database_url):
        if args.command == "start":
            args.command = "run" if settings.bot_token else "shell"
        if args.command == "run":
            await run_polling(settings, demo=args.demo)
        elif args.command == "webhook":
            host = args.host or settings.webhook_host
            port = settings.webhook_port if args.port is None else args.port
            await run_webhook(settings, host=host, port=port, set_webhook=not args.no_set_webhook, demo=args.demo)
        elif args.command == "shell":
            await run_shell(settings, args.user_id, demo=args.demo)
        elif args.command == "demo":
            return await demo_command(args, settings)
        elif args.command == "catalog":
            return await catalog_command(args, settings)
        elif args.command == "jobs":
            return await jobs_command(args, settings)
        elif args.command == "ledger":
            return await ledger_command(args, settings)
        elif args.command == "stats":
            return await stats_command(args, settings)
        elif args.command == "faq":
            return faq_command(args)
        elif args.command == "db":
            await db_command(args, settings)
    return 0



def settle_heap() -> None:
    """What start-up built (the catalogue index: hundreds of thousands of objects at 50k courses) lives as long
    as the process: moved out of the collector's reach, full collections no longer walk it, which stalled the
    event loop 250–700 ms during a large import (seen with a gc.callbacks probe). The aiogram models serving
    needs are built first (bot/lazy_models.py), so they are not built mid-serving and are frozen too."""
    build_for_serving()
    gc.collect()
    gc.freeze()


async def run_polling(settings: Settings, *, demo: bool = False) -> None:
    settings.require_token()  # fail before touching the database
    async with open_runtime(settings, sample=demo, serving=True) as runtime:
        demo_data.warn_if_empty(runtime.catalog)
        settle_heap()
        bot = create_bot(settings)
        dp = create_dispatcher(runtime)
        scheduler = create_scheduler(runtime, bot)
        scheduler.start()
        try:
            await dp.start_polling(bot, tasks_concurrency_limit=settings.max_concurrent_updates)
        except TelegramUnauthorizedError:
            raise CommandError("the Bot API rejected BOT_TOKEN: check the token from @BotFather") from None
        except TelegramNetworkError as exc:
            raise CommandError(f"cannot reach the Bot API at {settings.telegram_api_base}: {exc.message}") from None
        finally:
            scheduler.shutdown(wait=False)


async def run_webhook(
    settings: Settings, *, host: str, port: int, set_webhook: bool = True, demo: bool = False
) -> None:
    secret = settings.require_webhook_secret()  # both fail before touching the database
    settings.require_token()
    async with open_runtime(settings, sample=demo, serving=True) as runtime:
        demo_data.warn_if_empty(runtime.catalog)
        settle_heap()
        bot = create_bot(settings)
        dp = create_dispatcher(runtime)
        runner = web.AppRunner(create_webhook_app(runtime, bot, dp), access_log=None, handle_signals=False)
        scheduler = create_scheduler(runtime, bot)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            await runner.setup()  # the dispatcher's startup: the command menu
            await web.TCPSite(runner, host, port).start()
            if set_webhook and settings.webhook_url:
                # Every process may do this at start: the same values each time, so it is idempotent.
                await bot.set_webhook(
                    settings.webhook_url,
                    secret_token=secret,
                    allowed_updates=dp.resolve_used_update_types(),
                    max_connections=WEBHOOK_MAX_CONNECTIONS,
                    drop_pending_updates=False,
                )
                log.info("webhook registered with Telegram: %s", settings.webhook_url)
            elif set_webhook:
                log.info("WEBHOOK_URL is not set: serving without registering a webhook with Telegram")
            scheduler.start()
            log.info("webhook: listening on http://%s:%d%s (health: %s)", host, port, settings.webhook_path,
                     HEALTH_PATH)  # fmt: skip
            await stop.wait()
            log.info("webhook: stopping")
        except TelegramUnauthorizedError:
            raise CommandError("the Bot API rejected BOT_TOKEN: check the token from @BotFather") from None
        except TelegramNetworkError as exc:
            raise CommandError(f"cannot reach the Bot API at {settings.telegram_api_base}: {exc.message}") from None
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"cannot listen on {host}:{port}: the port is already in use (give each webhook process its own "
                    "--port)"
                ) from None
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        finally:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
            if scheduler.running:
                scheduler.shutdown(wait=False)
            await runner.cleanup()  # stop accepting, let updates in flight finish, the dispatcher's shutdown
            await bot.session.close()


async def catalog_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.catalog_command == "search":
        return await search_command(args, settings)
    result = await asyncio.to_thread(read_courses, args.file)
    async with open_runtime(settings) as runtime:
        async with unit_of_work(runtime.sessionmaker) as session:
            report = await runtime.catalog.apply_import(
                session, result, replace=args.replace, settings=settings, now=runtime.clock.now(), refresh=False
            )
        # After the commit: a bot running beside this command is not kept waiting while the index is rebuilt.
        async with runtime.sessionmaker() as session:
            await runtime.catalog.refresh(session)
    print(html.unescape(describe_import(result, report, today=runtime.clock.today())))
    return 0 if report is not None else 1


async def demo_command(args: argparse.Namespace, settings: Settings) -> int:
    async with open_runtime(settings) as runtime, unit_of_work(runtime.sessionmaker) as session:
        if args.demo_command == "load":
            rows = await demo_data.load(session, runtime.catalog, runtime.jobs)
            print(marks.DEMO_LOADED.format(courses=rows.courses, jobs=rows.jobs))
        else:
            rows = await demo_data.remove(session, runtime.catalog, runtime.jobs)
            print(marks.DEMO_REMOVED.format(courses=rows.courses, jobs=rows.jobs))
    return 0


async def jobs_command(args: argparse.Namespace, settings: Settings) -> int:
    result = await asyncio.to_thread(read_jobs, args.file)
    if not result.ok:
        print(html.unescape(describe_import(result, None)))
        return 1
    async with open_runtime(settings, sample=False) as runtime, unit_of_work(runtime.sessionmaker) as session:
        added, updated = await runtime.jobs.apply_import(session, result, replace=args.replace)
    print(texts.JOBS_IMPORT_OK.format(added=added, updated=updated))
    return 0


async def ledger_command(args: argparse.Namespace, settings: Settings) -> int:
    districts = [canonical_district(d) or d for d in args.district]
    async with open_runtime(settings, sample=False) as runtime, runtime.sessionmaker() as session:
        rows, people = await export_ledger(
            session, args.file, start=args.start, end=args.end, tz=settings.tz, districts=districts
        )
    print(texts.EXPORT_DONE.format(rows=rows, cases=people, file=args.file))
    return 0


async def stats_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.start and args.end and args.start > args.end:
        raise CommandError("--from is after --to")
    async with open_runtime(settings, sample=False) as runtime, runtime.sessionmaker() as session:
        rows = await survey_stats.load_rows(session, start=args.start, end=args.end, tz=settings.tz)
    stats = survey_stats.tally(rows)
    if args.json:
        report = outcome_report.report_json(stats, start=args.start, end=args.end)
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(outcome_report.report_text(stats, start=args.start, end=args.end))
    return 0


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
