"""The course catalogue service: the database is the truth, the in-memory index answers questions.

Every process keeps its own index. It is built at start and refreshed from rows changed since the
last look, so an import by the CLI or another process reaches a running bot within a minute.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

import catalog
from bot.config import Settings
from bot.services.scheduling import on_course_changed
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


class CatalogService:
    def __init__(self) -> None:
        self.index = CourseSearch()
        self._seen: datetime | None = None
        self._codes_by_key: dict[str, str] = {}

    @staticmethod
    def key_of(code: str) -> str:
        """A short ASCII handle for a course code, for buttons: callback data is limited to 64 bytes
        and staff may write codes in Chinese (3 bytes a character)."""
        return hashlib.blake2b(code.encode(), digest_size=6).hexdigest()

    def by_key(self, key: str) -> Course | None:
        code = self._codes_by_key.get(key)
        return self.index.get(code) if code is not None else None

    async def load(self, session: AsyncSession) -> int:
        courses = await course_repo.active_courses(session)
        self.index.replace_all(courses)
        self._codes_by_key = {self.key_of(c.code): c.code for c in courses}
        self._seen = await course_repo.latest_change(session)
        return len(self.index)

    async def refresh(self, session: AsyncSession) -> int:
        """Apply rows changed since the last load/refresh; returns how many were applied."""
        if self._seen is None:
            return await self.load(session)
        changed, retired = await course_repo.changed_since(session, self._seen)
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

    async def apply_import(
        self, session: AsyncSession, result: ImportResult, *, replace: bool = False, settings: Settings, now: datetime
    ) -> course_repo.UpsertReport | None:
        """Store a validated import (a file with any error stores nothing: None); trainees of moved or
        retired courses are told and their reminders follow the new dates."""
        if not result.ok:
            return None
        report = await course_repo.upsert_courses(session, result.courses, replace=replace, keep=result.unstated)
        for course_id in report.affected:
            await on_course_changed(session, settings, course_id, now)
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
