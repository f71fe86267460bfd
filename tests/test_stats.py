"""Survey outcome statistics: hand-computed arithmetic, the query over real rows, and `python -m bot stats`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.runtime import Runtime
from bot.services.survey_stats import SurveyRow, Tally, load_rows, report_text, tally
from bot.services.surveys import open_survey
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
C = make_course("育婴员", "海州区", code="C1", title="育婴员班", **DATES)

# (wave, course, employment): the same data for the arithmetic, the query and the CLI.
ANSWERS = [
    (30, A, "已就业-本专业"),
    (30, A, "未就业-在找"),
    (30, B, None),
    (30, C, "灵活就业"),
    (90, A, "未就业-暂不找"),
    (90, A, "自主创业"),
    (90, B, "未就业-在找"),
    (180, A, None),
]
ROWS = [SurveyRow(wave, c.code, c.title, c.district, employment) for wave, c, employment in ANSWERS]


def test_employed_share_and_response_rate_by_wave_course_and_district() -> None:
    w30, w90, w180 = tally(ROWS)
    # Wave 30: 4 sent, 3 answered (75%), 2 of them employed (灵活就业 counts) = 66.7% ≥ 45%.
    assert (w30.wave, w30.total) == (30, Tally(sent=4, answered=3, employed=2))
    assert w30.total.response_rate == 0.75
    assert w30.total.employed_share == pytest.approx(2 / 3)
    assert w30.total.meets_target is True
    assert w30.by_course == {
        ("A1", "焊工班"): Tally(2, 2, 1),
        ("B1", "电工班"): Tally(1, 0, 0),
        ("C1", "育婴员班"): Tally(1, 1, 1),
    }
    assert w30.by_district == {"海州区": Tally(3, 3, 2), "赣榆区": Tally(1, 0, 0)}
    assert w30.by_course[("A1", "焊工班")].employed_share == 0.5
    assert w30.by_district["赣榆区"].response_rate == 0.0
    # Nobody answered: no share, and no verdict either way.
    assert w30.by_district["赣榆区"].employed_share is None
    assert w30.by_district["赣榆区"].meets_target is None
    # Wave 90: everyone answered, 1 of 3 employed (自主创业) = 33.3% < 45%.
    assert w90.total == Tally(3, 3, 1) and w90.total.response_rate == 1.0
    assert w90.total.employed_share == pytest.approx(1 / 3) and w90.total.meets_target is False
    assert w90.by_district == {"海州区": Tally(2, 2, 1), "赣榆区": Tally(1, 1, 0)}
    assert w180.total == Tally(1, 0, 0) and w180.total.employed_share is None


def test_target_boundary_and_nothing_at_all() -> None:
    assert Tally(sent=20, answered=20, employed=9).meets_target is True  # exactly 45%
    assert Tally(sent=20, answered=20, employed=8).meets_target is False
    assert Tally().response_rate is None and Tally().employed_share is None
    assert tally([]) == []
    assert "这段时间没有发出回访" in report_text([])


def test_report_text_prints_percentages_and_dashes() -> None:
    text = report_text(tally(ROWS), start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert "2026-11-01 至 2026-11-30" in text and "就业率目标 45.0%" in text
    assert "结业30天回访：发出 4 份，回答 3 份，回答率 75.0%，就业率 66.7% ✅达标" in text
    assert "结业90天回访：发出 3 份，回答 3 份，回答率 100.0%，就业率 33.3% ⚠️未达标" in text
    assert "结业180天回访：发出 1 份，回答 0 份，回答率 0.0%，就业率 -" in text
    assert "  • 焊工班（A1）：发出 2 份，回答 2 份，回答率 100.0%，就业率 50.0% ✅达标" in text
    assert "  • 赣榆区：发出 1 份，回答 0 份，回答率 0.0%，就业率 -" in text


async def store_answers(runtime: Runtime) -> None:
    """The ANSWERS as real rows: one trainee per survey, sent on 2026-11-02 … (one day apart)."""
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [A, B, C])
        for n, (wave, course, employment) in enumerate(ANSWERS):
            user_id = 7000 + n
            await ensure_user(session, user_id, f"学员{n}", None)
            await enrol(session, user_id, course.code, date(2026, 8, 1))
            enrolment = await session.scalar(
                select(Enrolment).join(CourseRow).where(Enrolment.user_id == user_id, CourseRow.code == course.code)
            )
            assert enrolment is not None
            sent = datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI) + timedelta(days=n)
            response = await open_survey(session, enrolment.id, user_id, wave, now=sent)
            response.employment = employment


async def test_the_query_feeds_the_same_numbers(runtime: Runtime) -> None:
    await store_answers(runtime)
    async with runtime.sessionmaker() as session:
        rows = await load_rows(session, tz=SHANGHAI)
        assert sorted(rows, key=repr) == sorted(ROWS, key=repr)
        # Sent 2026-11-02 … 2026-11-09, one a day: the first three only.
        first_three = await load_rows(session, start=date(2026, 11, 1), end=date(2026, 11, 4), tz=SHANGHAI)
        assert [(r.wave, r.course_code, r.employment) for r in first_three] == [
            (w, c.code, e) for w, c, e in ANSWERS[:3]
        ]
        assert await load_rows(session, start=date(2026, 11, 10), tz=SHANGHAI) == []


async def test_stats_command_prints_them(runtime: Runtime, database_url: str, tmp_path: Path) -> None:
    await store_answers(runtime)
    env = {"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    result = run_cli(tmp_path, "stats", **env)
    assert result.returncode == 0, result.stderr
    assert "结业30天回访：发出 4 份，回答 3 份，回答率 75.0%，就业率 66.7% ✅达标" in result.stdout
    assert "结业180天回访：发出 1 份，回答 0 份，回答率 0.0%，就业率 -" in result.stdout
    assert "  • 海州区：发出 3 份，回答 3 份，回答率 100.0%，就业率 66.7% ✅达标" in result.stdout

    result = run_cli(tmp_path, "stats", "--from", "2026-11-06", "--to", "2026-11-30", "--json", **env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["target_employed_share"] == 0.45 and report["from"] == "2026-11-06"
    # From the 6th: the wave-90 surveys (sent 6th–8th) and the wave-180 one (9th).
    [w90, w180] = report["waves"]
    assert (w90["wave"], w90["sent"], w90["answered"], w90["employed"]) == (90, 3, 3, 1)
    assert w90["employed_share"] == 0.3333 and w90["meets_target"] is False
    assert w90["by_course"] == [
        {
            "code": "A1",
            "title": "焊工班",
            "sent": 2,
            "answered": 2,
            "employed": 1,
            "response_rate": 1.0,
            "employed_share": 0.5,
            "meets_target": True,
        },
        {
            "code": "B1",
            "title": "电工班",
            "sent": 1,
            "answered": 1,
            "employed": 0,
            "response_rate": 1.0,
            "employed_share": 0.0,
            "meets_target": False,
        },
    ]
    assert w180["employed_share"] is None and w180["meets_target"] is None

    result = run_cli(tmp_path, "stats", "--from", "2026-12-01", "--to", "2026-11-01", **env)
    assert result.returncode == 1 and "--from is after --to" in result.stderr


async def test_forgotten_people_still_count_anonymously(runtime: Runtime) -> None:
    await store_answers(runtime)
    forgotten = [7000, 7002, 7005]  # an employed answer, an unanswered survey, 自主创业
    async with unit_of_work(runtime.sessionmaker) as session:
        for user_id in forgotten:
            await forget(session, user_id)
    async with runtime.sessionmaker() as session:
        assert await session.scalar(select(func.count()).where(SurveyResponse.user_id.in_(forgotten))) == 0
        kept = list(await session.scalars(select(AnonymousOutcome)))
        assert sorted((o.wave, o.employment or "") for o in kept) == [(30, ""), (30, "已就业-本专业"), (90, "自主创业")]
        columns = {c.name for c in AnonymousOutcome.__table__.columns}
        assert columns == {"id", "course_id", "wave", "employment", "sent_at"}  # nothing about the person
        rows = await load_rows(session, tz=SHANGHAI)
        assert sorted(rows, key=repr) == sorted(ROWS, key=repr)  # the statistics do not change
        first_three = await load_rows(session, start=date(2026, 11, 1), end=date(2026, 11, 4), tz=SHANGHAI)
        assert len(first_three) == 3
        ganyu = await load_rows(session, tz=SHANGHAI, districts=["赣榆区"])
        assert sorted(ganyu, key=repr) == sorted([ROWS[2], ROWS[6]], key=repr)
