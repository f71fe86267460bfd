"""ids never reused: AUTOINCREMENT for the enrolment, counsellor request and broadcast numbers staff see

SQLite gives a new row max(id) + 1, so when the newest row is deleted (/forget) its number goes to the next one,
and staff who saw "#7" would act on someone else's #7. AUTOINCREMENT keeps the highest number ever used.
PostgreSQL sequences never go back: nothing to do there. (A rolled-back row's number may still come again — but
nobody was ever told of it: notices leave only after the commit.) SQLite rebuilds each table, which storage.migrate
does with foreign keys off, so no row pointing at these tables is deleted; every row is copied with its id.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("enrolments", "counsellor_requests", "broadcasts")


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        # Dropping the old table would cascade to every enrolment's reminders, surveys and outbox rows.
        raise RuntimeError("refusing to rebuild tables with foreign keys on: run upgrades through storage.migrate")
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
