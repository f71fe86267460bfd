"""The front door's answers that need data: a person or a complaint, jobs for anyone, "nearby" without a place,
and questions (the FAQ when it is available, and the course search)."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.services.jobs import JobsService
from bot.texts import conversation as ct
from bot.texts import esc
from catalog.jobs_match import JobProfile, recommend
from catalog.query import parse_query
from catalog.understanding import names_a_course
from handlers import courses
from handlers.front_views import counsellor_button, jobs_list, usual_buttons
from storage import cases
from storage.models import User

JOBS_SHOWN = 3


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


async def answer_query(message: Message, state: FSMContext, rest: str, *, give_way: bool, **deps: Any) -> bool:
    """A question: the FAQ's answer when it has one, with the courses too when the question names what they
    teach ("电工培训有补贴吗"); otherwise the course search. With `give_way`, a question that finds nothing at
    all is not answered (False): the caller answers the intent it resembles instead."""
    where = await courses.recent_location(state, deps["clock"])
    search = {"q": rest, "lat": where and where["lat"], "lon": where and where["lon"]}
    faq = deps.get("faq")
    match = faq.match(rest) if faq is not None else None
    if match is None:
        if give_way and not courses.rerun(search, **deps).hits:
            return False
        await courses.start_search(message, state, rest, where, **deps)
        return True
    from bot.texts.faq import answer_text as faq_answer  # present only with the FAQ

    await message.answer(faq_answer(match.entry))
    result = courses.rerun(search, **deps)
    if result.hits and names_a_course(result.query, [hit.course for hit in result.hits[: courses.views.PAGE_SIZE]]):
        await courses.start_search(message, state, rest, where, **deps)
    return True
