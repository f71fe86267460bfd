"""Who may use staff commands and buttons. Checked on the server for every staff entry point.

Admins are the ADMIN_IDS setting; staff are granted by admins (`/staff add`) and may be scoped to
districts. Staff routers put `StaffOnly()` on their handlers: a non-staff update is logged and falls
through to the fallback, which answers as for any unknown command or stale button.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.texts import esc
from storage import staff

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StaffRole:
    user_id: int
    admin: bool
    districts: tuple[str, ...] = ()  # empty: every district

    @property
    def citywide(self) -> bool:
        return self.admin or not self.districts

    def covers(self, district: str | None) -> bool:
        """May this member see or act on something in `district` (None: not tied to a district)?"""
        return self.citywide or district in self.districts

    def scope(self) -> tuple[str, ...] | None:
        """The districts to filter by, or None for no filter."""
        return None if self.citywide else self.districts


async def role_of(user_id: int, session: AsyncSession, settings: Settings) -> StaffRole | None:
    if user_id in settings.admin_ids:
        return StaffRole(user_id, admin=True)
    member = await staff.get(session, user_id)
    if member is None:
        return None
    return StaffRole(user_id, admin=False, districts=tuple(member.districts))


async def staff_for_district(session: AsyncSession, settings: Settings, district: str | None) -> list[int]:
    """Everyone who should hear about something in `district`: admins and the staff covering it."""
    ids = dict.fromkeys(settings.admin_ids)
    for member in await staff.all_members(session):
        if not member.districts or district in member.districts:
            ids.setdefault(member.user_id)
    return list(ids)


class StaffOnly(Filter):
    """Passes staff (adds `role` to the handler's arguments); logs and refuses everyone else."""

    def __init__(self, *, admin: bool = False) -> None:
        self.admin = admin

    async def __call__(
        self, event: Message | CallbackQuery, session: AsyncSession, settings: Settings
    ) -> bool | dict[str, Any]:
        user = event.from_user
        role = await role_of(user.id, session, settings) if user else None
        if role is None or (self.admin and not role.admin):
            what = event.data if isinstance(event, CallbackQuery) else (event.text or event.content_type)
            log.warning("refused staff entry point for user %s: %.40r", user.id if user else "?", what)
            return False
        return {"role": role}


def describe_scope(districts: Iterable[str]) -> str:
    return "、".join(districts) or "全市"


# Loads the object an id names and the district it belongs to (None when there is no such object).
Loader = Callable[[int], Awaitable[tuple[T, str | None] | None]]


@dataclass(frozen=True, slots=True)
class Scoped(Generic[T]):
    id: int
    found: T
    text: str  # what followed the id ("" for a command taking only the id)


async def scoped_id_argument(
    message: Message,
    args: str | None,
    role: StaffRole,
    *,
    parse: Callable[[str | None], int | None],
    load: Loader[T],
    usage: str,
    refusal: str,
    with_text: bool = False,
) -> Scoped[T] | None:
    """`/command ID` (or `/command ID text` with `with_text`): the id parsed strictly (a bot/args.py parser), the
    object loaded and checked against the member's districts. When that fails it answers — `usage` for a malformed
    argument, `refusal` (formatted with `id` and `scope`) for no such object or one outside the member's districts,
    the same answer so that ids outside the scope reveal nothing — and returns None."""
    parts = (args or "").split(maxsplit=1)
    number = parse(parts[0]) if len(parts) == (2 if with_text else 1) else None
    if number is None:
        await message.answer(usage)
        return None
    loaded = await load(number)
    if loaded is None or not role.covers(loaded[1]):
        await message.answer(refusal.format(id=number, scope=esc(describe_scope(role.scope() or ()))))
        return None
    return Scoped(number, loaded[0], parts[1] if with_text else "")
