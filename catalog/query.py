"""Turn a question into filters (district, group, price, time) and the search words that remain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from catalog.districts import CITY, district_aliases
from catalog.groups import GROUP_ALIASES
from catalog.text import normalize, query_terms, words

MAX_QUERY_CHARS = 300  # longer questions are cut; nobody types more to find a course
SOON_DAYS = 30

FREE_WORDS: tuple[str, ...] = ("免费", "不要钱", "不花钱", "不收费", "零费用", "零元", "0元")
SUBSIDY_WORDS: tuple[str, ...] = ("补贴", "补助", "津贴")
WEEKEND_WORDS: tuple[str, ...] = ("周末", "双休日", "双休", "星期六", "星期天", "星期日", "周六", "周日")
# Time of day: evening classes (the catalogue marks them, search_facets.EVENING_MARKERS) or the others.
EVENING_WORDS: tuple[str, ...] = ("晚上", "晚间", "夜校", "夜里", "下班后", "下了班", "下班以后", "晚班", "晚课",
                                  "夜课", "夜班", "傍晚")
# the parts of the day a class is held in daylight: "下午的呢", "上午班"
DAYTIME_WORDS: tuple[str, ...] = ("白天", "白班", "日间", "上午", "下午", "早上", "中午", "早班", "日班")


class TimeKind(StrEnum):
    THIS_WEEK = "this_week"
    NEXT_WEEK = "next_week"
    THIS_MONTH = "this_month"
    NEXT_MONTH = "next_month"
    SOON = "soon"  # the next SOON_DAYS days
    THIS_YEAR = "this_year"
    NEXT_YEAR = "next_year"
    MONTH = "month"  # a named month, e.g. 12月
    YEAR = "year"  # a named year, e.g. 2027年


@dataclass(frozen=True, slots=True)
class DateWindow:
    """Courses starting between `start` and `end`, both inclusive."""

    kind: TimeKind
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    text: str  # the question as typed
    terms: tuple[tuple[str, float], ...]  # weighted search terms (what is left after the filters)
    words: tuple[str, ...]  # the typed words behind `terms`, for display
    districts: tuple[str, ...] = ()
    group: str | None = None
    free_only: bool = False
    subsidised_only: bool = False
    weekend_only: bool = False
    evening_only: bool = False
    daytime_only: bool = False
    window: DateWindow | None = None

    @property
    def is_empty(self) -> bool:
        """Neither words nor filters (e.g. only greetings, punctuation or emoji)."""
        return not self.terms and not self.has_filters

    @property
    def has_filters(self) -> bool:
        return bool(self.districts or self.group or self.free_only or self.subsidised_only
                    or self.weekend_only or self.evening_only or self.daytime_only or self.window)


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def _district_pattern() -> re.Pattern[str]:
    aliases = list(district_aliases())
    parts = []
    for alias in sorted(aliases, key=len, reverse=True):
        # "连云" names 连云区, but not inside the city's own name "连云港".
        guard = f"(?!{re.escape(CITY[len(alias)])})" if CITY.startswith(alias) and alias != CITY else ""
        parts.append(re.escape(alias) + guard)
    return re.compile("|".join(parts))


_DISTRICT_RE = _district_pattern()
_DISTRICTS = district_aliases()
# A place word before a person ("农村妇女", "农村老人") says where the person lives, not which group's courses to
# show: the weaving course for "农村妇女学手工编织" need not be open to 农村转移劳动力. "农村的", "农民工" still filter.
_PLACE_ALIASES = ("农村",)
_PERSON_NOUNS = "妇女|女性|女人|姐妹|大姐|大妈|阿姨|老人|老年人|老太|大爷|孩子|小孩|青年|年轻人|宝妈|妈妈"


def _group_pattern() -> re.Pattern[str]:
    parts = []
    for alias in sorted(GROUP_ALIASES, key=len, reverse=True):
        guard = f"(?!{_PERSON_NOUNS})" if alias in _PLACE_ALIASES else ""
        # nor is the person after it a group: "农村宝妈" names none ("宝妈" alone: 其他)
        before = "".join(f"(?<!{re.escape(place)})" for place in _PLACE_ALIASES) if alias in _PERSON_NOUNS else ""
        parts.append(before + re.escape(alias) + guard)
    return re.compile("|".join(parts))


_GROUP_RE = _group_pattern()
_FREE_RE = re.compile(_alternation(list(FREE_WORDS)))
_SUBSIDY_RE = re.compile("有?(?:政府)?(?:" + _alternation(list(SUBSIDY_WORDS)) + ")")
_WEEKEND_RE = re.compile(_alternation(list(WEEKEND_WORDS)))
_EVENING_RE = re.compile(_alternation(list(EVENING_WORDS)))
_DAYTIME_RE = re.compile(_alternation(list(DAYTIME_WORDS)))
_NUM = "[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
# a part of the month after a month ("下个月中旬", "12月底") or alone ("月底开的": this month's)
_PART_OF_MONTH = r"(?:\s*(上旬|中旬|下旬|初|底|末))?"
_MONTH_PART_RE = re.compile(r"月初|月中|月底|月末|上旬|中旬|下旬")
_PARTS = {"上旬": (1, 10), "月初": (1, 10), "初": (1, 10), "中旬": (11, 20), "月中": (11, 20), "下旬": (21, 31),
          "月底": (21, 31), "月末": (21, 31), "底": (21, 31), "末": (21, 31)}
_MONTH_RE = re.compile(rf"(?:([0-9]{{4}}|明|今)年)?({_NUM})月份?{_PART_OF_MONTH}")
# around the new year, not a count of years ("三年前"): "年后开的" is next year's, "年前" this year's
_AFTER_NEW_YEAR = r"(?<![0-9一二三四五六七八九十几两多])年后|过完年|过了年|明年开春|开春|春节后|过年后"
_BEFORE_NEW_YEAR = r"(?<![0-9一二三四五六七八九十几两多])年前|年底前|年内"
_YEAR_RE = re.compile(rf"([0-9]{{4}})年|明年|今年|{_AFTER_NEW_YEAR}|{_BEFORE_NEW_YEAR}")
_YEAR_NAMES = {**dict.fromkeys(("明年", *_AFTER_NEW_YEAR.split("|")[1:], "年后"), "明年"),
               **dict.fromkeys(("今年", *_BEFORE_NEW_YEAR.split("|")[1:], "年前"), "今年")}
_RELATIVE: tuple[tuple[re.Pattern[str], TimeKind], ...] = (
    (re.compile(f"(?:下个?月|下一个月){_PART_OF_MONTH}"), TimeKind.NEXT_MONTH),
    # not 当月: "想当月嫂" is about becoming a 月嫂
    (re.compile(f"(?:这个?月|本月){_PART_OF_MONTH}"), TimeKind.THIS_MONTH),
    (re.compile("下个?(?:周|星期|礼拜)"), TimeKind.NEXT_WEEK),
    (re.compile("这个?(?:周|星期|礼拜)|本周"), TimeKind.THIS_WEEK),
    (re.compile("最近|近期|马上|即将|近几天|这几天"), TimeKind.SOON),
)
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _month_number(text: str) -> int | None:
    if text.isdigit():
        value = int(text)
    elif text == "十":
        value = 10
    elif text.startswith("十") and len(text) == 2:
        value = 10 + _CN_DIGITS.get(text[1], 99)
    else:
        value = _CN_DIGITS.get(text, 99) if len(text) == 1 else 99
    return value if 1 <= value <= 12 else None


def _month_window(kind: TimeKind, year: int, month: int) -> DateWindow:
    start = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return DateWindow(kind, start, following - timedelta(days=1))


def _relative_window(kind: TimeKind, today: date) -> DateWindow:
    monday = today - timedelta(days=today.weekday())
    match kind:
        case TimeKind.NEXT_MONTH:
            return _month_window(kind, today.year + today.month // 12, today.month % 12 + 1)
        case TimeKind.THIS_MONTH:
            return _month_window(kind, today.year, today.month)
        case TimeKind.NEXT_WEEK:
            return DateWindow(kind, monday + timedelta(days=7), monday + timedelta(days=13))
        case TimeKind.THIS_WEEK:
            return DateWindow(kind, monday, monday + timedelta(days=6))
        case _:
            return DateWindow(TimeKind.SOON, today, today + timedelta(days=SOON_DAYS))


class _Scanner:
    """Removes recognised phrases from the normalised question as they are found."""

    def __init__(self, text: str) -> None:
        self.text = text

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        found = list(pattern.finditer(self.text))
        if found:
            self.text = pattern.sub(" ", self.text)
        return found


def _part(window: DateWindow, part: str | None) -> DateWindow:
    """The month `window` narrowed to the part of it named ("中旬": the 11th to the 20th)."""
    if not part:
        return window
    first, last = _PARTS[part]
    return DateWindow(window.kind, window.start.replace(day=first), min(window.end, window.start.replace(day=first)
                      + timedelta(days=last - first)))


def _time_window(scan: _Scanner, today: date) -> DateWindow | None:
    for pattern, kind in _RELATIVE:
        found = scan.take(pattern)
        if found:
            window = _relative_window(kind, today)
            return _part(window, found[0].group(1)) if pattern.groups else window
    for found in scan.take(_MONTH_RE):
        month = _month_number(found.group(2))
        if month is None:
            continue
        year_text = found.group(1)
        if year_text is None:
            year = today.year if month >= today.month else today.year + 1
        else:
            year = {"明": today.year + 1, "今": today.year}.get(year_text) or int(year_text)
        return _part(_month_window(TimeKind.MONTH, year, month), found.group(3))
    for found in scan.take(_MONTH_PART_RE):  # "月底开的": this month's end
        return _part(_relative_window(TimeKind.THIS_MONTH, today), found.group(0))
    for found in scan.take(_YEAR_RE):
        said = _YEAR_NAMES.get(found.group(0), found.group(0))
        named = {"明年": today.year + 1, "今年": today.year}.get(said)
        year = named or int(found.group(1))
        kind = {"明年": TimeKind.NEXT_YEAR, "今年": TimeKind.THIS_YEAR}.get(said, TimeKind.YEAR)
        start = today if kind is TimeKind.THIS_YEAR else date(year, 1, 1)
        return DateWindow(kind, start, date(year, 12, 31))
    return None


def parse_query(text: str, today: date) -> ParsedQuery:
    """Split a question into filters and search terms; never raises on odd input."""
    scan = _Scanner(normalize(text[:MAX_QUERY_CHARS]))
    districts = tuple(dict.fromkeys(_DISTRICTS[m.group(0)] for m in scan.take(_DISTRICT_RE)))
    groups = [GROUP_ALIASES[m.group(0)] for m in scan.take(_GROUP_RE)]
    free = bool(scan.take(_FREE_RE))
    subsidised = bool(scan.take(_SUBSIDY_RE))
    weekend = bool(scan.take(_WEEKEND_RE))
    evening = bool(scan.take(_EVENING_RE))
    daytime = bool(scan.take(_DAYTIME_RE))
    try:
        window = _time_window(scan, today)
    except (ValueError, OverflowError):  # e.g. year 0 or 9999年12月
        window = None
    rest = scan.text
    return ParsedQuery(
        text=text,
        terms=tuple(query_terms(rest)),
        words=tuple(words(rest)),
        districts=districts,
        group=groups[0] if groups else None,
        free_only=free,
        subsidised_only=subsidised,
        weekend_only=weekend,
        evening_only=evening,
        daytime_only=daytime and not evening,
        window=window,
    )


_FILTER_PATTERNS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("district", (_DISTRICT_RE,)),
    ("group", (_GROUP_RE,)),
    ("free", (_FREE_RE,)),
    ("subsidy", (_SUBSIDY_RE,)),
    ("weekend", (_WEEKEND_RE,)),
    ("evening", (_EVENING_RE,)),
    ("daytime", (_DAYTIME_RE,)),
    ("time", (*(pattern for pattern, _ in _RELATIVE), _MONTH_RE, _YEAR_RE, _MONTH_PART_RE)),
)
FILTER_KINDS: tuple[str, ...] = tuple(kind for kind, _ in _FILTER_PATTERNS)


def filter_phrases(text: str) -> tuple[dict[str, tuple[str, ...]], str]:
    """The phrases that set each filter kind (FILTER_KINDS), taken in parse_query's order, and the normalised
    text left over; lets a follow-up ("东海县的呢") replace one filter of an earlier question."""
    scan = _Scanner(normalize(text[:MAX_QUERY_CHARS]))
    found: dict[str, tuple[str, ...]] = {}
    for kind, patterns in _FILTER_PATTERNS:
        phrases = tuple(m.group(0) for pattern in patterns for m in scan.take(pattern))
        if phrases:
            found[kind] = phrases
    return found, " ".join(scan.text.split())
