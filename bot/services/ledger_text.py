"""The 1131 ledger in words staff can read: each row's details and who acted, never raw JSON."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import texts
from bot.texts import service1131 as lt
from catalog.guidance import questions
from storage.cases import LedgerRow


def _answers(answers: Mapping[str, Any]) -> str:
    """Assessment answers are stored as option numbers per question: shown as the question and its options."""
    by_key = {q.key: q for q in questions()}
    shown = []
    for key, chosen in answers.items():
        question = by_key.get(key)
        if question is None:  # a question since removed from guidance.toml
            shown.append(f"{key}—{chosen}")
            continue
        options = [question.options[i] for i in chosen if isinstance(i, int) and 0 <= i < len(question.options)]
        shown.append(lt.LEDGER_ANSWER.format(prompt=question.prompt, options=lt.LEDGER_LIST_SEP.join(options)))
    return lt.LEDGER_DETAIL_SEP.join(shown)


def _value(key: str, value: Any) -> str:
    if key == "answers" and isinstance(value, Mapping):
        return _answers(value)
    if key == "suggestions" and isinstance(value, list):
        return lt.LEDGER_LIST_SEP.join(
            lt.LEDGER_SUGGESTION.format(occupation=s.get("occupation", ""), reasons="，".join(s.get("reasons", [])))
            for s in value
            if isinstance(s, Mapping)
        )
    if key == "reasons" and isinstance(value, list):
        return lt.LEDGER_LIST_SEP.join(texts.JOB_REASONS.get(str(r), str(r)) for r in value)
    if key == "request_id":
        return lt.LEDGER_REQUEST.format(id=value)
    if isinstance(value, bool):
        return lt.LEDGER_YES if value else lt.LEDGER_NO
    if isinstance(value, list):
        return lt.LEDGER_LIST_SEP.join(str(v) for v in value)
    if isinstance(value, Mapping):
        return lt.LEDGER_DETAIL_SEP.join(f"{k}：{_value(k, v)}" for k, v in value.items())
    return str(value)


def detail_text(detail: Mapping[str, Any]) -> str:
    """`名称：值；…`, skipping empty answers (a skipped intake question is simply not listed)."""
    return lt.LEDGER_DETAIL_SEP.join(
        lt.LEDGER_DETAIL_ITEM.format(label=lt.LEDGER_DETAIL_LABELS.get(key, key), value=_value(key, value))
        for key, value in detail.items()
        if value not in (None, "", [], {})
    )


def actor_text(row: LedgerRow) -> str:
    # Rows written before actor_id existed kept the staff member's id in their details.
    staff_id = row.actor_id if row.actor_id is not None else row.detail.get("staff_id")
    if staff_id is None:
        return lt.LEDGER_BY_PERSON
    if row.actor_name:
        return lt.LEDGER_BY_STAFF.format(name=row.actor_name, id=staff_id)
    return lt.LEDGER_BY_STAFF_NO_NAME.format(id=staff_id)


def verification(verified_at: datetime | None, tz: ZoneInfo) -> tuple[str, str]:
    """(state, local date) for the 实名核验 columns."""
    if verified_at is None:
        return lt.NOT_VERIFIED, ""
    return lt.VERIFIED, verified_at.astimezone(tz).strftime("%Y-%m-%d")
