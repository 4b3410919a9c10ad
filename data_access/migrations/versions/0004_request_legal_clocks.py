"""resident requests counted the way the law counts them (issue 15)

Adds what each type's legal clock needs: needs_study, urgent, privileged, due_at (24/48-hour terms),
sent_by_competence_at + sent_to (art. 7 of the Law «Про звернення громадян»), erdr_registered_at
(КПК art. 214), outcome. deadline_days becomes an explicit term only (empty: the law's term); the
15/30 days stored before become needs_study = false/true, and due_date is recomputed by the law
(one month is a calendar month, not 30 days).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("resident_request") as batch:
        batch.add_column(sa.Column("needs_study", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("privileged", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("due_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("sent_by_competence_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("sent_to", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("erdr_registered_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=32), nullable=True))
        batch.alter_column("deadline_days", existing_type=sa.SmallInteger(), nullable=True)
    conn = op.get_bind()
    r = sa.table("resident_request", sa.column("id", sa.Integer), sa.column("type", sa.String),
                 sa.column("received_at", sa.DateTime), sa.column("deadline_days", sa.SmallInteger),
                 sa.column("needs_study", sa.Boolean), sa.column("extended_due_date", sa.Date),
                 sa.column("due_date", sa.Date))
    from datetime import UTC

    from domain.legal_terms import DeadlineError, due_for, request_types
    known = request_types()
    for row in conn.execute(sa.select(r.c.id, r.c.type, r.c.received_at, r.c.deadline_days, r.c.extended_due_date)):
        study = row.deadline_days != 15
        values = {"needs_study": study, "deadline_days": None}
        if row.type in known:
            received = row.received_at.replace(tzinfo=UTC)
            try:
                values["due_date"] = due_for(row.type, received, needs_study=study, extended_due=row.extended_due_date)
            except DeadlineError:
                values["due_date"] = due_for(row.type, received, needs_study=study)
        conn.execute(r.update().where(r.c.id == row.id).values(**values))


def downgrade() -> None:
    conn = op.get_bind()
    r = sa.table("resident_request", sa.column("deadline_days", sa.SmallInteger), sa.column("needs_study", sa.Boolean))
    conn.execute(r.update().where(r.c.deadline_days.is_(None))
                 .values(deadline_days=sa.case((r.c.needs_study.is_(False), 15), else_=30)))
    with op.batch_alter_table("resident_request") as batch:
        batch.alter_column("deadline_days", existing_type=sa.SmallInteger(), nullable=False)
        for col in ("outcome", "erdr_registered_at", "sent_to", "sent_by_competence_at", "due_at", "privileged",
                    "urgent", "needs_study"):
            batch.drop_column(col)
