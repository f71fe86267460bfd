"""Due work lives here, not in APScheduler: reminders, surveys and nudges, each sent exactly once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import UTCDateTime, utcnow


class OutboxItem(Base):
    """One message due at a moment. Status: pending → claimed → sent | dropped | skipped | failed (| held)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Unique per purpose (e.g. "rem1:42", "survey:42:90"), so scheduling twice never makes two messages.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    # reminder_day | reminder_2h | survey | nudge | course_notice | broadcast | message (text written by a handler)
    kind: Mapped[str] = mapped_column(String(24))
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    enrolment_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("enrolments.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # "held": its broadcast is paused
    # Lower goes first: a 100k-recipient broadcast must not hold back a class reminder due at the same time.
    priority: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    broadcast_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("broadcasts.id", ondelete="CASCADE"), index=True
    )
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SurveyResponse(Base):
    """A follow-up survey for one enrolment and wave; answers fill in over days, so it resumes anywhere."""

    __tablename__ = "survey_responses"
    __table_args__ = (Index("uq_survey_responses_enrolment_wave", "enrolment_id", "wave", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(Integer, ForeignKey("enrolments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    wave: Mapped[int] = mapped_column(SmallInteger)  # days after the course ended: 30, 90, 180 …
    # The person's group and pre-training income band when the survey was opened (catalog.groups / outcomes).
    group: Mapped[str | None] = mapped_column("user_group", String(32))
    income_before: Mapped[str | None] = mapped_column(String(16))
    # Answers, as the codes in catalog/outcomes.py; None: not answered, or not asked (see current_question).
    finished: Mapped[str | None] = mapped_column(String(8))
    certificate: Mapped[str | None] = mapped_column(String(16))
    employment: Mapped[str | None] = mapped_column(String(16))
    insurance: Mapped[str | None] = mapped_column(String(16))
    months_in_job: Mapped[str | None] = mapped_column(String(8))
    income_band: Mapped[str | None] = mapped_column(String(16))
    usefulness: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    comment_done: Mapped[bool] = mapped_column(default=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AnonymousOutcome(Base):
    """A survey outcome kept after its person used /forget: no person, no enrolment, no free text — only
    what the outcome statistics count (course, wave, when sent, the group and the button answers)."""

    __tablename__ = "anonymous_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(Integer, ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    wave: Mapped[int] = mapped_column(SmallInteger)
    group: Mapped[str | None] = mapped_column("user_group", String(32))
    income_before: Mapped[str | None] = mapped_column(String(16))
    finished: Mapped[str | None] = mapped_column(String(8))
    certificate: Mapped[str | None] = mapped_column(String(16))
    employment: Mapped[str | None] = mapped_column(String(16))
    insurance: Mapped[str | None] = mapped_column(String(16))
    months_in_job: Mapped[str | None] = mapped_column(String(8))
    income_band: Mapped[str | None] = mapped_column(String(16))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


# The answer columns a survey and its anonymous outcome share (copied by /forget, counted by the statistics).
OUTCOME_COLUMNS = (
    "wave",
    "group",
    "income_before",
    "finished",
    "certificate",
    "employment",
    "insurance",
    "months_in_job",
    "income_band",
    "sent_at",
)
