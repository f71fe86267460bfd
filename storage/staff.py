"""Staff roles granted by admins. The unit of work commits; these functions never do."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models_staff import StaffMember


async def get(session: AsyncSession, user_id: int) -> StaffMember | None:
    return await session.get(StaffMember, user_id)


async def grant(session: AsyncSession, user_id: int, districts: Sequence[str], added_by: int) -> StaffMember:
    """Make `user_id` staff for `districts` (empty: all); granting again replaces the districts."""
    member = await session.get(StaffMember, user_id)
    if member is None:
        member = StaffMember(user_id=user_id, added_by=added_by)
        session.add(member)
    member.districts = list(dict.fromkeys(districts))
    await session.flush()
    return member


async def revoke(session: AsyncSession, user_id: int) -> bool:
    result = await session.execute(delete(StaffMember).where(StaffMember.user_id == user_id))
    return bool(result.rowcount)


async def all_members(session: AsyncSession) -> list[StaffMember]:
    return list(await session.scalars(select(StaffMember).order_by(StaffMember.created_at)))
