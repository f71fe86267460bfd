"""What the two catalogues (courses, job postings) share: rows with `active`, `sample` and `updated_at`.

One implementation per question, taking the row model, so courses and jobs cannot drift apart."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CourseRow
from storage.models_service import JobRow

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
