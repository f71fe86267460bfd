"""A saved search index: bytes in, bytes out, so a start need not tokenise the whole catalogue again.

A snapshot is trusted only when it was written by this very code and vocabulary (`build_version`: the catalog
package's sources, its dictionaries and the tokeniser libraries' versions) and its payload matches its checksum;
anything else (another version, a truncated or damaged file, a foreign file) raises SnapshotError and the
caller rebuilds. Which catalogue rows it reflects is the caller's business (`meta`), e.g. the database's
latest change, so that only rows changed since are applied on top.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from catalog.search import CourseSearch

MAGIC = b"CATSNAP1"
_DIGEST = 32
_HEADER = len(MAGIC) + 2 * _DIGEST  # magic, build version, checksum of the payload
_PACKAGE = Path(__file__).parent
_DATA_FILES = ("userdict.txt", "stopwords.txt", "synonyms.tsv")
_LIBRARIES = ("jieba", "opencc", "pypinyin")


class SnapshotError(Exception):
    """Not a snapshot this code can use; the message says why (for one log line)."""


@lru_cache(maxsize=1)
def build_version() -> bytes:
    """Changes whenever the index could come out differently: any catalog source or dictionary file, the
    tokeniser libraries, the Python version (pickle and string hashing details)."""
    digest = hashlib.blake2b(digest_size=_DIGEST)
    digest.update(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?".encode())
    files = [*sorted(_PACKAGE.glob("*.py")), *(_PACKAGE / "data" / name for name in _DATA_FILES)]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.digest()


def dump(search: CourseSearch, meta: dict[str, Any]) -> bytes:
    search.prepare()
    payload = pickle.dumps((meta, search), protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + build_version() + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload


def load(data: bytes) -> tuple[dict[str, Any], CourseSearch]:
    """(meta, search) from `dump`'s bytes; SnapshotError when they cannot be trusted."""
    if len(data) < _HEADER or not data.startswith(MAGIC):
        raise SnapshotError("not a catalogue snapshot")
    version, checksum = data[len(MAGIC) : len(MAGIC) + _DIGEST], data[len(MAGIC) + _DIGEST : _HEADER]
    if version != build_version():
        raise SnapshotError("written by another version of the catalogue code or dictionaries")
    payload = memoryview(data)[_HEADER:]
    if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != checksum:
        raise SnapshotError("checksum mismatch (damaged or truncated)")
    try:
        meta, search = pickle.loads(payload)
    except Exception as exc:  # a checksummed payload should load; anything else is a foreign file
        raise SnapshotError(f"unreadable payload: {type(exc).__name__}") from None
    if not isinstance(meta, dict) or not isinstance(search, CourseSearch):
        raise SnapshotError("unexpected content")
    return meta, search
