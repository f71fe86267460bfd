"""Course search: free text, 找课程, shared locations, result pages, details and enquiries."""

from __future__ import annotations

from datetime import datetime, timedelta

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, KeyboardButton, Message, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import texts
from bot.clock import Clock
from bot.services.catalog import CatalogService
from catalog.eligibility import assess
from handlers import course_views as views
from storage.models import User

MAX_QUERY_CHARS = 200
LOCATION_TTL = timedelta(hours=1)


class CourseCb(CallbackData, prefix="c"):
    # Ids only: callback data is at most 64 bytes. `sid` ties page buttons to one search.
    action: str  # "p" page, "d" detail, "e" enquire, "s" suggested occupation
    sid: int = 0
    page: int = 0
    key: str = ""  # CatalogService.key_of(course code)


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


async def on_location(message: Message, state: FSMContext, catalog: CatalogService, clock: Clock) -> None:
    assert message.location is not None
    where = {"lat": message.location.latitude, "lon": message.location.longitude, "at": clock.now().isoformat()}
    await state.update_data(location=where)
    await _new_search(message, state, catalog, clock, "", where)
    await message.answer(texts.LOCATION_SAVED_HINT)


async def on_text(message: Message, state: FSMContext, catalog: CatalogService, clock: Clock) -> None:
    text = message.text or ""
    if len(text) > MAX_QUERY_CHARS:
        await message.answer(texts.TOO_LONG)
        return
    await _new_search(message, state, catalog, clock, text, await _recent_location(state, clock))


async def _recent_location(state: FSMContext, clock: Clock) -> dict | None:
    where = (await state.get_data()).get("location")
    if where and clock.now() - datetime.fromisoformat(where["at"]) < LOCATION_TTL:
        return where
    return None


async def _new_search(
    message: Message, state: FSMContext, catalog: CatalogService, clock: Clock, text: str, where: dict | None
) -> None:
    data = await state.get_data()
    sid = int(data.get("search", {}).get("sid", 0)) + 1
    search = {"sid": sid, "q": text, "lat": where and where["lat"], "lon": where and where["lon"]}
    await state.update_data(search=search)
    body, markup = _page(catalog, clock, search, 0)
    await message.answer(body, reply_markup=markup)


def _page(catalog: CatalogService, clock: Clock, search: dict, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    today = clock.today()
    result = catalog.search(search["q"], today=today, lat=search["lat"], lon=search["lon"])
    kb = InlineKeyboardBuilder()
    sid = search["sid"]
    if not result.hits:
        suggestions = result.suggestions
        occupations = suggestions.occupations[:4] if suggestions else ()
        districts = suggestions.districts[:3] if suggestions else ()
        for i, word in enumerate(occupations):
            kb.button(text=texts.BTN_SEARCH_FOR.format(word=word), callback_data=CourseCb(action="s", sid=sid, page=i))
        kb.adjust(2)
        search["suggest"] = list(occupations)
        return views.no_results(search["q"], occupations, districts), kb.as_markup() if occupations else None
    pages = (len(result.hits) + views.PAGE_SIZE - 1) // views.PAGE_SIZE
    page = min(max(page, 0), pages - 1)
    shown = result.hits[page * views.PAGE_SIZE : (page + 1) * views.PAGE_SIZE]
    for i, hit in enumerate(shown, page * views.PAGE_SIZE + 1):
        kb.button(
            text=texts.BTN_DETAIL.format(n=i),
            callback_data=CourseCb(action="d", sid=sid, page=page, key=catalog.key_of(hit.course.code)),
        )
    nav = InlineKeyboardBuilder()
    if page > 0:
        nav.button(text=texts.BTN_PREV, callback_data=CourseCb(action="p", sid=sid, page=page - 1))
    if page + 1 < pages:
        nav.button(text=texts.BTN_NEXT, callback_data=CourseCb(action="p", sid=sid, page=page + 1))
    kb.adjust(len(shown))
    kb.attach(nav)
    nearby = search["lat"] is not None
    return views.results_page(result.hits, result.query, page, today, nearby=nearby), kb.as_markup()


async def on_page(
    callback: CallbackQuery, callback_data: CourseCb, state: FSMContext, catalog: CatalogService, clock: Clock
) -> None:
    search = (await state.get_data()).get("search")
    if not search or search["sid"] != callback_data.sid:
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    body, markup = _page(catalog, clock, search, callback_data.page)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(body, reply_markup=markup)


async def on_suggestion(
    callback: CallbackQuery, callback_data: CourseCb, state: FSMContext, catalog: CatalogService, clock: Clock
) -> None:
    search = (await state.get_data()).get("search")
    words = search.get("suggest", []) if search and search["sid"] == callback_data.sid else []
    if not 0 <= callback_data.page < len(words):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await _new_search(callback.message, state, catalog, clock, words[callback_data.page], None)


async def on_detail(
    callback: CallbackQuery, callback_data: CourseCb, catalog: CatalogService, clock: Clock, db_user: User
) -> None:
    course = catalog.by_key(callback_data.key)
    if course is None:
        await callback.answer(texts.COURSE_GONE, show_alert=True)
        return
    today = clock.today()
    verdict = assess(course, db_user.group, (), today)
    body = views.detail(course, views.eligibility_text(verdict, course, db_user.group), today)
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.BTN_ENQUIRE, callback_data=CourseCb(action="e", key=catalog.key_of(course.code)))
    kb.button(
        text=texts.BTN_BACK_TO_RESULTS,
        callback_data=CourseCb(action="p", sid=callback_data.sid, page=callback_data.page),
    )
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(body, reply_markup=kb.as_markup())


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
    router.message.register(on_text, F.text, ~F.text.startswith("/"))
    router.callback_query.register(on_page, CourseCb.filter(F.action == "p"))
    router.callback_query.register(on_suggestion, CourseCb.filter(F.action == "s"))
    router.callback_query.register(on_detail, CourseCb.filter(F.action == "d"))
    router.callback_query.register(on_enquire, CourseCb.filter(F.action == "e"))
    return router
