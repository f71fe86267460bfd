"""APScheduler is only the clock: jobs read and write their work in the database."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.runtime import Runtime
from scheduler import jobs
from scheduler.broadcast import track_progress
from scheduler.sender import Sender

CATALOG_REFRESH_SECONDS = 60
# Due items wait in the database; this is only how often the sender looks for them.
OUTBOX_POLL_SECONDS = 15
# Staff watch a broadcast's progress message; it is edited only when its figures changed.
BROADCAST_PROGRESS_SECONDS = 5


def create_scheduler(runtime: Runtime, bot: Bot) -> AsyncIOScheduler:
    # Memory job store on purpose: the schedule is rebuilt at every start from code and the database,
    # so no job store is ever shared between processes.
    scheduler = AsyncIOScheduler(
        timezone=runtime.settings.tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
    )
    scheduler.add_job(
        jobs.refresh_catalog,
        "interval",
        seconds=CATALOG_REFRESH_SECONDS,
        args=(runtime.sessionmaker, runtime.catalog),
        id="refresh_catalog",
    )
    scheduler.add_job(
        jobs.refresh_jobs,
        "interval",
        seconds=CATALOG_REFRESH_SECONDS,
        args=(runtime.sessionmaker, runtime.jobs),
        id="refresh_jobs",
    )
    sender = Sender(runtime.sessionmaker, bot, runtime.settings, runtime.clock)
    # First look at once: after a restart, overdue items should not wait another poll interval.
    scheduler.add_job(
        sender.run_once, "interval", seconds=OUTBOX_POLL_SECONDS, id="send_due", next_run_time=datetime.now(UTC)
    )
    scheduler.add_job(
        track_progress,
        "interval",
        seconds=BROADCAST_PROGRESS_SECONDS,
        args=(runtime.sessionmaker, bot, runtime.clock, {}),  # {}: the texts last shown, per broadcast
        id="broadcast_progress",
    )
    scheduler.add_job(jobs.prune_updates, "cron", hour=4, args=(runtime.sessionmaker,), id="prune_updates")
    return scheduler
