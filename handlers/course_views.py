"""Course cards and detail pages rendered from bot.texts templates (no handler logic here)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot import texts
from bot.texts import esc, marks
from bot.views.course import fmt_date, title
from catalog.eligibility import Eligibility
from catalog.model import Course
from catalog.query import ParsedQuery
from catalog.search import SearchHit
from handlers.eligibility_views import card_line

PAGE_SIZE = 5


def seats(course: Course) -> str:
    return texts.SEATS_LEFT.format(n=course.seats_left) if course.seats_left else texts.SEATS_FULL


def money(course: Course) -> str:
    return texts.MONEY_FEE.format(subsidy=course.subsidy_yuan, fee=course.fee_yuan)


def card(n: int, hit: SearchHit, today: date, verdict: Eligibility | None = None) -> str:
    c = hit.course
    distance = texts.CARD_DISTANCE.format(km=f"{hit.distance_km:.1f}") if hit.distance_km is not None else ""
    body = texts.CARD.format(
        n=n,
        title=title(c),
        provider=esc(c.provider),
        district=esc(c.district),
        distance=distance,
        start=fmt_date(c.start_date, today),
        end=fmt_date(c.end_date, today),
        hours=c.hours,
        seats=seats(c),
        money=money(c),
    )
    if c.has_started(today):
        body += "\n" + started(c, today)
    return body + ("\n" + card_line(verdict, c) if verdict is not None else "")


def started(c: Course, today: date) -> str:
    when = fmt_date(c.start_date, today)
    return (marks.STARTED_LATE_JOIN if c.late_join else marks.STARTED_NO_LATE_JOIN).format(start=when)


def filters_line(query: ParsedQuery) -> str:
    items = list(query.districts)
    if query.group:
        items.append(query.group)
    if query.window is not None:
        items.append(f"{query.window.start:%m-%d}至{query.window.end:%m-%d}开班")
    if query.free_only:
        items.append(texts.FILTER_FREE)
    if query.subsidised_only:
        items.append(texts.FILTER_SUBSIDISED)
    if query.weekend_only:
        items.append(texts.FILTER_WEEKEND)
    if query.evening_only:
        items.append(texts.FILTER_EVENING)
    if query.daytime_only:
        items.append(texts.FILTER_DAYTIME)
    return texts.FILTERS.format(items=esc("、".join(items))) if items else ""


def results_page(
    shown: tuple[SearchHit, ...],
    total: int,
    query: ParsedQuery,
    page: int,
    today: date,
    *,
    nearby: bool,
    capped: bool = False,
    verdicts: Mapping[str, Eligibility] | None = None,
) -> str:
    """`capped`: the search stopped at its limit, so `total` is only how many are listed."""
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    if capped:
        header = texts.RESULTS_HEADER_NEARBY_TOP if nearby else texts.RESULTS_HEADER_TOP
    else:
        header = texts.RESULTS_HEADER_NEARBY if nearby else texts.RESULTS_HEADER
    lines = [header.format(total=total, filters=filters_line(query), page=page + 1, pages=pages)]
    verdicts = verdicts or {}
    lines += [
        card(page * PAGE_SIZE + i + 1, hit, today, verdicts.get(hit.course.code)) for i, hit in enumerate(shown)
    ]
    return "\n\n".join(lines)


def no_results(query_text: str, occupations: tuple[str, ...], districts: tuple[str, ...]) -> str:
    lines = [texts.NO_RESULTS.format(query=esc(query_text.strip()[:50]))]
    if occupations:
        lines.append(texts.NO_RESULTS_SUGGEST_OCCUPATIONS)
    if districts:
        lines.append(texts.NO_RESULTS_SUGGEST_DISTRICTS.format(districts=esc("、".join(districts))))
    lines.append(texts.NO_RESULTS_FOOTER)
    return "\n".join(lines)


def card_fields(c: Course, today: date) -> dict[str, object]:
    """A course's fields as the cards show them, every text escaped: one place, so no card forgets to."""
    return {
        "title": title(c),
        "code": esc(c.code),
        "occupation": esc(c.occupation),
        "level": esc(c.level),
        "category": esc(c.category),
        "provider": esc(c.provider),
        "district": esc(c.district),
        "address": esc(c.address),
        "start": fmt_date(c.start_date, today),
        "end": fmt_date(c.end_date, today),
        "hours": c.hours,
        "capacity": c.capacity,
        "subsidy": c.subsidy_yuan,
        "contact": esc(c.contact),
    }


def detail(course: Course, eligibility: str, today: date) -> str:
    c = course
    body = texts.DETAIL.format(
        **card_fields(c, today),
        seats=seats(c),
        fee=texts.FEE_FREE if c.is_free else texts.FEE_YUAN.format(fee=c.fee_yuan),
        groups=esc("、".join(c.eligible_groups) or texts.ALL_GROUPS),
        description=esc(c.description),
        eligibility=eligibility,
    )
    notes = [started(c, today)] if c.has_started(today) else []
    if c.sample:
        notes.append(marks.SAMPLE_NOTE)
    return "\n\n".join([body, *notes])


def enquire(course: Course) -> str:
    return texts.ENQUIRE.format(
        title=esc(course.title),
        contact=esc(course.contact),
        code=esc(course.code),
        address=esc(full_address(course.district, course.address)),
    )


def full_address(district: str, address: str) -> str:
    """The address with its district, but only once: most addresses already read "连云港市海州区…"."""
    return address if district in address else f"{district}{address}"
