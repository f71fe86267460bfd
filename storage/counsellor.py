"""Requests for a human career counsellor."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models_service import CounsellorRequest, ServiceCase
from storage.types import utcnow


async def open_request_of_case(session: AsyncSession, case: ServiceCase) -> CounsellorRequest | None:
    return await session.scalar(
        select(CounsellorRequest).where(CounsellorRequest.case_id == case.id, CounsellorRequest.status == "open")
    )


async def open_request(session: AsyncSession, case: ServiceCase) -> CounsellorRequest | None:
    """A new request, or None when one is already open for this case."""
    if await open_request_of_case(session, case) is not None:
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


async def open_request_of_user(
    session: AsyncSession, user_id: int, request_id: int
) -> tuple[CounsellorRequest, ServiceCase] | None:
    """The open request `request_id` if it belongs to `user_id` (a forged id of someone else's finds nothing)."""
    found = await open_request_with_case(session, request_id)
    return found if found is not None and found[1].user_id == user_id else None


def assign(request: CounsellorRequest, staff_id: int) -> None:
    """The staff member who answered last takes the conversation: what the person types goes to them."""
    request.staff_id = staff_id
