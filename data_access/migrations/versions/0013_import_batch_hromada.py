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
    found = ", ".join(f"(SELECT MIN(t.hromada_id) FROM {t} t WHERE t.import_batch_id = import_batch.id)"
                      for t in RECORD_TABLES)
    op.execute(f"UPDATE import_batch SET hromada_id = COALESCE({found}) WHERE is_demo = false")  # noqa: S608


def downgrade() -> None:
    with op.batch_alter_table("import_batch") as batch:
        batch.drop_index(batch.f("ix_import_batch_hromada_id"))
        batch.drop_constraint(batch.f("fk_import_batch_hromada_id_hromada"), type_="foreignkey")
        batch.drop_column("hromada_id")
