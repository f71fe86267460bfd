"""The data and report commands: `demo`, `catalog import`, `jobs`, `ledger export`, `stats`. They open the
database and the catalogue, never the Telegram framework."""

from __future__ import annotations

import argparse
import asyncio
import html
import json

from bot import texts
from bot.cli_errors import CommandError
from bot.config import Settings
from bot.runtime import open_runtime
from bot.services import demo as demo_data
from bot.services import outcome_report, survey_stats
from bot.services.import_report import describe_import
from bot.texts import marks
from catalog.districts import canonical_district
from catalog.importer import read_courses
from catalog.jobs_importer import read_jobs
from storage.unit_of_work import unit_of_work


async def catalog_import(args: argparse.Namespace, settings: Settings) -> int:
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
    from bot.services.ledger_export import export_ledger  # openpyxl

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
