"""Job postings held in memory for matching; reloaded whole when the table changes (they are few)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

import catalog
from catalog.jobs import JobPosting
from catalog.jobs_importer import JobImportResult, read_jobs
from storage import jobs as repo

log = logging.getLogger(__name__)
SAMPLE_JOBS = Path(catalog.__file__).with_name("data") / "sample_jobs.csv"


class JobsService:
    def __init__(self) -> None:
        self.jobs: dict[str, JobPosting] = {}
        self._seen: datetime | None = None

    async def load(self, session: AsyncSession) -> int:
        self.jobs = {job.code: job for job in await repo.active_jobs(session)}
        self._seen = await repo.latest_change(session)
        return len(self.jobs)

    async def refresh(self, session: AsyncSession) -> bool:
        if await repo.latest_change(session) == self._seen:
            return False
        await self.load(session)
        return True

    async def apply_import(self, session: AsyncSession, result: JobImportResult, *, replace: bool) -> tuple[int, int]:
        added_updated = await repo.upsert_jobs(session, result.jobs, replace=replace)
        await self.load(session)
        return added_updated

    async def load_sample(self, session: AsyncSession, path: Path = SAMPLE_JOBS) -> int:
        """Store the shipped demo job postings, each marked sample (示例); returns how many were added or updated."""
        result = read_jobs(path)
        if not result.ok:
            log.error("the sample jobs %s do not import: %s", path, result.errors[:3])
            return 0
        added, updated = await repo.upsert_jobs(session, [replace(job, sample=True) for job in result.jobs])
        await self.load(session)
        return added + updated
