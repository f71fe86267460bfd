"""The subsidy rules of data/subsidy_rules.toml, each with the document and clause it comes from."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from catalog.groups import GROUPS
from catalog.model import CATEGORIES
from catalog.sources import Source, SourceError, source

RULES_PATH = Path(__file__).parent / "data" / "subsidy_rules.toml"


class SubsidyKind(StrEnum):
    VOCATIONAL = "vocational"
    ENTREPRENEURSHIP = "entrepreneurship"
    LANGUAGE = "language"


@dataclass(frozen=True, slots=True)
class Rule:
    """One cited statement: `text` is the rule in plain words, from clause `clause` of document `source_id`."""

    key: str
    source_id: str
    clause: str
    text: str

    @property
    def source(self) -> Source:
        return source(self.source_id)

    @property
    def is_local(self) -> bool:
        """This city's own rule (or a national one): it may decide. Another region's practice only informs."""
        return self.source.scope != "other_region"


@dataclass(frozen=True, slots=True)
class GroupRule:
    rule: Rule
    conditions: tuple[Rule, ...] = ()
    allowances: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class CategoryRule:
    rule: Rule
    only_groups: frozenset[str] = frozenset()  # empty: any group
    note: Rule | None = None


@dataclass(frozen=True, slots=True)
class SubsidyRules:
    groups: Mapping[str, GroupRule]
    categories: Mapping[str, CategoryRule]
    per_year: Rule
    per_year_count: int
    per_kind: Mapping[SubsidyKind, int]
    same_occupation_and_level: Rule
    kinds: Mapping[str, SubsidyKind]  # category -> kind
    language_markers: tuple[str, ...]

    def kind_of(self, category: str, occupation: str) -> SubsidyKind:
        if any(marker in occupation for marker in self.language_markers):
            return SubsidyKind.LANGUAGE
        return self.kinds.get(category, SubsidyKind.VOCATIONAL)

    def all_rules(self) -> list[Rule]:
        """Every statement the bot may make from this file (for the test that walks them all)."""
        found = [self.per_year, self.same_occupation_and_level]
        for group in self.groups.values():
            found += [group.rule, *group.conditions, *group.allowances]
        for category in self.categories.values():
            found += [category.rule] + ([category.note] if category.note else [])
        return list(dict.fromkeys(found))


def _rule(key: str, raw: Mapping[str, Any]) -> Rule:
    try:
        rule = Rule(key, raw["source"], raw["clause"], raw["text"])
    except KeyError as missing:
        raise ValueError(f"subsidy rule {key!r}: {missing} is missing (every rule cites source and clause)") from None
    try:
        rule.source  # noqa: B018 - the id must be registered
    except SourceError as exc:
        raise ValueError(f"subsidy rule {key!r}: {exc}") from None
    if not rule.clause.strip() or not rule.text.strip():
        raise ValueError(f"subsidy rule {key!r}: empty clause or text")
    return rule


def parse_rules(data: Mapping[str, Any]) -> SubsidyRules:
    groups, categories = data["groups"], data.get("categories", {})
    unknown = (set(groups) - set(GROUPS)) | (set(categories) - set(CATEGORIES))
    if unknown:
        raise ValueError(f"subsidy rules name unknown groups or categories: {sorted(unknown)}")

    def table(name: str) -> dict[str, Rule]:
        return {key: _rule(f"{name}.{key}", raw) for key, raw in data.get(name, {}).items()}

    conditions, allowances, notes = table("conditions"), table("allowances"), table("notes")
    limits = data["limits"]
    return SubsidyRules(
        groups=MappingProxyType(
            {
                name: GroupRule(
                    _rule(f"groups.{name}", raw),
                    tuple(conditions[c] for c in raw.get("conditions", ())),
                    tuple(allowances[a] for a in raw.get("allowances", ())),
                )
                for name, raw in groups.items()
            }
        ),
        categories=MappingProxyType(
            {
                name: CategoryRule(
                    _rule(f"categories.{name}", raw),
                    frozenset(raw.get("only_groups", ())),
                    notes[raw["note"]] if "note" in raw else None,
                )
                for name, raw in categories.items()
            }
        ),
        per_year=_rule("limits.per_year", limits["per_year"]),
        per_year_count=int(limits["per_year"]["count"]),
        per_kind=MappingProxyType({SubsidyKind(k): int(v) for k, v in limits["per_year"]["per_kind"].items()}),
        same_occupation_and_level=_rule("limits.same_occupation_and_level", limits["same_occupation_and_level"]),
        kinds=MappingProxyType({c: SubsidyKind(k) for c, k in data["kinds"].items()}),
        language_markers=tuple(data.get("language", {}).get("occupation_markers", ())),
    )


@cache
def load_rules(path: Path = RULES_PATH) -> SubsidyRules:
    with path.open("rb") as handle:
        return parse_rules(tomllib.load(handle))
