"""Pinyin, initials and homophone slips: turning what a phone keyboard produced into catalogue words.

People type "yanglao", "yang lao hu li", "ylhl", or let the input method pick a character with the same
sound ("养老户理", "电上直播"). A PinyinLexicon holds the words worth recognising — occupations, words of
course titles and keywords, synonym phrases and their targets, district and group names — keyed by
their toneless pinyin (also for homophone slips) and by the initials of the longer ones. `rewrite` puts
those words in place of what it recognises, so the rest of the search (synonyms, filters, BM25) runs
unchanged and the BM25 index holds no pinyin terms. A slip must sound exactly like the word (as an input
method's wrong pick does): looser matches (zh/z, -ng/-n) turned "电工怎么报名" into "电工证么报名".

Readings come from pypinyin's character table, every reading of every character. It is read directly:
importing pypinyin would also load its phrase dictionary (about 45 MB more per process).
"""

from __future__ import annotations

import importlib.util
import json
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import islice, product
from pathlib import Path

MAX_READINGS = 16  # reading combinations kept per word (polyphonic characters multiply them)
MIN_SOUND_CHARS = 3  # initials and homophone slips only for words this long: shorter ones collide
MIN_INITIALS = 3
MAX_INITIAL_WORDS = 3  # initials are ambiguous: search for this many of the words they may stand for
INITIALS_SHARE = 2  # ... of those used at least 1/INITIALS_SHARE as often as the commonest
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_RUN = re.compile(r"[a-z]+(?: [a-z]+)*")


@lru_cache(maxsize=4096)  # about 1,500 distinct readings with tones
def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _Table:
    """Character -> its toneless readings, loaded once on first use."""

    _lock = threading.Lock()
    _readings: dict[str, tuple[str, ...]] | None = None

    @classmethod
    def get(cls) -> dict[str, tuple[str, ...]]:
        if cls._readings is None:
            with cls._lock:
                if cls._readings is None:
                    spec = importlib.util.find_spec("pypinyin")
                    assert spec is not None and spec.origin is not None, "pypinyin is not installed"
                    raw = json.loads((Path(spec.origin).parent / "pinyin_dict.json").read_text(encoding="utf-8"))
                    cls._readings = {
                        chr(int(code)): tuple(dict.fromkeys(_toneless(r) for r in value.split(",")))
                        for code, value in raw.items()
                    }
        return cls._readings


