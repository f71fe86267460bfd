"""APScheduler is only the clock: jobs read and write their work in the database."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Bot
from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.runtime import Runtime
from scheduler import jobs
from scheduler.broadcast import track_progress
from scheduler.leader import Leader
from scheduler.ratelimit import create_limiter
from scheduler.sender import Sender

CATALOG_REFRESH_SECONDS = 60
# Due items wait in the database. The sender runs when this process commits new ones and when the next one
# falls due; the poll is the safety net (and how items written by another process are found).
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
    settings = runtime.settings
    # With Redis, every process sends through the same slots: together they keep SEND_RATE.
    limiter = create_limiter(settings.send_rate, runtime.redis, settings.redis_prefix)
    sender = Sender(runtime.sessionmaker, bot, settings, runtime.clock, limiter)
    sender.start(OUTBOX_POLL_SECONDS)
    scheduler.add_listener(lambda _event: sender.stop(), EVENT_SCHEDULER_SHUTDOWN)
    # First look at once: after a restart, overdue items should not wait another poll interval.
    scheduler.add_job(
        sender.run_once, "interval", seconds=OUTBOX_POLL_SECONDS, id="send_due", next_run_time=datetime.now(UTC)
    )
    progress = track_progress
    if runtime.redis is not None:  # several processes: one edits the progress messages (lease of 3 runs)
        key = f"{settings.redis_prefix}:leader:broadcast_progress"
        progress = Leader(runtime.redis, key, 3 * BROADCAST_PROGRESS_SECONDS).guard(track_progress)
    scheduler.add_job(
        progress,
        "interval",
        seconds=BROADCAST_PROGRESS_SECONDS,
        args=(runtime.sessionmaker, bot, runtime.clock, {}),  # {}: the texts last shown, per broadcast
        id="broadcast_progress",
    )
    scheduler.add_job(jobs.prune_updates, "cron", hour=4, args=(runtime.sessionmaker,), id="prune_updates")
    return scheduler
