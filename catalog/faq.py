"""The policy FAQ (data/faq.toml): question phrasings -> a short answer citing its source document.

Each entry names one or more documents of the source registry (data/sources.toml) and the clause the
answer rests on; the reply builder says where the rule comes from. `check` lists every problem of the
file (staff run it with `python -m bot faq check`); `FaqBase.load` refuses a file that has any.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from catalog.faq_match import STOP_WORDS, Phrasing, PhrasingIndex, Scored, asks, same_words_key
from catalog.faq_spoken import Respeller, spoken
from catalog.faq_topics import FaqTopic, parse_topics
from catalog.sources import FOREIGN_WORD, HOTLINE, citation_problems

FAQ_FILE = Path(__file__).parent / "data" / "faq.toml"
MAX_ANSWER_CHARS = 200  # one phone screen
THRESHOLD = 0.6  # confidence needed to answer with an entry (tuned on tests/catalog/test_faq.py's labelled set)
MARGIN = 0.02  # the best entry must beat the runner-up by this much to answer alone
# A little below THRESHOLD, an entry far ahead of every other still answers a question whose words the FAQ all
# knows and that asks something: said in words of its own ("能在手机上学不"), it covers less of any phrasing, but
# only one entry fits. Not a bare topic with a filter ("家政 海州区"): that is a search.
CLEAR_THRESHOLD = 0.5
CLEAR_LEAD = 0.1
RANKED_FLOOR = 0.3  # weaker matches may still be offered as "did you mean" buttons
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


@dataclass(frozen=True, slots=True)
class FaqMatch:
    entry: FaqEntry
    score: float  # confidence 0..1 (see catalog/faq_match.py)


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


def _parse(path: Path) -> _Parsed:
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
    return _parse(path).problems


class FaqBase:
    def __init__(self, entries: list[FaqEntry], synonyms: dict[str, tuple[str, ...]] | None = None,
                 topics: tuple[FaqTopic, ...] = ()) -> None:
        self._entries = {e.id: e for e in entries}
        self.topics = {t.id: t for t in topics}
        phrasings = (Phrasing(f"{e.id}/{i}", spoken(q)) for e in entries for i, q in enumerate(e.questions))
        self._index = PhrasingIndex(phrasings, synonyms)
        self._respell = Respeller(self._index.vocabulary, STOP_WORDS)
        # The last text ranked and its order: one message is ranked by match() and again for "did you mean".
        self._last: tuple[str, list[Scored]] = ("", [])

    @classmethod
    def load(cls, path: Path = FAQ_FILE) -> FaqBase:
        parsed = _parse(path)
        if parsed.problems:
            raise FaqError(parsed.problems)
        return cls(parsed.entries, parsed.synonyms, parsed.topics)

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> list[FaqEntry]:
        return list(self._entries.values())

    def get(self, entry_id: str) -> FaqEntry | None:
        return self._entries.get(entry_id)

    def ranked(self, text: str, limit: int = 3) -> list[FaqMatch]:
        """The best entries for `text` (for "did you mean" buttons), strongest first."""
        if self._last[0] != text or not text:
            said = self._respell(text)
            self._last = (text, sorted(self._index.scored(said), key=lambda s: (-s.confidence, -s.bm25, s.entry_id)))
        found = self._last[1]
        return [FaqMatch(self._entries[s.entry_id], round(s.confidence, 3))
                for s in found[:max(limit, 0)] if s.confidence >= RANKED_FLOOR]

    def match(self, text: str) -> FaqMatch | None:
        """The entry that answers `text`, or None when it is not (confidently) a policy question."""
        best = self.ranked(text, 2)
        said = self._respell(text)  # "补帖" is 补贴; asks() reads the marks as typed
        if not best or not self._index.asks_policy(said, asks(text)):
            return None
        runner_up = best[1].score if len(best) > 1 else 0.0
        clear = (best[0].score >= CLEAR_THRESHOLD and best[0].score - runner_up >= CLEAR_LEAD
                 and asks(text) and self._index.understood(said))
        if best[0].score < THRESHOLD and not clear:
            return None
        if len(best) > 1 and best[0].score - best[1].score < MARGIN:
            return None  # two entries fit about as well: "您是不是想问" beats a wrong answer
        return best[0]

    def leftover(self, text: str) -> str:
        """The words of `text` the FAQ does not use ("电工培训有补贴吗" -> "电工"): a course search to show
        next to the answer, or "" when the question was only about policy."""
        return " ".join(self._index.leftover(self._respell(text)))
