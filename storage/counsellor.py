"""Requests for a human career counsellor."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models_service import CounsellorRequest, ServiceCase
from storage.types import utcnow


async def open_request(session: AsyncSession, case: ServiceCase) -> CounsellorRequest | None:
    """A new request, or None when one is already open for this case."""
    existing = await session.scalar(
        select(CounsellorRequest).where(CounsellorRequest.case_id == case.id, CounsellorRequest.status == "open")
    )
    if existing is not None:
        return None
    request = CounsellorRequest(case_id=case.id)
    session.add(request)
    await session.flush()
    return request


async def open_request_with_case(
    session: AsyncSession, request_id: int
) -> tuple[CounsellorRequest, ServiceCase] | None:
    row = (
        await session.execute(
            select(CounsellorRequest, ServiceCase)
            .join(ServiceCase, ServiceCase.id == CounsellorRequest.case_id)
            .where(CounsellorRequest.id == request_id, CounsellorRequest.status == "open")
        )
    ).first()
    return (row[0], row[1]) if row else None


def close(request: CounsellorRequest, staff_id: int) -> None:
    request.status = "closed"
    request.staff_id = staff_id
    request.closed_at = utcnow()
