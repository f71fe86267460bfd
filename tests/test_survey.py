"""Follow-up surveys through the bot: buttons, the comment, stale and foreign buttons, restarts."""

from __future__ import annotations

from datetime import date, timedelta

from aiogram import Bot
from aiogram.methods import EditMessageText
from sqlalchemy import select

from bot import texts
from bot.app import create_dispatcher
from bot.clock import FixedClock
from bot.config import Settings
from bot.runtime import Runtime, open_runtime
from bot.services import surveys
from bot.services.surveys import AnswerStatus, open_survey
from handlers.survey_views import survey_message
from storage.courses import upsert_courses
from storage.enrolments import enrol
from storage.models import CourseRow
from storage.models_schedule import SurveyResponse
from storage.models_service import Enrolment
from storage.unit_of_work import unit_of_work
from storage.users import ensure_user
from tests.catalog.factories import make_course
from tests.client import Calls, UserClient, alerts_of, inline_labels, last_inline_markup, texts_of
from tests.conftest import TODAY
from tests.fsm_helpers import dialogue_of

COURSE = make_course(
    "焊工",
    "海州区",
    code="SV1",
    title="焊工<初级>培训班",
    start_date=date(2026, 9, 1),
    end_date=date(2026, 10, 20),
)
EMPLOYED, INCOME, USEFUL = texts.EMPLOYMENT_OPTIONS[0], texts.INCOME_OPTIONS[2], "4"


async def make_survey(runtime: Runtime, user_id: int, wave: int = 30) -> int:
    """A confirmed enrolment in a finished course and its survey row, as the scheduler leaves them."""
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [COURSE])
        await ensure_user(session, user_id, f"学员{user_id}", None)
        await enrol(session, user_id, COURSE.code, date(2026, 8, 1))  # enrolled before the class
        enrolment = await session.scalar(
            select(Enrolment).join(CourseRow).where(Enrolment.user_id == user_id, CourseRow.code == COURSE.code)
        )
        assert enrolment is not None
        enrolment.status = "confirmed"
        response = await open_survey(session, enrolment.id, user_id, wave)
        return response.id


async def deliver(runtime: Runtime, bot: Bot, rid: int, *, nudge: bool = False) -> Calls:
    """Send the survey message the way the scheduler does."""
    async with runtime.sessionmaker() as session:
        response = await session.get(SurveyResponse, rid)
        assert response is not None
    start = len(bot.session.requests)
    text, markup = survey_message(response, COURSE.title, nudge=nudge)
    await bot.send_message(response.user_id, text, reply_markup=markup)
    return bot.session.requests[start:]


async def stored(runtime: Runtime, rid: int) -> SurveyResponse:
    async with runtime.sessionmaker() as session:
        response = await session.get(SurveyResponse, rid)
        assert response is not None
        return response


async def fsm_state(runtime: Runtime, user_id: int) -> str | None:
    state, _ = await dialogue_of(runtime, user_id)
    return state


def edited(calls: Calls) -> list[str]:
    return [c.text for c in calls if isinstance(c, EditMessageText)]


async def answer_three(user: UserClient) -> Calls:
    await user.tap(EMPLOYED)
    await user.tap(INCOME)
    return await user.tap(USEFUL)


