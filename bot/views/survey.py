"""How a follow-up survey looks: the intro and the open question with its buttons (sent by the scheduler too)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import texts
from bot.callbacks import SurveyCb
from bot.services.surveys import CHOICES, USEFULNESS_SCALE, Question, current_question
from bot.texts import esc
from bot.texts import survey as sv
from storage.models_schedule import SurveyResponse

QUESTIONS = {
    Question.FINISHED: sv.Q_FINISHED,
    Question.CERTIFICATE: sv.Q_CERTIFICATE,
    Question.WORK: sv.Q_WORK,
    Question.INSURANCE: sv.Q_INSURANCE,
    Question.MONTHS: sv.Q_MONTHS,
    Question.INCOME: sv.Q_INCOME,
    Question.USEFULNESS: sv.Q_USEFULNESS,
    Question.COMMENT: sv.Q_COMMENT,
}
LABELS = {
    Question.FINISHED: sv.FINISHED,
    Question.CERTIFICATE: sv.CERTIFICATE,
    Question.WORK: sv.WORK,
    Question.INSURANCE: sv.INSURANCE,
    Question.MONTHS: sv.MONTHS,
    Question.INCOME: sv.INCOME,
}
# Long labels one per row, short ones two.
COLUMNS = {Question.WORK: 1, Question.CERTIFICATE: 1}


def _keyboard(rid: int, q: Question) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if q in CHOICES:
        for i, code in enumerate(CHOICES[q][1]):
            kb.button(text=LABELS[q][code], callback_data=SurveyCb(rid=rid, q=q, idx=i))
        kb.adjust(COLUMNS.get(q, 2))
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
        return sv.SURVEY_ALREADY_DONE, None
    answered = sum(getattr(r, column) is not None for column, _ in CHOICES.values()) + (r.usefulness is not None)
    return QUESTIONS[q] + sv.SURVEY_STEP.format(n=answered + 1), _keyboard(r.id, q)


def survey_message(
    r: SurveyResponse, course_title: str, *, nudge: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The first survey message (or the nudge): an intro naming the course, then the open question."""
    if nudge:
        intro = sv.SURVEY_NUDGE.format(title=esc(course_title))
    else:
        intro = sv.SURVEY_INTRO.format(title=esc(course_title), wave=r.wave)
    question, markup = question_message(r)
    return f"{intro}\n\n{question}", markup
