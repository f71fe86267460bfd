"""Normalisation and tokenisation of course texts and questions (Simplified Chinese, Traditional accepted).

Documents and questions go through the same steps: NFKC (full-width -> half-width), Traditional ->
Simplified, lower-case latin, punctuation and symbols -> spaces, then a dedicated jieba tokenizer
loaded with the domain dictionary in data/userdict.txt. Stop words (data/stopwords.txt) are dropped.
Long words also yield the dictionary words inside them ("养老护理员" -> "养老", "护理", "护理员"), so a
question need not name the occupation exactly. Questions are expanded with data/synonyms.tsv.
"""

from __future__ import annotations

import logging
import marshal
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType

import jieba
from opencc import OpenCC

DATA_DIR = Path(__file__).parent / "data"

LITERAL_WEIGHT = 1.0  # a word the person typed
SYNONYM_WEIGHT = 0.8  # a catalogue term their word stands for
FIRST_TARGET_WEIGHT = 0.9  # a synonym's first target: its closest meaning; the later, wider ones weigh SYNONYM_WEIGHT
SUBWORD_WEIGHT = 0.5  # a dictionary word inside a longer typed word

_JIEBA_CACHE = "jieba.cache"  # jieba's name for the cache of its default dictionary
_NON_WORD = re.compile(r"[\W_]+")
_LATIN = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _read_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class _Converter:
    """OpenCC t2s, created once; skipped for text without any character it would change."""

    def __init__(self) -> None:
        self._cc = OpenCC("t2s")
        folder = Path(__import__("opencc").__file__).parent / "dictionary"
        triggers: set[str] = set()
        for name in ("TSCharacters.txt", "TSPhrases.txt"):
            for line in (folder / name).read_text(encoding="utf-8").splitlines():
                key, _, value = line.partition("\t")
                if key != value:
                    triggers.update(key)
        self._triggers = frozenset(triggers)

    def convert(self, text: str) -> str:
        if self._triggers.isdisjoint(text):
            return text
        return self._cc.convert(text)


class _Resources:
    """Tokenizer, converter and word lists, loaded on first use (jieba takes about a second)."""

    _lock = threading.Lock()
    _loaded: _Resources | None = None
    cache_dir: Path | None = None  # see set_cache_dir

    def __init__(self) -> None:
        logging.getLogger("jieba").setLevel(logging.WARNING)
        self.converter = _Converter()
        self.tokenizer = jieba.Tokenizer()
        if self.cache_dir is not None:
            _seed_cache(self.cache_dir)
            self.tokenizer.tmp_dir = str(self.cache_dir)
        _initialize(self.tokenizer)
        domain: set[str] = set()
        for line in _read_lines("userdict.txt"):
            word, *rest = line.split()
            self.tokenizer.add_word(word, int(rest[0]) if rest else None)
            domain.add(word)
        self.freq: dict[str, int] = self.tokenizer.FREQ
        self.stopwords = frozenset(w for line in _read_lines("stopwords.txt") for w in line.split())
        synonyms: dict[str, tuple[str, ...]] = {}
        for line in _read_lines("synonyms.tsv"):
            phrase, _, targets = line.partition("\t")
            key = _simple_normalize(phrase, self.converter)
            synonyms[key] = tuple(_simple_normalize(t, self.converter) for t in targets.split("|") if t.strip())
        for phrase, targets in synonyms.items():  # colloquial phrases and targets are cut whole too
            for word in (phrase, *targets):
                if _is_cjk_word(word) and self.tokenizer.FREQ.get(word) is None:
                    self.tokenizer.add_word(word)
        self.synonyms: Mapping[str, tuple[str, ...]] = MappingProxyType(synonyms)
        self.domain = frozenset(domain | set(synonyms) | {t for ts in synonyms.values() for t in ts})
        self.synonym_order = sorted(synonyms, key=len, reverse=True)

    @classmethod
    def get(cls) -> _Resources:
        loaded = cls._loaded
        if loaded is None:
            with cls._lock:
                if cls._loaded is None:
                    cls._loaded = cls()
                loaded = cls._loaded
        return loaded


def _initialize(tokenizer: jieba.Tokenizer) -> None:
    """jieba.Tokenizer.initialize, reading its cache in one go: jieba's own `marshal.load(file)` reads the file an
    object at a time and takes about 2.5x the CPU (0.5 s more at every start). Any doubt: jieba's own way."""
    path = Path(tokenizer.tmp_dir or tempfile.gettempdir()) / _JIEBA_CACHE
    try:
        freq, total = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # none yet, or not what jieba writes: jieba rebuilds it
        tokenizer.initialize()
        return
    if not isinstance(freq, dict) or not isinstance(total, int):
        tokenizer.initialize()
        return
    with tokenizer.lock:
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True


def _seed_cache(folder: Path) -> None:
    """A folder without jieba's cache gets a link to the one in the temp folder (if any), rather than parsing the
    dictionary again: many short-lived databases (tests) then share one file. jieba replaces, never rewrites it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target, shared = folder / _JIEBA_CACHE, Path(tempfile.gettempdir()) / _JIEBA_CACHE
        if not target.exists() and shared.is_file():  # the default dictionary's cache is never stale
            os.link(shared, target)
    except OSError:  # another file system, or not writable: jieba parses the dictionary as before
        pass


def set_cache_dir(folder: Path | None) -> None:
    """Where jieba keeps its parsed dictionary (jieba.cache, read in a fraction of the time the text dictionary
    takes). By default the system's temporary folder, which a service with PrivateTmp loses at every start."""
    _Resources.cache_dir = folder


