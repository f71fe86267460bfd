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
from bot.services.ledger_text import detail_text
from bot.texts import esc
from bot.texts import identity as it
from bot.texts import subscriptions as st
from bot.texts import survey as sv
from bot.texts.marks import MYDATA_SAMPLE_JOBS, mark_sample
from handlers.subscriptions.views import describe
from storage import privacy
from storage import subscriptions as subscription_repo
from storage.models import User


class ForgetCb(CallbackData, prefix="fg"):
    confirm: bool


async def my_data(message: Message, session: AsyncSession, db_user: User, clock: Clock) -> None:
    data = await privacy.collect(session, db_user)
    none = texts.MYDATA_NONE
    enrolments = "；".join(
        f"{mark_sample(e.course.title, e.course.sample)}（{texts.ENROLMENT_STATUS[e.status]}）" for e in data.enrolments
    )
    samples = data.sample_recommendations
    recommendations = texts.MYDATA_RECOMMENDATIONS.format(n=data.recommendations)
    recommendations += MYDATA_SAMPLE_JOBS.format(n=samples) if samples else ""
    consent = db_user.consent_at.astimezone(clock.tz).strftime("%Y-%m-%d %H:%M") if db_user.consent_at else none
    body = texts.MYDATA.format(
        name=esc(db_user.display_name),
        group=esc(db_user.group or none),
        district=esc(db_user.district or none),
        consent=consent,
        reminders=texts.SETTINGS_OFF if db_user.reminders_muted else texts.SETTINGS_ON,
        phone=esc(data.case.phone if data.case and data.case.phone else none),
        intake=esc(_intake(data) or none),
        enrolments=esc(enrolments or none),
        recommendations=recommendations,
        records=data.records,
        surveys=data.surveys,
    )
    # Subscriptions go just above the closing /forget line of the core template.
    subscribed = await subscription_repo.for_user(session, db_user.id)
    subscriptions = "；".join(describe(s.occupation, s.district) for s in subscribed)
    head, gap, tail = body.rpartition("\n\n")
    checked = data.verified
    state = (
        it.MYDATA_VERIFIED.format(date=checked.verified_at.astimezone(clock.tz).strftime("%Y-%m-%d"))
        if checked
        else it.MYDATA_NOT_VERIFIED
    )
    extra = f"{st.MYDATA_LINE.format(items=esc(subscriptions or none))}\n{it.MYDATA_LINE.format(state=state)}"
    await message.answer(f"{head}\n{extra}{gap}{tail}")


def _intake(data: privacy.PersonalData) -> str:
    """The 1131 intake answers themselves (group and district are shown above; the phone on its own line)."""
    case = data.case
    if case is None or case.intake_done_at is None:
        return ""
    answers = {
        "education": case.education,
        "work_years": case.work_years,
        "last_occupation": case.last_occupation,
        "wanted": " ".join(case.wanted),
        "constraints": list(case.constraints),
        "income_before": sv.INCOME.get(case.income_before or ""),
    }
    return detail_text(answers) or texts.S1131_DONE_MARK


async def ask_forget(message: Message) -> None:
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.BTN_FORGET_CONFIRM, callback_data=ForgetCb(confirm=True))
    kb.button(text=texts.BTN_FORGET_KEEP, callback_data=ForgetCb(confirm=False))
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
