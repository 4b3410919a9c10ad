"""Schema creation and upgrades through Alembic, run from Python (no alembic.ini needed)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade_to_head(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision.

    On SQLite, foreign keys are not enforced while the migrations run: a batch migration rebuilds a table
    (copy, drop, rename), and dropping a parent table with enforcement on would delete its children through
    ON DELETE CASCADE (every record of an import batch when ``import_batch`` is rebuilt). The references are
    checked once the migrations are done (``PRAGMA foreign_key_check``), and enforcement is back on after."""
    cfg = _config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # outside a transaction, or SQLite ignores it
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all() if sqlite else []
                if broken:
                    raise RuntimeError(f"the migrated database has broken references: {broken[:5]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for a database with no schema."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision the code knows. Read once per process: the migration files are code, and
    reading them (Alembic loads each one) cost ~12 ms of CPU on every page run (benchmarks, issue 23)."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def new_revision(engine: Engine, message: str) -> None:
    """Developer helper: autogenerate a migration from the difference between schema.py and
    the database (which must be at head)."""
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)


def refresh_statistics(engine: Engine, tables: tuple[str, ...] = ()) -> None:
    """ANALYZE after a large load, so the query planner sees the new row counts at once
    (PostgreSQL otherwise waits for autovacuum: one partner query took 1.5 s before, 2 ms after).
    It samples a fixed number of rows per table, so it stays quick on large databases; ``tables``
    (names from the schema): only those, e.g. the one an import wrote."""
    from sqlalchemy import text

    quote = engine.dialect.identifier_preparer.quote
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE " + ", ".join(quote(t) for t in tables) if tables else "ANALYZE"))
