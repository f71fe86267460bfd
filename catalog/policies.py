"""Policy briefing cards (政策宣介) per group, from data/policies/*.toml that staff edit: one file per group
(named after it) plus common.toml for everyone. A file is re-read when its mtime or size changes.

Every card cites its document(s) from the source registry (catalog/sources.py) and the clause; a card resting
on another region's plan must say so in its body (外地做法), and the bot adds where each document comes from."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from catalog.districts import DISTRICTS, canonical_district
from catalog.groups import GROUPS, canonical_group
from catalog.sources import citation_problems

POLICY_DIR = Path(__file__).parent / "data" / "policies"
COMMON_FILE = "common.toml"
COMMON_GROUP = "通用"  # the `group` value of common.toml
FALLBACK_GROUP = "其他"
MAX_BODY_CHARS = 600
MAX_BODY_LINES = 5
DEFAULT_ORDER = 100  # cards without `order` come last
_FILE_KEYS = frozenset({"group", "version", "reviewed", "cards"})
_CARD_KEYS = frozenset({"title", "body", "districts", "order", "source", "clause"})
FOREIGN_MARK = "外地做法"  # a card citing another region's plan must name it as such in its body
_DISTRICT_NAMES = frozenset(d.name for d in DISTRICTS)
_MARKUP = frozenset("<>")  # cards are plain text; markup would break HTML parse mode


class PolicyError(ValueError):
    """A policy file is missing or broken; the message names the file and what to fix."""

    def __init__(self, file: Path, problem: str) -> None:
        super().__init__(f"{file.name}: {problem} ({file})")
        self.file = file
        self.problem = problem


@dataclass(frozen=True, slots=True)
class PolicyCard:
    title: str
    body: str
    order: int
    sources: tuple[str, ...]  # ids in catalog/data/sources.toml
    clause: str  # where in those documents the card rests
    districts: tuple[str, ...] = ()  # empty: shown everywhere


@dataclass(frozen=True, slots=True)
class PolicyBriefing:
    group: str
    version: str  # the content version staff gave the file (recorded in the 1131 ledger), not a law's
    reviewed: date  # when someone last checked the cards against their sources
    cards: tuple[PolicyCard, ...]


def _text(path: Path, table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PolicyError(path, f"{where}: `{key}` is missing or empty")
    return value.strip()


def _sources(path: Path, raw: dict[str, Any], where: str) -> tuple[str, ...]:
    value = raw.get("source")
    ids = [value] if isinstance(value, str) else value
    if not isinstance(ids, list) or not ids or not all(isinstance(s, str) and s.strip() for s in ids):
        raise PolicyError(path, f"{where}: `source` is missing; name a document id (or a list) from sources.toml")
    return tuple(ids)


def _card(path: Path, raw: Any, number: int) -> PolicyCard:
    where = f"card {number}"
    if not isinstance(raw, dict):
        raise PolicyError(path, f"{where}: must be a [[cards]] table")
    if unknown := sorted(set(raw) - _CARD_KEYS):
        raise PolicyError(path, f"{where}: unknown field(s) {unknown}; allowed: {sorted(_CARD_KEYS)}")
    title = _text(path, raw, "title", where)
    where = f"card {number} «{title}»"
    lines = [line.strip() for line in _text(path, raw, "body", where).splitlines() if line.strip()]
    body = "\n".join(lines)
    if len(body) > MAX_BODY_CHARS:
        raise PolicyError(path, f"{where}: body has {len(body)} characters, at most {MAX_BODY_CHARS} allowed")
    if len(lines) > MAX_BODY_LINES:
        raise PolicyError(path, f"{where}: body has {len(lines)} lines, at most {MAX_BODY_LINES} allowed")
    if not _MARKUP.isdisjoint(title + body):
        raise PolicyError(path, f"{where}: plain text only, no < or >")
    order = raw.get("order", DEFAULT_ORDER)
    if not isinstance(order, int) or isinstance(order, bool):
        raise PolicyError(path, f"{where}: `order` must be a whole number")
    districts = raw.get("districts", [])
    if not isinstance(districts, list) or not all(isinstance(d, str) for d in districts):
        raise PolicyError(path, f"{where}: `districts` must be a list of district names")
    if unknown := [d for d in districts if d not in _DISTRICT_NAMES]:
        raise PolicyError(path, f"{where}: unknown district(s) {unknown}; known: {sorted(_DISTRICT_NAMES)}")
    sources, clause = _sources(path, raw, where), _text(path, raw, "clause", where)
    if problems := citation_problems(sources, clause, body, foreign_words=(FOREIGN_MARK,)):
        raise PolicyError(path, f"{where}: {'; '.join(problems)}")
    return PolicyCard(title, body, order, sources, clause, tuple(districts))


@lru_cache(maxsize=128)
def _parse(path: Path, stamp: tuple[int, int]) -> PolicyBriefing:
    """Parse and check one file; `stamp` (mtime, size) is part of the cache key so edits are re-read."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(path, f"not valid TOML: {error}") from None
    if unknown := sorted(set(data) - _FILE_KEYS):
        raise PolicyError(path, f"unknown field(s) {unknown}; allowed: {sorted(_FILE_KEYS)}")
    group = _text(path, data, "group", "file")
    expected = COMMON_GROUP if path.name == COMMON_FILE else path.stem
    if group != expected or (expected != COMMON_GROUP and group not in GROUPS):
        raise PolicyError(path, f"`group` is {group!r}; this file must say {expected!r}, one of {list(GROUPS)}")
    reviewed = data.get("reviewed")
    if not isinstance(reviewed, date) or isinstance(reviewed, datetime):
        raise PolicyError(path, "`reviewed` is missing or not a date such as 2026-12-02")
    cards = data.get("cards")
    if not isinstance(cards, list) or not cards:
        raise PolicyError(path, "no [[cards]]")
    return PolicyBriefing(
        group=group,
        version=_text(path, data, "version", "file"),
        reviewed=reviewed,
        cards=tuple(_card(path, raw, number) for number, raw in enumerate(cards, 1)),
    )


