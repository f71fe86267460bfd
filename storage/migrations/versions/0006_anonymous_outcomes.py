"""anonymous outcomes: survey outcomes kept without the person after /forget

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 12:23:46.325903
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anonymous_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("wave", sa.SmallInteger(), nullable=False),
        sa.Column("employment", sa.String(length=16), nullable=True),
        sa.Column("sent_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_anonymous_outcomes_course_id_courses"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anonymous_outcomes")),
    )
    with op.batch_alter_table("anonymous_outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_anonymous_outcomes_course_id"), ["course_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("anonymous_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_anonymous_outcomes_course_id"))

    op.drop_table("anonymous_outcomes")
