"""Follow-up survey answers: buttons on any survey message continue it; the comment is the next text typed."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.args import CallbackInt
from bot.callbacks import SurveyCb
from bot.clock import Clock
from bot.services import surveys
from bot.services.surveys import AnswerOutcome, AnswerStatus, Question
from bot.texts import survey as sv
from bot.views.survey import question_message
from handlers.keyboards import MENU_BUTTONS
from handlers.replies import edit_or_send
from storage.models import User

RID = "survey_rid"  # FSM data: the survey whose comment is awaited
BEFORE = "survey_before"  # FSM data: the state to go back to afterwards (e.g. a half-done intake)


class LegacySurveyCb(CallbackData, prefix="sv"):
    """Buttons of survey messages sent before the questions changed: they show the survey's open question."""

    rid: CallbackInt
    q: CallbackInt
    idx: CallbackInt = -1


class SurveyComment(StatesGroup):
    waiting = State()


async def on_button(
    callback: CallbackQuery,
    callback_data: SurveyCb,
    state: FSMContext,
    session: AsyncSession,
    db_user: User,
    clock: Clock,
    bot: Bot,
) -> None:
    outcome = await surveys.answer(
        session, db_user.id, callback_data.rid, callback_data.q, callback_data.idx, now=clock.now()
    )
    if outcome.status is AnswerStatus.STALE:
        await _stale(callback, outcome, state, bot)
        return
    await callback.answer()
    await _show_next(callback, outcome, state, bot)


async def on_legacy_button(
    callback: CallbackQuery,
    callback_data: LegacySurveyCb,
    state: FSMContext,
    session: AsyncSession,
    db_user: User,
    bot: Bot,
) -> None:
    """A button from before the questions changed: record nothing, show the survey's open question."""
    outcome = await surveys.answer(session, db_user.id, callback_data.rid, -1, callback_data.idx)
    await _stale(callback, outcome, state, bot)


async def _stale(callback: CallbackQuery, outcome: AnswerOutcome, state: FSMContext, bot: Bot) -> None:
    if outcome.response is None:  # someone else's survey, or one that no longer exists
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
    elif outcome.question is None:
        await callback.answer(sv.SURVEY_ALREADY_DONE, show_alert=True)
        await edit_or_send(callback, bot, sv.SURVEY_ALREADY_DONE, None)
    else:  # an earlier question: this message now shows the open one
        await callback.answer(sv.SURVEY_STALE)
        await _show_next(callback, outcome, state, bot)


async def _show_next(callback: CallbackQuery, outcome: AnswerOutcome, state: FSMContext, bot: Bot) -> None:
    assert outcome.response is not None
    rid = outcome.response.id
    if outcome.question is None:
        await _leave_comment(state, rid)
        await edit_or_send(callback, bot, sv.SURVEY_THANKS, None)
        return
    if outcome.question == Question.COMMENT:
        await _await_comment(state, rid)
    await edit_or_send(callback, bot, *question_message(outcome.response))


async def on_comment(message: Message, state: FSMContext, session: AsyncSession, db_user: User) -> None:
    rid = (await state.get_data()).get(RID)
    outcome = await surveys.add_comment(session, db_user.id, rid, message.text or "") if isinstance(rid, int) else None
    if outcome is None or outcome.status is AnswerStatus.STALE:
        # The survey finished some other way: forget the wait and let the text be an ordinary question.
        await _leave_comment(state, None)
        raise SkipHandler
    await _leave_comment(state, rid)
    await message.answer(sv.SURVEY_THANKS)


async def _await_comment(state: FSMContext, rid: int) -> None:
    before = await state.get_state()
    data = await state.get_data()
    if before != SurveyComment.waiting.state:
        data[BEFORE] = before
    data[RID] = rid
    await state.set_data(data)
    await state.set_state(SurveyComment.waiting)


async def _leave_comment(state: FSMContext, rid: int | None) -> None:
    """Stop waiting for a comment (for survey `rid`, or whichever) and return to the earlier dialogue."""
    if await state.get_state() != SurveyComment.waiting.state:
        return
    data = await state.get_data()
    if rid is not None and data.get(RID) != rid:
        return  # the wait belongs to another survey
    before = data.pop(BEFORE, None)
    data.pop(RID, None)
    await state.set_data(data)
    await state.set_state(before)


def create_router() -> Router:
    router = Router(name="survey")
    router.callback_query.register(on_button, SurveyCb.filter())
    router.callback_query.register(on_legacy_button, LegacySurveyCb.filter())
    # Menu buttons and commands keep working while a comment is awaited; any other text is the comment.
    router.message.register(
        on_comment, StateFilter(SurveyComment.waiting), F.text, ~F.text.in_(MENU_BUTTONS), ~F.text.startswith("/")
    )
    return router