def _read(path: Path) -> PolicyBriefing:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PolicyError(path, "file is missing") from None
    return _parse(path, (info.st_mtime_ns, info.st_size))


def _merge(common: PolicyBriefing, own: PolicyBriefing, district: str | None, *, every: bool) -> PolicyBriefing:
    """The group's briefing: its metadata, common and own cards ordered by `order` (common first on ties)."""
    ranked = [(card.order, rank, index, card)
              for rank, part in enumerate((common, own)) for index, card in enumerate(part.cards)
              if every or not card.districts or district in card.districts]
    cards = tuple(card for *_, card in sorted(ranked, key=lambda item: item[:3]))
    return PolicyBriefing(own.group, own.version, min(common.reviewed, own.reviewed), cards)


def _group_name(group: str | None) -> str:
    if group in GROUPS:
        return group
    return canonical_group(group or "") or FALLBACK_GROUP


def briefing_for(group: str | None, district: str | None, *, directory: Path | None = None) -> PolicyBriefing:
    """Cards for a person of `group` (None or unknown: 其他) living in `district` (name or alias, or None)."""
    folder = directory or POLICY_DIR
    place = canonical_district(district) if district else None
    own = _read(folder / f"{_group_name(group)}.toml")
    return _merge(_read(folder / COMMON_FILE), own, place, every=False)


def load_all(directory: Path | None = None) -> dict[str, PolicyBriefing]:
    """Every group's briefing with all its cards (district ones included); checks every file in the folder."""
    folder = directory or POLICY_DIR
    for path in sorted(folder.glob("*.toml")):
        _read(path)  # stray or misnamed files are reported too
    common = _read(folder / COMMON_FILE)
    return {group: _merge(common, _read(folder / f"{group}.toml"), None, every=True) for group in GROUPS}
