"""The README's /stats picture and per-group tables, from seeded DEMO data (示例: invented people and answers).

    python scripts/make_stats_demo.py [--seed 2025] [--out docs]

Builds a throw-away SQLite database with the sample catalogue, 300 invented trainees (groups, 1131 intake with
the income before training, a confirmed enrolment in a sample course) and their 30/90/180-day surveys, answered
button by button through the survey service as the bot records them. Then it draws the /stats chart
(docs/stats.png) and writes `python -m bot stats`'s report (docs/stats_demo.md).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load_settings
from bot.runtime import open_runtime
from bot.services import outcome_report, staff_stats, stats_chart, survey_stats, surveys
from bot.services.surveys import CHOICES, Question
from catalog import outcomes
from catalog.districts import DISTRICTS
from storage import cases
from storage.models import CourseRow, User
from storage.models_service import Enrolment
from storage.unit_of_work import unit_of_work

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 23)
PEOPLE = 300
GROUP_WEIGHTS = {
    "失业人员": 34,
    "农村转移劳动力": 26,
    "高校毕业生": 14,
    "退役军人": 5,
    "脱贫劳动力": 8,
    "残疾人": 3,
    "企业职工": 7,
    "其他": 3,
}
# Chance of being in work at each wave, per group (invented, plausible: more work as time passes).
WORK_CHANCE = {"失业人员": 0.42, "农村转移劳动力": 0.5, "高校毕业生": 0.55, "企业职工": 0.9}
WAVE_LIFT = {30: 0.0, 90: 0.08, 180: 0.14}


def answers_for(rng: random.Random, group: str, wave: int) -> dict[Question, str | int]:
    """One person's button answers for one wave (codes), or {} for someone who never answers."""
    if rng.random() > 0.78:
        return {}
    picks: dict[Question, str | int] = {Question.FINISHED: "yes" if rng.random() < 0.93 else "no"}
    if picks[Question.FINISHED] == "yes":
        picks[Question.CERTIFICATE] = rng.choices(outcomes.CERTIFICATES, (30, 22, 28, 20))[0]
    working = rng.random() < WORK_CHANCE.get(group, 0.45) + WAVE_LIFT[wave]
    if working:
        work = rng.choices(("contract", "flexible", "business"), (50, 35, 15))[0]
        picks[Question.WORK] = work
        picks[Question.INSURANCE] = "employer" if work == "contract" or rng.random() < 0.2 else "not_employer"
        picks[Question.MONTHS] = {30: "lt1", 90: "1_3", 180: "3_6"}[wave] if rng.random() < 0.8 else "6plus"
        picks[Question.INCOME] = rng.choices(outcomes.INCOME, (3, 30, 42, 15, 4, 6))[0]
    else:
        picks[Question.WORK] = "seeking" if rng.random() < 0.75 else "not_seeking"
    picks[Question.USEFULNESS] = rng.choice((3, 4, 4, 5, 5))
    return picks


async def build(seed: int, database_url: str) -> tuple[staff_stats.StaffStats, list[survey_stats.WaveStats]]:
    rng = random.Random(seed)
    settings = load_settings(_env_file=None, database_url=database_url, bot_token=None)
    async with open_runtime(settings, sample=True) as runtime:  # a new database gets the sample data (示例)
        async with unit_of_work(runtime.sessionmaker) as session:
            courses = list(await session.scalars(select(CourseRow).order_by(CourseRow.id)))
            for n in range(PEOPLE):
                user_id = 900_000_000 + n
                group = rng.choices(list(GROUP_WEIGHTS), list(GROUP_WEIGHTS.values()))[0]
                user = User(id=user_id, display_name=f"示例学员{n}", group=group)
                user.district = rng.choice(DISTRICTS).name
                session.add(user)
                await session.flush()
                case = await cases.open_case(session, user_id)
                case.intake_done_at = datetime.now(UTC)
                case.income_before = rng.choices(outcomes.INCOME, (30, 35, 22, 6, 1, 6))[0]
                for step in cases.STEPS[: rng.randint(1, 4)]:
                    cases.mark_step_done(session, case, step)
                created = datetime.combine(TODAY - timedelta(days=rng.randint(0, 83)), time(10), TZ)
                enrolment = Enrolment(
                    user_id=user_id, course_id=rng.choice(courses).id, status="confirmed", created_at=created
                )
                session.add(enrolment)
                await session.flush()
                ended = TODAY - timedelta(days=rng.randint(31, 260))
                for wave in (30, 90, 180):
                    if (TODAY - ended).days < wave:
                        break
                    sent = datetime.combine(ended + timedelta(days=wave), time(10), TZ)
                    r = await surveys.open_survey(session, enrolment.id, user_id, wave, now=sent)
                    picks = answers_for(rng, group, wave)
                    while (q := surveys.current_question(r)) in picks:
                        value = picks[q]
                        idx = CHOICES[q][1].index(value) if q in CHOICES else value
                        await surveys.answer(session, user_id, r.id, q, int(idx), now=sent)
        async with runtime.sessionmaker() as session:
            now = datetime.combine(TODAY, time(12), TZ)
            stats = await staff_stats.collect(session, now=now, tz=TZ)
    return stats, stats.waves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stats, waves = asyncio.run(build(args.seed, f"sqlite+aiosqlite:///{tmp}/demo.db"))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "stats.png").write_bytes(stats_chart.render(stats).png)
    report = outcome_report.report_text(waves)
    note = f"示例数据（scripts/make_stats_demo.py --seed {args.seed}，{PEOPLE} 名虚构学员），不是真实统计。\n\n"
    (args.out / "stats_demo.md").write_text(note + report + "\n", encoding="utf-8")
    print(note + report)


if __name__ == "__main__":
    main()
