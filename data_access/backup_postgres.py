"""PostgreSQL backups for data_access.backup: the installed pg_dump / pg_restore, driven from the engine's URL."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import DDL, Column, Engine, ForeignKeyConstraint, MetaData, Table, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.schema import DropConstraint

from data_access.backup import BackupError, Manifest, private_file, stored_data_version, table_counts


def _pg_env(engine: Engine) -> dict[str, str]:
    """libpq settings for pg_dump / pg_restore from the engine's URL (the password never on the command line)."""
    url = make_url(str(engine.url.render_as_string(hide_password=False)))
    env = {**os.environ, "PGHOST": url.host or "localhost", "PGPORT": str(url.port or 5432),
           "PGUSER": url.username or "", "PGDATABASE": url.database or ""}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian/Ubuntu: apt install postgresql-client)")
    return found


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[:2000]}")
    return done.stdout


def pg_backup(engine: Engine, out: Path) -> Manifest:
    """``pg_dump -Fc`` of the engine's schema in an exported snapshot; the manifest counts that snapshot."""
    pg_dump = _tool("pg_dump")
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        name = conn.execute(text("SELECT current_schema()")).scalar_one()
        counts, version = table_counts(conn), stored_data_version(conn)
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() \
            if "alembic_version" in counts else None
        private_file(out)
        _run([pg_dump, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-n", name,
              "-f", str(out)], _pg_env(engine))
    listed = _dump_tables(out, engine)
    if set(listed) != set(counts):
        raise BackupError(f"the dump lacks tables: {sorted(set(counts) - set(listed))}")
    return Manifest("postgresql", revision, counts, schema=name, data_version=version)


def _dump_list(path: Path, engine: Engine) -> list[str]:
    return _run([_tool("pg_restore"), "-l", str(path)], _pg_env(engine)).splitlines()


def _dump_tables(path: Path, engine: Engine) -> list[str]:
    """Names of the tables whose rows the dump holds ("TABLE DATA <schema> <name> <owner>")."""
    return [line.split()[6] for line in _dump_list(path, engine) if " TABLE DATA " in line]


def pg_restore(engine: Engine, backup_file: Path, manifest: Manifest) -> None:
    """Replace the schema's tables with the dump's in one ``pg_restore`` transaction; tables newer
    than the backup are dropped first (the migrations after the restore make them again)."""
    pg_restore = _tool("pg_restore")
    with engine.begin() as conn:
        name = conn.execute(text("SELECT current_schema()")).scalar_one()
        if name != manifest.schema:
            raise BackupError(f"the backup is of schema {manifest.schema}; this database's schema is {name}")
        in_dump = set(_dump_tables(backup_file, engine))
        drop = DDL("DROP TABLE %(fullname)s CASCADE")  # DDL quotes the name it is made against
        for name in inspect(conn).get_table_names():  # tables newer than the backup: migrations make them again
            if name not in in_dump:
                conn.execute(drop.against(Table(name, MetaData())))
        # foreign keys added to the dump's tables after the backup (e.g. import_batch.hromada_id) would stop
        # pg_restore --clean dropping the keys they point at; the dump and the migrations after it make them again
        found = inspect(conn)
        for name in found.get_table_names():
            for fk in found.get_foreign_keys(name):
                if fk.get("name"):
                    own = Table(name, MetaData(), *(Column(c) for c in fk["constrained_columns"]))
                    key = ForeignKeyConstraint(fk["constrained_columns"], [
                        f"{fk['referred_table']}.{c}" for c in fk["referred_columns"]], name=fk["name"])
                    own.append_constraint(key)
                    conn.execute(DropConstraint(key))
    entries = [line for line in _dump_list(backup_file, engine) if " SCHEMA - " not in line]
    listing = backup_file.with_name(backup_file.name + ".list")
    listing.write_text("\n".join(entries) + "\n")
    try:
        engine.dispose()
        _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", "-L", str(listing), "-d", _pg_env(engine)["PGDATABASE"], str(backup_file)],
             _pg_env(engine))
    finally:
        listing.unlink(missing_ok=True)
