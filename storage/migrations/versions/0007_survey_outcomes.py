"""survey outcomes: group, course finished, certificate, stable work, income baseline; answers stored as codes

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 02:50:00

Old answers are kept and rewritten as the new codes where they mean the same thing: "已就业-本专业" and
"已就业-其他" become "employed" (working; the kind of work was not asked), the income bands keep their bounds.
Surveys get the group their person has now (there was nothing better to go on); anonymous outcomes of people
who used /forget have no person left, so their group stays unknown.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The first survey's button texts (stored as they were shown) → today's codes (catalog/outcomes.py).
EMPLOYMENT = {
    "已就业-本专业": "employed",
    "已就业-其他": "employed",
    "自主创业": "business",
    "灵活就业": "flexible",
    "未就业-在找": "seeking",
    "未就业-暂不找": "not_seeking",
}
INCOME = {
    "3000元以下": "lt3000",
    "3000-5000元": "3000_5000",
    "5000-8000元": "5000_8000",
    "8000元以上": "gt8000",
    "不方便说": "undisclosed",
}
NEW_ANSWERS = (
    ("user_group", sa.String(length=32)),
    ("income_before", sa.String(length=16)),
    ("finished", sa.String(length=8)),
    ("certificate", sa.String(length=16)),
    ("insurance", sa.String(length=16)),
    ("months_in_job", sa.String(length=8)),
)


def upgrade() -> None:
    with op.batch_alter_table("service_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("income_before", sa.String(length=16), nullable=True))
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        for name, type_ in NEW_ANSWERS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
    with op.batch_alter_table("anonymous_outcomes", schema=None) as batch_op:
        for name, type_ in NEW_ANSWERS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.add_column(sa.Column("income_band", sa.String(length=16), nullable=True))

    for table in ("survey_responses", "anonymous_outcomes"):
        _recode(table, "employment", EMPLOYMENT)
    _recode("survey_responses", "income_band", INCOME)
    op.execute(
        "UPDATE survey_responses SET user_group = "
        "(SELECT users.user_group FROM users WHERE users.id = survey_responses.user_id)"
    )


def _recode(table: str, column: str, mapping: dict[str, str]) -> None:
    statement = sa.text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old")
    for old, new in mapping.items():
        op.execute(statement.bindparams(old=old, new=new))


def downgrade() -> None:
    for table, mapping, column in (
        ("survey_responses", INCOME, "income_band"),
        ("survey_responses", EMPLOYMENT, "employment"),
        ("anonymous_outcomes", EMPLOYMENT, "employment"),
    ):
        reverse: dict[str, str] = {}
        for old, new in mapping.items():
            reverse.setdefault(new, old)  # "employed" goes back to the first of its two old texts
        _recode(table, column, reverse)
    with op.batch_alter_table("anonymous_outcomes", schema=None) as batch_op:
        batch_op.drop_column("income_band")
        for name, _ in reversed(NEW_ANSWERS):
            batch_op.drop_column(name)
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        for name, _ in reversed(NEW_ANSWERS):
            batch_op.drop_column(name)
    with op.batch_alter_table("service_cases", schema=None) as batch_op:
        batch_op.drop_column("income_before")
