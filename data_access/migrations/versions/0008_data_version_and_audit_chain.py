"""data version counter (freshness across app servers); append-only, hash-chained audit log

``data_version`` holds one row whose counter every writing transaction bumps first
(data_access.data_version); the pages key their caches on it.

``audit_log`` gains ``prev_hash`` and ``row_hash`` (data_access.audit_chain); existing entries are
chained in id order here, and ``audit_chain`` holds the chain's length and newest hash. Triggers
then refuse UPDATE and DELETE on ``audit_log`` (and TRUNCATE on PostgreSQL).

Revision ID: 0008
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None

REFUSED = "audit_log is append-only"

SQLITE_TRIGGERS = (
    f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: UPDATE refused'); END",
    f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: DELETE refused'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{REFUSED}: % refused', TG_OP; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
)


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.bulk_insert(table, [{"id": 1, "version": 1, "changed_at": None}])

    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
    head = op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("length", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
    )
    length, last = _chain_existing_entries()
    op.bulk_insert(head, [{"id": 1, "length": length, "last_hash": last}])
    for statement in POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)


def _chain_existing_entries() -> tuple[int, str]:
    """Hash the entries written before this revision, in id order; returns (count, newest hash)."""
    from data_access.audit_chain import GENESIS, entry_hash

    conn = op.get_bind()
    log = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                   sa.column("username", sa.String), sa.column("action", sa.String), sa.column("detail", sa.Text),
                   sa.column("prev_hash", sa.String), sa.column("row_hash", sa.String))
    prev, count = GENESIS, 0
    rows = conn.execute(sa.select(log.c.id, log.c.at, log.c.username, log.c.action, log.c.detail)
                        .order_by(log.c.id)).all()
    for r in rows:
        digest = entry_hash(prev_hash=prev, at=r.at, username=r.username, action=r.action, detail=r.detail)
        conn.execute(sa.update(log).where(log.c.id == r.id).values(prev_hash=prev, row_hash=digest))
        prev, count = digest, count + 1
    return count, prev


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    op.drop_table("audit_chain")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
    op.drop_table("data_version")
