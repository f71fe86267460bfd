"""Inverted index with BM25F field weights: over courses, and (with another `Schema`) over any documents
that have a key and a few text fields, such as the FAQ's question phrasings.

Postings map term -> {doc id: packed per-field term frequencies and field-length buckets}. A packed
value is turned into a BM25F term-frequency saturation by one table look-up; the table depends on the
average field lengths and is rebuilt (it has only a few thousand entries) when they drift. Scoring a
question therefore touches only the postings of its terms, never every course.

A term found in many documents of a large index ("培训", an occupation of thousands of courses) keeps its
postings as arrays instead (catalog/dense_postings.py); it scores the same way, through a column indexed by doc id.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from functools import lru_cache
from itertools import chain, repeat
from math import log, log2
from operator import add, attrgetter, mul
from typing import Any, Generic, TypeVar

from catalog.dense_postings import MAX_CODE, Dense, as_dict, dense_kept, dense_wanted, to_dense
from catalog.model import Course
from catalog.text import tokenize

FIELDS: tuple[str, ...] = ("title", "occupation", "keywords", "tags", "provider", "description")
FIELD_WEIGHTS: tuple[float, ...] = (3.0, 3.0, 2.0, 1.5, 1.0, 0.6)
FIELD_B: tuple[float, ...] = (0.5, 0.3, 0.4, 0.3, 0.5, 0.75)
K1 = 1.2
_SLOT_BITS, _TF_BITS, _MAX_TF = 7, 3, 7  # per field: 3 bits tf, 4 bits length bucket
_DRIFT = 0.1  # rebuild the saturation table when an average field length moves by 10 %

Postings = dict[int, int] | Dense
Weighted = list[tuple[float, Postings]]  # (query weight x idf, postings) per query term
D = TypeVar("D")


def field_texts(course: Course) -> tuple[str, ...]:
    return (
        course.title,
        course.occupation,
        " ".join(course.keywords),
        f"{course.level} {course.category}",
        course.provider,
        course.description,
    )


@lru_cache(maxsize=16384)
def field_tokens(text: str) -> tuple[str, ...]:
    """Tokens of one course field; providers, titles and keywords repeat across a catalogue."""
    return tuple(tokenize(text))


@dataclass(frozen=True, slots=True)
class Schema:
    """How documents are indexed: their fields' texts, weights and length normalisation, and their key."""

    weights: tuple[float, ...]
    b: tuple[float, ...]
    texts: Callable[[Any], tuple[str, ...]]
    key: Callable[[Any], str]
    tokens: Callable[[str], tuple[str, ...]] = field_tokens


COURSES = Schema(FIELD_WEIGHTS, FIELD_B, field_texts, attrgetter("code"))


def _as_rows(docs: list[Any]) -> Any:
    """Documents of one dataclass as rows of field values, equal values as one object (courses read from a
    database each hold their own copy of the same address, dates, groups and keywords): pickle then writes each
    once, and a loaded index holds each once and builds its courses through the class's own __init__, about
    twice as fast as pickle's per-object state of a slotted dataclass. The documents themselves are untouched."""
    kinds = {type(doc) for doc in docs if doc is not None}
    if len(kinds) != 1:
        return docs
    kind = kinds.pop()
    if not is_dataclass(kind) or any(not f.init or f.kw_only for f in fields(kind)):
        return docs
    present = [doc for doc in docs if doc is not None]
    getter = attrgetter(*(f.name for f in fields(kind)))
    rows = list(zip(*(_shared(column) for column in zip(*map(getter, present), strict=True)), strict=True))
    if len(present) < len(docs):  # free doc slots
        filled = iter(rows)
        rows = [None if doc is None else next(filled) for doc in docs]
    return _Rows(kind, rows)


def _shared(column: tuple[Any, ...]) -> Iterable[Any]:
    """The column with equal values as one object, where equal means the same value: one type (True == 1),
    floats by their exact bits (-0.0 == 0.0), tuples of strings only."""
    kinds = set(map(type, column))
    if len(kinds) == 1 and kinds <= {str, int, date}:
        seen: dict[Any, Any] = {}
        return list(map(seen.setdefault, column, column))
    if kinds <= {float, type(None)}:
        keyed: dict[Any, Any] = {}
        return [keyed.setdefault(v.hex(), v) if v is not None else None for v in column]
    if kinds == {tuple} and set(map(type, chain.from_iterable(column))) <= {str}:
        seen = {}
        return list(map(seen.setdefault, column, column))
    return column


def _from_rows(saved: Any) -> list[Any]:
    if type(saved) is not _Rows:
        return saved
    kind = saved.kind
    return [None if row is None else kind(*row) for row in saved.rows]


@dataclass(frozen=True, slots=True)
class _Rows:
    kind: type
    rows: list[tuple[Any, ...]] | list[tuple[Any, ...] | None]


