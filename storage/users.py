"""User repository. Functions take a session and never commit: the unit of work does."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User
from storage.types import utcnow


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def ensure_user(session: AsyncSession, user_id: int, display_name: str, language: str | None) -> User:
    """Return the user's row, creating it on first contact and refreshing the name if it changed."""
    user = await session.get(User, user_id)
    if user is None:
        user = User(id=user_id, display_name=display_name[:128], language=language)
        session.add(user)
        await session.flush()
        return user
    if user.display_name != display_name[:128]:
        user.display_name = display_name[:128]
    if user.blocked_bot:
        # A message from the user proves they can be reached again.
        user.blocked_bot = False
    return user


async def record_consent(session: AsyncSession, user: User) -> None:
    if user.consent_at is None:
        user.consent_at = utcnow()


async def set_profile(session: AsyncSession, user: User, *, group: str | None, district: str | None) -> None:
    user.group = group
    user.district = district
    await session.flush()
