"""1131 service: cases, ledger, jobs, recommendations, enrolments, counsellor requests

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:39:03.376502
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_postings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("employer", sa.String(length=200), nullable=False),
        sa.Column("occupation", sa.String(length=100), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("salary_min", sa.Integer(), nullable=False),
        sa.Column("salary_max", sa.Integer(), nullable=False),
        sa.Column("requirements", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=64), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("part_time", sa.Boolean(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_postings")),
        sa.UniqueConstraint("code", name=op.f("uq_job_postings_code")),
    )
    with op.batch_alter_table("job_postings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_postings_valid_until"), ["valid_until"], unique=False)

    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cancelled_by", sa.String(length=16), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_enrolments_course_id_courses")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_enrolments_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
        sa.UniqueConstraint("user_id", "course_id", name=op.f("uq_enrolments_user_id_course_id")),
    )
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolments_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolments_user_id"), ["user_id"], unique=False)

    op.create_table(
        "service_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("education", sa.String(length=32), nullable=True),
        sa.Column("work_years", sa.String(length=32), nullable=True),
        sa.Column("last_occupation", sa.String(length=100), nullable=True),
        sa.Column("wanted", sa.JSON(), nullable=False),
        sa.Column("constraints", sa.JSON(), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("intake_done_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("policy_done_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("guidance_done_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("jobs_done_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("training_done_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_service_cases_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_cases")),
        sa.UniqueConstraint("user_id", name=op.f("uq_service_cases_user_id")),
    )
    op.create_table(
        "counsellor_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["service_cases.id"],
            name=op.f("fk_counsellor_requests_case_id_service_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counsellor_requests")),
    )
    with op.batch_alter_table("counsellor_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counsellor_requests_case_id"), ["case_id"], unique=False)

    op.create_table(
        "job_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("job_code", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["service_cases.id"],
            name=op.f("fk_job_recommendations_case_id_service_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_recommendations")),
        sa.UniqueConstraint("case_id", "job_code", name=op.f("uq_job_recommendations_case_id_job_code")),
    )
    with op.batch_alter_table("job_recommendations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_recommendations_case_id"), ["case_id"], unique=False)

    op.create_table(
        "service_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["service_cases.id"], name=op.f("fk_service_records_case_id_service_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_records")),
    )
    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_records_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_records_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_records_created_at"))
        batch_op.drop_index(batch_op.f("ix_service_records_case_id"))

    op.drop_table("service_records")
    with op.batch_alter_table("job_recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_recommendations_case_id"))

    op.drop_table("job_recommendations")
    with op.batch_alter_table("counsellor_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counsellor_requests_case_id"))

    op.drop_table("counsellor_requests")
    op.drop_table("service_cases")
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolments_user_id"))
        batch_op.drop_index(batch_op.f("ix_enrolments_course_id"))

    op.drop_table("enrolments")
    with op.batch_alter_table("job_postings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_postings_valid_until"))

    op.drop_table("job_postings")
