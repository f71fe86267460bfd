"""Every typed message that no dialogue is waiting for: understood first (catalog/understanding.py), then
answered — small talk kindly, a menu word as its button would be, a person or a complaint, jobs, "nearby",
a follow-up to the last result list, and only then the FAQ and the course search.

`answer_text` is also how a transcribed voice message is answered. A package, so its helpers (answers.py: the
answers that need data; views.py: messages and buttons) are not mistaken for feature modules.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot import texts
from bot.texts import conversation as ct
from bot.texts import esc
from bot.texts import faq as faq_texts
from catalog.followup import FollowKind, FollowUp
from catalog.intents import Intent
from catalog.understanding import cost_summary, understand
from handlers import courses, enrolments, faq_topics, privacy, profile, service1131, start, subscriptions
from handlers import settings as reminder_settings
from handlers.front_door.answers import answer_query, ask_for_location, offer_person, show_jobs
from handlers.front_door.views import FrontCb, cost_text, related_button, usual_buttons

FOLLOWUP_TTL = timedelta(minutes=15)  # how long a short message may refine the last result list

Route = Callable[[Message, FSMContext, str, dict[str, Any]], Awaitable[None]]


async def _say(message: Message, text: str, *buttons: str) -> None:
    await message.answer(text, reply_markup=usual_buttons(*buttons))


# Each intent answered as its button or command would be (the same handler functions).
ROUTES: dict[Intent, Route] = {
    Intent.GREETING: lambda m, s, rest, d: _say(m, ct.GREETING),
    Intent.THANKS: lambda m, s, rest, d: m.answer(ct.THANKS),
    Intent.GOODBYE: lambda m, s, rest, d: m.answer(ct.GOODBYE),
    Intent.CONFIRM: lambda m, s, rest, d: m.answer(ct.CONFIRM),
    Intent.EMOJI: lambda m, s, rest, d: _say(m, ct.EMOJI),
    Intent.WHO: lambda m, s, rest, d: _say(m, ct.WHO),
    Intent.UNKNOWN: lambda m, s, rest, d: _say(m, ct.NOT_UNDERSTOOD),
    Intent.HELP: lambda m, s, rest, d: start.help_(m),
    Intent.MENU: lambda m, s, rest, d: start.menu(m, s),
    Intent.FIND: lambda m, s, rest, d: courses.find_prompt(m),
    Intent.S1131: lambda m, s, rest, d: service1131.entry(m, s, d["session"], d["db_user"]),
    Intent.ENROLMENTS: lambda m, s, rest, d: enrolments.my_enrolments(m, d["session"], d["clock"], d["db_user"]),
    Intent.SUBSCRIBE: lambda m, s, rest, d: subscriptions.show_list(m, s, d["session"], d["db_user"]),
    Intent.UNSUBSCRIBE: lambda m, s, rest, d: subscriptions.unsubscribe(m, d["session"], d["db_user"]),
    Intent.PROFILE: lambda m, s, rest, d: profile.ask_group(m, s),
    Intent.MYDATA: lambda m, s, rest, d: privacy.my_data(m, d["session"], d["db_user"], d["clock"]),
    Intent.FORGET: lambda m, s, rest, d: privacy.ask_forget(m),
    Intent.SETTINGS: lambda m, s, rest, d: reminder_settings.show_settings(m, d["db_user"]),
    Intent.FAQ_TOPICS: lambda m, s, rest, d: faq_topics.show_topics(m, d["faq"]),
    Intent.HUMAN: lambda m, s, rest, d: offer_person(m, complaint=False, **d),
    Intent.COMPLAINT: lambda m, s, rest, d: offer_person(m, complaint=True, **d),
    Intent.JOBS: lambda m, s, rest, d: show_jobs(m, rest, **d),
    Intent.NEARBY: lambda m, s, rest, d: ask_for_location(m, s, rest, **d),
}


async def on_text(message: Message, state: FSMContext, **deps: Any) -> None:
    await answer_text(message, message.text or "", state, **deps)


async def answer_text(message: Message, text: str, state: FSMContext, **deps: Any) -> None:
    """Answer `text` as if the person had typed it into `message`'s chat (needs the handler keyword arguments:
    session, db_user, catalog, jobs, faq, clock, settings, bot)."""
    if len(text) > courses.MAX_QUERY_CHARS:
        await message.answer(texts.TOO_LONG)
        return
    clock = deps["clock"]
    last = await _recent_search(state, clock.now())
    understood = understand(text, clock.today(), last["q"] if last else None)
    if understood.followup is not None and last is not None:
        await _follow_up(message, state, understood.followup, last, deps)
        return
    if understood.intent in (Intent.QUERY, Intent.UNKNOWN):  # the FAQ may know what the search cannot
        searchable = understood.intent is Intent.QUERY
        give_way = understood.fallback is not None
        if await answer_query(message, state, understood.rest or text, searchable=searchable, give_way=give_way,
                              faq_id=understood.faq_id, search_only=understood.search_only, **deps):
            return
        await ROUTES[understood.fallback or Intent.UNKNOWN](message, state, "", deps)
        return
    await ROUTES[understood.intent](message, state, understood.rest, deps)


async def _recent_search(state: FSMContext, now: datetime) -> dict | None:
    search = (await state.get_data()).get("search")
    if not search or "at" not in search or now - datetime.fromisoformat(search["at"]) > FOLLOWUP_TTL:
        return None
    return search


async def _follow_up(message: Message, state: FSMContext, follow: FollowUp, last: dict, deps: dict) -> None:
    where = {"lat": last["lat"], "lon": last["lon"]} if last["lat"] is not None else None
    if follow.kind is FollowKind.REFINE:
        changes = "、".join(ct.CHANGE_NAMES[kind] for kind in follow.changed)
        intro = ct.REFINED.format(changes=esc(changes)) if changes else ct.REFINED_AS_SEARCH.format(
            query=esc(follow.query))
        await courses.start_search(message, state, follow.query, where, intro=intro, **deps)
        return
    result = courses.rerun(last, **deps)
    hits = [hit.course for hit in result.hits]
    if follow.kind is FollowKind.COST:
        summary = cost_summary(hits)
        if summary is None:
            await _say(message, ct.NOT_UNDERSTOOD)
            return
        await message.answer(cost_text(summary, capped=len(hits) >= courses.RESULT_LIMIT))
        return
    if not hits:  # the last answer found nothing, so there is no n-th course to open
        await _say(message, ct.NOT_UNDERSTOOD)
        return
    if not (1 <= abs(follow.n) <= len(hits)):  # -1 = the last, -2 the one before
        await message.answer(ct.ORDINAL_OUT_OF_RANGE.format(total=len(hits)))
        return
    index = len(hits) + follow.n if follow.n < 0 else follow.n - 1
    back = courses.CourseCb(action="p", sid=last["sid"], page=index // courses.views.PAGE_SIZE)
    body, markup = await courses.detail_view(hits[index], back, **deps)
    await message.answer(body, reply_markup=markup)


async def on_button(callback: CallbackQuery, callback_data: FrontCb, state: FSMContext, **deps: Any) -> None:
    """The usual-wants buttons under small talk and the kind answer."""
    await callback.answer()
    message = callback.message
    if not isinstance(message, Message):
        return
    action = callback_data.action
    if action == "find":
        await courses.find_prompt(message)
    elif action == "near":
        await courses.nearby_prompt(message)
    elif action == "jobs":
        await show_jobs(message, "", **deps)
    elif action == "1131":
        await service1131.entry(message, state, deps["session"], deps["db_user"])
    elif action in ("ask", "rel"):
        entry = deps["faq"].get(callback_data.arg)
        if entry is None:  # the FAQ file was edited since the button was sent
            await message.answer(faq_texts.NOT_FOUND)
        elif action == "ask":
            await message.answer(faq_texts.answer_text(entry), reply_markup=related_button(entry))
        elif entry.search:
            await courses.start_search(message, state, entry.search, None, **deps)


def create_router() -> Router:
    router = Router(name="front_door")
    router.message.register(on_text, F.text, ~F.text.startswith("/"))
    router.callback_query.register(on_button, FrontCb.filter())
    return router
