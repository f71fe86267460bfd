"""How a follow-up survey looks: the intro and the open question with its buttons (sent by the scheduler too)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import texts
from bot.services.surveys import QUESTION_COUNT, USEFULNESS_SCALE, Question, current_question
from bot.texts import esc
from storage.models_schedule import SurveyResponse

__all__ = ["SurveyCb", "current_question", "question_message", "survey_message"]


class SurveyCb(CallbackData, prefix="sv"):
    rid: int  # survey_responses.id, checked against the person pressing
    q: int  # 0 employment, 1 income, 2 usefulness, 3 comment (skip)
    idx: int = -1  # option index; for usefulness the score 1–5; -1 skips the comment


QUESTIONS = {
    Question.EMPLOYMENT: texts.SURVEY_Q_EMPLOYMENT,
    Question.INCOME: texts.SURVEY_Q_INCOME,
    Question.USEFULNESS: texts.SURVEY_Q_USEFULNESS,
    Question.COMMENT: texts.SURVEY_Q_COMMENT,
}


def _keyboard(rid: int, q: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if q == Question.EMPLOYMENT:
        for i, option in enumerate(texts.EMPLOYMENT_OPTIONS):
            kb.button(text=option, callback_data=SurveyCb(rid=rid, q=q, idx=i))
        kb.adjust(2)
    elif q == Question.INCOME:
        for i, option in enumerate(texts.INCOME_OPTIONS):
            kb.button(text=option, callback_data=SurveyCb(rid=rid, q=q, idx=i))
        kb.adjust(2)
    elif q == Question.USEFULNESS:
        for score in USEFULNESS_SCALE:
            kb.button(text=str(score), callback_data=SurveyCb(rid=rid, q=q, idx=score))
        kb.adjust(len(USEFULNESS_SCALE))
    else:
        kb.button(text=texts.BTN_SKIP, callback_data=SurveyCb(rid=rid, q=q, idx=-1))
    return kb.as_markup()


def question_message(r: SurveyResponse) -> tuple[str, InlineKeyboardMarkup | None]:
    """The open question alone (used when a survey message moves on), or the 'already done' line."""
    q = current_question(r)
    if q is None:
        return texts.SURVEY_ALREADY_DONE, None
    step = texts.SURVEY_STEP.format(n=q + 1, total=QUESTION_COUNT)
    return QUESTIONS[Question(q)] + step, _keyboard(r.id, q)


def survey_message(
    r: SurveyResponse, course_title: str, *, nudge: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The first survey message (or the nudge): an intro naming the course, then the open question."""
    if nudge:
        intro = texts.SURVEY_NUDGE.format(title=esc(course_title))
    else:
        intro = texts.SURVEY_INTRO.format(title=esc(course_title), wave=r.wave)
    question, markup = question_message(r)
    return f"{intro}\n\n{question}", markup
