"""The 1131 service: intake, progress and step completion, always leaving a ledger row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import survey as sv
from catalog.text import normalize
from storage import cases
from storage.models import User
from storage.models_service import ServiceCase
from storage.types import utcnow

INTAKE_KEYS = (
    "group",
    "district",
    "education",
    "work_years",
    "last_occupation",
    "wanted",
    "constraints",
    "income_before",  # the baseline the follow-up surveys' income is compared with
    "phone",
)
INCOME_CODES = {label: code for code, label in sv.INCOME.items()}


@dataclass(frozen=True, slots=True)
class Progress:
    case: ServiceCase | None
    done: frozenset[str]
    jobs_counted: int  # distinct relevant postings the person gave feedback on (the "3" of 1131)

    @property
    def has_intake(self) -> bool:
        return self.case is not None and self.case.intake_done_at is not None


async def progress(session: AsyncSession, user_id: int) -> Progress:
    case = await cases.get_case(session, user_id)
    if case is None:
        return Progress(None, frozenset(), 0)
    done = frozenset(step for step in cases.STEPS if cases.step_done_at(case, step))
    return Progress(case, done, await cases.answered_relevant(session, case))


def intake_defaults(user: User, case: ServiceCase | None) -> dict[str, Any]:
    """Current answers, so editing the profile starts from what is already known."""
    answers: dict[str, Any] = {"group": user.group, "district": user.district}
    if case is not None:
        answers |= {
            "education": case.education,
            "work_years": case.work_years,
            "last_occupation": case.last_occupation,
            "wanted": " ".join(case.wanted) or None,
            "constraints": list(case.constraints),
            "income_before": sv.INCOME.get(case.income_before or ""),
            "phone": case.phone,
        }
    return answers


async def save_intake(session: AsyncSession, user: User, answers: dict[str, Any]) -> ServiceCase:
    case = await cases.open_case(session, user.id)
    first_time = case.intake_done_at is None
    user.group = answers.get("group")
    user.district = answers.get("district")
    case.education = answers.get("education")
    case.work_years = answers.get("work_years")
    case.last_occupation = _clean(answers.get("last_occupation"))
    case.wanted = [w for w in normalize(answers.get("wanted") or "").split() if w][:10]
    case.constraints = list(answers.get("constraints") or [])
    case.income_before = INCOME_CODES.get(answers.get("income_before") or "")
    case.phone = answers.get("phone")
    if first_time:
        case.intake_done_at = utcnow()
    summary = {k: v for k, v in answers.items() if k != "phone"} | {"phone_shared": bool(case.phone)}
    cases.record(session, case, "intake", "completed" if first_time else "updated", **summary)
    await session.flush()
    return case


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text[:100] or None
