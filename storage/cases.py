"""1131 cases and their ledger. Functions take a session and never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage import identity
from storage.models import User
from storage.models_service import JobRecommendation, ServiceCase, ServiceRecord
from storage.types import utcnow

STEPS = ("policy", "guidance", "jobs", "training")
JOBS_TO_COMPLETE = 3  # the "3" of 1131: feedback on three distinct postings relevant to the wanted work


async def get_case(session: AsyncSession, user_id: int) -> ServiceCase | None:
    return await session.scalar(select(ServiceCase).where(ServiceCase.user_id == user_id))


async def open_case(session: AsyncSession, user_id: int) -> ServiceCase:
    case = await get_case(session, user_id)
    if case is None:
        case = ServiceCase(user_id=user_id, wanted=[], constraints=[])
        session.add(case)
        await session.flush()
    return case


def record(
    session: AsyncSession, case: ServiceCase, step: str, action: str, *, actor: int | None = None, **detail: Any
) -> None:
    """Append one ledger row; `actor` is the staff member who acted (None: the person, through the bot).
    Personal contact data never goes into `detail`."""
    session.add(ServiceRecord(case_id=case.id, step=step, action=action, detail=detail, actor_id=actor))


def step_done_at(case: ServiceCase, step: str) -> datetime | None:
    return getattr(case, f"{step}_done_at")


def mark_step_done(session: AsyncSession, case: ServiceCase, step: str, *, actor: int | None = None) -> bool:
    """Mark a step complete (once); returns True when this completes the whole 1131 service."""
    if step_done_at(case, step) is None:
        setattr(case, f"{step}_done_at", utcnow())
        record(session, case, step, "completed", actor=actor)
    if case.completed_at is None and all(step_done_at(case, s) for s in STEPS):
        case.completed_at = utcnow()
        record(session, case, "case", "completed", actor=actor)
        return True
    return False


def undo_step(session: AsyncSession, case: ServiceCase, step: str, *, actor: int | None = None, **why: Any) -> bool:
    """A completed step no longer holds (e.g. its enrolment was cancelled): open it, and the case, again."""
    if step_done_at(case, step) is None:
        return False
    setattr(case, f"{step}_done_at", None)
    record(session, case, step, "undone", actor=actor, **why)
    if case.completed_at is not None:
        case.completed_at = None
        record(session, case, "case", "undone", actor=actor)
    return True


async def recommended_codes(session: AsyncSession, case: ServiceCase) -> list[str]:
    rows = await session.scalars(
        select(JobRecommendation.job_code).where(JobRecommendation.case_id == case.id).order_by(JobRecommendation.id)
    )
    return list(rows)


async def answered_relevant(session: AsyncSession, case: ServiceCase) -> int:
    """Distinct relevant postings the person gave feedback on: what the 3 job recommendations count."""
    count = await session.scalar(
        select(func.count(JobRecommendation.id)).where(
            JobRecommendation.case_id == case.id,
            JobRecommendation.relevant.is_(True),
            JobRecommendation.answer.is_not(None),
        )
    )
    return count or 0


async def add_recommendation(
    session: AsyncSession, case: ServiceCase, job_code: str, *, relevant: bool
) -> JobRecommendation:
    rec = JobRecommendation(case_id=case.id, job_code=job_code, relevant=relevant)
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
    actor_id: int | None  # None: the person, through the bot
    actor_name: str | None
    verified_at: datetime | None  # the person's standing 实名核验 mark, None when unverified


async def ledger(
    session: AsyncSession, since: datetime, until: datetime, districts: Sequence[str] | None = None
) -> list[LedgerRow]:
    actor = aliased(User)
    query = (
        select(ServiceRecord, ServiceCase.user_id, User.display_name, User.group, User.district, actor.display_name)
        .join(ServiceCase, ServiceCase.id == ServiceRecord.case_id)
        .join(User, User.id == ServiceCase.user_id)
        .outerjoin(actor, actor.id == ServiceRecord.actor_id)
        .where(ServiceRecord.created_at >= since, ServiceRecord.created_at < until)
        .order_by(ServiceRecord.created_at, ServiceRecord.id)
    )
    if districts:
        query = query.where(User.district.in_(list(districts)))
    rows = (await session.execute(query)).all()
    verified = await identity.verified_at(session, (row[1] for row in rows))
    return [
        LedgerRow(
            r.created_at, user_id, name, group, district, r.step, r.action, dict(r.detail or {}),
            r.actor_id, actor_name, verified.get(user_id),
        )
        for r, user_id, name, group, district, actor_name in rows
    ]
