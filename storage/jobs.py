"""Job postings repository (the second catalogue, for 1131 job recommendations)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.jobs import JobPosting
from storage import catalogue_rows as rows
from storage.models_service import JobRow

_FIELDS = tuple(f.name for f in fields(JobPosting))


def to_job(row: JobRow) -> JobPosting:
    values = {name: getattr(row, name) for name in _FIELDS}
    values["keywords"] = tuple(row.keywords or ())
    return JobPosting(**values)


async def upsert_jobs(session: AsyncSession, jobs: Sequence[JobPosting], *, replace: bool = False) -> tuple[int, int]:
    """Insert or update by code; with `replace`, retire postings missing from the list. Returns (added, updated)."""
    existing = {row.code: row for row in await session.scalars(select(JobRow))}
    added = updated = 0
    for job in jobs:
        values = {name: getattr(job, name) for name in _FIELDS} | {"keywords": list(job.keywords), "active": True}
        row = existing.get(job.code)
        if row is None:
            session.add(JobRow(**values))
            added += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            updated += 1
    if replace:
        keep = {j.code for j in jobs}
        for row in existing.values():
            if row.active and row.code not in keep:
                row.active = False
    await session.flush()
    return added, updated


async def active_jobs(session: AsyncSession) -> list[JobPosting]:
    return [to_job(r) for r in await session.scalars(select(JobRow).where(JobRow.active.is_(True)))]


async def latest_change(session: AsyncSession) -> datetime | None:
    return await rows.latest_change(session, JobRow)