async def test_full_survey_through_buttons_and_a_typed_comment(runtime: Runtime, bot: Bot, user: UserClient) -> None:
    rid = await make_survey(runtime, user.user.id)
    [first] = texts_of(await deliver(runtime, bot, rid))
    assert "焊工&lt;初级&gt;培训班" in first and "结业30天回访" in first and texts.SURVEY_Q_EMPLOYMENT in first
    markup = last_inline_markup(bot.session.requests)
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [
        list(texts.EMPLOYMENT_OPTIONS[i : i + 2]) for i in range(0, 6, 2)
    ]

    calls = await user.tap(EMPLOYED)
    assert edited(calls)[0].startswith(texts.SURVEY_Q_INCOME) and inline_labels(calls) == list(texts.INCOME_OPTIONS)
    calls = await user.tap(INCOME)
    assert edited(calls)[0].startswith(texts.SURVEY_Q_USEFULNESS)
    markup = last_inline_markup(calls)
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["1", "2", "3", "4", "5"]]
    calls = await user.tap(USEFUL)
    assert edited(calls)[0].startswith(texts.SURVEY_Q_COMMENT) and inline_labels(calls) == [texts.BTN_SKIP]
    assert await fsm_state(runtime, user.user.id) is not None

    assert texts_of(await user.send("老师讲得很细，已经在厂里上班了")) == [texts.SURVEY_THANKS]
    r = await stored(runtime, rid)
    assert (r.employment, r.income_band, r.usefulness) == (EMPLOYED, INCOME, 4)
    assert r.comment == "老师讲得很细，已经在厂里上班了" and r.comment_done
    assert r.answered_at == TODAY
    # The wait is over: the next text is an ordinary course question, not a second comment.
    assert await fsm_state(runtime, user.user.id) is None
    assert texts.SURVEY_THANKS not in texts_of(await user.send("焊工"))
    assert (await stored(runtime, rid)).comment == "老师讲得很细，已经在厂里上班了"


async def test_skipping_the_comment_finishes_the_survey(runtime: Runtime, bot: Bot, user: UserClient) -> None:
    rid = await make_survey(runtime, user.user.id)
    await deliver(runtime, bot, rid)
    await answer_three(user)
    calls = await user.tap(texts.BTN_SKIP)
    assert edited(calls) == [texts.SURVEY_THANKS] and inline_labels(calls) == []
    r = await stored(runtime, rid)
    assert r.comment is None and r.comment_done
    assert await fsm_state(runtime, user.user.id) is None
    # Pressing 跳过 again (an old message) changes nothing and says so.
    calls = await user.click(f"sv:{rid}:3:-1")
    assert alerts_of(calls) == [texts.SURVEY_ALREADY_DONE]


