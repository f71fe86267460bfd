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

from bot import texts
from storage.models_schedule import SurveyResponse
from storage.types import utcnow

MAX_COMMENT_CHARS = 500
USEFULNESS_SCALE = range(1, 6)


class Question(IntEnum):
    EMPLOYMENT = 0
    INCOME = 1
    USEFULNESS = 2
    COMMENT = 3


QUESTION_COUNT = len(Question)


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


def current_question(r: SurveyResponse) -> int | None:
    """The first unanswered question, or None when the survey is finished."""
    if r.employment is None:
        return Question.EMPLOYMENT
    if r.income_band is None:
        return Question.INCOME
    if r.usefulness is None:
        return Question.USEFULNESS
    if not r.comment_done:
        return Question.COMMENT
    return None


async def open_survey(
    session: AsyncSession, enrolment_id: int, user_id: int, wave: int, *, now: datetime | None = None
) -> SurveyResponse:
    """The survey of this enrolment and wave, created (sent_at = now) the first time it is asked for."""
    query = select(SurveyResponse).where(SurveyResponse.enrolment_id == enrolment_id, SurveyResponse.wave == wave)
    existing = await session.scalar(query)
    if existing is not None:
        return existing
    # The unique index on (enrolment, wave) stops a second row; the outbox claim already keeps senders apart.
    response = SurveyResponse(enrolment_id=enrolment_id, user_id=user_id, wave=wave, sent_at=now or utcnow())
    session.add(response)
    await session.flush()  # the id goes into the buttons
    return response


def _value(q: int, idx: int) -> tuple[str, Any] | None:
    """The column and value a button stands for, or None for a forged or out-of-range index."""
    if q == Question.EMPLOYMENT and 0 <= idx < len(texts.EMPLOYMENT_OPTIONS):
        return "employment", texts.EMPLOYMENT_OPTIONS[idx]
    if q == Question.INCOME and 0 <= idx < len(texts.INCOME_OPTIONS):
        return "income_band", texts.INCOME_OPTIONS[idx]
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
    still_open = SurveyResponse.comment_done.is_(False) if q == Question.COMMENT else _column(q).is_(None)
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


def _column(q: int):  # the answer column of questions 0–2
    return (SurveyResponse.employment, SurveyResponse.income_band, SurveyResponse.usefulness)[q]


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
    if q == Question.EMPLOYMENT:
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
