"""The bot's notion of "now", injectable so tests and benchmarks can fix or move time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


class Clock:
    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        """The local calendar date: courses start and end on local days."""
        return self.now().astimezone(self.tz).date()


class FixedClock(Clock):
    def __init__(self, tz: ZoneInfo, at: datetime) -> None:
        super().__init__(tz)
        self.at = at

    def now(self) -> datetime:
        return self.at