def _length_bucket(n: int) -> int:
    return n if n < 8 else min(15, 8 + int(2 * log2(n / 8)))


def _bucket_length(bucket: int) -> float:
    return float(bucket) if bucket < 8 else 8 * 2 ** ((bucket - 8) / 2)


def _saturation(pack: int, averages: Sequence[float], schema: Schema) -> float:
    tf = 0.0
    for i, (weight, b) in enumerate(zip(schema.weights, schema.b, strict=True)):
        slot = (pack >> (_SLOT_BITS * i)) & 0x7F
        if slot:
            norm = 1 - b + b * _bucket_length(slot >> _TF_BITS) / averages[i]
            tf += weight * (slot & _MAX_TF) / norm
    return tf / (K1 + tf)


class InvertedIndex(Generic[D]):
    """Documents are courses unless another `schema` is given."""

    def __init__(self, courses: Iterable[D] = (), schema: Schema = COURSES) -> None:
        self._schema = schema
        self._postings: dict[str, Postings] = {}
        self._dense: dict[str, Dense] = {}  # the postings kept as arrays (see _balance)
        self._codes: dict[int, int] = {0: 0}  # packed value -> its code in dense columns
        self._code_packs: list[int] = [0]  # code -> packed value
        self._courses: list[D | None] = []
        self._ids: dict[str, int] = {}
        self._free: list[int] = []
        self._length_sums = [0] * len(schema.weights)
        self._packs: dict[int, int] = {}  # interned packed values, shared by all postings
        self._table: dict[int, float] = {0: 0.0}
        self._table_averages: tuple[float, ...] = ()
        for course in courses:
            self.upsert(course, refresh=False)
        self._refresh_table()
        self._balance()

    def __len__(self) -> int:
        return len(self._ids)

    def has_term(self, term: str) -> bool:
        return term in self._postings

    def doc_id(self, code: str) -> int | None:
        return self._ids.get(code)

    def course(self, doc: int) -> D:
        course = self._courses[doc]
        assert course is not None
        return course

    def courses(self) -> Iterator[tuple[int, D]]:
        return ((doc, c) for doc, c in enumerate(self._courses) if c is not None)

    def upsert(self, course: D, *, refresh: bool = True) -> int:
        """Index a course (replacing one with the same code); returns its doc id."""
        schema = self._schema
        key = schema.key(course)
        doc = self._ids.get(key)
        if doc is not None:
            old = self.course(doc)
            if schema.texts(old) == schema.texts(course):  # e.g. only seats or dates changed
                self._courses[doc] = course
                return doc
            self._unindex(doc, old)
        elif self._free:
            doc = self._free.pop()
        else:
            doc = len(self._courses)
            self._courses.append(None)
            for dense in self._dense.values():
                dense.column.append(0)
        self._courses[doc] = course
        self._ids[key] = doc
        packs: dict[str, int] = {}
        for i, text in enumerate(schema.texts(course)):
            tokens = schema.tokens(text)
            self._length_sums[i] += len(tokens)
            shift, bucket = _SLOT_BITS * i, _length_bucket(len(tokens)) << _TF_BITS
            for term, tf in Counter(tokens).items():
                packs[term] = packs.get(term, 0) | ((tf if tf < _MAX_TF else _MAX_TF) | bucket) << shift
        intern, postings, table = self._packs.setdefault, self._postings, self._table
        for term, pack in packs.items():
            pack = intern(pack, pack)
            if refresh and pack not in table:
                table[pack] = _saturation(pack, self._table_averages, schema)
            found = postings.get(term)
            if found is None:
                found = postings[sys.intern(term)] = {}
            if type(found) is dict:
                found[doc] = pack
            else:
                self._put_dense(term, found, doc, pack)
        if refresh:
            self._refresh_if_drifted()
        return doc

    def remove(self, code: str) -> int | None:
        """Drop a course; returns the doc id it had, or None if unknown."""
        doc = self._ids.pop(code, None)
        if doc is not None:
            self._unindex(doc, self.course(doc))
            self._courses[doc] = None
            self._free.append(doc)
            self._refresh_if_drifted()
        return doc

    def _unindex(self, doc: int, course: D) -> None:
        for i, text in enumerate(self._schema.texts(course)):
            tokens = self._schema.tokens(text)
            self._length_sums[i] -= len(tokens)
            for term in set(tokens):
                postings = self._postings.get(term)
                if postings is not None:
                    if type(postings) is dict:
                        postings.pop(doc, None)
                    else:
                        postings.discard(doc)
                    if not postings:
                        del self._postings[term]
                        self._dense.pop(term, None)

    # -- dense postings --------------------------------------------------------------------------------

    def _code(self, pack: int) -> int | None:
        code = self._codes.get(pack)
        if code is None:
            if len(self._code_packs) > MAX_CODE:
                return None
            code = self._codes[pack] = len(self._code_packs)
            self._code_packs.append(pack)
        return code

    def _put_dense(self, term: str, found: Dense, doc: int, pack: int) -> None:
        code = self._code(pack)
        if code is None:  # more distinct packed values than a column holds: this term goes back to a dict
            self._postings[term] = as_dict(found, self._code_packs)
            del self._dense[term]
            self._postings[term][doc] = pack  # type: ignore[index]
            return
        found.put(doc, code)

    def _balance(self) -> None:
        """Common terms' postings as arrays, the others' as dicts (after a build, a load or a batch of changes)."""
        n = len(self._ids)
        slots = len(self._courses)
        for term, found in list(self._postings.items()):
            if type(found) is dict:
                if dense_wanted(n, len(found)):
                    codes = [self._code(pack) for pack in found.values()]
                    if None not in codes:
                        self._postings[term] = self._dense[term] = to_dense(found, codes, slots)  # type: ignore[arg-type]
            elif not dense_kept(n, len(found)):
                self._postings[term] = as_dict(found, self._code_packs)
                del self._dense[term]

    # -- saving (catalog/snapshot.py) ---------------------------------------------------------------
    # Pickle writes every int on its own and reads each back as a new object; postings hold millions of them, most
    # the same few doc ids and packed values. Saved as arrays and read back through shared objects, the loaded
    # index takes the memory of a freshly built one, not twice as much.

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_postings"] = {term: found if type(found) is not dict else (array("i", found.keys()),
                                                                           array("q", found.values()))
                              for term, found in self._postings.items()}  # fmt: skip
        state["_ids"] = (list(self._ids), array("i", self._ids.values()))
        state["_dense"] = state["_codes"] = None  # rebuilt from the postings and the codes' list
        state["_courses"] = _as_rows(self._courses)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["_courses"] = _from_rows(state["_courses"])
        docs = list(range(len(state["_courses"])))  # one int object per doc id, shared by every posting
        doc, pack = docs.__getitem__, state["_packs"].__getitem__
        state["_postings"] = {sys.intern(term): found if type(found) is Dense else dict(zip(map(doc, found[0]),
                                                                                  map(pack, found[1]), strict=True))
                              for term, found in state["_postings"].items()}  # fmt: skip
        state["_dense"] = {term: found for term, found in state["_postings"].items() if type(found) is Dense}
        state["_codes"] = {pack: code for code, pack in enumerate(state["_code_packs"])}
        codes, ids = state["_ids"]
        state["_ids"] = dict(zip(codes, map(doc, ids), strict=True))
        self.__dict__.update(state)

    def settle(self) -> None:
        """Score with the exact average field lengths again (after many upserts they may have drifted a little):
        the index then scores exactly as one built from scratch over the same documents."""
        self._refresh_table()
        self._balance()

    def _averages(self) -> tuple[float, ...]:
        n = max(len(self._ids), 1)
        return tuple(max(total / n, 1.0) for total in self._length_sums)

    def _refresh_table(self) -> None:
        self._table_averages = averages = self._averages()
        self._table = {pack: _saturation(pack, averages, self._schema) for pack in self._packs}
        self._table[0] = 0.0

    def _refresh_if_drifted(self) -> None:
        now = self._averages()
        old = self._table_averages
        if not old or any(abs(a - b) > _DRIFT * b for a, b in zip(now, old, strict=True)):
            self._refresh_table()

    # -- scoring -----------------------------------------------------------------------------------

    def weigh(self, terms: Iterable[tuple[str, float]]) -> Weighted:
        """(query weight x idf, postings) for each term that occurs in the index."""
        n = len(self._ids)
        out = []
        for term, weight in terms:
            postings = self._postings.get(term)
            if postings:
                df = len(postings)
                out.append((weight * log(1 + (n - df + 0.5) / (df + 0.5)), postings))
        return out

    @staticmethod
    def candidates(weighted: Weighted) -> set[int]:
        return set().union(*(postings for _, postings in weighted))

    def scores(self, weighted: Weighted, docs: Sequence[int]) -> list[float]:
        """BM25F score of each doc in `docs`, computed with C-level maps over the postings."""
        table, pack = self._table.__getitem__, self._code_packs.__getitem__
        total: Iterator[float] | None = None
        for weight, postings in weighted:
            if type(postings) is dict:
                packs = map(postings.get, docs, repeat(0))
            else:
                packs = map(pack, map(postings.column.__getitem__, docs))  # type: ignore[union-attr]
            part = map(mul, map(table, packs), repeat(weight))
            total = part if total is None else map(add, total, part)
        return list(total) if total is not None else [0.0] * len(docs)
