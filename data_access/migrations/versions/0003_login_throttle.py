"""sign-in throttling by client and by account and client instead of a lock on the account

An account locked for 15 minutes after five wrong passwords let anyone lock anybody out and told
who exists (a locked account answered at once). Failures are now counted per client and per
account-and-client in login_throttle, with growing waits (data_access.sign_in); the account's
locked_until goes.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
    op.drop_table("login_throttle")
