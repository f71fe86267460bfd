"""The shipped demo data (sample catalogue and job postings), loaded only when asked: `python -m bot demo load`,
or `--demo` at start (what `make run` passes) when the database is new. Every row is marked sample (示例)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.catalog import CatalogService
from bot.services.jobs import JobsService
from storage import catalogue_rows
from storage.models import CourseRow
from storage.models_service import JobRow

log = logging.getLogger(__name__)

EMPTY_CATALOGUE = (
    "the course catalogue is empty: import one with `python -m bot catalog import FILE` or send the .xlsx/.csv "
    "to the bot as staff (/staffhelp); `python -m bot demo load` loads the sample data (marked 示例) for a trial"
)


@dataclass(frozen=True, slots=True)
class DemoRows:
    courses: int
    jobs: int


async def load(session: AsyncSession, catalog: CatalogService, jobs: JobsService) -> DemoRows:
    return DemoRows(await catalog.load_sample(session), await jobs.load_sample(session))


async def load_if_new(session: AsyncSession, catalog: CatalogService, jobs: JobsService) -> DemoRows | None:
    """Load the demo data only into a new database: no course or job posting was ever stored (retired ones
    count), so a catalogue staff imported is never mixed with samples."""
    if await catalogue_rows.any_stored(session, CourseRow) or await catalogue_rows.any_stored(session, JobRow):
        return None
    rows = await load(session, catalog, jobs)
    log.info(
        "demo data: new database, loaded %d sample courses and %d sample jobs, all marked 示例 "
        "(`python -m bot demo remove` retires them)", rows.courses, rows.jobs,
    )  # fmt: skip
    return rows


async def remove(session: AsyncSession, catalog: CatalogService, jobs: JobsService) -> DemoRows:
    """Retire every sample course and job posting (they stay in the database for enrolments that name them)."""
    retire = catalogue_rows.retire_samples
    rows = DemoRows(await retire(session, CourseRow), await retire(session, JobRow))
    await catalog.refresh(session)
    await jobs.refresh(session)
    return rows


def warn_if_empty(catalog: CatalogService) -> bool:
    """At a serving start: an empty catalogue is said once in the log, with how to fill it."""
    if len(catalog.index):
        return False
    log.warning(EMPTY_CATALOGUE)
    return True
