"""The registry of policy documents (data/sources.toml) that every policy statement must cite.

FAQ entries, policy cards and subsidy rules name a source id from here and a clause; a statement whose
scope is not `city` is another place's rule or a national one, and the bot says so.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

SOURCES_FILE = Path(__file__).parent / "data" / "sources.toml"
SCOPES = ("city", "national", "other_region")
FOREIGN_WORD = "外地"  # how a statement resting on another region's plan must name it, in the person's words
HOTLINE = "12333"  # who decides locally: where another region's practice is quoted, people are pointed here


class SourceError(ValueError):
    """A source id that is not in the registry, or a broken registry entry."""


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    issuer: str
    date: date
    scope: str  # one of SCOPES
    seed: str  # file name under shared/seeds/ holding the text

    @property
    def is_local(self) -> bool:
        return self.scope == "city"


def _entry(key: str, raw: dict) -> Source:
    try:
        source = Source(key, raw["title"], raw["issuer"], raw["date"], raw["scope"], raw["seed"])
    except KeyError as missing:
        raise SourceError(f"source {key!r}: {missing} is missing") from None
    if source.scope not in SCOPES:
        raise SourceError(f"source {key!r}: scope {source.scope!r} is not one of {SCOPES}")
    if not isinstance(source.date, date):
        raise SourceError(f"source {key!r}: date must be a date such as 2025-04-18")
    return source


@cache
def all_sources(path: Path = SOURCES_FILE) -> dict[str, Source]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return {key: _entry(key, raw) for key, raw in data.get("sources", {}).items()}


def source(source_id: str) -> Source:
    """The registered document `source_id`; SourceError if nobody registered it."""
    try:
        return all_sources()[source_id]
    except KeyError:
        raise SourceError(f"unknown source {source_id!r}; known: {sorted(all_sources())}") from None


def citation_problems(source_ids: tuple[str, ...] | list[str], clause: str, text: str, *,
                      foreign_words: tuple[str, ...] = (FOREIGN_WORD,)) -> list[str]:
    """What is wrong with `text` citing documents `source_ids` at `clause` (empty when nothing). A text resting on
    another region's plan must contain every one of `foreign_words` (say it is 外地; some texts must also name
    HOTLINE)."""
    known = all_sources()
    problems = []
    if not source_ids:
        problems.append("no source")
    if unknown := [s for s in source_ids if s not in known]:
        problems.append(f"unknown source(s) {unknown}; known: {sorted(known)}")
    if not clause.strip():
        problems.append("no clause")
    missing = [word for word in foreign_words if word not in text]
    if missing and any(known[s].scope == "other_region" for s in source_ids if s in known):
        problems.append(f"rests on another region's plan but does not call it {' and '.join(missing)}")
    return problems
