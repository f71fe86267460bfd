"""/announce: new classes (announced_at unset) in the staff member's districts, their matching subscribers,
and 通知订阅者 (one message per subscriber) or 不通知. Either way the classes stop being "new"."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.args import CallbackInt
from bot.clock import Clock
from bot.services import announce as service
from bot.texts import broadcast as bt
from bot.texts import esc
from handlers.access import StaffOnly, StaffRole
from handlers.broadcast.progress import send_progress
from handlers.course_views import fmt_date, title

log = logging.getLogger(__name__)
LISTED = 20
KEY = "announce"  # FSM data: {"token": n, "ids": [...]} — the classes the staff member was shown


class AnnounceCb(CallbackData, prefix="ann"):
    action: str  # n notify, s skip
    token: CallbackInt


async def list_new(message: Message, state: FSMContext, session: AsyncSession, role: StaffRole, clock: Clock) -> None:
    today = clock.today()
    courses = await service.new_courses(session, role.scope(), today)
    if not courses:
        await message.answer(bt.ANNOUNCE_NONE)
        return
    subscribers = await service.subscriber_count(session, courses)
    # The buttons act on exactly the classes listed here, not on whatever is new when they are pressed.
    token = int((await state.get_data()).get(KEY, {}).get("token", 0) or 0) + 1
    await state.update_data({KEY: {"token": token, "ids": [c.id for c in courses]}})
    lines = [bt.ANNOUNCE_HEADER.format(n=len(courses))] + [
        bt.ANNOUNCE_LINE.format(
            title=title(c), code=esc(c.code), district=esc(c.district), start=fmt_date(c.start_date, today)
        )
        for c in courses[:LISTED]
    ]
    if len(courses) > LISTED:
        lines.append(bt.ANNOUNCE_MORE.format(n=len(courses) - LISTED))
    lines.append(bt.ANNOUNCE_SUBSCRIBERS.format(n=subscribers))
    kb = InlineKeyboardBuilder()
    kb.button(text=bt.BTN_NOTIFY, callback_data=AnnounceCb(action="n", token=token))
    kb.button(text=bt.BTN_SKIP_NOTIFY, callback_data=AnnounceCb(action="s", token=token))
    await message.answer("\n".join(lines), reply_markup=kb.as_markup())


async def decide(
    callback: CallbackQuery,
    callback_data: AnnounceCb,
    state: FSMContext,
    session: AsyncSession,
    role: StaffRole,
    clock: Clock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    shown = (await state.get_data()).get(KEY) or {}
    message = callback.message if isinstance(callback.message, Message) else None
    if shown.get("token") != callback_data.token or not shown.get("ids") or message is None:
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    notify = callback_data.action == "n"
    marked, started = await service.announce(
        session, shown["ids"], notify=notify, created_by=role.user_id, now=clock.now()
    )
    await state.update_data({KEY: {"token": shown["token"]}})  # the buttons work once
    if not marked:  # someone else dealt with them meanwhile
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await callback.answer()
    log.info("staff %s announced %d course(s), notify=%s", role.user_id, marked, notify)
    if started is not None:
        await message.answer(bt.ANNOUNCE_STARTED.format(n=started.recipients, courses=marked))
        send_progress(message, started, sessionmaker)
    else:
        await message.answer((bt.ANNOUNCE_NO_SUBSCRIBERS if notify else bt.ANNOUNCE_SKIPPED).format(n=marked))


def create_router() -> Router:
    router = Router(name="announce")
    router.message.register(list_new, Command("announce"), StaffOnly())
    router.callback_query.register(decide, AnnounceCb.filter(F.action.in_({"n", "s"})), StaffOnly())
    return router
