"""Follow-up surveys through the bot: the questions that apply to each person, buttons, the comment, stale,
foreign and old-format buttons, restarts, and surveys left half-done before the questions changed."""

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
from bot.texts import survey as sv
from bot.views.survey import survey_message
from storage import cases
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
FINISHED, CERTIFICATE, CONTRACT = sv.FINISHED["yes"], sv.CERTIFICATE["special"], sv.WORK["contract"]
INSURED, MONTHS, INCOME, USEFUL = sv.INSURANCE["employer"], sv.MONTHS["1_3"], sv.INCOME["3000_5000"], "4"


async def make_survey(
    runtime: Runtime, user_id: int, wave: int = 30, *, group: str | None = None, income_before: str | None = None
) -> int:
    """A confirmed enrolment in a finished course and its survey row, as the scheduler leaves them."""
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [COURSE])
        user = await ensure_user(session, user_id, f"学员{user_id}", None)
        user.group = group
        if income_before is not None:
            (await cases.open_case(session, user_id)).income_before = income_before
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


async def answer_all_buttons(user: UserClient) -> Calls:
    """A trainee who finished, got a certificate and works under contract: every button question."""
    for label in (FINISHED, CERTIFICATE, CONTRACT, INSURED, MONTHS, INCOME):
        await user.tap(label)
    return await user.tap(USEFUL)


def rows_of(calls: Calls) -> list[list[str]]:
    markup = last_inline_markup(calls)
    assert markup is not None
    return [[b.text for b in row] for row in markup.inline_keyboard]


