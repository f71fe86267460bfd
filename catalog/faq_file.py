"""The FAQ file (data/faq.toml) read and checked: entries, synonyms and topics, or every problem found.

Each entry names one or more documents of the source registry (data/sources.toml) and the clause the
answer rests on; `check` lists every problem of the file (staff run it with `python -m bot faq check`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from catalog.faq_topics import FaqTopic, parse_topics
from catalog.faq_words import same_words_key
from catalog.sources import FOREIGN_WORD, HOTLINE, citation_problems

FAQ_FILE = Path(__file__).parent / "data" / "faq.toml"
MAX_ANSWER_CHARS = 200  # one phone screen
_ID = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")  # short: it travels in callback data


class FaqError(ValueError):
    """The FAQ file cannot be used; `problems` says why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class FaqEntry:
    id: str
    questions: tuple[str, ...]
    answer: str
    sources: tuple[str, ...]
    clause: str
    reviewed: date
    search: str | None


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return tuple(v.strip() for v in value)


def _entry(raw: Any, where: str, problems: list[str]) -> FaqEntry | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: not a table")
        return None
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        problems.append(f"{where}: id must be a short ascii slug such as 'living_allowance'")
        return None
    where = f"{where} ({entry_id})"
    before = len(problems)
    questions, sources = _strings(raw.get("questions")), _strings(raw.get("source"))
    answer, clause, reviewed, search = raw.get("answer"), raw.get("clause"), raw.get("reviewed"), raw.get("search")
    if not questions:
        problems.append(f"{where}: questions missing")
    if not isinstance(answer, str) or not answer.strip():
        problems.append(f"{where}: answer missing")
    elif len(answer.strip()) > MAX_ANSWER_CHARS:
        problems.append(f"{where}: answer has {len(answer.strip())} characters, at most {MAX_ANSWER_CHARS}")
    clause = clause if isinstance(clause, str) else ""
    said = answer if isinstance(answer, str) else ""
    cited = citation_problems(sources or (), clause, said, foreign_words=(FOREIGN_WORD, HOTLINE))
    problems.extend(f"{where}: {problem}" for problem in cited)
    if not isinstance(reviewed, date):
        problems.append(f"{where}: reviewed must be a date such as 2026-12-02")
    if search is not None and (not isinstance(search, str) or not search.strip()):
        problems.append(f"{where}: search must be a course question or left out")
    if len(problems) > before:
        return None
    return FaqEntry(entry_id, questions, answer.strip(), sources, clause.strip(), reviewed,
                    search.strip() if search else None)


def _synonyms(raw: Any, problems: list[str]) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        problems.append("[synonyms] must be a table of phrase = [words]")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for phrase, targets in raw.items():
        words = _strings(targets)
        if len(phrase.strip()) < 2 or not words:
            problems.append(f"synonym {phrase!r}: needs a phrase of two or more characters and the words it means")
        else:
            out[phrase.strip()] = words
    return out


@dataclass(frozen=True, slots=True)
class _Parsed:
    entries: list[FaqEntry]
    synonyms: dict[str, tuple[str, ...]]
    topics: tuple[FaqTopic, ...]
    problems: list[str]


def parse(path: Path) -> _Parsed:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return _Parsed([], {}, (), [f"{path.name}: {error}"])
    problems: list[str] = []
    synonyms = _synonyms(data.get("synonyms", {}), problems)
    raws = data.get("faq")
    if not isinstance(raws, list) or not raws:
        return _Parsed([], synonyms, (), [f"{path.name}: no [[faq]] entries"])
    entries = [e for i, raw in enumerate(raws, 1) if (e := _entry(raw, f"entry {i}", problems))]
    seen_ids: set[str] = set()
    seen: dict[tuple[str, ...], str] = {}
    for i, raw in enumerate(raws, 1):  # also the phrasings of entries refused above
        name = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"entry {i}"
        if name in seen_ids:
            problems.append(f"{name}: id used twice")
        seen_ids.add(name)
        for question in _strings(raw.get("questions") if isinstance(raw, dict) else None) or ():
            key = same_words_key(question)
            if key in seen:
                problems.append(f"{name}: {question!r} has the same words as a phrasing of {seen[key]}")
            seen.setdefault(key, name)
    topics = parse_topics(data.get("topics"), [e.id for e in entries], problems)
    return _Parsed(entries, synonyms, topics, problems)


def check(path: Path = FAQ_FILE) -> list[str]:
    """Every problem of the FAQ file (empty when it is fine)."""
    return parse(path).problems
