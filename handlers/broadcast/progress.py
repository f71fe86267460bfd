"""A running broadcast's progress message (the scheduler keeps editing it) and its pause/resume/stop buttons."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.callbacks import BcCtl
from bot.services import broadcast as service
from bot.speak import after_commit
from bot.texts import broadcast as bt
from bot.views.broadcast import progress_view
from handlers.access import StaffRole
from storage import broadcasts
from storage.broadcasts import Progress
from storage.models_staff import Broadcast
from storage.unit_of_work import unit_of_work

log = logging.getLogger(__name__)


def send_progress(message: Message, broadcast: Broadcast, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """The live progress message the scheduler keeps editing: sent once the broadcast is committed, then its
    id is stored with the broadcast."""
    text, markup = progress_view(broadcast, Progress({"pending": broadcast.recipients}))
    broadcast_id, chat_id = broadcast.id, message.chat.id

    async def send_and_remember(bot: Bot) -> None:
        sent = await bot.send_message(chat_id, text, reply_markup=markup)
        async with unit_of_work(sessionmaker) as session:
            await broadcasts.set_progress_message(session, broadcast_id, sent.chat.id, sent.message_id)

    after_commit(send_and_remember)


async def on_control(callback: CallbackQuery, callback_data: BcCtl, session: AsyncSession, role: StaffRole) -> None:
    outcome, broadcast = await service.control(
        session, callback_data.bid, callback_data.action, user_id=role.user_id, admin=role.admin
    )
    if outcome is not service.Control.OK or broadcast is None:
        alert = {service.Control.NOT_YOURS: bt.NOT_YOURS, service.Control.NOT_NOW: bt.NOT_NOW}
        await callback.answer(alert.get(outcome, texts.STALE_BUTTON), show_alert=True)
        return
    log.info("staff %s: broadcast %s is now %s", role.user_id, broadcast.id, broadcast.status)
    await callback.answer({"paused": bt.PAUSED, "running": bt.RESUMED}.get(broadcast.status, bt.STOPPED))
    figures = (await broadcasts.progress(session, [broadcast.id]))[broadcast.id]
    if isinstance(callback.message, Message):
        text, markup = progress_view(broadcast, figures)
        await callback.message.edit_text(text, reply_markup=markup)