async def test_a_working_trainee_answers_every_question_in_plain_words(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    rid = await make_survey(runtime, user.user.id, group="失业人员", income_before="lt3000")
    [first] = texts_of(await deliver(runtime, bot, rid))
    assert "焊工&lt;初级&gt;培训班" in first and "结业30天回访" in first and sv.Q_FINISHED in first
    assert "（第1题）" in first
    assert rows_of(bot.session.requests) == [["学完了", "没学完"]]

    calls = await user.tap(FINISHED)
    assert edited(calls)[0].startswith(sv.Q_CERTIFICATE) and "（第2题）" in edited(calls)[0]
    assert rows_of(calls) == [["职业技能等级证书"], ["专项职业能力证书"], ["培训合格证"], ["还没拿到证书"]]
    calls = await user.tap(CERTIFICATE)
    assert edited(calls)[0].startswith(sv.Q_WORK)
    assert inline_labels(calls) == [
        "在单位上班，签了劳动合同",
        "打零工、灵活就业",
        "自己创业、做生意",
        "没工作，正在找",
        "没工作，暂时不找",
    ]
    calls = await user.tap(CONTRACT)
    assert edited(calls)[0].startswith(sv.Q_INSURANCE)
    assert inline_labels(calls) == ["有，单位交", "没有单位交", "不清楚"]
    calls = await user.tap(INSURED)
    assert edited(calls)[0].startswith(sv.Q_MONTHS)
    assert inline_labels(calls) == ["不到1个月", "1到3个月", "3到6个月", "半年以上"]
    calls = await user.tap(MONTHS)
    assert edited(calls)[0].startswith(sv.Q_INCOME)
    assert inline_labels(calls) == ["没有收入", "3000元以下", "3000到5000元", "5000到8000元", "8000元以上", "不方便说"]
    calls = await user.tap(INCOME)
    assert edited(calls)[0].startswith(sv.Q_USEFULNESS)
    assert rows_of(calls) == [["1", "2", "3", "4", "5"]]
    calls = await user.tap(USEFUL)
    assert edited(calls)[0].startswith(sv.Q_COMMENT) and inline_labels(calls) == [texts.BTN_SKIP]
    assert await fsm_state(runtime, user.user.id) is not None

    assert texts_of(await user.send("老师讲得很细，已经在厂里上班了")) == [sv.SURVEY_THANKS]
    r = await stored(runtime, rid)
    answers = (r.finished, r.certificate, r.employment, r.insurance, r.months_in_job, r.income_band, r.usefulness)
    assert answers == ("yes", "special", "contract", "employer", "1_3", "3000_5000", 4)
    assert (r.group, r.income_before) == ("失业人员", "lt3000")  # kept from when the survey was opened
    assert r.comment == "老师讲得很细，已经在厂里上班了" and r.comment_done
    assert r.answered_at == TODAY
    # The wait is over: the next text is an ordinary course question, not a second comment.
    assert await fsm_state(runtime, user.user.id) is None
    assert sv.SURVEY_THANKS not in texts_of(await user.send("焊工"))
    assert (await stored(runtime, rid)).comment == "老师讲得很细，已经在厂里上班了"


async def test_someone_not_working_is_not_asked_about_the_job_or_income(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    rid = await make_survey(runtime, user.user.id)
    await deliver(runtime, bot, rid)
    await user.tap(FINISHED)
    await user.tap(sv.CERTIFICATE["none"])
    calls = await user.tap(sv.WORK["seeking"])
    assert edited(calls)[0].startswith(sv.Q_USEFULNESS) and "（第4题）" in edited(calls)[0]
    await user.tap("2")
    await user.tap(texts.BTN_SKIP)
    r = await stored(runtime, rid)
    assert (r.finished, r.certificate, r.employment, r.usefulness) == ("yes", "none", "seeking", 2)
    assert (r.insurance, r.months_in_job, r.income_band) == (None, None, None) and r.comment_done


async def test_someone_who_did_not_finish_is_not_asked_for_a_certificate(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    rid = await make_survey(runtime, user.user.id)
    await deliver(runtime, bot, rid)
    calls = await user.tap(sv.FINISHED["no"])
    assert edited(calls)[0].startswith(sv.Q_WORK)
    calls = await user.tap(sv.WORK["flexible"])  # flexible work is work: the job questions follow
    assert edited(calls)[0].startswith(sv.Q_INSURANCE)
    await user.tap(sv.INSURANCE["not_employer"])
    await user.tap(sv.MONTHS["lt1"])
    await user.tap(sv.INCOME["none"])  # working without income yet is a real answer
    r = await stored(runtime, rid)
    assert (r.finished, r.certificate, r.employment, r.insurance, r.income_band) == (
        "no",
        None,
        "flexible",
        "not_employer",
        "none",
    )


async def test_skipping_the_comment_finishes_the_survey(runtime: Runtime, bot: Bot, user: UserClient) -> None:
    rid = await make_survey(runtime, user.user.id)
    await deliver(runtime, bot, rid)
    await answer_all_buttons(user)
    calls = await user.tap(texts.BTN_SKIP)
    assert edited(calls) == [sv.SURVEY_THANKS] and inline_labels(calls) == []
    r = await stored(runtime, rid)
    assert r.comment is None and r.comment_done
    assert await fsm_state(runtime, user.user.id) is None
    # Pressing 跳过 again (an old message) changes nothing and says so.
    calls = await user.click(f"sq:{rid}:7:-1")
    assert alerts_of(calls) == [sv.SURVEY_ALREADY_DONE]


async def test_a_long_comment_is_cut_and_menu_buttons_still_work_while_waiting(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    rid = await make_survey(runtime, user.user.id)
    await deliver(runtime, bot, rid)
    await answer_all_buttons(user)
    # 我的报名 is a menu button, not a comment: it is answered and the comment is still awaited.
    assert "我的报名" in texts_of(await user.send(texts.BTN_MY_ENROLMENTS))[0]
    assert (await stored(runtime, rid)).comment is None
    assert texts_of(await user.send("好" * 600)) == [sv.SURVEY_THANKS]
    assert (await stored(runtime, rid)).comment == "好" * 500


async def test_old_question_button_reshows_the_open_question_and_keeps_the_first_answer(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    rid = await make_survey(runtime, user.user.id)
    await deliver(runtime, bot, rid)
    await user.tap(FINISHED)
    # The nudge shows the open question (certificate); the first message's buttons are now old.
    [nudge] = texts_of(await deliver(runtime, bot, rid, nudge=True))
    assert nudge.startswith("温馨提示") and sv.Q_CERTIFICATE in nudge
    calls = await user.tap(sv.FINISHED["no"])  # only the first message still shows this one
    assert alerts_of(calls) == [sv.SURVEY_STALE]
    assert edited(calls)[0].startswith(sv.Q_CERTIFICATE)
    assert (await stored(runtime, rid)).finished == "yes"
    # A forged option index is refused the same way.
    assert alerts_of(await user.click(f"sq:{rid}:1:99")) == [sv.SURVEY_STALE]
    assert (await stored(runtime, rid)).certificate is None
    # Answering on the nudge continues the same survey.
    await user.tap(CERTIFICATE)
    assert (await stored(runtime, rid)).certificate == "special"


async def test_someone_elses_survey_is_refused(runtime: Runtime, bot: Bot, dp) -> None:
    owner, intruder = UserClient(dp, bot, user_id=31), UserClient(dp, bot, user_id=32)
    rid = await make_survey(runtime, owner.user.id)
    await intruder.send("/start")
    for data in (f"sq:{rid}:0:0", f"sq:{rid}:7:-1", "sq:999999:0:0", f"sv:{rid}:0:1"):
        calls = await intruder.click(data)
        assert alerts_of(calls) == [texts.STALE_BUTTON] and edited(calls) == []
    assert await fsm_state(runtime, intruder.user.id) is None
    r = await stored(runtime, rid)
    assert (r.finished, r.answered_at, r.comment_done) == (None, None, False)
    # The owner is not affected.
    await deliver(runtime, bot, rid)
    await owner.tap(FINISHED)
    assert (await stored(runtime, rid)).finished == "yes"


async def test_survey_resumes_after_restarts(runtime: Runtime, settings: Settings, bot: Bot, user: UserClient) -> None:
    rid = await make_survey(runtime, user.user.id)
    await deliver(runtime, bot, rid)
    await user.tap(FINISHED)

    # Days later, a fresh process on the same database; the person presses the next button on the old message.
    later = FixedClock(settings.tz, TODAY + timedelta(days=3))
    async with open_runtime(settings, clock=later) as second:
        again = UserClient(create_dispatcher(second), bot, user_id=user.user.id)
        assert edited(await again.tap(CERTIFICATE))[0].startswith(sv.Q_WORK)
        await again.tap(sv.WORK["business"])
        await again.tap(sv.INSURANCE["unsure"])
        await again.tap(sv.MONTHS["6plus"])
        await again.tap(sv.INCOME["gt8000"])
        assert sv.Q_COMMENT in edited(await again.tap(USEFUL))[0]

    # And again: the awaited comment survives the restart too (the FSM state is in the database).
    async with open_runtime(settings, clock=later) as third:
        once_more = UserClient(create_dispatcher(third), bot, user_id=user.user.id)
        assert texts_of(await once_more.send("谢谢回访")) == [sv.SURVEY_THANKS]
    r = await stored(runtime, rid)
    assert (r.finished, r.certificate, r.employment, r.income_band, r.usefulness, r.comment) == (
        "yes",
        "special",
        "business",
        "gt8000",
        4,
        "谢谢回访",
    )
    assert r.answered_at == TODAY  # set by the first answer, before the restarts


async def test_the_comment_wait_returns_to_the_dialogue_it_interrupted(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    rid = await make_survey(runtime, user.user.id)
    assert texts_of(await user.send("/profile")) == [texts.PROFILE_ASK_GROUP]
    await deliver(runtime, bot, rid)
    await answer_all_buttons(user)
    assert texts_of(await user.send("找到工作了")) == [sv.SURVEY_THANKS]
    # Back in /profile: typing asks for the group again instead of searching courses.
    assert texts_of(await user.send("电工")) == [texts.PROFILE_ASK_GROUP]


async def test_open_survey_is_get_or_create_per_wave_and_keeps_group_and_baseline(runtime: Runtime) -> None:
    rid = await make_survey(runtime, 41, group="农村转移劳动力", income_before="3000_5000")
    async with unit_of_work(runtime.sessionmaker) as session:
        r = await session.get(SurveyResponse, rid)
        assert r is not None and (r.group, r.income_before) == ("农村转移劳动力", "3000_5000")
        assert (await open_survey(session, r.enrolment_id, 41, 30)).id == rid
        # The person changes group later: the next wave takes the new one, the first keeps the old.
        user = await ensure_user(session, 41, "学员41", None)
        user.group = "失业人员"
        assert (await open_survey(session, r.enrolment_id, 41, 90)).group == "失业人员"
    async with runtime.sessionmaker() as session:
        groups = {s.wave: s.group for s in await session.scalars(select(SurveyResponse))}
        assert groups == {30: "农村转移劳动力", 90: "失业人员"}


async def test_the_service_takes_each_answer_once_and_a_comment_only_at_its_turn(runtime: Runtime) -> None:
    rid = await make_survey(runtime, 42)
    async with unit_of_work(runtime.sessionmaker) as session:
        early = await surveys.add_comment(session, 42, rid, "太早了")
        assert (early.status, early.question) == (AnswerStatus.STALE, 0)
        first = await surveys.answer(session, 42, rid, 0, 1)  # 没学完
        assert (first.status, first.question) == (AnswerStatus.RECORDED, 2)  # no certificate question
        again = await surveys.answer(session, 42, rid, 0, 0)
        assert (again.status, again.question) == (AnswerStatus.STALE, 2)
        assert (await surveys.answer(session, 42, rid, 6, 3)).status is AnswerStatus.STALE  # not its turn yet
    r = await stored(runtime, rid)
    assert (r.finished, r.employment, r.usefulness, r.comment) == ("no", None, None, None)


async def test_a_button_from_before_the_questions_changed_shows_the_open_question(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    rid = await make_survey(runtime, user.user.id)
    await user.send("/start")
    # "sv:…:0:0" was 已就业-本专业 on the old first question; now the first question is 学完了吗.
    calls = await user.click(f"sv:{rid}:0:0")
    assert alerts_of(calls) == [sv.SURVEY_STALE]
    assert edited(calls)[0].startswith(sv.Q_FINISHED)
    r = await stored(runtime, rid)
    assert (r.finished, r.employment, r.answered_at) == (None, None, None)


async def test_surveys_left_half_done_before_the_change_continue_and_finished_ones_stay_finished(
    runtime: Runtime, bot: Bot, user: UserClient
) -> None:
    # As migration 0007 leaves them: an old "已就业" answer, an old income band, nothing else yet.
    rid = await make_survey(runtime, user.user.id)
    done = await make_survey(runtime, user.user.id, wave=90)
    async with unit_of_work(runtime.sessionmaker) as session:
        half = await session.get(SurveyResponse, rid)
        assert half is not None
        half.employment, half.income_band, half.answered_at = "employed", "lt3000", TODAY
        old = await session.get(SurveyResponse, done)
        assert old is not None
        old.employment, old.income_band, old.usefulness, old.comment_done = "seeking", "lt3000", 3, True
    [message] = texts_of(await deliver(runtime, bot, rid, nudge=True))
    assert sv.Q_FINISHED in message
    await user.tap(FINISHED)
    await user.tap(sv.CERTIFICATE["training"])
    calls = await user.tap(INSURED)  # the work question was answered before: on to the job questions
    assert edited(calls)[0].startswith(sv.Q_MONTHS)
    await user.tap(MONTHS)
    calls = await user.tap(USEFUL)  # the old income answer stands
    assert edited(calls)[0].startswith(sv.Q_COMMENT)
    r = await stored(runtime, rid)
    assert (r.finished, r.certificate, r.employment, r.insurance, r.income_band) == (
        "yes",
        "training",
        "employed",
        "employer",
        "lt3000",
    )
    async with runtime.sessionmaker() as session:
        finished = await session.get(SurveyResponse, done)
        assert finished is not None
        text, markup = survey_message(finished, "x", nudge=True)
    assert sv.SURVEY_ALREADY_DONE in text and markup is None
