"""The migrations build exactly the schema that schema.py declares, on SQLite and PostgreSQL, and a
database made before a migration keeps its rows through it."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from data_access import schema
from data_access.db_setup import _config, head_revision, upgrade_to_head


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
