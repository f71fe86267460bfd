"""The course catalogue service: the database is the truth, the in-memory index answers questions.

Every process keeps its own index. It is refreshed from rows changed since the last look, so an import by
the CLI or another process reaches a running bot within a minute. It is saved to a file (a snapshot,
bot/services/catalog_snapshot.py) so that a start reads it and applies only the rows changed since, instead
of tokenising the whole catalogue again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

import catalog
from bot.config import Settings
from bot.services.catalog_snapshot import SnapshotFile
from catalog.importer import ImportResult, read_courses
from catalog.model import Course
from catalog.search import CourseSearch, SearchResult
from storage import courses as course_repo
from storage.models import CourseRow
from storage.types import utcnow

log = logging.getLogger(__name__)
SAMPLE_CATALOGUE = Path(catalog.__file__).with_name("data") / "sample_courses.csv"
_YIELD_EVERY = 200  # courses indexed between two yields to the event loop in a refresh
RESULT_LIMIT = 50  # a search lists at most this many courses; a list this long may have been cut
# "Seen" of an index built from a database without courses: a first import is then applied as changes (yielding
# to the event loop every _YIELD_EVERY courses), not as a whole new build that holds the loop for a second.
NOTHING_SEEN = datetime(1970, 1, 1, tzinfo=UTC)
SAVE_INTERVAL = 600.0  # seconds: a running bot saves its changed index at most this often (and at shutdown)


class CatalogService:
    def __init__(self, snapshot: SnapshotFile | None = None) -> None:
        self.index = CourseSearch()
        self._seen: datetime | None = None
        self._codes_by_key: dict[str, str] = {}
        # The index saved between starts (bot/services/catalog_snapshot.py); None: always built from the rows.
        self._snapshot = snapshot
        self._saved_at: float | None = None  # monotonic time of the last save by this process
        self._unsaved = False
        # Held while the index changes and while a thread encodes it for saving (searches only read it).
        self._changing = asyncio.Lock()

    @staticmethod
    def key_of(code: str) -> str:
        """A short ASCII handle for a course code, for buttons: callback data is limited to 64 bytes
        and staff may write codes in Chinese (3 bytes a character)."""
        return hashlib.blake2b(code.encode(), digest_size=6).hexdigest()

    def by_key(self, key: str) -> Course | None:
        code = self._codes_by_key.get(key)
        return self.index.get(code) if code is not None else None

    async def load(self, session: AsyncSession) -> int:
        """The index as of now: the saved one plus the rows changed since it was saved, else built from every
        active row (and saved for the next start)."""
        if self._snapshot is not None and await self._restore(session):
            return len(self.index)
        courses = await course_repo.active_courses(session)
        async with self._changing:
            self.index.replace_all(courses)
            self._codes_by_key = {self.key_of(c.code): c.code for c in courses}
        self._seen = await course_repo.latest_change(session) or NOTHING_SEEN
        if self._snapshot is not None and courses:
            await self._save()
        return len(self.index)

    async def _restore(self, session: AsyncSession) -> bool:
        assert self._snapshot is not None
        saved = self._snapshot.read()
        if saved is None:
            return False
        meta, index = saved
        seen, latest = meta.get("seen"), await course_repo.latest_change(session)
        if not isinstance(seen, datetime) or latest is None or seen > latest:
            log.warning("catalogue index %s is not from this database: rebuilding it", self._snapshot.path)
            return False
        self.index, self._seen, self._codes_by_key = index, seen, meta["keys"]
        applied = await self._apply_changes(session)
        self.index.settle()
        active = await course_repo.count_active(session)
        if len(self.index) != active:
            log.warning("catalogue index %s holds %d courses, the database %d: rebuilding it",
                        self._snapshot.path, len(self.index), active)  # fmt: skip
            self.index, self._seen, self._codes_by_key = CourseSearch(), None, {}
            return False
        log.info("catalogue index read from %s: %d courses, %d changed since it was saved",
                 self._snapshot.path, active, applied)  # fmt: skip
        if applied:
            await self._save()
        return True

    async def refresh(self, session: AsyncSession) -> int:
        """Apply rows changed since the last load/refresh; returns how many were applied."""
        if self._seen is None:
            return await self.load(session)
        applied = await self._apply_changes(session)
        self._unsaved = self._unsaved or bool(applied)
        if self._unsaved and self._saved_at is not None and time.monotonic() - self._saved_at < SAVE_INTERVAL:
            return applied  # saved at shutdown or a later refresh: saving takes a moment at 50k courses
        if self._unsaved:
            await self._save()
        return applied

    async def _apply_changes(self, session: AsyncSession) -> int:
        assert self._seen is not None
        changed, retired = await course_repo.changed_since(session, self._seen)
        async with self._changing:
            for n, course in enumerate(changed, start=1):
                self.index.upsert(course)
                self._codes_by_key[self.key_of(course.code)] = course.code
                if n % _YIELD_EVERY == 0:  # a large import: let other people's updates run between slices
                    await asyncio.sleep(0)
            for code in retired:
                self.index.remove(code)
                self._codes_by_key.pop(self.key_of(code), None)
        self._seen = await course_repo.latest_change(session) or self._seen
        return len(changed) + len(retired)

    async def flush(self) -> None:
        """Save the index if it changed since it was last saved (at the end of a process)."""
        if self._unsaved:
            await self._save()

    async def _save(self) -> None:
        if self._snapshot is None:
            return
        snapshot = self._snapshot
        async with self._changing:  # encoded in a thread (~1 s at 50k courses); the loop keeps answering meanwhile
            meta = {"seen": self._seen, "keys": self._codes_by_key}
            data = await asyncio.to_thread(snapshot.encode, self.index, meta)
        await asyncio.to_thread(snapshot.write, data)
        self._saved_at, self._unsaved = time.monotonic(), False

    async def apply_import(
        self,
        session: AsyncSession,
        result: ImportResult,
        *,
        replace: bool = False,
        settings: Settings,
        now: datetime,
        refresh: bool = True,
    ) -> course_repo.UpsertReport | None:
        """Store a validated import (a file with any error stores nothing: None); trainees of moved or
        retired courses are told and their reminders follow the new dates. `refresh=False`: the caller refreshes
        the index after its commit (a large import must not hold SQLite's write lock while it is re-indexed)."""
        if not result.ok:
            return None
        from bot.services.scheduling import on_course_changed  # the scheduler's planning: not needed to search

        report = await course_repo.upsert_courses(session, result.courses, replace=replace, keep=result.unstated)
        for course_id in report.affected:
            await on_course_changed(session, settings, course_id, now)
        if refresh:
            await self.refresh(session)
        return report

    async def load_sample(self, session: AsyncSession, path: Path = SAMPLE_CATALOGUE) -> int:
        """Store the shipped demo catalogue, every course marked sample (示例); returns how many were added or
        updated (an older database's unmarked copy gets marked)."""
        result = read_courses(path)
        if not result.ok:
            log.error("the sample catalogue %s does not import: %s", path, result.errors[:3])
            return 0
        report = await course_repo.upsert_courses(session, [replace(c, sample=True) for c in result.courses])
        # Sample classes are not news to anyone: only classes imported later show up in /announce.
        await session.execute(
            update(CourseRow)
            .where(CourseRow.sample.is_(True), CourseRow.announced_at.is_(None))
            .values(announced_at=utcnow())
        )
        await self.refresh(session)
        return report.added + report.updated

    def search(self, text: str, *, today: date, lat: float | None = None, lon: float | None = None) -> SearchResult:
        if lat is not None and lon is not None:
            return self.index.nearby(lat, lon, today=today, text=text, limit=RESULT_LIMIT)
        return self.index.search(text, today=today, limit=RESULT_LIMIT)
