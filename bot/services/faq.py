"""The policy FAQ as the bot uses it: staff may edit catalog/data/faq.toml while the bot runs.

The file is looked at (one stat call) at most every CHECK_SECONDS; when its modification time or size
changed it is read again. A file with problems is refused with one log line and the last good version
stays in use, so a typo never takes the answers away.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from catalog.faq import FAQ_FILE, FaqBase, FaqEntry, FaqError, FaqMatch

log = logging.getLogger(__name__)
CHECK_SECONDS = 2.0


class FaqService:
    def __init__(self, path: Path = FAQ_FILE, *, check_seconds: float = CHECK_SECONDS) -> None:
        self.path = path
        self._check_seconds = check_seconds
        self._checked_at = float("-inf")
        self._stamp: tuple[int, int] | None = None
        self._base = FaqBase([])
        self.refresh(force=True)

    @property
    def base(self) -> FaqBase:
        """The FAQ now in use, re-read first if the file changed."""
        self.refresh()
        return self._base

    def refresh(self, *, force: bool = False) -> bool:
        """Re-read the file if it changed since the last look; True when a new version was taken."""
        now = time.monotonic()
        if not force and now - self._checked_at < self._check_seconds:
            return False
        self._checked_at = now
        stamp = _stamp(self.path)
        if stamp == self._stamp and not force:
            return False
        self._stamp = stamp  # a broken version is reported once, not at every message
        try:
            base = FaqBase.load(self.path)
        except FaqError as error:
            log.warning("FAQ file %s refused (%d problem(s), first: %s); keeping the last good version (%d entries)",
                        self.path, len(error.problems), error.problems[0], len(self._base))
            return False
        self._base = base
        log.info("FAQ loaded: %d entries from %s", len(base), self.path)
        return True

    def match(self, text: str) -> FaqMatch | None:
        return self.base.match(text)

    def ranked(self, text: str, limit: int = 3) -> list[FaqMatch]:
        return self.base.ranked(text, limit)

    def get(self, entry_id: str) -> FaqEntry | None:
        return self.base.get(entry_id)

    def leftover(self, text: str) -> str:
        return self.base.leftover(text)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
