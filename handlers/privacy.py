"""/mydata shows a person everything stored about them; /forget deletes it after a confirmation."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.clock import Clock
from bot.texts import esc
from bot.texts import subscriptions as st
from handlers.subscriptions.views import describe
from storage import privacy
from storage import subscriptions as subscription_repo
from storage.models import User


class ForgetCb(CallbackData, prefix="fg"):
    confirm: bool


async def my_data(message: Message, session: AsyncSession, db_user: User, clock: Clock) -> None:
    data = await privacy.collect(session, db_user)
    none = texts.MYDATA_NONE
    enrolments = "；".join(f"{e.course.title}（{texts.ENROLMENT_STATUS[e.status]}）" for e in data.enrolments)
    consent = db_user.consent_at.astimezone(clock.tz).strftime("%Y-%m-%d %H:%M") if db_user.consent_at else none
    body = texts.MYDATA.format(
        name=esc(db_user.display_name),
        group=esc(db_user.group or none),
        district=esc(db_user.district or none),
        consent=consent,
        reminders=texts.SETTINGS_OFF if db_user.reminders_muted else texts.SETTINGS_ON,
        phone=esc(data.case.phone if data.case and data.case.phone else none),
        intake=texts.S1131_DONE_MARK if data.case and data.case.intake_done_at else none,
        enrolments=esc(enrolments or none),
        recommendations=data.recommendations,
        records=data.records,
        surveys=data.surveys,
    )
    # Subscriptions go just above the closing /forget line of the core template.
    subscribed = await subscription_repo.for_user(session, db_user.id)
    subscriptions = "；".join(describe(s.occupation, s.district) for s in subscribed)
    head, gap, tail = body.rpartition("\n\n")
    await message.answer(f"{head}\n{st.MYDATA_LINE.format(items=esc(subscriptions or none))}{gap}{tail}")


async def ask_forget(message: Message) -> None:
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.BTN_FORGET_CONFIRM, callback_data=ForgetCb(confirm=True))
    kb.button(text=texts.BTN_KEEP, callback_data=ForgetCb(confirm=False))
    await message.answer(texts.FORGET_ASK, reply_markup=kb.as_markup())


async def on_forget(
    callback: CallbackQuery, callback_data: ForgetCb, state: FSMContext, session: AsyncSession, db_user: User
) -> None:
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    if not callback_data.confirm:
        await callback.message.edit_text(texts.FORGET_KEPT)
        return
    await state.clear()
    await privacy.forget(session, db_user.id)
    await callback.message.edit_text(texts.FORGET_DONE)


def create_router() -> Router:
    router = Router(name="privacy")
    router.message.register(my_data, Command("mydata"))
    router.message.register(ask_forget, Command("forget"))
    router.callback_query.register(on_forget, ForgetCb.filter())
    return router
