"""Course search: 找课程, shared locations, result pages, details and enquiries. Typed text reaches the search
through handlers/front_door, which first works out whether it is a question at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.callbacks import CourseCb
from bot.clock import Clock
from bot.services.catalog import RESULT_LIMIT, CatalogService
from bot.services.eligibility import verdict, verdicts
from catalog.districts import CITY, DISTRICTS
from catalog.eligibility import rank
from catalog.geo import haversine_km
from catalog.model import Course
from catalog.search import SearchResult
from handlers import course_views as views
from handlers.eligibility_views import detail_text
from storage.enrolments import seats_taken
from storage.models import User

MAX_QUERY_CHARS = 200
NEARBY_WORDS = "nearby_words"  # FSM key: what to look for once the location arrives
LOCATION_TTL = timedelta(hours=1)
KEPT_SEARCHES = 8  # result lists whose page buttons still work: the latest and the ones before it
EARLIER_SEARCHES = "searches_before"  # FSM data key
FAR_FROM_CITY_KM = 150  # farther than this from every district, the person is clearly not in the city


async def find_prompt(message: Message) -> None:
    await message.answer(texts.FIND_PROMPT)


async def nearby_prompt(message: Message) -> None:
    # Typed instead of tapped (e.g. Telegram Desktop cannot share a location from the menu).
    keyboard = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=texts.BTN_SEND_LOCATION, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    await message.answer(texts.NEARBY_ASK, reply_markup=keyboard)


async def on_location(message: Message, state: FSMContext, **deps: Any) -> None:
    assert message.location is not None
    clock: Clock = deps["clock"]
    where = {"lat": message.location.latitude, "lon": message.location.longitude, "at": clock.now().isoformat()}
    # Words typed with "附近…" before the location was shared (handlers/front_door) narrow this search.
    words = (await state.get_data()).get(NEARBY_WORDS, "")
    await state.update_data(location=where, **{NEARBY_WORDS: ""})
    km = km_from_city(message.location.latitude, message.location.longitude)
    if km > FAR_FROM_CITY_KM:  # e.g. a migrant worker still in their home province: say why courses are far
        await message.answer(texts.FAR_FROM_CITY.format(city=CITY, km=round(km)))
    await start_search(message, state, words, where, **deps)
    await message.answer(texts.LOCATION_SAVED_HINT)


def km_from_city(lat: float, lon: float) -> float:
    return min(haversine_km(lat, lon, d.lat, d.lon) for d in DISTRICTS)


async def recent_location(state: FSMContext, clock: Clock) -> dict | None:
    """The location shared within LOCATION_TTL, which orders typed searches by distance."""
    where = (await state.get_data()).get("location")
    if where and clock.now() - datetime.fromisoformat(where["at"]) < LOCATION_TTL:
        return where
    return None


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
    # Markups built directly: InlineKeyboardBuilder deep-copies every button on each add (a third of a page's cost).
    sid = search["sid"]
    if not result.hits:
        occupations = result.suggestions.occupations[:4] if result.suggestions else ()
        districts = result.suggestions.districts[:3] if result.suggestions else ()
        buttons = [_button(texts.BTN_SEARCH_FOR.format(word=word), CourseCb(action="s", sid=sid, page=i))
                   for i, word in enumerate(occupations)]  # fmt: skip
        search["suggest"] = list(occupations)
        markup = InlineKeyboardMarkup(inline_keyboard=[buttons[i : i + 2] for i in range(0, len(buttons), 2)])
        return views.no_results(search["q"], occupations, districts), markup if occupations else None, False
    pages = (len(result.hits) + views.PAGE_SIZE - 1) // views.PAGE_SIZE
    page = min(max(page, 0), pages - 1)
    first = page * views.PAGE_SIZE
    shown = (await with_live_seats(session, replace(result, hits=result.hits[first : first + views.PAGE_SIZE]))).hits
    details = [_button(texts.BTN_DETAIL.format(n=n),
                       CourseCb(action="d", sid=sid, page=page, key=catalog.key_of(hit.course.code)))
               for n, hit in enumerate(shown, first + 1)]  # fmt: skip
    nav = []
    if page > 0:
        nav.append(_button(texts.BTN_PREV, CourseCb(action="p", sid=sid, page=page - 1)))
    if page + 1 < pages:
        nav.append(_button(texts.BTN_NEXT, CourseCb(action="p", sid=sid, page=page + 1)))
    keyboard = InlineKeyboardMarkup(inline_keyboard=[row for row in (details, nav) if row])
    nearby = search["lat"] is not None
    capped = len(result.hits) >= RESULT_LIMIT
    judged = judged or await verdicts(session, db_user, [h.course for h in shown], today)
    body = views.results_page(
        shown, len(result.hits), result.query, page, today, nearby=nearby, capped=capped, verdicts=judged
    )
    return body, keyboard, True


def _button(text: str, data: CourseCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


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


async def on_detail(
    callback: CallbackQuery,
    callback_data: CourseCb,
    session: AsyncSession,
    catalog: CatalogService,
    clock: Clock,
    db_user: User,
    bot: Bot,
) -> None:
    course = catalog.by_key(callback_data.key)
    if course is None:
        await callback.answer(texts.COURSE_GONE, show_alert=True)
        return
    body, markup = await detail_view(course, callback_data, session=session, catalog=catalog, clock=clock,
                                     db_user=db_user)
    await callback.answer()
    if not callback_data.sid:  # outside a result list (an alert listing several classes): that message stays
        await bot.send_message(callback.from_user.id, body, reply_markup=markup)
    elif isinstance(callback.message, Message):  # the card takes the list's place; its back button returns
        await callback.message.edit_text(body, reply_markup=markup)


async def detail_view(
    course: Course, back: CourseCb, *, session: AsyncSession, catalog: CatalogService, clock: Clock, db_user: User,
    **_: Any,
) -> tuple[str, InlineKeyboardMarkup]:
    """A course's detail page with enrol / enquire / back-to-results (page `back.page` of search `back.sid`)."""
    course = replace(course, enrolled=(await seats_taken(session, [course.code])).get(course.code, 0))
    today = clock.today()
    judged = await verdict(session, db_user, course, today)
    body = views.detail(course, detail_text(judged, course), today)
    key = catalog.key_of(course.code)
    rows = [[_button(texts.BTN_ENROL, CourseCb(action="r", key=key)),
             _button(texts.BTN_ENQUIRE, CourseCb(action="e", key=key))]]  # fmt: skip
    if back.sid:  # sid 0: opened outside a result list (e.g. a new-class alert), so no list to go back to
        rows.append([_button(texts.BTN_BACK_TO_RESULTS, CourseCb(action="p", sid=back.sid, page=back.page))])
    return body, InlineKeyboardMarkup(inline_keyboard=rows)


async def on_enquire(callback: CallbackQuery, callback_data: CourseCb, catalog: CatalogService) -> None:
    course = catalog.by_key(callback_data.key)
    if course is None:
        await callback.answer(texts.COURSE_GONE, show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(views.enquire(course))


def create_router() -> Router:
    router = Router(name="courses")
    router.message.register(find_prompt, F.text == texts.BTN_FIND)
    router.message.register(nearby_prompt, F.text == texts.BTN_NEARBY)
    router.message.register(on_location, F.location)
    router.callback_query.register(on_page, CourseCb.filter(F.action == "p"))
    router.callback_query.register(on_suggestion, CourseCb.filter(F.action == "s"))
    router.callback_query.register(on_detail, CourseCb.filter(F.action == "d"))
    router.callback_query.register(on_enquire, CourseCb.filter(F.action == "e"))
    return router
