"""The migrations build exactly the schema that schema.py declares, on SQLite and PostgreSQL, and a
database made before a migration keeps its rows through it."""

from __future__ import annotations

from datetime import date, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from data_access import schema
from data_access.db_setup import _config, head_revision, upgrade_to_head
from data_access.records import new_batch
from tests.factories import BUCHA, ids


def test_schema_py_and_the_migrations_agree(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), schema.metadata)
    assert diff == []


def test_accounts_survive_the_login_throttle_migration(engine):
    """0003 drops app_user.locked_until and adds login_throttle: an account made at 0002 stays."""
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO app_user (username, role, password_hash, disabled, failed_attempts, "
                          "locked_until, created_at) VALUES ('olena', 'prosecutor', 'x', false, 2, NULL, "
                          "'2026-11-01 10:00:00')"))
    upgrade_to_head(engine)
    assert "locked_until" not in {c["name"] for c in inspect(engine).get_columns("app_user")}
    with engine.connect() as conn:
        assert conn.execute(select(schema.app_user.c.username, schema.app_user.c.failed_attempts)).all() == [("olena", 2)]
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()


def test_requests_get_the_legal_clocks_through_migration_0004(engine):
    """A request stored at 0003 with the old 30-day term becomes one needing study, due one calendar
    month after receipt (31 January -> 28 February, not 2 March); the new columns are there."""
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    with engine.begin() as conn:
        hromada_id = conn.execute(text("SELECT min(id) FROM hromada")).scalar_one()
        batch = conn.execute(schema.import_batch.insert().values(
            kind="requests", source="old", created_at=datetime(2026, 2, 1), rows_total=1, rows_imported=1,
            rows_updated=0, rows_rejected=0, is_demo=False, status="committed")).inserted_primary_key[0]
        conn.execute(text(
            "INSERT INTO resident_request (source, external_id, import_batch_id, hromada_id, received_at, received_date, "
            "received_week, channel, type, topic, deadline_days, due_date, status, collective) VALUES ('old', 'З-9', :b, :h, "
            "'2026-01-31 08:00:00', '2026-01-31', '2026-01-26', 'written', 'complaint', 'other', 30, '2026-03-02', "
            "'open', false)"), {"h": hromada_id, "b": batch})
    upgrade_to_head(engine)
    r = schema.resident_request
    with engine.connect() as conn:
        row = conn.execute(select(r.c.needs_study, r.c.deadline_days, r.c.due_date, r.c.urgent, r.c.privileged)
                           .where(r.c.external_id == "З-9")).one()
    assert (row.needs_study, row.deadline_days, str(row.due_date), row.urgent, row.privileged) == \
        (True, None, "2026-02-28", False, False)


def test_registered_dates_are_filled_for_stored_incidents(engine):
    """0005 adds incident.reported_date / reported_week and fills them from reported_at (naive UTC)
    in the Kyiv calendar; an incident without reported_at keeps NULL."""
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    hromada = ids(engine)[BUCHA]
    with engine.begin() as conn:
        batch = new_batch(conn, kind="incidents", source="t")
        for ext, reported in (("late-evening", "2026-11-29 22:30:00"), ("unknown", None)):
            conn.execute(text(
                "INSERT INTO incident (source, external_id, import_batch_id, hromada_id, occurred_at, reported_at, "
                "occurred_date, occurred_week, occurred_hour, occurred_dow, category, category_group, severity, "
                "status, domestic_violence, minors_involved) VALUES ('t', :ext, :batch, :hromada, "
                "'2026-11-20 10:00:00', :reported, '2026-11-20', '2026-11-16', 12, 5, 'theft', 'community', "
                "'minor', 'registered', :no, :no)"),
                {"ext": ext, "batch": batch, "hromada": hromada, "no": False,
                 "reported": None if reported is None else datetime.fromisoformat(reported)})
    upgrade_to_head(engine)
    with engine.connect() as conn:
        got = {e: (d, w) for e, d, w in conn.execute(select(
            schema.incident.c.external_id, schema.incident.c.reported_date, schema.incident.c.reported_week))}
    # 22:30 UTC on Sunday 29 November is 00:30 on Monday 30 November in Kyiv (UTC+2 in winter)
    assert got == {"late-evening": (date(2026, 11, 30), date(2026, 11, 30)), "unknown": (None, None)}


def test_batches_get_the_hromada_of_their_records_through_migration_0013(engine):
    """0013 adds import_batch.hromada_id: a batch with stored incidents gets their hromada; a batch whose
    rows were all rejected keeps none."""
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0011")
    with engine.begin() as conn:
        hromada_id = conn.execute(text("SELECT min(id) FROM hromada")).scalar_one()
        made = []
        for source in ("with-records", "all-rejected"):
            made.append(conn.execute(text(
                "INSERT INTO import_batch (kind, source, created_at, rows_total, rows_imported, rows_updated, "
                "rows_rejected, is_demo, status) VALUES ('incidents', :s, '2026-10-01 10:00:00', 1, 1, 0, 0, false, "
                "'committed') RETURNING id"), {"s": source}).scalar_one())
        conn.execute(text(
            "INSERT INTO incident (source, external_id, import_batch_id, hromada_id, occurred_at, occurred_date, "
            "occurred_week, occurred_hour, occurred_dow, occurred_precision, occurred_time_known, occurred_until, "
            "category, category_group, severity, status, domestic_violence, minors_involved) VALUES ('with-records', "
            "'i-1', :b, :h, '2026-10-01 09:00:00', '2026-10-01', '2026-09-28', 12, 3, 'day', true, '2026-10-01', "
            "'theft', 'community', 'minor', 'registered', false, false)"),
            {"b": made[0], "h": hromada_id})
    upgrade_to_head(engine)
    b = schema.import_batch
    with engine.connect() as conn:
        got = dict(conn.execute(select(b.c.source, b.c.hromada_id)).all())
    assert got == {"with-records": hromada_id, "all-rejected": None}
