"""Staff roles, new-class subscriptions and broadcasts (the staff-tools tables)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import UTCDateTime, utcnow


class StaffMember(Base):
    """A staff member granted by an admin. Admins themselves come from ADMIN_IDS, not from this table."""

    __tablename__ = "staff"

    # A Telegram id, deliberately not a foreign key: staff may be granted before they ever open the bot.
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    districts: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every district
    added_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Subscription(Base):
    """New-class alerts for one user: an occupation interest and/or a district (None means any)."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    occupation: Mapped[str | None] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Broadcast(Base):
    """A message to a filtered audience. Each recipient is an outbox item (outbox.broadcast_id), so the
    sender's claim-then-send gives exactly-once delivery, rate limits and retries for free.

    Status: draft → running ⇄ paused → done | cancelled.
    """

    __tablename__ = "broadcasts"
    __table_args__ = ({"sqlite_autoincrement": True},)  # the number in staff reports is never reused (0010)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="message")  # message | new_course
    created_by: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the filters, as chosen by staff
    course_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # new_course: the classes announced
    status: Mapped[str] = mapped_column(String(12), default="draft")
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    # The staff member's live progress message, edited every few seconds while the broadcast runs.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
