"""the hromada a batch was imported for, so the import log shows an account only its hromadas' batches

Existing batches get the hromada of their records (the first record table that has any); a batch with no
stored record (all rows rejected) or the demo batch (many hromadas) stays empty.

Revision ID: 0013
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None

RECORD_TABLES = ("incident", "resident_request", "survey_wave", "activity", "protective_order")


def upgrade() -> None:
    with op.batch_alter_table("import_batch") as batch:
        batch.add_column(sa.Column("hromada_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_import_batch_hromada_id_hromada"), "hromada", ["hromada_id"], ["id"])
        batch.create_index(batch.f("ix_import_batch_hromada_id"), ["hromada_id"], unique=False)
    batch = sa.table("import_batch", sa.column("id"), sa.column("hromada_id"), sa.column("is_demo"))
    records = [sa.table(name, sa.column("hromada_id"), sa.column("import_batch_id")) for name in RECORD_TABLES]
    found = [sa.select(sa.func.min(t.c.hromada_id)).where(t.c.import_batch_id == batch.c.id).scalar_subquery()
             for t in records]
    op.execute(batch.update().where(batch.c.is_demo == sa.false()).values(hromada_id=sa.func.coalesce(*found)))


def downgrade() -> None:
    with op.batch_alter_table("import_batch") as batch:
        batch.drop_index(batch.f("ix_import_batch_hromada_id"))
        batch.drop_constraint(batch.f("fk_import_batch_hromada_id_hromada"), type_="foreignkey")
        batch.drop_column("hromada_id")
