"""demo data and late joining: sample flags on courses and job postings, late_join on courses

Existing rows get sample = false and late_join = false (staff allow late joining per class). An older database
that received the shipped sample at start gets its sample rows marked by `python -m bot demo load` (same codes).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 02:31:15.889152
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("late_join", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("sample", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("job_postings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sample", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("job_postings", schema=None) as batch_op:
        batch_op.drop_column("sample")
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_column("sample")
        batch_op.drop_column("late_join")
