"""1131 step 3: job recommendations, one at a time, each recorded with the person's answer."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.args import CallbackInt
from bot.clock import Clock
from bot.services.jobs import JobsService
from bot.texts import esc
from catalog.jobs_match import JobMatch, JobProfile, MatchReason, recommend
from handlers import course_views as views
from handlers.course_views import fmt_date
from handlers.progress_menu import S1131Cb, case_or_alert, show_menu
from storage import cases
from storage.models import User
from storage.models_service import ServiceCase
from storage.types import utcnow


class JobCb(CallbackData, prefix="jb"):
    action: str  # "yes" | "no" | "why"
    rec: CallbackInt  # recommendation id (checked against the person's own case)
    idx: CallbackInt = -1


def profile_of(case: ServiceCase, user: User) -> JobProfile:
    return JobProfile(
        wanted=tuple(case.wanted),
        district=user.district,
        near_home="只能在家附近" in case.constraints,
        part_time="只能兼职" in case.constraints,
        last_occupation=case.last_occupation,
    )


def job_card(n: int, match: JobMatch, clock: Clock) -> str:
    job = match.job
    relevant = MatchReason.FALLBACK not in match.reasons
    distance = texts.CARD_DISTANCE.format(km=f"{match.distance_km:.1f}") if match.distance_km is not None else ""
    return texts.JOB_CARD.format(
        n=n,
        title=views.title(job),
        employer=esc(job.employer),
        district=esc(job.district),
        address=esc(job.address),
        distance=distance,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        part_time=texts.JOB_PART_TIME if job.part_time else "",
        requirements=esc(job.requirements or "-"),
        valid_until=fmt_date(job.valid_until, clock.today()),
        reasons="、".join(texts.JOB_REASONS.get(r.value, r.value) for r in match.reasons),
    ) + ("" if relevant else texts.JOB_NOT_COUNTED)


def _onward() -> InlineKeyboardBuilder:
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.BTN_JOB_MORE, callback_data=S1131Cb(action="jobs"))
    kb.button(text=texts.BTN_S1131_MENU, callback_data=S1131Cb(action="menu"))
    return kb


async def recommend_next(
    callback: CallbackQuery, session: AsyncSession, db_user: User, jobs: JobsService, clock: Clock
) -> None:
    case = await case_or_alert(callback, session, db_user)
    if case is None or not isinstance(callback.message, Message):
        return
    await callback.answer()
    shown = await cases.recommended_codes(session, case)
    found = recommend(jobs.jobs.values(), profile_of(case, db_user), today=clock.today(), exclude=shown, limit=1)
    if not found:
        cases.record(session, case, "jobs", "none_left", recommended=len(shown))
        await callback.message.answer(texts.JOBS_NONE_LEFT)
        return
    match = found[0]
    rec = await cases.add_recommendation(
        session, case, match.job.code, relevant=MatchReason.FALLBACK not in match.reasons
    )
    cases.record(
        session,
        case,
        "jobs",
        "recommended",
        job_code=match.job.code,
        title=match.job.title,
        employer=match.job.employer,
        reasons=[r.value for r in match.reasons],
    )
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.BTN_JOB_YES, callback_data=JobCb(action="yes", rec=rec.id))
    kb.button(text=texts.BTN_JOB_NO, callback_data=JobCb(action="no", rec=rec.id))
    kb.attach(_onward())
    await callback.message.answer(job_card(len(shown) + 1, match, clock), reply_markup=kb.as_markup())


async def _count_feedback(message: Message, session: AsyncSession, db_user: User, case: ServiceCase) -> None:
    """Feedback on the third distinct relevant posting completes the step (showing alone never does)."""
    if case.jobs_done_at is not None or await cases.answered_relevant(session, case) < cases.JOBS_TO_COMPLETE:
        return
    cases.mark_step_done(session, case, "jobs")
    await message.answer(texts.JOBS_STEP_DONE)
    await show_menu(message, session=session, db_user=db_user)


async def on_answer(
    callback: CallbackQuery, callback_data: JobCb, session: AsyncSession, db_user: User, jobs: JobsService
) -> None:
    case = await cases.get_case(session, db_user.id)
    rec = await cases.get_recommendation(session, case, callback_data.rec) if case else None
    if case is None or rec is None or not isinstance(callback.message, Message):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)  # not this person's recommendation
        return
    await callback.answer()
    if callback_data.action == "yes":
        rec.answer, rec.answered_at = "interested", utcnow()
        cases.record(session, case, "jobs", "interested", job_code=rec.job_code)
        job = jobs.jobs.get(rec.job_code)
        if job is not None:
            text = texts.JOB_INTERESTED.format(contact=esc(job.contact), employer=esc(job.employer))
            await callback.message.answer(text, reply_markup=_onward().as_markup())
        await _count_feedback(callback.message, session, db_user, case)
        return
    if callback_data.action == "no":
        kb = InlineKeyboardBuilder()
        for i, reason in enumerate(texts.JOB_NOT_REASONS):
            kb.button(text=reason, callback_data=JobCb(action="why", rec=rec.id, idx=i))
        kb.adjust(3)
        await callback.message.answer(texts.JOB_WHY_NOT, reply_markup=kb.as_markup())
        return
    reason = texts.JOB_NOT_REASONS[callback_data.idx] if 0 <= callback_data.idx < len(texts.JOB_NOT_REASONS) else None
    rec.answer, rec.reason, rec.answered_at = "unsuitable", reason, utcnow()
    cases.record(session, case, "jobs", "unsuitable", job_code=rec.job_code, reason=reason)
    await callback.message.edit_text(texts.JOB_NOTED, reply_markup=_onward().as_markup())
    await _count_feedback(callback.message, session, db_user, case)


def create_router() -> Router:
    router = Router(name="jobs_step")
    router.callback_query.register(recommend_next, S1131Cb.filter(F.action == "jobs"))
    router.callback_query.register(on_answer, JobCb.filter())
    return router
