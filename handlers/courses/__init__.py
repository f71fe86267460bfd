"""Course search: 找课程, shared locations, result pages, details and enquiries. Typed text reaches the search
through handlers/front_door, which first works out whether it is a question at all.

results (lists and their page buttons), location (nearby searches) and detail (a course's card) hold the
handlers; this module wires them into one router and is what other features import.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from bot import texts
from bot.callbacks import CourseCb
from bot.services.catalog import RESULT_LIMIT
from handlers import course_views as views
from handlers.courses.detail import detail_view, on_detail, on_enquire
from handlers.courses.location import NEARBY_WORDS, nearby_prompt, on_location, recent_location
from handlers.courses.results import KEPT_SEARCHES, end_dialogue, on_page, on_suggestion, rerun, start_search

MAX_QUERY_CHARS = 200

__all__ = [
    "KEPT_SEARCHES", "MAX_QUERY_CHARS", "NEARBY_WORDS", "RESULT_LIMIT", "CourseCb", "create_router", "detail_view",
    "end_dialogue", "find_prompt", "nearby_prompt", "recent_location", "rerun", "start_search", "views",
]  # fmt: skip


async def find_prompt(message: Message) -> None:
    await message.answer(texts.FIND_PROMPT)


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
