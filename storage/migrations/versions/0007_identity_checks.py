"""identity checks (实名制 marks by staff), who did each ledger row, which job recommendations count

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 02:27:49.865766

Existing job recommendations get relevant = false: whether they matched the person's wanted work was not
recorded. Cases whose job step is already complete stay complete; open ones count feedback given from now on.
Existing ledger rows get actor_id NULL (the person, through the bot); staff ids already in their details stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0007"
down_revision = "0006"
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


def downgrade() -> None:
    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.drop_column("actor_id")

    with op.batch_alter_table("job_recommendations", schema=None) as batch_op:
        batch_op.drop_column("relevant")

    with op.batch_alter_table("identity_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_checks_user_id"))

    op.drop_table("identity_checks")
