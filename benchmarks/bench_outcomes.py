"""Benchmark of the outcome figures behind /stats and `python -m bot stats` on a large survey table.

N synthetic answered surveys (one confirmed enrolment each, groups and answers drawn with a fixed seed) are written
to a temporary SQLite file with bulk INSERTs; then the query (`load_rows`), the arithmetic (`tally`), the report
text and the chart are timed, each best of 3, with the process's peak RSS.

    python benchmarks/bench_outcomes.py [--surveys 100000]

Figures only, no asserts on speed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.config import load_settings
from bot.runtime import open_runtime
from bot.services import outcome_report, staff_stats, stats_chart, survey_stats
from catalog import outcomes
from catalog.groups import GROUPS
from storage.models import CourseRow, User
from storage.models_schedule import SurveyResponse
from storage.models_service import Enrolment

TZ = ZoneInfo("Asia/Shanghai")
BATCH = 5_000


def best_of(runs: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


async def main(count: int) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp}/bench.db", bot_token=None)
        async with open_runtime(settings) as runtime:
            async with runtime.engine.begin() as conn:
                course_ids = [
                    row[0] for row in await conn.execute(CourseRow.__table__.select().with_only_columns(CourseRow.id))
                ]
                now = datetime(2026, 11, 1, tzinfo=UTC)
                started = time.perf_counter()
                for first in range(0, count, BATCH):
                    ids = range(first + 1, min(first + BATCH, count) + 1)
                    await conn.execute(
                        insert(User),
                        [
                            {
                                "id": i,
                                "display_name": "",
                                "created_at": now,
                                "updated_at": now,
                                "user_group": rng.choice(GROUPS),
                            }
                            for i in ids
                        ],
                    )
                    await conn.execute(
                        insert(Enrolment),
                        [
                            {
                                "id": i,
                                "user_id": i,
                                "course_id": rng.choice(course_ids),
                                "status": "confirmed",
                                "created_at": now,
                                "updated_at": now,
                            }
                            for i in ids
                        ],
                    )
                    await conn.execute(insert(SurveyResponse), [_survey(rng, i, now) for i in ids])
                written = time.perf_counter() - started
            async with runtime.sessionmaker() as session:
                started = time.perf_counter()
                rows = await survey_stats.load_rows(session, tz=TZ)
                query = time.perf_counter() - started
                started = time.perf_counter()
                stats = await staff_stats.collect(session, now=datetime(2026, 11, 23, tzinfo=TZ), tz=TZ)
                collect = time.perf_counter() - started
    tally_s, waves = best_of(3, lambda: survey_stats.tally(rows))
    text_s, _ = best_of(3, lambda: outcome_report.report_text(waves))
    stats_chart.font_family()
    chart_s, chart = best_of(3, lambda: stats_chart.render(stats))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"surveys: {count:,} (written in {written:.1f} s)")
    print(f"load_rows (SQL + rows): {query:.2f} s; staff_stats.collect (all of /stats's queries): {collect:.2f} s")
    print(
        f"tally: {tally_s:.2f} s; report text: {text_s * 1000:.0f} ms; chart: {chart_s:.2f} s, {len(chart.png):,} bytes"
    )
    print(f"peak RSS: {peak:.0f} MB")


def _survey(rng: random.Random, i: int, now: datetime) -> dict:
    work = rng.choice(outcomes.WORK)
    working = work in outcomes.WORKING
    return {
        "id": i,
        "enrolment_id": i,
        "user_id": i,
        "wave": rng.choice((30, 90, 180)),
        "user_group": rng.choice(GROUPS),
        "income_before": rng.choice(outcomes.INCOME),
        "finished": rng.choice(outcomes.FINISHED),
        "certificate": rng.choice(outcomes.CERTIFICATES),
        "employment": work,
        "insurance": rng.choice(outcomes.INSURANCE) if working else None,
        "months_in_job": rng.choice(outcomes.MONTHS) if working else None,
        "income_band": rng.choice(outcomes.INCOME) if working else None,
        "comment_done": True,
        "sent_at": now,
        "answered_at": now,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surveys", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().surveys))
