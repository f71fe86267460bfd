"""Upgrading to 0008 keeps the data and reopens training steps that no confirmed enrolment backs."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import text

from storage.db import create_engine
from storage.migrate import upgrade

T0 = datetime(2026, 10, 8, 1, 30, tzinfo=UTC)
COURSE = {
    "code": "LYG-1", "title": "焊工班", "occupation": "焊工", "level": "初级工", "category": "就业技能培训",
    "provider": "学校", "district": "海州区", "address": "路1号", "start_date": date(2026, 12, 1),
    "end_date": date(2026, 12, 20), "hours": 80, "capacity": 30, "subsidy_yuan": 1200, "fee_yuan": 0,
    "eligible_groups": "[]", "contact": "", "keywords": "[]", "description": "", "active": True,
}  # fmt: skip


def insert(table: str, row: dict) -> str:
    return f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})"


async def test_upgrade_reopens_training_done_on_a_pending_enrolment_only(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade(engine, "0007")
        async with engine.begin() as conn:
            for user_id in (1, 2, 3):
                user = {"id": user_id, "display_name": f"学员{user_id}", "subscribed": False, "blocked_bot": False,
                        "reminders_muted": False, "created_at": T0, "updated_at": T0}  # fmt: skip
                await conn.execute(text(insert("users", user)), user)
            course = {**COURSE, "id": 1, "created_at": T0, "updated_at": T0}
            await conn.execute(text(insert("courses", course)), course)
            # 1 registered (pending) and was counted complete; 2 was confirmed; 3 never trained.
            for eid, user_id, status in ((1, 1, "pending"), (2, 2, "confirmed")):
                row = {"id": eid, "user_id": user_id, "course_id": 1, "status": status, "created_at": T0,
                       "updated_at": T0}  # fmt: skip
                await conn.execute(text(insert("enrolments", row)), row)
            for case_id, user_id, done in ((1, 1, T0), (2, 2, T0), (3, 3, None)):
                case = {"id": case_id, "user_id": user_id, "wanted": "[]", "constraints": "[]", "intake_done_at": T0,
                        "policy_done_at": T0, "guidance_done_at": T0, "jobs_done_at": T0, "training_done_at": done,
                        "completed_at": done, "created_at": T0, "updated_at": T0}  # fmt: skip
                await conn.execute(text(insert("service_cases", case)), case)
            # No id: the upgrade adds ledger rows, numbered by the table's own sequence on PostgreSQL.
            record = {"case_id": 1, "step": "training", "action": "enrolled", "detail": "{}", "created_at": T0}
            await conn.execute(text(insert("service_records", record)), record)
            rec = {"id": 1, "case_id": 1, "job_code": "J1", "answer": "interested", "created_at": T0}
            await conn.execute(text(insert("job_recommendations", rec)), rec)

        await upgrade(engine)

        async with engine.connect() as conn:
            cases = (await conn.execute(text(
                "SELECT id, training_done_at IS NULL, completed_at IS NULL, jobs_done_at IS NULL"
                " FROM service_cases ORDER BY id"
            ))).all()  # fmt: skip
            assert [tuple(row) for row in cases] == [
                (1, True, True, False), (2, False, False, False), (3, True, True, False)
            ]
            records = (await conn.execute(text(
                "SELECT case_id, step, action, actor_id FROM service_records ORDER BY id"
            ))).all()  # fmt: skip
            assert [tuple(r) for r in records] == [
                (1, "training", "enrolled", None), (1, "training", "undone", None), (1, "case", "undone", None)
            ]
            relevant = (await conn.execute(text("SELECT relevant FROM job_recommendations"))).scalar_one()
            assert not relevant
            undone = "SELECT detail FROM service_records WHERE action = 'undone' AND step = 'training'"
            why = (await conn.execute(text(undone))).scalar_one()
            assert "已确认的报名" in (json.loads(why) if isinstance(why, str) else why)["reason"]
            assert (await conn.execute(text("SELECT count(*) FROM identity_checks"))).scalar_one() == 0
    finally:
        await engine.dispose()
