"""实名制 marks by staff: who may set them, what a reference may hold, and the ledger row each leaves."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.model import Course
from storage import cases, identity
from storage.models import User
from storage.models_identity import IdentityCheck

MAX_REFERENCE = 100
# A reference is how the check was done or a platform record number; an ID card or mobile number must not be
# stored through it (the bot never collects ID numbers).
_FORBIDDEN = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9})(?!\d)")


class Outcome(StrEnum):
    VERIFIED = "verified"
    REVOKED = "revoked"
    NOT_VERIFIED = "not_verified"  # nothing to revoke
    BAD_REFERENCE = "bad_reference"
    REFERENCE_TOO_LONG = "reference_too_long"


@dataclass(frozen=True, slots=True)
class Result:
    outcome: Outcome
    person: User | None = None
    check: IdentityCheck | None = None


async def verify(session: AsyncSession, person: User, reference: str, *, staff_id: int) -> Result:
    """Mark `person` as 已核验 (the caller found them in the staff member's districts)."""
    reference = " ".join(reference.split())
    if _FORBIDDEN.search(reference.replace(" ", "")):
        return Result(Outcome.BAD_REFERENCE)
    if len(reference) > MAX_REFERENCE:
        return Result(Outcome.REFERENCE_TOO_LONG)
    check = await identity.verify(session, person.id, reference, staff_id)
    case = await cases.get_case(session, person.id)
    if case is not None:
        cases.record(session, case, "identity", "verified", actor=staff_id, reference=reference)
    return Result(Outcome.VERIFIED, person, check)


async def unverify(session: AsyncSession, person: User, *, staff_id: int) -> Result:
    check = await identity.revoke(session, person.id, staff_id)
    if check is None:
        return Result(Outcome.NOT_VERIFIED, person)
    case = await cases.get_case(session, person.id)
    if case is not None:
        cases.record(session, case, "identity", "unverified", actor=staff_id, reference=check.reference)
    return Result(Outcome.REVOKED, person, check)


async def unverified_subsidised(session: AsyncSession, enrolled: Iterable[tuple[int, Course]]) -> set[int]:
    """Who, among (user id, course) enrolments, is on a subsidised course without a 实名核验 mark: staff see a flag."""
    pairs = list(enrolled)
    verified = await identity.verified_at(session, (user_id for user_id, _ in pairs))
    return {user_id for user_id, course in pairs if course.subsidy_yuan > 0 and user_id not in verified}
