"""Realistic rows for every table, keyed by database column name, for upgrading a database that holds data.

A database at an older revision gets each table that exists there, with only the columns that exist there
(tests/test_migration_data.py). A new table needs rows here, or that test fails once its migration is no longer the
newest; a column added later with a value of its own needs an entry in FILLED_BY_MIGRATION.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

Row = dict[str, Any]

T0 = datetime(2026, 10, 8, 1, 30, tzinfo=UTC)
T1 = datetime(2026, 11, 2, 6, 15, 42, tzinfo=UTC)
T2 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ALICE, BOB, CAROL, STAFF = 6_100_000_001, 6_100_000_002, 777_000, 9001  # Telegram ids exceed 32 bits

ROWS: dict[str, list[Row]] = {
    "users": [
        {"id": ALICE, "display_name": "王小丽", "language": "zh-hans", "district": "海州区", "user_group": "高校毕业生",
         "consent_at": T0, "subscribed": True, "reminders_muted": True, "blocked_bot": False,
         "created_at": T0, "updated_at": T1},
        {"id": BOB, "display_name": "李建国", "language": None, "district": "赣榆区", "user_group": "农民工",
         "consent_at": T1, "subscribed": False, "reminders_muted": False, "blocked_bot": True,
         "created_at": T1, "updated_at": T2},
        {"id": CAROL, "display_name": "", "language": "zh-hant", "district": None, "user_group": None,
         "consent_at": None, "subscribed": False, "reminders_muted": False, "blocked_bot": False,
         "created_at": T2, "updated_at": T2},
    ],
    "fsm_records": [
        {"key": f"{BOB}:{BOB}:default", "state": "Intake:district", "data": {"group": "农民工", "page": 2},
         "updated_at": T2},
        {"key": f"{ALICE}:{ALICE}:default", "state": None, "data": {}, "updated_at": T1},
    ],
    "processed_updates": [
        {"update_id": 912_345_678, "processed_at": T1},
        {"update_id": 912_345_679, "processed_at": T2},
    ],
    "voice_claims": [
        {"update_id": 912_345_679, "claimed_at": T2, "owner": "bot-1:4242:9f2c1ab0"},
        {"update_id": 912_345_680, "claimed_at": T2, "owner": "bot-2:5151:03de77c4"},
    ],
    "courses": [
        {"id": 1, "code": "LYG2026-001", "title": "养老护理员（四级）", "occupation": "养老护理员", "level": "四级",
         "category": "就业技能培训", "provider": "连云港市技师学院", "district": "海州区", "address": "朝阳东路 88 号",
         "lat": 34.5967, "lon": 119.2215, "start_date": date(2026, 12, 1), "end_date": date(2026, 12, 20),
         "hours": 120, "capacity": 40, "subsidy_yuan": 1800, "fee_yuan": 0, "eligible_groups": ["失业人员", "农民工"],
         "contact": "0518-85820000", "keywords": ["养老", "护理"], "description": "示例", "active": True,
         "late_join": True, "sample": False, "announced_at": T1, "created_at": T0, "updated_at": T1},
        {"id": 7, "code": "TG2026112301", "title": "电商直播", "occupation": "互联网营销师", "level": "五级",
         "category": "创业培训", "provider": "赣榆区职业培训中心", "district": "赣榆区", "address": "",
         "lat": None, "lon": None, "start_date": date(2026, 9, 1), "end_date": date(2026, 9, 30),
         "hours": 60, "capacity": 30, "subsidy_yuan": 1000, "fee_yuan": 200, "eligible_groups": [],
         "contact": "", "keywords": [], "description": "", "active": False,
         "late_join": False, "sample": True, "announced_at": None, "created_at": T1, "updated_at": T2},
    ],
    "job_postings": [
        {"id": 3, "code": "J-0003", "title": "护理员", "employer": "海州区康养中心", "occupation": "养老护理员",
         "district": "海州区", "address": "新浦路 1 号", "lat": 34.6, "lon": 119.17, "salary_min": 4000,
         "salary_max": 5500, "requirements": "持证优先", "contact": "0518-85000000", "valid_until": date(2027, 1, 31),
         "part_time": False, "keywords": ["护理"], "active": True, "sample": True, "updated_at": T1},
    ],
    "enrolments": [
        {"id": 1, "user_id": ALICE, "course_id": 1, "status": "confirmed", "cancelled_by": None,
         "created_at": T0, "updated_at": T1},
        {"id": 2, "user_id": BOB, "course_id": 1, "status": "pending", "cancelled_by": None,
         "created_at": T1, "updated_at": T1},
        {"id": 5, "user_id": ALICE, "course_id": 7, "status": "cancelled", "cancelled_by": "staff",
         "created_at": T0, "updated_at": T2},
    ],
    "service_cases": [
        {"id": 1, "user_id": BOB, "education": "高中", "work_years": "3-5年", "last_occupation": "建筑工",
         "wanted": ["叉车司机", "电工"], "constraints": ["不能夜班"], "income_before": "lt3000",
         "phone": "+8613800138000", "intake_done_at": T0, "policy_done_at": T1, "guidance_done_at": None,
         "jobs_done_at": None, "training_done_at": None, "completed_at": None, "created_at": T0, "updated_at": T1},
        {"id": 2, "user_id": ALICE, "education": "本科", "work_years": "无", "last_occupation": None,
         "wanted": [], "constraints": [], "phone": None, "intake_done_at": T1, "policy_done_at": T1,
         "guidance_done_at": T1, "jobs_done_at": T2, "training_done_at": T2, "completed_at": T2,
         "created_at": T1, "updated_at": T2},
    ],
    "counsellor_requests": [
        {"id": 1, "case_id": 1, "status": "closed", "staff_id": STAFF, "created_at": T1, "closed_at": T2},
        {"id": 2, "case_id": 2, "status": "open", "staff_id": None, "created_at": T2, "closed_at": None},
    ],
    "job_recommendations": [
        {"id": 1, "case_id": 2, "job_code": "J-0003", "answer": "unsuitable", "reason": "太远",
         "created_at": T1, "answered_at": T2, "relevant": True},
        {"id": 2, "case_id": 1, "job_code": "J-0003", "answer": None, "reason": None,
         "created_at": T2, "answered_at": None},
    ],
    "service_records": [
        {"id": 1, "case_id": 1, "step": "intake", "action": "intake_done", "detail": {"group": "农民工"},
         "created_at": T0},
        {"id": 2, "case_id": 1, "step": "policy", "action": "policy_shown", "detail": {"cards": ["p1", "p2"]},
         "created_at": T1},
        {"id": 3, "case_id": 2, "step": "training", "action": "enrolled", "detail": {"course": "LYG2026-001"},
         "created_at": T2},
        {"id": 4, "case_id": 2, "step": "training", "action": "confirmed", "detail": {"enrolment_id": 1},
         "created_at": T2, "actor_id": STAFF},
    ],
    "broadcasts": [
        {"id": 4, "kind": "message", "created_by": STAFF, "text": "下周一起可报名养老护理班",
         "audience": {"district": "海州区"}, "course_ids": [], "status": "running", "recipients": 2,
         "progress_chat_id": STAFF, "progress_message_id": 321, "created_at": T1, "started_at": T1,
         "finished_at": None},
    ],
    "outbox": [
        {"id": 1, "key": "rem1:1", "kind": "reminder_day", "user_id": ALICE, "enrolment_id": 1, "due_at": T2,
         "status": "pending", "priority": 0, "broadcast_id": None, "attempts": 0, "claimed_at": None,
         "sent_at": None, "last_error": None, "payload": {}, "created_at": T1},
        {"id": 2, "key": "survey:1:30", "kind": "survey", "user_id": ALICE, "enrolment_id": 1, "due_at": T1,
         "status": "sent", "priority": 0, "broadcast_id": None, "attempts": 1, "claimed_at": T1, "sent_at": T1,
         "last_error": None, "payload": {"wave": 30}, "created_at": T0},
        {"id": 3, "key": "bc:4:6100000002", "kind": "broadcast", "user_id": BOB, "enrolment_id": None,
         "due_at": T1, "status": "failed", "priority": 5, "broadcast_id": 4, "attempts": 3, "claimed_at": T1,
         "sent_at": None, "last_error": "Forbidden: bot was blocked by the user", "payload": {}, "created_at": T1},
    ],
    "survey_responses": [
        {"id": 1, "enrolment_id": 1, "user_id": ALICE, "wave": 30, "user_group": "高校毕业生", "employment": "employed",
         "income_band": "3-5k", "usefulness": 4, "comment": "老师讲得很清楚", "comment_done": True, "sent_at": T1,
         "answered_at": T2},
        # 0007's questions: finished, certificate, kind of work, employer insurance, months in the job; baseline.
        {"id": 2, "enrolment_id": 1, "user_id": ALICE, "wave": 90, "user_group": "高校毕业生", "income_before": "none",
         "finished": "yes", "certificate": "special", "employment": "contract", "insurance": "employer",
         "months_in_job": "1_3", "income_band": "3000_5000", "usefulness": 5, "comment": None, "comment_done": True,
         "sent_at": T2, "answered_at": T2},
    ],
    "staff": [
        {"user_id": STAFF, "districts": ["海州区", "连云区"], "added_by": 1, "created_at": T0},
        {"user_id": 9002, "districts": [], "added_by": None, "created_at": T1},
    ],
    "subscriptions": [
        {"id": 1, "user_id": ALICE, "occupation": "养老护理员", "district": None, "created_at": T1},
        {"id": 2, "user_id": BOB, "occupation": None, "district": "赣榆区", "created_at": T2},
    ],
    "identity_checks": [  # 0008: 实名制 marks by staff; a withdrawn one keeps who withdrew it
        {"id": 1, "user_id": ALICE, "reference": "窗口现场核验", "staff_id": STAFF, "verified_at": T2,
         "revoked_at": None, "revoked_by": None},
        {"id": 2, "user_id": BOB, "reference": "平台已核验 业务号A-1024", "staff_id": 9002, "verified_at": T1,
         "revoked_at": T2, "revoked_by": STAFF},
    ],
    "anonymous_outcomes": [
        {"id": 1, "course_id": 1, "wave": 90, "employment": "seeking", "sent_at": T2},
        {"id": 2, "course_id": 7, "wave": 180, "user_group": "失业人员", "income_before": "lt3000", "finished": "no",
         "certificate": None, "employment": "flexible", "insurance": "not_employer", "months_in_job": "3_6",
         "income_band": "lt3000", "sent_at": T2},
    ],
}

# What a migration puts into a column it adds to a table that already has rows (None when not listed).
FILLED_BY_MIGRATION: dict[tuple[str, str], Callable[[Row], object]] = {
    ("users", "reminders_muted"): lambda row: False,
    ("outbox", "priority"): lambda row: 0,
    # 0005: classes published before subscriptions existed count as announced.
    ("courses", "announced_at"): lambda row: row["created_at"],
    # 0007: surveys take their person's group (old ones: the group the person has at the upgrade).
    ("survey_responses", "user_group"): lambda row: next(
        u["user_group"] for u in ROWS["users"] if u["id"] == row["user_id"]
    ),
    # 0008: whether an older recommendation matched the wanted work was not recorded, so it does not count.
    ("job_recommendations", "relevant"): lambda row: False,
    # 0009: rows from before are neither demo data nor open to late joiners until staff say so.
    ("courses", "late_join"): lambda row: False,
    ("courses", "sample"): lambda row: False,
    ("job_postings", "sample"): lambda row: False,
}
