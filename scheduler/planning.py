"""When each scheduled message is due, in the person's own time zone, never inside quiet hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_BEFORE_AT = time(9, 0)
SURVEY_AT = time(10, 0)
NUDGE_AFTER = timedelta(days=3)
# A reminder this late after its moment is pointless ("class starts in 2 hours" at noon): it is dropped.
REMINDER_GRACE = timedelta(minutes=30)


def at_local(day: date, moment: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, moment, tz).astimezone(UTC)


def in_quiet_hours(local: time, quiet: tuple[time, time]) -> bool:
    start, end = quiet
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end  # the quiet period wraps past midnight


def defer_quiet(due: datetime, tz: ZoneInfo, quiet: tuple[time, time]) -> datetime:
    """Move a moment that falls in quiet hours to the end of that quiet period (same zone)."""
    local = due.astimezone(tz)
    if not in_quiet_hours(local.timetz().replace(tzinfo=None), quiet):
        return due
    end = quiet[1]
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    return at_local(day, end, tz)


def two_hour_moment(start: date, class_time: time, tz: ZoneInfo) -> datetime:
    return (datetime.combine(start, class_time, tz) - timedelta(hours=2)).astimezone(UTC)


def two_hour_folded(start: date, class_time: time, tz: ZoneInfo, quiet: tuple[time, time]) -> bool:
    """Two hours before class falls in quiet hours (07:00 for a 09:00 class): deferring it to the end of the quiet
    period would bring it later than two hours before class, so the day-before reminder says so instead."""
    local = two_hour_moment(start, class_time, tz).astimezone(tz)
    return in_quiet_hours(local.time(), quiet)


def reminder_moments(start: date, class_time: time, tz: ZoneInfo, quiet: tuple[time, time]) -> dict[str, datetime]:
    """The day before at 09:00, and two hours before the class starts unless that is inside quiet hours (UTC,
    before quiet-hour deferral)."""
    moments = {"reminder_day": at_local(start - timedelta(days=1), DAY_BEFORE_AT, tz)}
    if not two_hour_folded(start, class_time, tz, quiet):
        moments["reminder_2h"] = two_hour_moment(start, class_time, tz)
    return moments


def survey_moment(end: date, wave_days: int, tz: ZoneInfo) -> datetime:
    return at_local(end + timedelta(days=wave_days), SURVEY_AT, tz)


def is_stale_reminder(due: datetime, now: datetime) -> bool:
    return now > due + REMINDER_GRACE
