"""1131 employment-service tables: the case, the ledger, job postings and recommendations, enrolments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import UTCDateTime, utcnow


class ServiceCase(Base):
    """One person's 1131 service: the intake answers and when each of the four steps was completed."""

    __tablename__ = "service_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    education: Mapped[str | None] = mapped_column(String(32))
    work_years: Mapped[str | None] = mapped_column(String(32))
    last_occupation: Mapped[str | None] = mapped_column(String(100))
    wanted: Mapped[list[str]] = mapped_column(JSON, default=list)
    constraints: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Monthly income band before training (a catalog.outcomes.INCOME code): the baseline for outcome figures.
    income_before: Mapped[str | None] = mapped_column(String(16))
    # Only ever filled from Telegram's share-contact button; deletable by the owner.
    phone: Mapped[str | None] = mapped_column(String(32))
    intake_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    policy_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    guidance_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    jobs_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    training_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ServiceRecord(Base):
    """The 1131 ledger: one dated row for everything shown, recommended or answered."""

    __tablename__ = "service_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, ForeignKey("service_cases.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(16))  # intake | policy | guidance | jobs | training
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Who did it: None for the person themselves through the bot, else the staff member's Telegram id.
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class JobRow(Base):
    __tablename__ = "job_postings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    employer: Mapped[str] = mapped_column(String(200))
    occupation: Mapped[str] = mapped_column(String(100))
    district: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    salary_min: Mapped[int] = mapped_column(Integer)
    salary_max: Mapped[int] = mapped_column(Integer)
    requirements: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(64), default="")
    valid_until: Mapped[date] = mapped_column(Date, index=True)
    part_time: Mapped[bool] = mapped_column(Boolean, default=False)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Shipped demo data loaded by `python -m bot demo load`: marked 示例 wherever shown.
    sample: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class JobRecommendation(Base):
    __tablename__ = "job_recommendations"
    __table_args__ = (UniqueConstraint("case_id", "job_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, ForeignKey("service_cases.id", ondelete="CASCADE"), index=True)
    job_code: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str | None] = mapped_column(String(16))  # interested | unsuitable
    reason: Mapped[str | None] = mapped_column(String(64))
    # Matches the person's wanted work (not a "no close match" fallback): only these count toward the three.
    relevant: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Enrolment(Base):
    """A person's registration for a course: pending → confirmed or cancelled."""

    __tablename__ = "enrolments"
    # AUTOINCREMENT: the number staff see (#id) never goes to another enrolment (migration 0010).
    __table_args__ = (UniqueConstraint("user_id", "course_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(Integer, ForeignKey("courses.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | confirmed | cancelled
    cancelled_by: Mapped[str | None] = mapped_column(String(16))  # user | staff
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CounsellorRequest(Base):
    __tablename__ = "counsellor_requests"
    __table_args__ = ({"sqlite_autoincrement": True},)  # staff answer "#id": never another person's (0010)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, ForeignKey("service_cases.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    staff_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
