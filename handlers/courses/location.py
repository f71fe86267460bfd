"""Searching near where the person is: the shared location orders results by distance for an hour."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import KeyboardButton, Message, ReplyKeyboardMarkup

from bot import texts
from bot.clock import Clock
from catalog.districts import CITY, DISTRICTS
from catalog.geo import haversine_km
from handlers.courses.results import start_search

NEARBY_WORDS = "nearby_words"  # FSM key: what to look for once the location arrives
LOCATION_TTL = timedelta(hours=1)
FAR_FROM_CITY_KM = 150  # farther than this from every district, the person is clearly not in the city


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
