"""indexes on four foreign keys for databases created before 0001 declared them

0001 was regenerated in place (same revision id) when these indexes were added to schema.py, so a
database initialised from the earlier 0001 is "at head" yet lacks them. Without
ix_activity_priority_id, data_access.priorities.priority_list scans every activity (0.2 s at
national scale, 1 million activities). IF NOT EXISTS: a database from the current 0001 has them.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_activity_priority_id", "activity", "priority_id"),
    ("ix_activity_settlement_id", "activity", "settlement_id"),
    ("ix_resident_request_forwarded_partner_id", "resident_request", "forwarded_partner_id"),
    ("ix_survey_response_settlement_id", "survey_response", "settlement_id"),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column], unique=False, if_not_exists=True)


def downgrade() -> None:
    # The indexes belong to 0001's schema (schema.py declares them): keep them.
    pass
