"""data version counter (freshness across app servers)

``data_version`` holds one row whose counter every writing transaction bumps first
(data_access.data_version); the pages key their caches on it.

Revision ID: 0008
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.bulk_insert(table, [{"id": 1, "version": 1, "changed_at": None}])


def downgrade() -> None:
    op.drop_table("data_version")
