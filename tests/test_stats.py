"""Survey outcome figures per wave and target group: hand-computed arithmetic, the query over real rows, /forget,
and `python -m bot stats`. Every expected number below is worked out by hand in the comments, not by the code."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.runtime import Runtime
from bot.services.outcome_report import report_text
from bot.services.survey_stats import Outcome, SurveyRow, load_rows, meets_target, tally
from bot.services.surveys import open_survey
from storage import cases
from storage.courses import upsert_courses
from storage.enrolments import enrol
from storage.models import CourseRow
from storage.models_schedule import AnonymousOutcome, SurveyResponse
from storage.models_service import Enrolment
from storage.privacy import forget
from storage.unit_of_work import unit_of_work
from storage.users import ensure_user
from tests.catalog.factories import make_course
from tests.test_cli import run_cli

SHANGHAI = ZoneInfo("Asia/Shanghai")
DATES = {"start_date": date(2026, 9, 1), "end_date": date(2026, 10, 1)}
A = make_course("焊工", "海州区", code="A1", title="焊工班", **DATES)
B = make_course("电工", "赣榆区", code="B1", title="电工班", **DATES)
U, R, G = "失业人员", "农村转移劳动力", "高校毕业生"

# (wave, group, course, income before training, finished, certificate, work, employer insurance, income now)
ANSWERS = [
    # 失业人员, 90 days
    (90, U, A, "lt3000", "yes", "skill_level", "contract", "employer", "3000_5000"),  # u1 employed, stable, cert, up
    (90, U, A, "lt3000", "yes", "training", "flexible", "not_employer", "lt3000"),  # u2 employed, not stable, same
    (90, U, A, "3000_5000", "yes", "none", "seeking", None, None),  # u3 not employed; no income now → down
    (90, U, A, "none", "no", None, "business", "employer", "gt8000"),  # u4 left the course early: not a completer
    (90, U, A, "lt3000", None, None, None, None, None),  # u5 sent, never answered
    (90, U, A, None, None, None, "employed", None, "lt3000"),  # u6 an old survey: employed, stability unknown
    # 农村转移劳动力, 90 days
    (90, R, B, "3000_5000", "yes", "special", "business", "unsure", "5000_8000"),  # r1 employed, not stable, up
    (90, R, B, "none", "yes", "none", "not_seeking", None, None),  # r2 not employed, none → none: same
    (90, R, B, None, None, None, None, None, None),  # r3 never answered
    # 高校毕业生, 90 days
    (90, G, A, "lt3000", "yes", "skill_level", "contract", "employer", "undisclosed"),  # g1 income not compared
    # 30 days
    (30, U, A, "lt3000", "yes", "none", "contract", "employer", "lt3000"),  # u7 employed, income same
    (30, None, B, None, None, None, "seeking", None, None),  # a person with no group, an old survey
]
ROWS = [
    SurveyRow(wave, group, c.code, c.title, c.district, finished, cert, work, insurance, income, before)
    for wave, group, c, before, finished, cert, work, insurance, income in ANSWERS
]

# 失业人员 at 90 days, by hand: sent 6 (u1–u6); answered the work question 5 (all but u5); left early 1 (u4);
# completers 6 - 1 = 5; respondents (answered, did not leave early) 4: u1 u2 u3 u6; employed 3: u1 u2 u6;
# stability known for u1 (yes) u2 (no) u3 (no), not for u6 → 1 of 3; certificate question answered by
# u1 u2 u3, an evaluation certificate only u1 (培训合格证 does not count) → 1 of 3; income: u1 up, u2 same,
# u3 down (3000–5000 before, not working now), u6 has no baseline.
UNEMPLOYED_90 = Outcome(
    sent=6,
    answered=5,
    left_early=1,
    respondents=4,
    employed=3,
    stable=1,
    stable_known=3,
    certified=1,
    certificate_answered=3,
    income_up=1,
    income_same=1,
    income_down=1,
)
# 农村转移劳动力 at 90 days: sent 3, answered 2, completers 3, respondents 2, employed 1 (r1); r1 "不清楚" about
# insurance in their own business is not stable, r2 not working → 0 of 2; certificates 1 (special) of 2;
# income r1 up, r2 same.
RURAL_90 = Outcome(3, 2, 0, 2, 1, 0, 2, 1, 2, 1, 1, 0)
GRADUATE_90 = Outcome(1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0)
# completers | sent | answered | rate | employed of respondents | of completers | stable | cert | income | target
UNEMPLOYED_LINE = (
    "| 失业人员 | 5 | 6 | 5 | 83.3% | 75.0% | 60.0% | 33.3% | 33.3% | 升1·平1·降1 | 培训后再就业率45% ✅达标 |"
)


def test_figures_per_group_by_hand() -> None:
    w30, w90 = tally(ROWS)
    assert list(w90.by_group) == [U, G, R]  # the order of catalog.groups, whatever the order of the rows
    assert w90.by_group[U] == UNEMPLOYED_90
    assert w90.by_group[R] == RURAL_90
    assert w90.by_group[G] == GRADUATE_90
    u = w90.by_group[U]
    assert u.completers == 5
    assert u.response_rate == pytest.approx(5 / 6)
    assert u.employed_of_respondents == pytest.approx(3 / 4)
    assert u.employed_of_completers == pytest.approx(3 / 5)  # u5 did not answer: counted as not employed
    assert u.stable_share == pytest.approx(1 / 3)
    assert u.certificate_rate == pytest.approx(1 / 3)
    assert u.income_compared == 3
    # The plan's 45% for 失业人员 is judged on all completers: 60% ≥ 45%.
    assert meets_target(U, u) is True
    # 农村转移劳动力: 1 of 3 completers = 33.3% < 45%, although 1 of 2 respondents is 50%.
    assert w90.by_group[R].employed_of_respondents == 0.5
    assert w90.by_group[R].employed_of_completers == pytest.approx(1 / 3)
    assert meets_target(R, w90.by_group[R]) is False
    assert meets_target(G, w90.by_group[G]) is None  # the plan sets no target for graduates
    # All groups at 90 days: sent 6+3+1, answered 5+2+1, left early 1, respondents 4+2+1, employed 3+1+1,
    # stable 1+0+1 of 3+2+1, certified 1+1+1 of 3+2+1, income up 1+1+0, same 1+1+0, down 1.
    assert w90.total == Outcome(10, 8, 1, 7, 5, 2, 6, 3, 6, 2, 2, 1)
    assert w90.total.completers == 9
    # 30 days: 失业人员 u7 and one person without a group.
    assert list(w30.by_group) == [U, "未填身份"]
    assert w30.by_group[U] == Outcome(1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 0)
    assert w30.by_group["未填身份"] == Outcome(1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0)
    assert w90.by_district["赣榆区"] == RURAL_90
    assert w90.by_course[("A1", "焊工班")].sent == 7


def test_target_boundary_and_nothing_at_all() -> None:
    # 9 employed of 20 completers is exactly 45%; 8 is not.
    assert meets_target(U, Outcome(sent=20, answered=9, respondents=9, employed=9)) is True
    assert meets_target(U, Outcome(sent=20, answered=20, respondents=20, employed=8)) is False
    assert meets_target(U, Outcome()) is None
    assert Outcome().response_rate is None and Outcome().employed_of_completers is None
    assert tally([]) == []
    assert "这段时间没有发出回访" in report_text([])


def test_report_table_per_group() -> None:
    text = report_text(tally(ROWS), start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert "（2026-11-01 至 2026-11-30）" in text
    assert UNEMPLOYED_LINE in text
    rural = "| 农村转移劳动力 | 3 | 3 | 2 | 66.7% | 50.0% | 33.3% | 0.0% | 50.0% | 升1·平1·降0 |"
    assert rural + " 培训后就业创业率45% ⚠️未达标 |" in text
    assert "| 高校毕业生 | 1 | 1 | 1 | 100.0% | 100.0% | 100.0% | 100.0% | 100.0% | - | - |" in text
    assert "| 合计 | 9 | 10 | 8 | 80.0% | 71.4% | 55.6% | 33.3% | 50.0% | 升2·平2·降1 | - |" in text
    # Stable employment is not reported a month after the course.
    assert "| 失业人员 | 1 | 1 | 1 | 100.0% | 100.0% | 100.0% | - | 0.0% | 升0·平1·降0 |" in text
    # How each figure is counted, and where the target comes from.
    assert "没回答的按未就业计" in text and "二、（一）3." in text and "签了劳动合同，或单位缴纳社保" in text


async def store_answers(runtime: Runtime) -> None:
    """The ANSWERS as real rows: one trainee per survey, sent on 2026-11-02 … (one day apart)."""
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [A, B])
        for n, (wave, group, course, before, finished, cert, work, insurance, income) in enumerate(ANSWERS):
            user_id = 7000 + n
            user = await ensure_user(session, user_id, f"学员{n}", None)
            user.group = group
            if before is not None:
                (await cases.open_case(session, user_id)).income_before = before
            await enrol(session, user_id, course.code, date(2026, 8, 1))
            enrolment = await session.scalar(
                select(Enrolment).join(CourseRow).where(Enrolment.user_id == user_id, CourseRow.code == course.code)
            )
            assert enrolment is not None
            sent = datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI) + timedelta(days=n)
            r = await open_survey(session, enrolment.id, user_id, wave, now=sent)
            r.finished, r.certificate, r.employment = finished, cert, work
            r.insurance, r.income_band = insurance, income


async def test_the_query_feeds_the_same_rows(runtime: Runtime) -> None:
    await store_answers(runtime)
    async with runtime.sessionmaker() as session:
        rows = await load_rows(session, tz=SHANGHAI)
        assert sorted(rows, key=repr) == sorted(ROWS, key=repr)
        # Sent 2026-11-02 … one a day: the first three only.
        first_three = await load_rows(session, start=date(2026, 11, 1), end=date(2026, 11, 4), tz=SHANGHAI)
        assert first_three == ROWS[:3]
        assert await load_rows(session, start=date(2026, 11, 20), tz=SHANGHAI) == []
        assert sorted(await load_rows(session, tz=SHANGHAI, districts=["赣榆区"]), key=repr) == sorted(
            [ROWS[6], ROWS[7], ROWS[8], ROWS[11]], key=repr
        )


async def test_forgotten_people_still_count_anonymously(runtime: Runtime) -> None:
    await store_answers(runtime)
    forgotten = [7000, 7003, 7006]  # u1, u4 (left early), r1
    async with unit_of_work(runtime.sessionmaker) as session:
        for user_id in forgotten:
            await forget(session, user_id)
    async with runtime.sessionmaker() as session:
        assert await session.scalar(select(func.count()).where(SurveyResponse.user_id.in_(forgotten))) == 0
        kept = list(await session.scalars(select(AnonymousOutcome).order_by(AnonymousOutcome.id)))
        assert [(o.group, o.finished, o.certificate, o.employment, o.insurance, o.income_before) for o in kept] == [
            (U, "yes", "skill_level", "contract", "employer", "lt3000"),
            (U, "no", None, "business", "employer", "none"),
            (R, "yes", "special", "business", "unsure", "3000_5000"),
        ]
        columns = {c.name for c in AnonymousOutcome.__table__.columns}
        assert not columns & {"user_id", "enrolment_id", "comment", "usefulness"}  # nothing about the person
        rows = await load_rows(session, tz=SHANGHAI)
    assert sorted(rows, key=repr) == sorted(ROWS, key=repr)  # the statistics do not change
    assert tally(rows)[1].by_group[U] == UNEMPLOYED_90


async def test_stats_command_prints_the_group_table(runtime: Runtime, database_url: str, tmp_path: Path) -> None:
    await store_answers(runtime)
    env = {"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    result = run_cli(tmp_path, "stats", **env)
    assert result.returncode == 0, result.stderr
    assert "## 结业90天回访" in result.stdout
    assert UNEMPLOYED_LINE in result.stdout
    assert "  • 赣榆区：发出 3，回答 2（66.7%），就业率 回答者 50.0% · 全部结业学员 33.3%" in result.stdout

    # From the 9th: r2, r3, g1 (90 days) and the two 30-day surveys.
    result = run_cli(tmp_path, "stats", "--from", "2026-11-09", "--to", "2026-11-30", "--json", **env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["targets"]["失业人员"]["share"] == 0.45 and report["targets"]["失业人员"]["source"] == "lyg2025"
    [w30, w90] = report["waves"]
    assert [g["group"] for g in w90["by_group"]] == [G, R]
    rural = w90["by_group"][1]
    # r2 and r3: 2 sent, 1 answered (not working), 2 completers, employed 0.
    assert (rural["sent"], rural["answered"], rural["completers"], rural["employed"]) == (2, 1, 2, 0)
    assert rural["employed_of_completers"] == 0.0 and rural["meets_target"] is False
    assert w30["by_group"][0]["stable_share"] is None  # not reported at 30 days
    assert w90["by_group"][0]["stable_share"] == 1.0

    result = run_cli(tmp_path, "stats", "--from", "2026-12-01", "--to", "2026-11-01", **env)
    assert result.returncode == 1 and "--from is after --to" in result.stderr
