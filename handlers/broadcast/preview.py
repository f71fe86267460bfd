"""The preview (who would receive the message) and its confirmation, which starts the broadcast."""

from __future__ import annotations

import logging

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.clock import Clock
from bot.services import broadcast as service
from bot.texts import broadcast as bt
from bot.views.broadcast import message_text
from handlers.access import StaffRole
from handlers.broadcast.form import BcForm, BroadcastForm, audience_of, draft_of, show_filters, summary_of
from handlers.broadcast.progress import send_progress
from storage import broadcasts

log = logging.getLogger(__name__)


async def preview(message: Message, state: FSMContext, session: AsyncSession, draft: dict, role: StaffRole) -> None:
    n = await broadcasts.count(session, broadcasts.recipients(audience_of(draft, role)))
    summary = "；".join(summary_of(draft, role).values())
    await state.set_state(BroadcastForm.preview)
    await message.answer(bt.PREVIEW_HEADER)
    await message.answer(message_text(draft["text"]))
    kb = InlineKeyboardBuilder()
    if n:
        kb.button(text=bt.BTN_CONFIRM, callback_data=BcForm(action="ok"))
    kb.button(text=bt.BTN_EDIT, callback_data=BcForm(action="e"))
    kb.button(text=bt.BTN_CANCEL, callback_data=BcForm(action="x"))
    kb.adjust(1, 2)
    body = bt.PREVIEW_COUNT.format(n=n, audience=summary) if n else bt.NOBODY
    await message.answer(body, reply_markup=kb.as_markup())


async def on_preview_button(
    callback: CallbackQuery,
    callback_data: BcForm,
    state: FSMContext,
    session: AsyncSession,
    role: StaffRole,
    clock: Clock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    draft = await draft_of(state)
    message = callback.message if isinstance(callback.message, Message) else None
    if not draft.get("text") or message is None or callback_data.action not in ("ok", "e"):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await callback.answer()
    if callback_data.action == "e":
        await show_filters(message, state, draft, role, edit=False)
        return
    audience = audience_of(draft, role)
    started = await service.start(
        session,
        broadcasts.recipients(audience),
        created_by=role.user_id,
        now=clock.now(),
        text=draft["text"],
        audience=audience.as_json(),
    )
    await state.update_data(bc=None)
    await state.set_state(None)
    if started is None:  # the audience emptied between preview and confirm
        await message.answer(bt.NOBODY)
        return
    log.info("staff %s started broadcast %s to %d recipient(s)", role.user_id, started.id, started.recipients)
    send_progress(message, started, sessionmaker)