@lru_cache(maxsize=65536)
def readings(word: str) -> tuple[tuple[str, ...], ...]:
    """Toneless pinyin of a Chinese word, one tuple of syllables per reading (at most MAX_READINGS);
    empty when a character has no reading."""
    table = _Table.get()
    per_char = [table.get(c) for c in word]
    if not all(per_char):
        return ()
    return tuple(islice(product(*per_char), MAX_READINGS))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable ("yu", "ying", "zhuang")."""
    return frozenset(r for found in _Table.get().values() for r in found if r.isascii() and r.isalpha())


def is_pinyin(letters: str) -> bool:
    """Whether `letters` split into pinyin syllables throughout ("yuying", "xiexie"; not "zxcvb")."""
    known, n = syllables(), len(letters)
    reachable = [True] + [False] * n
    for start in range(n):
        if reachable[start]:
            for end in range(start + 1, min(n, start + 6) + 1):
                reachable[end] = reachable[end] or letters[start:end] in known
    return reachable[n]


class PinyinLexicon:
    """Words by pinyin and initials; kept in step with the catalogue (add/discard)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._counts: Counter[str] = Counter()
        self._full: dict[str, set[str]] = {}
        self._initials: dict[str, set[str]] = {}
        # first two syllables -> (word, all its syllables), for words of MIN_SOUND_CHARS or more
        self._sounds: dict[tuple[str, str], set[tuple[str, tuple[str, ...]]]] = {}
        self._longest_full = 0
        self._lengths: Counter[int] = Counter()  # how many words have each length
        # two-character trade words by their common reading, and how a question is cut into words (see hear_pairs)
        self._pairs: dict[tuple[str, str], str] = {}
        self._cut: Callable[[str], list[str]] | None = None
        for word in words:
            self.add(word)

    def hear_pairs(self, words: Iterable[str], cut: Callable[[str], list[str]], particles: Iterable[str]) -> None:
        """Also correct one-character slips of two-character trade words ("焊功" for 焊工, "美法" for 美发): only
        where `cut` leaves both characters as single words (so no real word is touched: 电工, 怎么), one of them
        is the trade word's own, neither is a particle, and no other trade word sounds the same."""
        table = _Table.get()
        by_sound: dict[tuple[str, str], set[str]] = {}
        for word in words:
            if len(word) == 2 and _CJK_RUN.fullmatch(word) and all(c in table for c in word):
                by_sound.setdefault((table[word[0]][0], table[word[1]][0]), set()).add(word)
        self._pairs = {sound: next(iter(found)) for sound, found in by_sound.items() if len(found) == 1}
        self._cut = cut
        self._particles = frozenset(particles)

    def __contains__(self, word: object) -> bool:
        return word in self._counts

    def add(self, word: str, n: int = 1) -> None:
        if len(word) < 2 or not _CJK_RUN.fullmatch(word):
            return
        if word not in self._counts:
            self._keys(word, add=True)
        self._counts[word] += n

    def discard(self, word: str, n: int = 1) -> None:
        left = self._counts.get(word, 0) - n
        if left > 0:
            self._counts[word] = left
        elif word in self._counts:
            del self._counts[word]
            self._keys(word, add=False)

    def _keys(self, word: str, *, add: bool) -> None:
        spelled = readings(word)
        targets: list[tuple[dict, object, object]] = [(self._full, "".join(r), word) for r in spelled]
        if len(word) >= MIN_SOUND_CHARS:
            targets += [(self._initials, "".join(s[0] for s in r), word) for r in spelled]
            for sound in spelled:
                targets.append((self._sounds, sound[:2], (word, sound)))
        self._lengths[len(word)] += 1 if add else -1
        if not self._lengths[len(word)]:
            del self._lengths[len(word)]
        for table, key, value in targets:
            if add:
                table.setdefault(key, set()).add(value)
                if table is self._full:
                    self._longest_full = max(self._longest_full, len(key))  # type: ignore[arg-type]
            elif (found := table.get(key)) is not None:
                found.discard(value)
                if not found:
                    del table[key]

    def _best(self, found: set[str] | None) -> str | None:
        return max(found, key=lambda w: (self._counts[w], w)) if found else None

    # -- reading a question ------------------------------------------------------------------------------

    def rewrite(self, text: str, known: Callable[[str], bool]) -> str:
        """`text` (normalised) with pinyin runs spelled in Chinese and one-character homophone slips
        corrected; `known(word)` says a latin word means something as it is (e.g. "ai", "gyb")."""
        if not self._counts:
            return text
        text = _LATIN_RUN.sub(lambda m: self._latin(m.group(0), known), text)
        return _CJK_RUN.sub(lambda m: self._pair_slips(self._homophones(m.group(0))), text)

    def _pair_slips(self, run: str) -> str:
        """`run` with two single characters that sound like a two-character trade word spelled as it (hear_pairs)."""
        if self._cut is None or not self._pairs or len(run) < 2:
            return run
        table, pieces = _Table.get(), self._cut(run)
        out, i = [], 0
        while i < len(pieces):
            first, second = pieces[i], pieces[i + 1] if i + 1 < len(pieces) else ""
            if len(first) == len(second) == 1 and not ({first, second} & self._particles):
                sounds = table.get(first), table.get(second)
                word = self._pairs.get((sounds[0][0], sounds[1][0])) if sounds[0] and sounds[1] else None
                if word is not None and (word[0] == first) != (word[1] == second):  # exactly one slipped
                    out.append(word)
                    i += 2
                    continue
            out.append(first)
            i += 1
        return "".join(out)

    def _latin(self, run: str, known: Callable[[str], bool]) -> str:
        parts = run.split()
        kept = [known(p) for p in parts]
        if all(kept):
            return run
        whole = None if any(kept) else self._spell("".join(parts))  # "yang lao hu li" is one word
        if whole is not None:
            return f" {whole} "
        out = []
        for part in parts:
            word = None if known(part) else self._spell(part) or self._from_initials(part)
            out.append(f" {word} " if word else part)
        return " ".join(out)

    def _spell(self, letters: str) -> str | None:
        """Split `letters` into the fewest lexicon words by their pinyin; None unless all are covered."""
        n = len(letters)
        best: list[tuple[int, int, str] | None] = [None] * (n + 1)  # (pieces, -count, words) up to i
        best[0] = (0, 0, "")
        for i in range(n):
            here = best[i]
            if here is None:
                continue
            for j in range(i + 2, min(n, i + self._longest_full) + 1):
                word = self._best(self._full.get(letters[i:j]))
                if word is None:
                    continue
                step = (here[0] + 1, here[1] - self._counts[word], here[2] + word)
                if best[j] is None or step < best[j]:  # type: ignore[operator]
                    best[j] = step
        end = best[n]
        return end[2] if end is not None else None

    def _from_initials(self, letters: str) -> str | None:
        """The words with these initials the catalogue uses about as often as the commonest ("ylhl": 养老护理, used
        four times as often as 医疗护理, alone; both when they are as common), the commonest first."""
        found = self._initials.get(letters) if len(letters) >= MIN_INITIALS else None
        if not found:
            return None
        ranked = sorted(found, key=lambda w: (-self._counts[w], w))[:MAX_INITIAL_WORDS]
        top = self._counts[ranked[0]]
        return " ".join(w for w in ranked if self._counts[w] * INITIALS_SHARE >= top)

    def _homophones(self, run: str) -> str:
        """Replace a stretch that sounds like a lexicon word and differs from it in one character,
        where that stretch holds a character no exact lexicon word covers."""
        n = len(run)
        if n < MIN_SOUND_CHARS or not self._sounds:
            return run
        covered = [False] * n
        longest = max(self._lengths)
        for start in range(n - 1):
            for end in range(start + 2, min(n, start + longest) + 1):
                if run[start:end] in self._counts:
                    covered[start:end] = [True] * (end - start)
        if all(covered):
            return run
        table = _Table.get()
        sounds = [set(table.get(c, ())) for c in run]
        out, i = [], 0
        while i < n:
            fix = self._slip_at(run, i, covered, sounds)
            out.append(fix or run[i])
            i += len(fix) if fix else 1
        return "".join(out)

    def _slip_at(self, run: str, start: int, covered: list[bool], sounds: list[set[str]]) -> str | None:
        """The longest (then commonest) lexicon word sounding like the text at `start`, one character off."""
        if start + MIN_SOUND_CHARS > len(run):
            return None
        best: str | None = None
        for a, b in product(sounds[start], sounds[start + 1]):
            for word, sound in self._sounds.get((a, b), ()):
                end = start + len(word)
                if end > len(run) or all(covered[start:end]):
                    continue
                if not all(s in sounds[start + j] for j, s in enumerate(sound[2:], 2)):
                    continue
                if sum(x != y for x, y in zip(word, run[start:end], strict=True)) != 1:
                    continue
                if best is None or (len(word), self._counts[word]) > (len(best), self._counts[best]):
                    best = word
        return best
