"""Where the catalogue's search index is saved between starts, and reading/writing that file safely.

SQLite: a file beside the database (`bot.db.catalog-index`), so it goes wherever the database goes. PostgreSQL:
./data, one file per database address, kept by serving processes (run, webhook) only.
The file only saves time: a missing, damaged, foreign or outdated one is rebuilt from the database. jieba's
parsed dictionary (jieba.cache) is kept in the same folder.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from catalog import snapshot, text
from catalog.search import CourseSearch
from storage.db import sqlite_file

log = logging.getLogger(__name__)
SUFFIX = ".catalog-index"


def cache_dir(database_url: str) -> Path:
    """A local folder for files that only save time: the SQLite database's own folder, else ./data (where the
    default SQLite file lives, and what deploy/'s unit lets the bot write)."""
    path = sqlite_file(make_url(database_url))
    return path.parent if path is not None else Path("data")


def snapshot_path(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        return path.with_name(path.name + SUFFIX) if path is not None else None  # in memory: nothing to keep
    where = url.render_as_string(hide_password=True)
    return cache_dir(database_url) / f"{hashlib.blake2b(where.encode(), digest_size=8).hexdigest()}{SUFFIX}"


def open_catalog_snapshot(database_url: str, *, serving: bool = False) -> SnapshotFile | None:
    """The index file for this database (None for SQLite in memory, and on PostgreSQL for the short commands, so
    that they leave nothing in ./data); jieba's cache goes to the same folder, not to the temp folder, which a
    service with PrivateTmp empties at every start."""
    if sqlite_file(make_url(database_url)) is None and not serving:
        return None
    text.set_cache_dir(cache_dir(database_url))
    path = snapshot_path(database_url)
    return SnapshotFile(path) if path is not None else None


def release_free_memory() -> None:
    """Hand the heap's free pages back to the system. Reading a snapshot allocates the file and the arrays it
    holds between the objects that stay; glibc keeps those holes (~50 MB at 50k courses) unless asked."""
    global _trim
    if _trim is None:
        try:
            _trim = ctypes.CDLL(None).malloc_trim if sys.platform == "linux" else False
        except (OSError, AttributeError):  # not glibc (musl, another system): nothing to do
            _trim = False
    if _trim:
        _trim(0)


_trim: Any = None


class SnapshotFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> tuple[dict[str, Any], CourseSearch] | None:
        """The saved (meta, index), or None (one log line saying why) when there is none to trust."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("catalogue index %s unreadable (%s): rebuilding it", self.path, exc.strerror or exc)
            return None
        gc.disable()  # unpickling creates a million objects none of which is garbage: no collection meanwhile
        try:
            return snapshot.load(data)
        except snapshot.SnapshotError as exc:
            log.warning("catalogue index %s not used (%s): rebuilding it", self.path, exc)
            return None
        finally:
            gc.enable()
            del data
            release_free_memory()

    def encode(self, search: CourseSearch, meta: dict[str, Any]) -> bytes:
        return snapshot.dump(search, meta)

    def write(self, data: bytes) -> None:
        """Replace the file atomically (other processes may read it meanwhile); failure only costs the next
        start some time."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.warning("catalogue index %s not saved: %s", self.path, exc.strerror or exc)
