"""Shared builders for the importer tests: a valid course row and CSV bytes from rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from catalog.importer import COLUMNS

VALID: dict[str, str] = {
    "code": "T001",
    "title": "电工（初级）培训班",
    "occupation": "电工",
    "level": "初级工",
    "category": "就业技能培训",
    "provider": "连云港市海州区测试职业培训学校",
    "district": "海州区",
    "address": "连云港市海州区测试路1号",
    "lat": "34.58",
    "lon": "119.17",
    "start_date": "2026-12-01",
    "end_date": "2026-12-20",
    "hours": "80",
    "capacity": "30",
    "subsidy_yuan": "1200",
    "fee_yuan": "0",
    "eligible_groups": "失业人员、高校毕业生",
    "contact": "0518-85550000",
    "keywords": "电工、电工证",
    "description": "学习低压电工基础。",
}


def row(**overrides: str) -> dict[str, str]:
    return {**VALID, **overrides}


def csv_bytes(
    rows: Sequence[Mapping[str, str]],
    headers: Mapping[str, str] | None = None,
    *,
    encoding: str = "utf-8",
    keys: Sequence[str] | None = None,
) -> bytes:
    """A CSV with the given header spelling per key (default: the first Chinese header)."""
    keys = list(keys or COLUMNS)
    spelled = {key: COLUMNS.get(key, (key,))[0] for key in keys} | dict(headers or {})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spelled[key] for key in keys])
    for item in rows:
        writer.writerow([item.get(key, "") for key in keys])
    return out.getvalue().encode(encoding)