async def test_a_long_comment_is_cut_and_menu_buttons_still_work_while_waiting(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    rid = await make_survey(runtime, user.user.id)
    await deliver(runtime, bot, rid)
    await answer_three(user)
    # 我的报名 is a menu button, not a comment: it is answered and the comment is still awaited.
    assert "我的报名" in texts_of(await user.send(texts.BTN_MY_ENROLMENTS))[0]
    assert (await stored(runtime, rid)).comment is None
    assert texts_of(await user.send("好" * 600)) == [texts.SURVEY_THANKS]
    assert (await stored(runtime, rid)).comment == "好" * 500


async def test_old_question_button_reshows_the_open_question_and_keeps_the_first_answer(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    rid = await make_survey(runtime, user.user.id)
    await deliver(runtime, bot, rid)
    await user.tap(EMPLOYED)
    # The nudge shows the open question (income); the first message's employment buttons are now old.
    [nudge] = texts_of(await deliver(runtime, bot, rid, nudge=True))
    assert nudge.startswith("温馨提示") and texts.SURVEY_Q_INCOME in nudge
    calls = await user.tap(texts.EMPLOYMENT_OPTIONS[4])  # only the first message still shows this one
    assert alerts_of(calls) == [texts.SURVEY_STALE]
    assert edited(calls)[0].startswith(texts.SURVEY_Q_INCOME)
    assert (await stored(runtime, rid)).employment == EMPLOYED
    # A forged option index is refused the same way.
    assert alerts_of(await user.click(f"sv:{rid}:1:99")) == [texts.SURVEY_STALE]
    assert (await stored(runtime, rid)).income_band is None
    # Answering on the nudge continues the same survey.
    await user.tap(INCOME)
    assert (await stored(runtime, rid)).income_band == INCOME


async def test_someone_elses_survey_is_refused(runtime: Runtime, bot: Bot, dp) -> None:
    owner, intruder = UserClient(dp, bot, user_id=31), UserClient(dp, bot, user_id=32)
    rid = await make_survey(runtime, owner.user.id)
    await intruder.send("/start")
    for data in (f"sv:{rid}:0:5", f"sv:{rid}:3:-1", "sv:999999:0:0"):
        calls = await intruder.click(data)
        assert alerts_of(calls) == [texts.STALE_BUTTON] and edited(calls) == []
    assert await fsm_state(runtime, intruder.user.id) is None
    r = await stored(runtime, rid)
    assert (r.employment, r.answered_at, r.comment_done) == (None, None, False)
    # The owner is not affected.
    await deliver(runtime, bot, rid)
    await owner.tap(EMPLOYED)
    assert (await stored(runtime, rid)).employment == EMPLOYED


async def test_survey_resumes_after_restarts(runtime: Runtime, settings: Settings, bot: Bot, user: UserClient) -> None:
    rid = await make_survey(runtime, user.user.id)
    await deliver(runtime, bot, rid)
    await user.tap(EMPLOYED)

    # Days later, a fresh process on the same database; the person presses the next button on the old message.
    later = FixedClock(settings.tz, TODAY + timedelta(days=3))
    async with open_runtime(settings, clock=later) as second:
        again = UserClient(create_dispatcher(second), bot, user_id=user.user.id)
        assert edited(await again.tap(INCOME))[0].startswith(texts.SURVEY_Q_USEFULNESS)
        assert texts.SURVEY_Q_COMMENT in edited(await again.tap(USEFUL))[0]

    # And again: the awaited comment survives the restart too (the FSM state is in the database).
    async with open_runtime(settings, clock=later) as third:
        once_more = UserClient(create_dispatcher(third), bot, user_id=user.user.id)
        assert texts_of(await once_more.send("谢谢回访")) == [texts.SURVEY_THANKS]
    r = await stored(runtime, rid)
    assert (r.employment, r.income_band, r.usefulness, r.comment, r.comment_done) == (
        EMPLOYED,
        INCOME,
        4,
        "谢谢回访",
        True,
    )
    assert r.answered_at == TODAY  # set when employment was answered, before the restarts


async def test_the_comment_wait_returns_to_the_dialogue_it_interrupted(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    rid = await make_survey(runtime, user.user.id)
    assert texts_of(await user.send("/profile")) == [texts.PROFILE_ASK_GROUP]
    await deliver(runtime, bot, rid)
    await answer_three(user)
    assert texts_of(await user.send("找到工作了")) == [texts.SURVEY_THANKS]
    # Back in /profile: typing asks for the group again instead of searching courses.
    assert texts_of(await user.send("电工")) == [texts.PROFILE_ASK_GROUP]


async def test_open_survey_is_get_or_create_per_wave(runtime: Runtime) -> None:
    rid = await make_survey(runtime, 41)
    async with unit_of_work(runtime.sessionmaker) as session:
        r = await session.get(SurveyResponse, rid)
        assert r is not None
        assert (await open_survey(session, r.enrolment_id, 41, 30)).id == rid
        assert (await open_survey(session, r.enrolment_id, 41, 90)).id != rid
    async with runtime.sessionmaker() as session:
        assert len(list(await session.scalars(select(SurveyResponse)))) == 2


async def test_the_service_takes_each_answer_once_and_a_comment_only_at_its_turn(runtime: Runtime) -> None:
    rid = await make_survey(runtime, 42)
    async with unit_of_work(runtime.sessionmaker) as session:
        early = await surveys.add_comment(session, 42, rid, "太早了")
        assert (early.status, early.question) == (AnswerStatus.STALE, 0)
        first = await surveys.answer(session, 42, rid, 0, 1)
        assert (first.status, first.question) == (AnswerStatus.RECORDED, 1)
        again = await surveys.answer(session, 42, rid, 0, 2)
        assert (again.status, again.question) == (AnswerStatus.STALE, 1)
        assert (await surveys.answer(session, 42, rid, 2, 3)).status is AnswerStatus.STALE  # not its turn yet
    r = await stored(runtime, rid)
    assert (r.employment, r.usefulness, r.comment) == (texts.EMPLOYMENT_OPTIONS[1], None, None)
