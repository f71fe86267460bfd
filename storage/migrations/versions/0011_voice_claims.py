"""voice claims: one process transcribes a voice update, even without Redis

Several bot processes may receive the same voice update at the same moment (webhook workers; without Redis
nothing else keeps them apart before the update's transaction). Each first claims the update with a row here, in
a short transaction of its own, and only the process whose claim holds calls the ASR server. A new table: no
existing row changes.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voice_claims",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("claimed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_voice_claims")),
    )
    with op.batch_alter_table("voice_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voice_claims_claimed_at"), ["claimed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("voice_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voice_claims_claimed_at"))
    op.drop_table("voice_claims")
