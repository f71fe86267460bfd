"""1131 cases and their ledger. Functions take a session and never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User
from storage.models_service import JobRecommendation, ServiceCase, ServiceRecord
from storage.types import utcnow

STEPS = ("policy", "guidance", "jobs", "training")


async def get_case(session: AsyncSession, user_id: int) -> ServiceCase | None:
    return await session.scalar(select(ServiceCase).where(ServiceCase.user_id == user_id))


async def open_case(session: AsyncSession, user_id: int) -> ServiceCase:
    case = await get_case(session, user_id)
    if case is None:
        case = ServiceCase(user_id=user_id, wanted=[], constraints=[])
        session.add(case)
        await session.flush()
    return case


def record(session: AsyncSession, case: ServiceCase, step: str, action: str, **detail: Any) -> None:
    """Append one ledger row; personal contact data never goes into `detail`."""
    session.add(ServiceRecord(case_id=case.id, step=step, action=action, detail=detail))


def step_done_at(case: ServiceCase, step: str) -> datetime | None:
    return getattr(case, f"{step}_done_at")


def mark_step_done(session: AsyncSession, case: ServiceCase, step: str) -> bool:
    """Mark a step complete (once); returns True when this completes the whole 1131 service."""
    if step_done_at(case, step) is None:
        setattr(case, f"{step}_done_at", utcnow())
        record(session, case, step, "completed")
    if case.completed_at is None and all(step_done_at(case, s) for s in STEPS):
        case.completed_at = utcnow()
        record(session, case, "case", "completed")
        return True
    return False


async def recommended_codes(session: AsyncSession, case: ServiceCase) -> list[str]:
    rows = await session.scalars(
        select(JobRecommendation.job_code).where(JobRecommendation.case_id == case.id).order_by(JobRecommendation.id)
    )
    return list(rows)


async def add_recommendation(session: AsyncSession, case: ServiceCase, job_code: str) -> JobRecommendation:
    rec = JobRecommendation(case_id=case.id, job_code=job_code)
    session.add(rec)
    await session.flush()
    return rec


async def get_recommendation(session: AsyncSession, case: ServiceCase, rec_id: int) -> JobRecommendation | None:
    return await session.scalar(
        select(JobRecommendation).where(JobRecommendation.id == rec_id, JobRecommendation.case_id == case.id)
    )


@dataclass(frozen=True, slots=True)
class LedgerRow:
    at: datetime
    user_id: int
    display_name: str
    group: str | None
    district: str | None
    step: str
    action: str
    detail: dict[str, Any]


async def ledger(
    session: AsyncSession, since: datetime, until: datetime, districts: Sequence[str] | None = None
) -> list[LedgerRow]:
    query = (
        select(ServiceRecord, ServiceCase.user_id, User.display_name, User.group, User.district)
        .join(ServiceCase, ServiceCase.id == ServiceRecord.case_id)
        .join(User, User.id == ServiceCase.user_id)
        .where(ServiceRecord.created_at >= since, ServiceRecord.created_at < until)
        .order_by(ServiceRecord.created_at, ServiceRecord.id)
    )
    if districts:
        query = query.where(User.district.in_(list(districts)))
    rows = await session.execute(query)
    return [
        LedgerRow(r.created_at, user_id, name, group, district, r.step, r.action, dict(r.detail or {}))
        for r, user_id, name, group, district in rows
    ]
