"""What the two catalogues (courses, job postings) share: rows with `active`, `sample` and `updated_at`.

One implementation per question, taking the row model, so courses and jobs cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CourseRow
from storage.models_service import Enrolment, JobRow

CatalogueRow = type[CourseRow] | type[JobRow]


async def any_stored(session: AsyncSession, model: CatalogueRow) -> bool:
    """Whether a row was ever stored (retired ones included): a database without one is new."""
    return await session.scalar(select(model.id).limit(1)) is not None


async def retire_samples(session: AsyncSession, model: CatalogueRow) -> int:
    """Retire every active sample (示例) row; they stay stored for the enrolments and ledger rows naming them."""
    result = await session.execute(
        update(model).where(model.sample.is_(True), model.active.is_(True)).values(active=False)
    )
    return result.rowcount or 0


async def latest_change(session: AsyncSession, model: CatalogueRow) -> datetime | None:
    return await session.scalar(select(func.max(model.updated_at)))


async def count_active(session: AsyncSession, model: CatalogueRow) -> int:
    return await session.scalar(select(func.count()).select_from(model).where(model.active.is_(True))) or 0


@dataclass(frozen=True, slots=True)
class SampleRefs:
    """What a ledger row can name that is demo data (示例): sample course and job codes (retired ones too: a
    sample stays a sample) and enrolments on sample courses. Empty in production, where nothing is a sample."""

    courses: frozenset[str] = frozenset()
    jobs: frozenset[str] = frozenset()
    enrolments: frozenset[int] = frozenset()

    def named_in(self, detail: Mapping[str, object]) -> bool:
        return (
            detail.get("course_code") in self.courses
            or detail.get("job_code") in self.jobs
            or detail.get("enrolment_id") in self.enrolments
        )


async def sample_refs(session: AsyncSession) -> SampleRefs:
    courses = await session.scalars(select(CourseRow.code).where(CourseRow.sample.is_(True)))
    jobs = await session.scalars(select(JobRow.code).where(JobRow.sample.is_(True)))
    enrolments = await session.scalars(
        select(Enrolment.id).join(CourseRow, CourseRow.id == Enrolment.course_id).where(CourseRow.sample.is_(True))
    )
    return SampleRefs(frozenset(courses), frozenset(jobs), frozenset(enrolments))
