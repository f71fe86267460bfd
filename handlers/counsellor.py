"""Ask for a human counsellor; staff covering the person's district answer and close through the bot."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.args import parse_row_id
from bot.clock import Clock
from bot.config import Settings
from bot.texts import esc
from handlers import counsellor_chat
from handlers.access import Loader, StaffOnly, StaffRole, scoped_id_argument, staff_for_district
from handlers.progress_menu import S1131Cb, case_or_alert
from storage import cases, counsellor, outbox
from storage.models import User
from storage.models_service import CounsellorRequest, ServiceCase

log = logging.getLogger(__name__)


async def request_counsellor(
    callback: CallbackQuery,
    session: AsyncSession,
    db_user: User,
    settings: Settings,
    bot: Bot,
    state: FSMContext,
    clock: Clock,
) -> None:
    case = await case_or_alert(callback, session, db_user)
    if case is None:
        return
    staff_ids = await staff_for_district(session, settings, db_user.district)
    if not staff_ids:
        await callback.answer(texts.COUNSELLOR_NO_STAFF, show_alert=True)
        return
    request = await counsellor.open_request(session, case)
    if request is None:
        await callback.answer(texts.COUNSELLOR_ALREADY, show_alert=True)
        if (already := await counsellor.open_request_of_case(session, case)) is not None:
            await counsellor_chat.enter(bot, db_user.id, state, already.id)  # back into that conversation
        return
    cases.record(session, case, "guidance", "counsellor_requested", request_id=request.id)
    summary = texts.STAFF_COUNSELLOR_REQUEST.format(
        id=request.id,
        name=esc(db_user.display_name),
        user_id=db_user.id,
        group=esc(db_user.group or "-"),
        district=esc(db_user.district or "-"),
        education=esc(case.education or "-"),
        work_years=esc(case.work_years or "-"),
        last_occupation=esc(case.last_occupation or "-"),
        wanted=esc(" ".join(case.wanted) or "-"),
        constraints=esc("、".join(case.constraints) or "-"),
    )
    # Outbox rows in this transaction: staff hear of the request only once it is committed.
    delivered = 0
    for staff_id in staff_ids:
        if await outbox.notify(session, staff_id, summary, clock.now()) is not None:
            delivered += 1
        else:  # staff who never opened the bot: Telegram would refuse; the others still get it
            log.warning("counsellor request %s not delivered to one staff member", request.id)
    if not delivered:
        log.error("counsellor request %s reached no staff member", request.id)
    await callback.answer(texts.COUNSELLOR_SENT, show_alert=True)
    await counsellor_chat.enter(bot, db_user.id, state, request.id)


def _open_request(session: AsyncSession) -> Loader[tuple[CounsellorRequest, ServiceCase]]:
    """An open request and the person's district (staff cover requests by it); closed ones are not found."""

    async def load(request_id: int) -> tuple[tuple[CounsellorRequest, ServiceCase], str | None] | None:
        found = await counsellor.open_request_with_case(session, request_id)
        person = await session.get(User, found[1].user_id) if found is not None else None
        return (found, person.district) if found is not None and person is not None else None

    return load


async def answer_request(
    message: Message, command: CommandObject, session: AsyncSession, role: StaffRole, clock: Clock
) -> None:
    arg = await scoped_id_argument(
        message, command.args, role, parse=parse_row_id, load=_open_request(session),
        usage=texts.STAFF_ANSWER_USAGE, refusal=texts.STAFF_NO_SUCH_REQUEST, with_text=True,
    )  # fmt: skip
    if arg is None:
        return
    request, case = arg.found
    cases.record(session, case, "guidance", "counsellor_answered", request_id=request.id, staff_id=message.chat.id)
    counsellor.assign(request, message.chat.id)
    reply = texts.COUNSELLOR_REPLY.format(text=esc(arg.text[:3000]))
    buttons = counsellor_chat.answer_buttons(request.id).model_dump(mode="json", exclude_none=True)
    await outbox.notify(session, case.user_id, reply, clock.now(), markup=buttons)
    await message.answer(texts.STAFF_ANSWER_SENT)


async def close_request(
    message: Message, command: CommandObject, session: AsyncSession, role: StaffRole, clock: Clock
) -> None:
    arg = await scoped_id_argument(
        message, command.args, role, parse=parse_row_id, load=_open_request(session),
        usage=texts.STAFF_CLOSE_USAGE, refusal=texts.STAFF_NO_SUCH_REQUEST,
    )  # fmt: skip
    if arg is None:
        return
    request, case = arg.found
    counsellor.close(request, message.chat.id)
    cases.record(session, case, "guidance", "counsellor_closed", actor=message.chat.id, request_id=request.id)
    cases.mark_step_done(session, case, "guidance", actor=message.chat.id)
    await outbox.notify(session, case.user_id, texts.COUNSELLOR_CLOSED, clock.now())
    await message.answer(texts.STAFF_CLOSED.format(id=request.id))


def create_router() -> Router:
    router = Router(name="counsellor")
    router.callback_query.register(request_counsellor, S1131Cb.filter(F.action == "counsellor"))
    router.message.register(answer_request, Command("answer"), StaffOnly())
    router.message.register(close_request, Command("close"), StaffOnly())
    return router
