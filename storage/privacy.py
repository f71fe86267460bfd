"""Everything stored about one person: shown to them on request, and deleted on request."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import identity
from storage.enrolments import EnrolmentView, for_user
from storage.models import FsmRecord, User
from storage.models_identity import IdentityCheck
from storage.models_schedule import OUTCOME_COLUMNS, AnonymousOutcome, SurveyResponse
from storage.models_service import Enrolment, JobRecommendation, JobRow, ServiceCase, ServiceRecord


@dataclass(frozen=True, slots=True)
class PersonalData:
    user: User
    case: ServiceCase | None
    enrolments: list[EnrolmentView]
    recommendations: int
    sample_recommendations: int  # of those, job postings that were demo data (示例)
    records: int
    surveys: int
    verified: IdentityCheck | None  # the standing 实名核验 mark by staff


async def collect(session: AsyncSession, user: User) -> PersonalData:
    case = await session.scalar(select(ServiceCase).where(ServiceCase.user_id == user.id))
    recommendations = sample_recommendations = records = 0
    if case is not None:
        recommendations = await session.scalar(select(func.count()).where(JobRecommendation.case_id == case.id)) or 0
        sample_recommendations = await session.scalar(
            select(func.count())
            .select_from(JobRecommendation)
            .join(JobRow, JobRow.code == JobRecommendation.job_code)
            .where(JobRecommendation.case_id == case.id, JobRow.sample.is_(True))
        ) or 0
        records = await session.scalar(select(func.count()).where(ServiceRecord.case_id == case.id)) or 0
    surveys = await session.scalar(select(func.count()).where(SurveyResponse.user_id == user.id)) or 0
    verified = await identity.current(session, user.id)
    enrolments = await for_user(session, user.id)
    return PersonalData(user, case, enrolments, recommendations, sample_recommendations, records, surveys, verified)


async def forget(session: AsyncSession, user_id: int) -> None:
    """Delete the person; foreign keys cascade to their case, ledger, enrolments, outbox, surveys and 实名核验 marks.

    The outcome statistics keep, without any link to the person, which course, wave and group each of their
    surveys belonged to and the button answers; the comment and the usefulness score go with them.
    """
    answers = [getattr(SurveyResponse, column) for column in OUTCOME_COLUMNS]
    await session.execute(
        insert(AnonymousOutcome).from_select(
            [AnonymousOutcome.course_id, *(getattr(AnonymousOutcome, column) for column in OUTCOME_COLUMNS)],
            select(Enrolment.course_id, *answers)
            .join(Enrolment, Enrolment.id == SurveyResponse.enrolment_id)
            .where(SurveyResponse.user_id == user_id),
        )
    )
    await session.execute(delete(FsmRecord).where(FsmRecord.key.contains(f":{user_id}:{user_id}:")))
    await session.execute(delete(User).where(User.id == user_id))
