"""Staff mark a person as 已实名核验 (`/verify ID reference`) or withdraw it (`/unverify ID`).

Only for people in the staff member's districts (citywide staff: everyone).
"""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.args import parse_user_id
from bot.clock import Clock
from bot.services import identity
from bot.services.identity import Outcome
from bot.texts import esc
from bot.texts import identity as it
from handlers.access import StaffOnly, StaffRole, describe_scope

log = logging.getLogger(__name__)


async def verify(
    message: Message, command: CommandObject, session: AsyncSession, role: StaffRole, clock: Clock
) -> None:
    parts = (command.args or "").split(maxsplit=1)
    user_id = parse_user_id(parts[0]) if len(parts) == 2 else None
    if user_id is None:
        await message.answer(it.VERIFY_USAGE)
        return
    result = await identity.verify(session, user_id, parts[1], staff_id=role.user_id, districts=role.scope())
    if result.outcome is Outcome.VERIFIED and result.person and result.check:
        log.info("staff %s verified user %s", role.user_id, user_id)
        date = result.check.verified_at.astimezone(clock.tz).strftime("%Y-%m-%d")
        name, reference = esc(result.person.display_name), esc(result.check.reference)
        await message.answer(it.VERIFY_DONE.format(name=name, id=user_id, reference=reference, date=date))
    else:
        await message.answer(_refusal(result.outcome, user_id, role))


async def unverify(message: Message, command: CommandObject, session: AsyncSession, role: StaffRole) -> None:
    user_id = parse_user_id(command.args)
    if user_id is None:
        await message.answer(it.UNVERIFY_USAGE)
        return
    result = await identity.unverify(session, user_id, staff_id=role.user_id, districts=role.scope())
    if result.person is None:
        await message.answer(_refusal(result.outcome, user_id, role))
        return
    log.info("staff %s withdrew verification of user %s: %s", role.user_id, user_id, result.outcome)
    template = it.UNVERIFY_DONE if result.outcome is Outcome.REVOKED else it.UNVERIFY_NONE
    await message.answer(template.format(name=esc(result.person.display_name), id=user_id))


def _refusal(outcome: Outcome, user_id: int, role: StaffRole) -> str:
    if outcome is Outcome.BAD_REFERENCE:
        return it.VERIFY_BAD_REFERENCE
    if outcome is Outcome.REFERENCE_TOO_LONG:
        return it.VERIFY_REFERENCE_TOO_LONG.format(n=identity.MAX_REFERENCE)
    return it.VERIFY_NOT_FOUND.format(id=user_id, scope=esc(describe_scope(role.scope() or ())))


def create_router() -> Router:
    router = Router(name="staff_identity")
    router.message.register(verify, Command("verify"), StaffOnly())
    router.message.register(unverify, Command("unverify"), StaffOnly())
    return router