def preload() -> None:
    """Load jieba's dictionary and OpenCC now (about a second) rather than on the first question."""
    _Resources.get()


def _simple_normalize(text: str, converter: _Converter) -> str:
    text = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).lower())
    return " ".join(_convert_chunk(chunk, converter) for chunk in text.split())


@lru_cache(maxsize=32768)
def _convert_chunk(chunk: str, converter: _Converter) -> str:
    return converter.convert(chunk)


def normalize(text: str) -> str:
    """NFKC, Simplified, lower-case; every run of punctuation, symbols or spaces becomes one space."""
    return _simple_normalize(text, _Resources.get().converter)


def simplified(text: str) -> str:
    """Traditional characters as Simplified; punctuation, spacing and case as they were (for showing text)."""
    return _Resources.get().converter.convert(text)


def _is_cjk_word(word: str) -> bool:
    return _CJK.match(word) is not None


@lru_cache(maxsize=65536)
def _chunk_tokens(chunk: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words, inner dictionary words) of one normalised chunk, stop words removed."""
    res = _Resources.get()
    stop = res.stopwords
    words: list[str] = []
    run: list[str] = []  # consecutive single characters jieba did not know: joined as bigrams

    def flush() -> None:
        words.extend(a + b for a, b in pairwise(run))
        run.clear()

    for word in res.tokenizer.cut(chunk, HMM=False):
        if len(word) == 1:
            if _is_cjk_word(word) and word not in stop:
                run.append(word)
            else:
                flush()
            continue
        flush()
        if word not in stop and not word.isdigit():
            words.append(word)
    flush()
    inner = [part for word in words for part in subwords(word) if part not in stop]
    return tuple(words), tuple(inner)


@lru_cache(maxsize=16384)
def subwords(word: str) -> tuple[str, ...]:
    """The dictionary words of two or more characters inside a longer Chinese word, longest first."""
    if len(word) <= 2 or not _is_cjk_word(word):
        return ()
    freq = _Resources.get().freq
    return tuple(part for size in range(len(word) - 1, 1, -1) for start in range(len(word) - size + 1)
                 if freq.get(part := word[start : start + size]))


def cut(text: str) -> list[str]:
    """Every word of a text as the catalogue's tokenizer cuts it (normalised, domain dictionary, digits and
    single characters kept, nothing dropped): for callers with their own idea of stop words (the FAQ)."""
    tokenizer = _Resources.get().tokenizer
    return [w for chunk in normalize(text).split() for w in tokenizer.cut(chunk, HMM=False)]


def tokenize(text: str) -> list[str]:
    """Index terms of a course text: words and the dictionary words inside them, with repeats."""
    out: list[str] = []
    for chunk in normalize(text).split():
        words, inner = _chunk_tokens(chunk)
        out.extend(words)
        out.extend(inner)
    return out


def words(text: str) -> list[str]:
    """The words of a question, without stop words and without inner words (for display)."""
    return [w for chunk in normalize(text).split() for w in _chunk_tokens(chunk)[0]]


def synonyms() -> Mapping[str, tuple[str, ...]]:
    """How people ask -> canonical catalogue terms (normalised)."""
    return _Resources.get().synonyms


def domain_words() -> frozenset[str]:
    """The trades and occupations of the domain dictionary and the synonyms' phrases and targets (normalised)."""
    return _Resources.get().domain


def dictionary_words() -> Mapping[str, int]:
    """jieba's dictionary with the domain words: word -> frequency (0 for a prefix that is no word)."""
    return _Resources.get().freq


def expand(text: str) -> list[str]:
    """Canonical terms for the colloquial phrases found in a (normalised) question."""
    return list(_expansions(text))


def _expansions(text: str) -> dict[str, int]:
    """Each canonical term for the phrases found, with its place on the synonym's line (0 = its first target)."""
    res = _Resources.get()
    latin = set(_LATIN.findall(text))
    found: dict[str, int] = {}
    for phrase in res.synonym_order:
        hit = phrase in latin if phrase.isascii() else phrase in text
        if hit:
            for place, term in enumerate(res.synonyms[phrase]):
                found[term] = min(found.get(term, place), place)
    return found


def query_terms(text: str) -> list[tuple[str, float]]:
    """Weighted search terms of a question: typed words, words inside them, synonym expansions."""
    norm = normalize(text)
    weights: dict[str, float] = {}

    def put(term: str, weight: float) -> None:
        if weight > weights.get(term, 0.0):
            weights[term] = weight

    for chunk in norm.split():
        chunk_words, inner = _chunk_tokens(chunk)
        for word in chunk_words:
            put(word, LITERAL_WEIGHT)
        for word in inner:
            put(word, SUBWORD_WEIGHT)
    for term, place in _expansions(norm).items():  # "种菜": 蔬菜园艺工 before the wider 农业技术
        put(term, FIRST_TARGET_WEIGHT if place == 0 else SYNONYM_WEIGHT)
    return list(weights.items())
