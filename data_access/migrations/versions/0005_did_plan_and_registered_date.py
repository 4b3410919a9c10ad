"""the "did it help?" choice recorded on an activity when it was planned

activity.did_radius_m, did_weeks, did_categories: the radius, window and categories chosen in
advance, shown as the default (and the only choice outside the prosecutor role), so that nobody
tries radii and windows until one looks significant (issue 16, part 6).

Revision ID: 0005
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        batch.add_column(sa.Column("did_radius_m", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("did_weeks", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("did_categories", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        batch.drop_column("did_categories")
        batch.drop_column("did_weeks")
        batch.drop_column("did_radius_m")
