"""APScheduler is only the clock: jobs read and write their work in the database."""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.runtime import Runtime
from scheduler import jobs

CATALOG_REFRESH_SECONDS = 60


def create_scheduler(runtime: Runtime) -> AsyncIOScheduler:
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
    scheduler.add_job(jobs.prune_updates, "cron", hour=4, args=(runtime.sessionmaker,), id="prune_updates")
    return scheduler
