"""Result lists: a new search's first page, page buttons, suggested occupations, and the dialogue state that
keeps the last few lists' buttons working."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.callbacks import CourseCb, button
from bot.clock import Clock
from bot.services.catalog import RESULT_LIMIT, CatalogService
from bot.services.eligibility import verdicts
from catalog.eligibility import rank
from catalog.search import SearchResult
from handlers import course_views as views
from storage.enrolments import seats_taken
from storage.models import User

KEPT_SEARCHES = 8  # result lists whose page buttons still work: the latest and the ones before it
EARLIER_SEARCHES = "searches_before"  # FSM data key


async def start_search(
    message: Message, state: FSMContext, text: str, where: dict | None = None, *, intro: str = "",
    only_found: bool = False, eligible_first: bool = False, result: SearchResult | None = None, **deps: Any
) -> bool:
    """Run a new search and send its first page (after `intro`); also the way other features show courses.
    With `only_found`, a search that finds nothing sends nothing; returns whether courses were found.
    `eligible_first`: the courses this person can be subsidised on come first (the 1131 training step).
    `result`: the search's result if the caller has just run it (`rerun`), so that it is not run again."""
    data = await state.get_data()
    previous = data.get("search")
    # Message ids grow within a chat, so a list from before /menu cleared the state never shares its sid.
    sid = max(int((previous or {}).get("sid", 0)) + 1, message.message_id)
    search = {"sid": sid, "q": text, "lat": where and where["lat"], "lon": where and where["lon"],
              "at": deps["clock"].now().isoformat()}  # follow-ups ("海州区的呢") refine it for a while
    if eligible_first:
        search["ef"] = True
    body, markup, found = await _page(search, 0, result=result, **deps)
    if only_found and not found:
        return False
    # after _page, which notes the suggestions it offered; the last few lists keep their page buttons working
    earlier = ([previous] if previous else []) + list(data.get(EARLIER_SEARCHES) or [])
    await state.update_data({"search": search, EARLIER_SEARCHES: earlier[: KEPT_SEARCHES - 1]})
    await message.answer(f"{intro}\n\n{body}" if intro else body, reply_markup=markup)
    return found


async def end_dialogue(state: FSMContext) -> None:
    """Leave whatever dialogue is in progress, but keep the recent result lists (their page buttons stay
    usable) and a shared location."""
    data = await state.get_data()
    await state.clear()
    kept = {key: data[key] for key in ("search", EARLIER_SEARCHES, "location") if key in data}
    if kept:
        await state.set_data(kept)


async def with_live_seats(session: AsyncSession, result: SearchResult) -> SearchResult:
    """The index knows capacities; the seats already taken come from the database at display time."""
    taken = await seats_taken(session, [hit.course.code for hit in result.hits])
    hits = tuple(replace(h, course=replace(h.course, enrolled=taken.get(h.course.code, 0))) for h in result.hits)
    return replace(result, hits=hits)


def rerun(search: dict, *, catalog: CatalogService, clock: Clock, **_: Any) -> SearchResult:
    """The result list of a search kept in the dialogue state (the same list its pages show)."""
    return catalog.search(search["q"], today=clock.today(), lat=search["lat"], lon=search["lon"])


async def _page(
    search: dict,
    page: int,
    *,
    session: AsyncSession,
    catalog: CatalogService,
    clock: Clock,
    db_user: User | None = None,
    result: SearchResult | None = None,
    **_: Any,
) -> tuple[str, InlineKeyboardMarkup | None, bool]:
    """The text and buttons of one page, and whether any course was found (`result`: the search's, if known)."""
    today = clock.today()
    result = result if result is not None else rerun(search, catalog=catalog, clock=clock)
    judged: dict = {}
    if search.get("ef") and result.hits:  # stable: relevance order within each verdict
        judged = await verdicts(session, db_user, [h.course for h in result.hits], today)
        result = replace(result, hits=tuple(sorted(result.hits, key=lambda h: rank(judged[h.course.code]))))
    # Markups built directly (bot.callbacks.button): InlineKeyboardBuilder deep-copies every button on each add.
    sid = search["sid"]
    if not result.hits:
        occupations = result.suggestions.occupations[:4] if result.suggestions else ()
        districts = result.suggestions.districts[:3] if result.suggestions else ()
        buttons = [button(texts.BTN_SEARCH_FOR.format(word=word), CourseCb(action="s", sid=sid, page=i))
                   for i, word in enumerate(occupations)]  # fmt: skip
        search["suggest"] = list(occupations)
        markup = InlineKeyboardMarkup(inline_keyboard=[buttons[i : i + 2] for i in range(0, len(buttons), 2)])
        return views.no_results(search["q"], occupations, districts), markup if occupations else None, False
    pages = (len(result.hits) + views.PAGE_SIZE - 1) // views.PAGE_SIZE
    page = min(max(page, 0), pages - 1)
    first = page * views.PAGE_SIZE
    shown = (await with_live_seats(session, replace(result, hits=result.hits[first : first + views.PAGE_SIZE]))).hits
    details = [button(texts.BTN_DETAIL.format(n=n),
                      CourseCb(action="d", sid=sid, page=page, key=catalog.key_of(hit.course.code)))
               for n, hit in enumerate(shown, first + 1)]  # fmt: skip
    nav = []
    if page > 0:
        nav.append(button(texts.BTN_PREV, CourseCb(action="p", sid=sid, page=page - 1)))
    if page + 1 < pages:
        nav.append(button(texts.BTN_NEXT, CourseCb(action="p", sid=sid, page=page + 1)))
    keyboard = InlineKeyboardMarkup(inline_keyboard=[row for row in (details, nav) if row])
    nearby = search["lat"] is not None
    capped = len(result.hits) >= RESULT_LIMIT
    judged = judged or await verdicts(session, db_user, [h.course for h in shown], today)
    body = views.results_page(
        shown, len(result.hits), result.query, page, today, nearby=nearby, capped=capped, verdicts=judged
    )
    return body, keyboard, True


async def _current_search(callback: CallbackQuery, callback_data: CourseCb, state: FSMContext) -> dict | None:
    """The search a button belongs to: the latest one or one of the few before it."""
    data = await state.get_data()
    kept = [data.get("search"), *(data.get(EARLIER_SEARCHES) or [])]
    search = next((s for s in kept if s and s.get("sid") == callback_data.sid), None)
    if search is None:
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
    return search


async def on_page(callback: CallbackQuery, callback_data: CourseCb, state: FSMContext, **deps: Any) -> None:
    search = await _current_search(callback, callback_data, state)
    if search is None:
        return
    body, markup, _ = await _page(search, callback_data.page, **deps)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(body, reply_markup=markup)


async def on_suggestion(callback: CallbackQuery, callback_data: CourseCb, state: FSMContext, **deps: Any) -> None:
    search = await _current_search(callback, callback_data, state)
    if search is None:
        return
    words = search.get("suggest", [])
    if not 0 <= callback_data.page < len(words):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await start_search(callback.message, state, words[callback_data.page], None, **deps)
