"""Follow-ups to the last result list: "海州区的呢", "有周末班吗", "便宜点的", "第二个", "要自己出钱吗".

A short message whose only content is filters (district, time, group, price) refines the earlier question: the
same words with that kind of filter replaced. An ordinal picks one course of the list; a question about cost is
answered from the list. Anything with words of its own is a new question (None here). Words: data/intents.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from catalog.intents_kinds import INTENTS_FILE
from catalog.query import filter_phrases
from catalog.text import normalize, words

MAX_FOLLOWUP_CHARS = 20  # longer messages say something new
MAX_ORDINAL = 50
_A_NOT_A = re.compile(r"([收要花交掏免付出贵])[不没]\1")  # of paying only: "有没有" asks no cost
_CN = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
# where in the list, said as a place: "最上面那个" (the first), "最底下那个" (the last)
_TOP = "(?:最上|最顶|顶)(?:面|边|头|上)?|最前(?:面|边|头)?"
_BOTTOM = "(?:最下|最底|最末)(?:面|边|头|下)?|最后(?:面|边|头)|末尾|末了|最末尾|最底下"
# a clock time beside a time-of-day filter ("晚上七点以后的"): the search knows the filter, not the hour
# One course of the list pointed at, then anything asked of it: "第一个地址发我", "第二个离我远吗", "第1个要钱吗"
# (its card answers). A counted thing that is no course ("第一个月", "第二个问题") is not the list.
_POINTED = re.compile(
    r"(?:我要|我想要|要|我选|选|给我|发我|看看|看下|我想看|我想报|报)?"
    r"(?:上面|上边|刚才|列表里|列表中|你说的|那个|就)?的?(倒数)?第\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*"
    r"(?:个|家|条|项|号|门)(?:班|课|培训|学校|机构)?|(头一?个|最后一?个)"
)
# The kind of course as a condition ("有补贴的", "有没有免费的"): the ones that are, a refinement; asking whether the
# listed ones are ("都是免费的么", "是免费的吗") asks their cost.
_KIND = "(?:政府)?(?:补贴|补助|津贴|免费|不要钱|不收费)"
_SUBSET = re.compile(rf"(?<![是都全]){_KIND}的")
_ARE_THEY = re.compile(rf"[是都全]{_KIND}的?(?:吗|么|嘛|不|没|呢|吧)?$")
_NOT_A_COURSE = re.compile("月|周|星期|礼拜|年|问题|阶段|学期|步|人|孩子|小时|天")
_DECLINED = re.compile("不要|不想|不用|不行|算了|不报|不去|不考虑|不合适|别")
_COUNTED = re.compile(r"(倒数)?第([0-9]{1,2}|[一二三四五六七八九十]{1,3})(.?)")
_CLOCK = re.compile(r"[0-9一二三四五六七八九十两]{1,3}\s*[点时](?:半|钟|多)?")


class FollowKind(StrEnum):
    REFINE = "refine"  # search again: `query`
    ORDINAL = "ordinal"  # open course number `n` (1-based; -1 = the last, -2 the one before) of the list
    COST = "cost"  # what the listed courses cost the person


@dataclass(frozen=True, slots=True)
class FollowUp:
    kind: FollowKind
    query: str = ""
    n: int = 0
    changed: tuple[str, ...] = ()  # filter kinds the follow-up set (catalog.query.FILTER_KINDS)


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


class _Words:
    def __init__(self) -> None:
        data = tomllib.loads(INTENTS_FILE.read_text(encoding="utf-8"))["followup"]
        norm = [normalize(w).replace(" ", "") for w in data["fillers"]]
        self.fillers = frozenset(norm)
        self.filler_re = re.compile(_alternation(norm))
        paid, drop = (_alternation([normalize(w) for w in data[k]]) for k in ("paid", "drop"))
        # the paid courses taken out ("把收费的去掉", "不要收费的"): the same as asking for the free ones
        without_paid = rf"把?(?:{paid})的?(?:课|班)?(?:都|全)?(?:{drop})|(?:{drop})(?:掉)?(?:{paid})的?"
        self.cheap = re.compile(rf"{without_paid}|{_alternation([normalize(w) for w in data['cheap']])}")
        self.cost = re.compile(_alternation([normalize(w) for w in data["cost"]]))
        tail = _alternation([normalize(w) for w in data["ordinal_words"]])
        self.ordinal = re.compile(
            rf"(?:(?:{tail})\s*)*(倒数)?(?:第\s*)?([0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}}|最后|头|{_TOP}|{_BOTTOM})\s*"
            rf"(?:一个|个|家|条|项|号|班|门)?\s*(?:课程|课|培训班|培训|班)?(?:\s*(?:{tail}))*"
        )


@cache
def _words() -> _Words:
    return _Words()


def _number(text: str) -> int | None:
    if text == "最后" or re.fullmatch(_BOTTOM, text):  # 最下面那个 = the last
        return -1
    if text == "头" or re.fullmatch(_TOP, text):  # 头一个, 头个, 最上面那个 = the first
        return 1
    if text.isdigit():
        value = int(text)
    elif text == "十":
        value = 10
    elif len(text) == 1:
        value = _CN.get(text, 0)
    elif text.startswith("十") and len(text) == 2:
        value = 10 + _CN.get(text[1], 99)
    elif len(text) == 2 and text[1] == "十":
        value = _CN.get(text[0], 99) * 10
    elif len(text) == 3 and text[1] == "十":
        value = _CN.get(text[0], 99) * 10 + _CN.get(text[2], 99)
    else:
        return None
    return value if 1 <= value <= MAX_ORDINAL else None


def pointed(text: str) -> int | None:
    """The course of the list a message starts by pointing at ("第二个…", "最后一个…"), with a question of its own
    about it; None when it points at nothing, at no course, or turns that course down ("第二个不要")."""
    norm = normalize(text).replace(" ", "")
    found = _POINTED.match(norm)
    if found is None or len(norm) > MAX_FOLLOWUP_CHARS:
        return None
    rest = norm[found.end():]
    if _NOT_A_COURSE.match(rest) or _DECLINED.search(rest):
        return None
    n = _number(found.group(2) or ("头" if found.group(3).startswith("头") else "最后"))
    return -abs(n) if n is not None and found.group(1) else n


def ordinal_in(text: str) -> int | None:
    """A course counted anywhere in a message ("乖乖 这么多 就第二个吧", "我要排第三的那个"): for a message the
    learned model takes for an ordinal that the patterns above do not read."""
    found = _COUNTED.search(normalize(text).replace(" ", ""))
    if found is None or _NOT_A_COURSE.match(found.group(3)):
        return None
    n = _number(found.group(2))
    return -abs(n) if n is not None and found.group(1) else n


def _only_fillers(text: str, w: _Words) -> bool:
    return all(word in w.fillers or not w.filler_re.sub("", word) for word in words(text))


def detect(text: str, previous: str, today: date) -> FollowUp | None:
    """How `text` follows up the list found for `previous`; None when it is a new question."""
    del today  # filters are kept as the words people typed, so the dates are worked out by the search
    w = _words()
    norm = normalize(text)
    if not norm or len(norm.replace(" ", "")) > MAX_FOLLOWUP_CHARS:
        return None
    compact = norm.replace(" ", "")
    ordinal = w.ordinal.fullmatch(compact)
    if ordinal is not None and _DECLINED.search(compact[ordinal.end(2):]) is None:  # not "第二个不要"
        n = _number(ordinal.group(2))
        if n is not None and ordinal.group(1):  # "倒数第二个": counted from the end (-1 = the last)
            n = -abs(n)
        return FollowUp(FollowKind.ORDINAL, n=n) if n is not None else None
    # "收不收费", "要不要钱": an A-not-A question asks the cost; "不收费的" alone is a condition on the list
    cheap = w.cheap.search(norm) is not None and _A_NOT_A.search(norm) is None
    masked = w.cheap.sub(" ", norm) if cheap else norm
    if _ARE_THEY.search(compact) and _only_fillers(_ARE_THEY.sub(" ", compact), w):  # "都是不要钱的么"
        return FollowUp(FollowKind.COST)
    subset = _SUBSET.search(masked.replace(" ", "")) is not None  # "有补贴的": a condition, not a question
    if not subset and w.cost.search(masked) and _only_fillers(w.cost.sub(" ", masked), w):
        return FollowUp(FollowKind.COST)
    found, rest = filter_phrases(masked)
    if cheap:
        found["free"] = ("免费",)
    if not found or not _only_fillers(_CLOCK.sub(" ", rest) if "evening" in found or "daytime" in found else rest, w):
        return None
    earlier, earlier_rest = filter_phrases(previous)
    kept = [p for kind, phrases in earlier.items() if kind not in found for p in phrases]
    added = [p for phrases in found.values() for p in phrases]
    query = " ".join(part for part in (earlier_rest, *kept, *added) if part)
    return FollowUp(FollowKind.REFINE, query=query, changed=tuple(found))
