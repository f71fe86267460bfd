"""Follow-up surveys (培训+评价+就业+跟踪): one row per enrolment and wave, answered a question at a time.

Everything is read from the row, so a survey continues from any of its messages, days later or after a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from catalog import outcomes
from storage.models import User
from storage.models_schedule import SurveyResponse
from storage.models_service import ServiceCase
from storage.types import utcnow

MAX_COMMENT_CHARS = 500
USEFULNESS_SCALE = range(1, 6)


class Question(IntEnum):
    FINISHED = 0
    CERTIFICATE = 1  # only for those who finished the course
    WORK = 2
    INSURANCE = 3  # these three only for those working
    MONTHS = 4
    INCOME = 5
    USEFULNESS = 6
    COMMENT = 7


# The answer column of each button question and the codes its buttons stand for, in button order.
CHOICES: dict[Question, tuple[str, tuple[str, ...]]] = {
    Question.FINISHED: ("finished", outcomes.FINISHED),
    Question.CERTIFICATE: ("certificate", outcomes.CERTIFICATES),
    Question.WORK: ("employment", outcomes.WORK),
    Question.INSURANCE: ("insurance", outcomes.INSURANCE),
    Question.MONTHS: ("months_in_job", outcomes.MONTHS),
    Question.INCOME: ("income_band", outcomes.INCOME),
}


class AnswerStatus(StrEnum):
    RECORDED = "recorded"  # saved; `question` is the next one to ask
    DONE = "done"  # saved, and that was the last question
    STALE = "stale"  # nothing saved: see `response` and `question` for why


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    status: AnswerStatus
    # None when there is no such survey for this person (an unknown id or someone else's).
    response: SurveyResponse | None
    # The question to show now; None when the survey is finished (or not this person's).
    question: int | None


def current_question(r: SurveyResponse) -> Question | None:
    """The first unanswered question that applies, or None when the survey is finished.

    A survey finished before the questions changed stays finished; one still open continues with the questions
    it has no answer for (old answers are kept).
    """
    if r.comment_done:
        return None
    if r.finished is None:
        return Question.FINISHED
    if r.finished == "yes" and r.certificate is None:
        return Question.CERTIFICATE
    if r.employment is None:
        return Question.WORK
    if outcomes.is_working(r.employment):
        for q in (Question.INSURANCE, Question.MONTHS, Question.INCOME):
            if getattr(r, CHOICES[q][0]) is None:
                return q
    if r.usefulness is None:
        return Question.USEFULNESS
    return Question.COMMENT


async def open_survey(
    session: AsyncSession, enrolment_id: int, user_id: int, wave: int, *, now: datetime | None = None
) -> SurveyResponse:
    """The survey of this enrolment and wave, created (sent_at = now) the first time it is asked for.

    It keeps the person's group and pre-training income band as they are now, so the outcome figures
    (and the anonymous outcome kept after /forget) count it in the group the person trained as.
    """
    query = select(SurveyResponse).where(SurveyResponse.enrolment_id == enrolment_id, SurveyResponse.wave == wave)
    existing = await session.scalar(query)
    if existing is not None:
        return existing
    user = await session.get(User, user_id)
    baseline = await session.scalar(select(ServiceCase.income_before).where(ServiceCase.user_id == user_id))
    # The unique index on (enrolment, wave) stops a second row; the outbox claim already keeps senders apart.
    response = SurveyResponse(
        enrolment_id=enrolment_id,
        user_id=user_id,
        wave=wave,
        sent_at=now or utcnow(),
        group=user.group if user else None,
        income_before=baseline,
    )
    session.add(response)
    await session.flush()  # the id goes into the buttons
    return response


def _value(q: int, idx: int) -> tuple[str, Any] | None:
    """The column and value a button stands for, or None for a forged or out-of-range index."""
    if q in CHOICES:
        column, codes = CHOICES[Question(q)]
        return (column, codes[idx]) if 0 <= idx < len(codes) else None
    if q == Question.USEFULNESS and idx in USEFULNESS_SCALE:
        return "usefulness", idx
    if q == Question.COMMENT and idx == -1:  # the 跳过 button
        return "comment_done", True
    return None


async def _own(session: AsyncSession, user_id: int, rid: int) -> SurveyResponse | None:
    response = await session.get(SurveyResponse, rid)
    return response if response is not None and response.user_id == user_id else None


async def _record(session: AsyncSession, r: SurveyResponse, q: int, values: dict[str, Any]) -> AnswerOutcome:
    # Only while the question is still open, so a double tap or a second message cannot overwrite an answer.
    column = "comment_done" if q == Question.COMMENT else _value_column(q)
    attribute = getattr(SurveyResponse, column)
    still_open = attribute.is_(False) if q == Question.COMMENT else attribute.is_(None)
    result = await session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.id == r.id, still_open)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(r)
    if not result.rowcount:
        return AnswerOutcome(AnswerStatus.STALE, r, current_question(r))
    following = current_question(r)
    return AnswerOutcome(AnswerStatus.DONE if following is None else AnswerStatus.RECORDED, r, following)


def _value_column(q: int) -> str:
    return "usefulness" if q == Question.USEFULNESS else CHOICES[Question(q)][0]


async def answer(
    session: AsyncSession, user_id: int, rid: int, q: int, idx: int, *, now: datetime | None = None
) -> AnswerOutcome:
    """Record a button answer to question `q` of survey `rid`, if it is this person's and `q` is the open question."""
    r = await _own(session, user_id, rid)
    if r is None:
        return AnswerOutcome(AnswerStatus.STALE, None, None)
    current = current_question(r)
    picked = _value(q, idx)
    if current is None or q != current or picked is None:
        return AnswerOutcome(AnswerStatus.STALE, r, current)
    column, value = picked
    values: dict[str, Any] = {column: value}
    if r.answered_at is None:  # the first answer: the survey counts as answered from now on
        values["answered_at"] = now or utcnow()
    return await _record(session, r, q, values)


async def add_comment(session: AsyncSession, user_id: int, rid: int, text: str) -> AnswerOutcome:
    """Save the free-text comment (first 500 characters) and finish the survey."""
    r = await _own(session, user_id, rid)
    if r is None:
        return AnswerOutcome(AnswerStatus.STALE, None, None)
    current = current_question(r)
    comment = text.strip()[:MAX_COMMENT_CHARS]
    if current != Question.COMMENT or not comment:
        return AnswerOutcome(AnswerStatus.STALE, r, current)
    return await _record(session, r, Question.COMMENT, {"comment": comment, "comment_done": True})
