"""identity checks (实名制 marks by staff), who did each ledger row, which job recommendations count

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 02:27:49.865766

Existing job recommendations get relevant = false: whether they matched the person's wanted work was not
recorded. Cases whose job step is already complete stay complete; open ones count feedback given from now on.
Existing ledger rows get actor_id NULL (the person, through the bot); staff ids already in their details stay.

The training step used to be completed by registering for a class. It now needs a staff-confirmed enrolment, so
cases whose training step rests on no confirmed enrolment are opened again (and the case with it), each with an
"undone" ledger row saying why; cases with a confirmed enrolment keep their dates.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types
from storage.types import utcnow

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identity_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("verified_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_identity_checks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_checks")),
    )
    with op.batch_alter_table("identity_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_checks_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("job_recommendations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("relevant", sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_id", sa.BigInteger(), nullable=True))

    _reopen_unconfirmed_training()


UNDONE_WHY = {"reason": "升级：技能培训改为以工作人员确认的报名为准，此前的完成记录没有已确认的报名"}


def _reopen_unconfirmed_training() -> None:
    cases = sa.table(
        "service_cases",
        sa.column("id", sa.Integer()),
        sa.column("user_id", sa.BigInteger()),
        sa.column("training_done_at", storage.types.UTCDateTime()),
        sa.column("completed_at", storage.types.UTCDateTime()),
    )
    enrolments = sa.table("enrolments", sa.column("user_id", sa.BigInteger()), sa.column("status", sa.String()))
    records = sa.table(
        "service_records",
        sa.column("case_id", sa.Integer()),
        sa.column("step", sa.String()),
        sa.column("action", sa.String()),
        sa.column("detail", sa.JSON()),
        sa.column("created_at", storage.types.UTCDateTime()),
    )
    unbacked = sa.and_(
        cases.c.training_done_at.is_not(None),
        ~sa.exists().where(enrolments.c.user_id == cases.c.user_id, enrolments.c.status == "confirmed"),
    )
    now = utcnow()
    for step, condition in (("training", unbacked), ("case", sa.and_(unbacked, cases.c.completed_at.is_not(None)))):
        row = sa.select(
            cases.c.id,
            sa.literal(step, sa.String()),
            sa.literal("undone", sa.String()),
            sa.literal(UNDONE_WHY, sa.JSON()),
            sa.literal(now, storage.types.UTCDateTime()),
        ).where(condition)
        op.execute(records.insert().from_select(["case_id", "step", "action", "detail", "created_at"], row))
    op.execute(cases.update().where(unbacked).values(training_done_at=None, completed_at=None))


def downgrade() -> None:
    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.drop_column("actor_id")

    with op.batch_alter_table("job_recommendations", schema=None) as batch_op:
        batch_op.drop_column("relevant")

    with op.batch_alter_table("identity_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_checks_user_id"))

    op.drop_table("identity_checks")
