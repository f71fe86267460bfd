"""Admins grant and revoke staff: `/staff`, `/staff 添加 ID [district …]`, `/staff 取消 ID` (or add/remove)."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.args import parse_user_id
from bot.texts import esc
from catalog.districts import canonical_district
from handlers.access import StaffOnly, StaffRole, describe_scope
from storage import staff

log = logging.getLogger(__name__)
# Staff type the Chinese words shown in the usage; the English ones keep working.
ACTIONS = {"添加": "add", "授权": "add", "取消": "remove", "删除": "remove", "移除": "remove"}


async def manage_staff(message: Message, command: CommandObject, session: AsyncSession, role: StaffRole) -> None:
    words = (command.args or "").split()
    action = ACTIONS.get(words[0].lower(), words[0]) if words else "list"
    target = words[1] if len(words) > 1 else ""
    if action == "list":
        members = await staff.all_members(session)
        lines = [texts.STAFF_ROLES_HEADER] + [
            texts.STAFF_ROLES_LINE.format(user_id=m.user_id, scope=esc(describe_scope(m.districts))) for m in members
        ]
        await message.answer("\n".join(lines) if members else texts.STAFF_ROLES_EMPTY)
        return
    user_id = parse_user_id(target)
    if action not in ("add", "remove") or user_id is None:
        await message.answer(texts.STAFF_ROLES_USAGE)
        return
    if action == "remove":
        removed = await staff.revoke(session, user_id)
        log.info("admin %s revoked staff %s: %s", role.user_id, user_id, removed)
        await message.answer((texts.STAFF_ROLE_REVOKED if removed else texts.STAFF_ROLE_NOT_STAFF).format(id=user_id))
        return
    districts = [canonical_district(word) for word in words[2:]]
    unknown = [word for word, name in zip(words[2:], districts, strict=True) if name is None]
    if unknown:
        await message.answer(texts.STAFF_ROLE_UNKNOWN_DISTRICT.format(names=esc("、".join(unknown))))
        return
    member = await staff.grant(session, user_id, [d for d in districts if d], role.user_id)
    log.info("admin %s granted staff %s for %s", role.user_id, user_id, member.districts or "all districts")
    await message.answer(texts.STAFF_ROLE_GRANTED.format(id=user_id, scope=esc(describe_scope(member.districts))))


def create_router() -> Router:
    router = Router(name="staff_roles")
    router.message.register(manage_staff, Command("staff"), StaffOnly(admin=True))
    return router
