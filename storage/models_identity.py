"""实名制 support: staff record that they checked a person's identity, never the ID number itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import UTCDateTime, utcnow


class IdentityCheck(Base):
    """One 已核验 mark by a staff member (in person or in the official platform), with their reference.

    Undoing a mark keeps the row (revoked_at, revoked_by), so who verified and who withdrew it stays on record.
    A person's current state is their newest row that is not revoked.
    """

    __tablename__ = "identity_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # How and where it was checked, e.g. "窗口现场核验" or a platform record number; never an ID number.
    reference: Mapped[str] = mapped_column(String(100))
    staff_id: Mapped[int] = mapped_column(BigInteger)
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by: Mapped[int | None] = mapped_column(BigInteger)
