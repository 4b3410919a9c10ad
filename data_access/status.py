"""What the database holds: reachable or not, schema version, row counts, freshness, demo or real."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, ProgrammingError, SQLAlchemyError

from data_access import schema
from data_access.db_setup import head_revision
from data_access.places import HromadaSelection, in_hromadas

COUNTED_TABLES = (
    "hromada", "settlement", "incident", "resident_request", "survey_wave", "survey_response",
    "survey_answer", "partner", "activity", "priority", "import_batch", "rejected_row", "app_user",
)


# What a query raises when the database server is down, restarting or cut off (pages show the
# outage notice and retry; components/shell.py): refused or lost connections, timeouts.
OUTAGE_ERRORS = (OperationalError, InterfaceError, DisconnectionError)




def refused_permission(exc: BaseException) -> bool:
    """True when the database refused a statement for want of a privilege (SQLSTATE 42501): an app
    server connected with the pages' role (docs/deploy.md) tried an import or an edit."""
    return isinstance(exc, SQLAlchemyError) and getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501"


@dataclass(frozen=True)
class DatabaseState:
    """``state`` is one of: unreachable, no_schema, outdated, empty, ready."""

    state: str
    detail: str = ""


def database_state(engine: Engine) -> DatabaseState:
    """Whether the dashboard can draw from this database, and if not, why (one connection: every page
    run asks)."""
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("incident"):
                return DatabaseState("no_schema")
            current = MigrationContext.configure(conn).get_current_revision()
            if current != head_revision():
                return DatabaseState("outdated", f"{current} → {head_revision()}")
            if conn.execute(select(func.count()).select_from(schema.hromada)).scalar_one() == 0:
                return DatabaseState("empty")
    except (OperationalError, ProgrammingError) as exc:
        return DatabaseState("unreachable", str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc))
    except SQLAlchemyError as exc:
        return DatabaseState("unreachable", type(exc).__name__)
    return DatabaseState("ready")


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table."""
    with engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(schema.metadata.tables[name])).scalar_one()
            for name in COUNTED_TABLES
        }


@dataclass(frozen=True)
class Freshness:
    """How fresh the data is and whether any of it is demo data."""

    has_demo: bool
    last_import_at: datetime | None
    newest_incident: date | None
    newest_request: date | None


def freshness(engine: Engine, *, hromada_id: HromadaSelection | None = None) -> Freshness:
    """Newest record dates (optionally of one hromada or a selection), the last import time and the demo flag."""
    b = schema.import_batch
    i = schema.incident
    r = schema.resident_request
    with engine.connect() as conn:
        active = b.c.status == "committed"
        has_demo = conn.execute(select(func.count()).where(active, b.c.is_demo.is_(True))).scalar_one() > 0
        last_import = conn.execute(select(func.max(b.c.created_at)).where(active)).scalar_one()
        qi = select(func.max(i.c.occurred_date))
        qr = select(func.max(r.c.received_date))
        if hromada_id is not None:
            qi = qi.where(in_hromadas(i.c.hromada_id, hromada_id))
            qr = qr.where(in_hromadas(r.c.hromada_id, hromada_id))
        return Freshness(has_demo, last_import, conn.execute(qi).scalar_one(), conn.execute(qr).scalar_one())
