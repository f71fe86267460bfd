"""Postings of a common term held as arrays (catalog/index.py): ~6 bytes a posting and 2 a document, against
~40 a posting in a dict. A term found in many documents of a large index ("培训", an occupation of thousands of
courses) keeps its doc ids in one array and, per doc slot, the code of its packed value in another (0: absent);
the index maps codes to packed values, so it scores through the column the same way as through a dict.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

MIN_DOCS = 2048  # a smaller index keeps every term's postings in a dict
SHARE = 16  # a term in at least 1/16 of the documents gets dense postings; back to a dict below 1/32
MAX_CODE = 0xFFFF  # codes of packed values in a dense column (array "H")


class Dense:
    """Postings of a common term: its doc ids, and per doc slot the code of its packed value (0: absent).
    Iterates and counts like the dict it replaces (candidates, idf, the FAQ's coverage)."""

    __slots__ = ("column", "ids")

    def __init__(self, ids: array, column: array) -> None:
        self.ids, self.column = ids, column

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def put(self, doc: int, code: int) -> None:
        if not self.column[doc]:
            self.ids.append(doc)
        self.column[doc] = code

    def discard(self, doc: int) -> None:
        if doc < len(self.column) and self.column[doc]:
            self.column[doc] = 0
            self.ids.remove(doc)


def dense_wanted(docs: int, found: int) -> bool:
    """A term in `found` of `docs` documents is common enough to hold its postings as arrays."""
    return docs >= MIN_DOCS and found * SHARE >= docs


def dense_kept(docs: int, found: int) -> bool:
    """Dense postings stay dense down to half the share that made them so (no flapping at the boundary)."""
    return docs >= MIN_DOCS and found * 2 * SHARE >= docs


def to_dense(found: dict[int, int], codes: list[int], slots: int) -> Dense:
    """`found`'s postings as arrays over `slots` doc slots; `codes` are its packed values' codes, in its order."""
    column = array("H", bytes(2 * slots))
    for doc, code in zip(found, codes, strict=True):
        column[doc] = code
    return Dense(array("I", found), column)


def as_dict(dense: Dense, code_packs: list[int]) -> dict[int, int]:
    """The postings as a dict again: doc id -> packed value."""
    pack = code_packs.__getitem__
    return {doc: pack(dense.column[doc]) for doc in dense.ids}
