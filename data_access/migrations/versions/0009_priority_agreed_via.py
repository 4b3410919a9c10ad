"""how and when each priority was agreed with residents (issue 22: the public report card)

A priority is agreed at a residents' meeting, from a survey or from the requests residents sent;
the public page says which and when. Both columns stay empty for priorities stored before.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("priority") as batch:
        batch.add_column(sa.Column("agreed_via", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("agreed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("priority") as batch:
        batch.drop_column("agreed_on")
        batch.drop_column("agreed_via")
