"""accounts limited to some hromadas, a raion or an oblast (issue 19, part 5)

An account without rows here sees every hromada, as before.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user_scope",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=420), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_app_user_scope_user_id_app_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user_scope")),
        sa.UniqueConstraint("user_id", "level", "value", name="uq_app_user_scope_user_id_level_value"),
    )
    op.create_index(op.f("ix_app_user_scope_user_id"), "app_user_scope", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_app_user_scope_user_id"), table_name="app_user_scope")
    op.drop_table("app_user_scope")
