"""the "did it help?" plan on an activity; incidents' registration date in the Kyiv calendar

activity.did_radius_m, did_weeks, did_categories: the radius, window and categories chosen in
advance, shown as the default (and the only choice outside the prosecutor role), so that nobody
tries radii and windows until one looks significant (issue 16, part 6).

incident.reported_date, reported_week: the Kyiv date and ISO-week Monday of reported_at, so that
incidents can be counted by registration as official reports do (issue 16, part 3). Filled here
from reported_at for the rows already stored (NULL where reported_at is NULL).

Revision ID: 0005
Revises: 0004
"""

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

KYIV = ZoneInfo("Europe/Kyiv")
CHUNK = 5000


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        batch.add_column(sa.Column("did_radius_m", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("did_weeks", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("did_categories", sa.String(length=500), nullable=True))
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("reported_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("reported_week", sa.Date(), nullable=True))
    op.create_index("ix_incident_hromada_reported_date", "incident", ["hromada_id", "reported_date"], unique=False)
    _fill_reported_dates(op.get_bind())


def _fill_reported_dates(conn) -> None:
    """reported_date / reported_week from reported_at (naive UTC) in the Kyiv calendar, in chunks."""
    incident = sa.table("incident", sa.column("id", sa.Integer), sa.column("reported_at", sa.DateTime),
                        sa.column("reported_date", sa.Date), sa.column("reported_week", sa.Date))
    update = (sa.update(incident).where(incident.c.id == sa.bindparam("row_id"))
              .values(reported_date=sa.bindparam("day"), reported_week=sa.bindparam("monday")))
    last = 0
    while True:
        rows = conn.execute(sa.select(incident.c.id, incident.c.reported_at)
                            .where(incident.c.reported_at.is_not(None), incident.c.id > last)
                            .order_by(incident.c.id).limit(CHUNK)).all()
        if not rows:
            return
        values = []
        for row_id, reported in rows:
            day = reported.replace(tzinfo=UTC).astimezone(KYIV).date()
            values.append({"row_id": row_id, "day": day, "monday": day - timedelta(days=day.weekday())})
        conn.execute(update, values)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_incident_hromada_reported_date", table_name="incident")
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("reported_week")
        batch.drop_column("reported_date")
    with op.batch_alter_table("activity") as batch:
        batch.drop_column("did_categories")
        batch.drop_column("did_weeks")
        batch.drop_column("did_radius_m")
