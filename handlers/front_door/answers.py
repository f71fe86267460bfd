"""The front door's answers that need data: a person or a complaint, jobs for anyone, "nearby" without a place,
and questions (the policy FAQ and the course search)."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.services.faq import FaqService
from bot.services.jobs import JobsService
from bot.texts import conversation as ct
from bot.texts import esc
from bot.texts import faq as faq_texts
from catalog.jobs_match import JobProfile, recommend
from catalog.query import parse_query
from catalog.search import SearchResult
from catalog.understanding import courses_beside_answer, found_by_chance, search_instead
from handlers import courses
from handlers.front_door.views import counsellor_button, did_you_mean, jobs_list, related_button, usual_buttons
from storage import cases
from storage.models import User

JOBS_SHOWN = 3
DID_YOU_MEAN_SHOWN = 3


async def offer_person(
    message: Message, *, complaint: bool, session: AsyncSession, db_user: User, **_: Any
) -> None:
    """A person: the 1131 counsellor request (staff of the person's district), or registering for it first."""
    case = await cases.get_case(session, db_user.id)
    district = esc(db_user.district) if db_user.district else ct.YOUR_DISTRICT
    markup = counsellor_button() if case is not None else usual_buttons("1131")
    if complaint:
        line = (ct.COMPLAINT_STAFF if case is not None else ct.COMPLAINT_REGISTER).format(district=district)
        text = ct.COMPLAINT.format(staff_line=line)
    else:
        text = ct.HUMAN_WITH_CASE.format(district=district) if case is not None else ct.HUMAN_NO_CASE
    await message.answer(text, reply_markup=markup)


async def show_jobs(message: Message, rest: str, *, jobs: JobsService, clock: Clock, db_user: User, **_: Any) -> None:
    """Open postings for anyone, matched to the words and district typed (else the profile's district)."""
    today = clock.today()
    parsed = parse_query(rest, today)
    district = parsed.districts[0] if parsed.districts else db_user.district
    profile = JobProfile(wanted=parsed.words, district=district)
    matches = recommend(jobs.jobs.values(), profile, today=today, limit=JOBS_SHOWN)
    await message.answer(jobs_list(matches, " ".join(parsed.words), today), reply_markup=usual_buttons("1131"))


async def ask_for_location(message: Message, state: FSMContext, rest: str, **deps: Any) -> None:
    """"附近…" without a place: with a recent location, search by distance; else ask for it, keeping the words."""
    where = await courses.recent_location(state, deps["clock"])
    if where is not None:
        await courses.start_search(message, state, rest, where, **deps)
        return
    wanted = " ".join(parse_query(rest, deps["clock"].today()).words)
    await state.update_data(**{courses.NEARBY_WORDS: wanted})
    if wanted:
        await message.answer(ct.NEARBY_WITH_WORDS.format(words=esc(wanted)))
    await courses.nearby_prompt(message)


async def answer_query(
    message: Message, state: FSMContext, rest: str, *, searchable: bool = True, give_way: bool,
    faq_id: str | None = None, search_only: bool = False, **deps: Any
) -> bool:
    """A question: the FAQ's answer when it has one, followed by courses when the question also names what to
    learn ("电工培训有补贴吗" -> the subsidy answer and 电工 courses); otherwise the course search, unless it asks
    and finds courses only by their descriptions while the FAQ has candidates ("能拿到证书吗": "您是不是想问").
    A question that finds nothing at all: with `give_way` nothing is sent (False) and the caller answers the intent it
    resembles; else "did you mean" FAQ buttons, else the search's own no-results page. Not `searchable`
    (only stop words, e.g. "怎么报名"): the FAQ or nothing (False). `faq_id` / `search_only`: the learned second
    opinion (catalog.learned) was sure it is that entry's question / a course search."""
    where = await courses.recent_location(state, deps["clock"])
    faq: FaqService = deps["faq"]
    entry = faq.get(faq_id) if faq_id else None  # None too if the FAQ file was edited since the model learned
    match = None if entry is not None or search_only else faq.match(rest)
    whole = {"q": rest, "lat": where and where["lat"], "lon": where and where["lon"]}
    results: dict[str, SearchResult] = {}  # each search run once, however often its result is looked at

    def found(search: dict) -> SearchResult:
        if search["q"] not in results:
            results[search["q"]] = courses.rerun(search, **deps)
        return results[search["q"]]

    if match is not None and searchable and search_instead(rest, found(whole)):
        match = None  # "创业培训 东海": a course named with filters, asking nothing
    if entry is None and match is not None:
        entry = match.entry
    if entry is not None:
        leftover = faq.leftover(rest)
        search = {"q": leftover or rest, "lat": where and where["lat"], "lon": where and where["lon"]}
        beside = courses_beside_answer(leftover, found(search))
        markup = None if beside else related_button(entry)  # courses shown, or a button to them
        await message.answer(faq_texts.answer_text(entry), reply_markup=markup)
        if beside:
            await courses.start_search(message, state, search["q"], where, result=found(search), **deps)
        return True
    if not searchable:
        return False
    ranked = [] if search_only else faq.ranked(rest, DID_YOU_MEAN_SHOWN)
    if ranked and found_by_chance(rest, found(whole)):  # a policy question nearly known
        await message.answer(faq_texts.DID_YOU_MEAN, reply_markup=did_you_mean([m.entry for m in ranked]))
        return True
    if await courses.start_search(message, state, rest, where, only_found=True, result=found(whole), **deps):
        return True
    if give_way:
        return False
    if ranked:
        await message.answer(faq_texts.DID_YOU_MEAN, reply_markup=did_you_mean([m.entry for m in ranked]))
        return True
    await courses.start_search(message, state, rest, where, result=found(whole), **deps)  # nothing found: 12333
    return True
