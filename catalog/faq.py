"""The policy FAQ (data/faq.toml): question phrasings -> a short answer citing its source document.

Reading and checking the file: catalog/faq_file.py; the words of a question: catalog/faq_words.py and
catalog/faq_spoken.py; scoring: catalog/faq_index.py; the decision: catalog/faq_match.py.
`FaqBase.load` refuses a file that has any problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from catalog.faq_file import FAQ_FILE, MAX_ANSWER_CHARS, FaqEntry, FaqError, check, parse
from catalog.faq_index import Phrasing, PhrasingIndex
from catalog.faq_match import MARGIN, THRESHOLD, decide, ranked, split_parts
from catalog.faq_pinyin import PinyinSpeller
from catalog.faq_spoken import Respeller, spoken
from catalog.faq_topics import FaqTopic
from catalog.faq_words import GENERIC_WORDS, STOP_WORDS

__all__ = ["FAQ_FILE", "MARGIN", "MAX_ANSWER_CHARS", "THRESHOLD", "FaqBase", "FaqEntry", "FaqError", "FaqMatch",
           "check"]


@dataclass(frozen=True, slots=True)
class FaqMatch:
    entry: FaqEntry
    score: float  # confidence 0..1 (see catalog/faq_index.py)


class FaqBase:
    def __init__(self, entries: list[FaqEntry], synonyms: dict[str, tuple[str, ...]] | None = None,
                 topics: tuple[FaqTopic, ...] = ()) -> None:
        self._entries = {e.id: e for e in entries}
        self.topics = {t.id: t for t in topics}
        phrasings = (Phrasing(f"{e.id}/{i}", spoken(q)) for e in entries for i, q in enumerate(e.questions))
        self._index = PhrasingIndex(phrasings, synonyms, {e.id: spoken(e.answer) for e in entries})
        self._respell = Respeller(self._index.vocabulary, STOP_WORDS, (q for e in entries for q in e.questions),
                                  GENERIC_WORDS, self._index.phrases())
        self._pinyin = PinyinSpeller((*(q for e in entries for q in e.questions), *(synonyms or {})), STOP_WORDS,
                                     (w for w in self._index.vocabulary if w.isascii() and w.isalpha()))

    @classmethod
    def load(cls, path: Path = FAQ_FILE) -> FaqBase:
        parsed = parse(path)
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
        found = ranked(self._index, self._respell(self._pinyin(text)), limit)
        return [FaqMatch(self._entries[s.entry_id], s.confidence) for s in found]

    def match(self, text: str) -> FaqMatch | None:
        """The entry that answers `text`, or None when it is not (confidently) a policy question."""
        text = self._pinyin(text)  # "peixun yao qian ma"
        parts = [(self._respell(part), part) for part in split_parts(text)]
        found = decide(self._index, self._respell(text), text, parts)  # "补帖" is 补贴; asks() reads the typed
        return FaqMatch(self._entries[found.entry_id], found.confidence) if found else None

    def leftover(self, text: str) -> str:
        """The words of `text` the FAQ does not use ("电工培训有补贴吗" -> "电工"): a course search to show
        next to the answer, or "" when the question was only about policy."""
        return " ".join(self._index.leftover(self._respell(self._pinyin(text))))
