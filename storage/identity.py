"""实名制 marks (identity_checks). Functions take a session and never commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models_identity import IdentityCheck
from storage.types import utcnow


async def current(session: AsyncSession, user_id: int) -> IdentityCheck | None:
    """The person's standing 已核验 mark, or None when unverified."""
    return await session.scalar(
        select(IdentityCheck)
        .where(IdentityCheck.user_id == user_id, IdentityCheck.revoked_at.is_(None))
        .order_by(IdentityCheck.verified_at.desc(), IdentityCheck.id.desc())
        .limit(1)
    )


async def verified_at(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, datetime]:
    """When each verified person among `user_ids` was (last) verified; the unverified are absent."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(IdentityCheck.user_id, func.max(IdentityCheck.verified_at))
        .where(IdentityCheck.user_id.in_(ids), IdentityCheck.revoked_at.is_(None))
        .group_by(IdentityCheck.user_id)
    )
    return {user_id: at for user_id, at in rows}


async def verify(session: AsyncSession, user_id: int, reference: str, staff_id: int) -> IdentityCheck:
    """A new mark; an earlier standing one is superseded (revoked by the same staff member)."""
    previous = await current(session, user_id)
    if previous is not None:
        previous.revoked_at, previous.revoked_by = utcnow(), staff_id
    check = IdentityCheck(user_id=user_id, reference=reference, staff_id=staff_id)
    session.add(check)
    await session.flush()
    return check


async def revoke(session: AsyncSession, user_id: int, staff_id: int) -> IdentityCheck | None:
    """Withdraw the standing mark; the withdrawn row, or None when the person was not verified."""
    check = await current(session, user_id)
    if check is not None:
        check.revoked_at, check.revoked_by = utcnow(), staff_id
        await session.flush()
    return check
