"""Staff confirm or reject pending enrolments; the trainee is told either way."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.args import parse_row_id
from bot.clock import Clock
from bot.config import Settings
from bot.services import enrolments as enrolment_service
from bot.services import identity
from bot.services.scheduling import drop_for_enrolment, plan_for_enrolment
from bot.texts import esc
from bot.texts import identity as it
from handlers.access import StaffOnly, StaffRole
from handlers.course_views import fmt_date, title
from storage import enrolments, outbox

log = logging.getLogger(__name__)


async def list_pending(message: Message, session: AsyncSession, role: StaffRole, clock: Clock) -> None:
    rows = await enrolments.pending(session, role.scope())
    if not rows:
        await message.answer(texts.STAFF_PENDING_EMPTY)
        return
    tz = clock.tz
    unverified = await identity.unverified_subsidised(session, ((p.user_id, p.course) for p in rows))
    lines = [texts.STAFF_PENDING_HEADER] + [
        texts.STAFF_PENDING_LINE.format(
            id=p.id,
            title=title(p.course),
            code=esc(p.course.code),
            name=esc(p.display_name),
            user_id=p.user_id,
            at=p.created_at.astimezone(tz).strftime("%m-%d %H:%M"),
        )
        + (it.PENDING_UNVERIFIED if p.user_id in unverified else "")
        for p in rows
    ]
    await message.answer("\n".join(lines) + (it.PENDING_UNVERIFIED_NOTE if unverified else ""))


async def decide(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    settings: Settings,
    role: StaffRole,
    clock: Clock,
) -> None:
    arg = parse_row_id(command.args)
    if arg is None:
        await message.answer(texts.STAFF_ENROLMENT_USAGE.format(command=command.command))
        return
    confirm = command.command == "confirm"
    decided = await enrolment_service.decide(
        session, arg, confirm=confirm, staff_id=role.user_id, districts=role.scope()
    )
    if decided is None:
        await message.answer(texts.STAFF_ENROLMENT_NOT_PENDING.format(id=arg))
        return
    user_id, course = decided
    if confirm:
        await plan_for_enrolment(session, settings, arg, clock.now())
    else:
        await drop_for_enrolment(session, arg)
    notice = (
        texts.ENROLMENT_CONFIRMED.format(title=esc(course.title), start=fmt_date(course.start_date, clock.today()))
        if confirm
        else texts.ENROLMENT_REJECTED.format(title=esc(course.title), contact=esc(course.contact))
    )
    # Sent by the outbox once this decision is committed (never if it is rolled back), retried if it fails.
    await outbox.notify(session, user_id, notice, clock.now())
    reply = (texts.STAFF_CONFIRMED if confirm else texts.STAFF_REJECTED).format(id=arg)
    if confirm and await identity.unverified_subsidised(session, [(user_id, course)]):
        reply += "\n" + it.CONFIRM_UNVERIFIED.format(user_id=user_id)
    await message.answer(reply)


def create_router() -> Router:
    router = Router(name="staff_enrolments")
    router.message.register(list_pending, Command("pending"), StaffOnly())
    router.message.register(decide, Command("confirm", "reject"), StaffOnly())
    return router
