"""A policy question typed in pinyin ("peixun yao qian ma", "butie zenme shenqing"): spelled in Chinese from the
FAQ's own words before matching.

The words are the phrasings whole, their words, and the particles and asking words (吗, 要, 怎么); a run of
latin letters is read as the fewest such words whose toneless pinyin covers it exactly, or not at all. Latin words
the phrasings use as they are (GYB, SYB) stay. The course search has its own lexicon (catalog/search_pinyin.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from catalog.pinyin import readings
from catalog.text import cut, normalize

_LATIN_ONLY = re.compile(r"[a-z0-9 ]+")
_ANY_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
_CJK = re.compile(r"[\u3400-\u9fff]+")
MAX_WORD_CHARS = 8  # a phrasing longer than this is not a word to spell


class PinyinSpeller:
    def __init__(self, phrasings: Iterable[str], particles: Iterable[str], latin: Iterable[str]) -> None:
        self._latin = frozenset(latin)
        self._by_sound: dict[str, str] = {}
        for text in map(normalize, phrasings):
            for word in (text, *cut(text)):
                self._add(word)
        for word in particles:
            self._add(word)
        self._longest = max((len(s) for s in self._by_sound), default=0)

    def _add(self, word: str) -> None:
        if 0 < len(word) <= MAX_WORD_CHARS and _CJK.fullmatch(word):
            for sound in readings(word):
                self._by_sound.setdefault("".join(sound), word)

    def __call__(self, text: str) -> str:
        """`text` spelled in Chinese when it is latin letters only and every run reads as FAQ words; otherwise
        unchanged."""
        if not _ANY_LATIN.search(text):
            return text
        normalised = normalize(text).strip()
        if not _LATIN_ONLY.fullmatch(normalised):
            return text
        out: list[str] = []
        run: list[str] = []
        for part in [*normalised.split(), None]:
            if part is not None and part not in self._latin and not part.isdigit():
                run.append(part)
                continue
            if run:
                spelled = self._spell("".join(run))
                if spelled is None:
                    return text
                out.append(spelled)
                run = []
            if part is not None:
                out.append(part)
        return " ".join(out)

    def _spell(self, letters: str) -> str | None:
        """The fewest words whose pinyin is exactly `letters`, or None."""
        best: list[tuple[int, str] | None] = [None] * (len(letters) + 1)
        best[0] = (0, "")
        for i in range(len(letters)):
            here = best[i]
            if here is None:
                continue
            for j in range(i + 1, min(len(letters), i + self._longest) + 1):
                word = self._by_sound.get(letters[i:j])
                if word is not None and (best[j] is None or here[0] + 1 < best[j][0]):  # type: ignore[index]
                    best[j] = (here[0] + 1, here[1] + word)
        end = best[-1]
        return end[1] if end is not None else None
