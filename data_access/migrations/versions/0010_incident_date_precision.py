"""how exactly an incident's date is known (issue 18: real data with coarse dates)

police.uk and other exports give only the month (``2024-12``) or the year; such a record is stored as
the first day of its month or year with ``occurred_precision`` "month" / "year" and ``occurred_until``
the last day it may stand for; ``occurred_time_known`` is False for a date without a time of day.
Incidents stored before were imported with their day and time: they become "day", time known, and
``occurred_until`` = ``occurred_date``.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("occurred_precision", sa.String(length=8), nullable=False, server_default="day"))
        batch.add_column(sa.Column("occurred_time_known", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column("occurred_until", sa.Date(), nullable=True))
    op.execute("UPDATE incident SET occurred_until = occurred_date")
    with op.batch_alter_table("incident") as batch:
        batch.alter_column("occurred_until", existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("occurred_until")
        batch.drop_column("occurred_time_known")
        batch.drop_column("occurred_precision")
