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
from handlers.access import Loader, StaffOnly, StaffRole, scoped_id_argument
from storage.models import User

log = logging.getLogger(__name__)


def _person_of(session: AsyncSession) -> Loader[User]:
    async def load(user_id: int) -> tuple[User, str | None] | None:
        person = await session.get(User, user_id)
        return (person, person.district) if person is not None else None

    return load


async def verify(
    message: Message, command: CommandObject, session: AsyncSession, role: StaffRole, clock: Clock
) -> None:
    arg = await scoped_id_argument(
        message, command.args, role, parse=parse_user_id, load=_person_of(session),
        usage=it.VERIFY_USAGE, refusal=it.VERIFY_NOT_FOUND, with_text=True,
    )  # fmt: skip
    if arg is None:
        return
    result = await identity.verify(session, arg.found, arg.text, staff_id=role.user_id)
    if result.outcome is Outcome.VERIFIED and result.check:
        log.info("staff %s verified user %s", role.user_id, arg.id)
        date = result.check.verified_at.astimezone(clock.tz).strftime("%Y-%m-%d")
        name, reference = esc(arg.found.display_name), esc(result.check.reference)
        await message.answer(it.VERIFY_DONE.format(name=name, id=arg.id, reference=reference, date=date))
    elif result.outcome is Outcome.BAD_REFERENCE:
        await message.answer(it.VERIFY_BAD_REFERENCE)
    else:
        await message.answer(it.VERIFY_REFERENCE_TOO_LONG.format(n=identity.MAX_REFERENCE))


async def unverify(message: Message, command: CommandObject, session: AsyncSession, role: StaffRole) -> None:
    arg = await scoped_id_argument(
        message, command.args, role, parse=parse_user_id, load=_person_of(session),
        usage=it.UNVERIFY_USAGE, refusal=it.VERIFY_NOT_FOUND,
    )  # fmt: skip
    if arg is None:
        return
    result = await identity.unverify(session, arg.found, staff_id=role.user_id)
    log.info("staff %s withdrew verification of user %s: %s", role.user_id, arg.id, result.outcome)
    template = it.UNVERIFY_DONE if result.outcome is Outcome.REVOKED else it.UNVERIFY_NONE
    await message.answer(template.format(name=esc(arg.found.display_name), id=arg.id))


def create_router() -> Router:
    router = Router(name="staff_identity")
    router.message.register(verify, Command("verify"), StaffOnly())
    router.message.register(unverify, Command("unverify"), StaffOnly())
    return router
