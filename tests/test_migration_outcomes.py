"""Migration 0007 keeps the survey answers given before the questions changed, and they still count."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.services.survey_stats import Outcome, load_rows, tally
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade

SENT = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
USERS = [(1, "失业人员"), (2, "失业人员"), (3, "农村转移劳动力"), (4, None)]
# (id, user, wave, employment, income band) as the first survey stored them: its button texts.
SURVEYS = [
    (1, 1, 90, "已就业-本专业", "3000-5000元"),
    (2, 2, 90, "未就业-在找", "3000元以下"),
    (3, 3, 90, "灵活就业", "不方便说"),
    (4, 4, 90, "已就业-其他", "8000元以上"),
    (5, 1, 30, None, None),  # sent, not answered yet
]
ANONYMOUS = [(1, 90, "自主创业"), (2, 90, "未就业-暂不找")]  # outcomes of people who used /forget


async def seed_at_0006(engine) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            sa.text(
                "INSERT INTO courses (id, code, title, occupation, level, category, provider, district, address, "
                "start_date, end_date, hours, capacity, subsidy_yuan, fee_yuan, eligible_groups, contact, keywords, "
                "description, active, announced_at, created_at, updated_at) VALUES (1, 'LYG-1', '养老护理员', "
                "'养老护理员', '五级', '就业技能培训', '市技师学院', '海州区', '', :start, :end, 80, 30, 1200, 0, "
                "'[]', '', '[]', '', true, :at, :at, :at)"
            ),
            {"start": date(2026, 7, 1), "end": date(2026, 8, 1), "at": SENT},
        )
        for user_id, group in USERS:
            await conn.execute(
                sa.text(
                    "INSERT INTO users (id, display_name, user_group, subscribed, reminders_muted, blocked_bot, "
                    "created_at, updated_at) VALUES (:id, :name, :group, false, false, false, :at, :at)"
                ),
                {"id": user_id, "name": f"学员{user_id}", "group": group, "at": SENT},
            )
            await conn.execute(
                sa.text(
                    "INSERT INTO enrolments (id, user_id, course_id, status, created_at, updated_at) "
                    "VALUES (:id, :user, 1, 'confirmed', :at, :at)"
                ),
                {"id": user_id, "user": user_id, "at": SENT},  # two names: PostgreSQL types each once
            )
        for rid, user_id, wave, employment, income in SURVEYS:
            await conn.execute(
                sa.text(
                    "INSERT INTO survey_responses (id, enrolment_id, user_id, wave, employment, income_band, "
                    "usefulness, comment, comment_done, sent_at, answered_at) VALUES (:id, :enrolment, :user, :wave, "
                    ":employment, :income, :useful, :comment, :done, :at, :answered)"
                ),
                {
                    "id": rid,
                    "enrolment": user_id,
                    "user": user_id,
                    "wave": wave,
                    "employment": employment,
                    "income": income,
                    "useful": 4 if employment else None,
                    "comment": "老师很耐心" if rid == 1 else None,
                    "done": employment is not None,
                    "at": SENT,
                    "answered": SENT if employment else None,
                },
            )
        for oid, wave, employment in ANONYMOUS:
            await conn.execute(
                sa.text(
                    "INSERT INTO anonymous_outcomes (id, course_id, wave, employment, sent_at) "
                    "VALUES (:id, 1, :wave, :employment, :at)"
                ),
                {"id": oid, "wave": wave, "employment": employment, "at": SENT},
            )


async def test_old_answers_are_kept_as_codes_and_still_count(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade(engine, "0006")
        await seed_at_0006(engine)
        await upgrade(engine)
        async with engine.connect() as conn:
            surveys = (
                await conn.execute(
                    sa.text(
                        "SELECT id, user_group, employment, income_band, usefulness, comment, comment_done "
                        "FROM survey_responses ORDER BY id"
                    )
                )
            ).all()
            anonymous = (
                await conn.execute(sa.text("SELECT id, user_group, employment FROM anonymous_outcomes ORDER BY id"))
            ).all()
        assert [tuple(row) for row in surveys] == [
            (1, "失业人员", "employed", "3000_5000", 4, "老师很耐心", True),
            (2, "失业人员", "seeking", "lt3000", 4, None, True),
            (3, "农村转移劳动力", "flexible", "undisclosed", 4, None, True),
            (4, None, "employed", "gt8000", 4, None, True),
            (5, "失业人员", None, None, None, None, False),
        ]
        assert [tuple(row) for row in anonymous] == [(1, None, "business"), (2, None, "not_seeking")]

        async with create_sessionmaker(engine)() as session:
            rows = await load_rows(session, tz=ZoneInfo("Asia/Shanghai"))
        w30, w90 = tally(rows)
        # 失业人员 at 90 days: 1 employed (the old 已就业-本专业), 1 looking → 1 of 2; stability unknown (never asked).
        assert w90.by_group["失业人员"] == Outcome(sent=2, answered=2, respondents=2, employed=1, stable_known=1)
        assert w90.by_group["农村转移劳动力"].employed == 1  # 灵活就业
        # The person without a group and the two forgotten ones: 已就业-其他 and 自主创业 employed, 暂不找 not.
        assert w90.by_group["未填身份"] == Outcome(sent=3, answered=3, respondents=3, employed=2, stable_known=1)
        # All six at 90 days (four surveys, two anonymous): employed 1, 3, 4 and the forgotten 自主创业 → 4 of 6.
        assert w90.total.employed_of_completers == 4 / 6
        assert w30.by_group["失业人员"] == Outcome(sent=1)
    finally:
        await engine.dispose()
