"""Backup and restore of the whole database, each checked against a manifest (rows per table, schema revision).

SQLite: the online backup API (a consistent copy while the app keeps running). PostgreSQL: the
installed ``pg_dump -Fc`` / ``pg_restore`` of the app's schema, the dump taken in an exported
snapshot so that the manifest's counts are exactly the dump's rows. The manifest is written next
to the backup (``<file>.manifest.json``) with the file's SHA-256; ``restore`` checks the file
against it before changing anything, compares the restored rows per table and the revision with
it, then migrates an older backup to the code's schema and moves the data version past every
version the servers may have cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, Select, func, inspect, select, table, text, update
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from data_access import schema
from data_access.db_setup import current_revision, head_revision, upgrade_to_head


class BackupError(Exception):
    """A backup or restore that cannot be done or did not verify (the message says why)."""


@dataclass
class Manifest:
    dialect: str  # sqlite / postgresql
    revision: str | None
    counts: dict[str, int]
    sha256: str = ""
    schema: str | None = None  # PostgreSQL: the schema dumped
    data_version: int = 0
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @staticmethod
    def path_for(backup: Path) -> Path:
        return backup.with_name(backup.name + ".manifest.json")

    def write(self, backup: Path) -> None:
        private_file(Manifest.path_for(backup)).write_text(json.dumps(self.__dict__, indent=1, sort_keys=True))

    @staticmethod
    def read(backup: Path) -> Manifest:
        path = Manifest.path_for(backup)
        if not path.exists():
            raise BackupError(f"no manifest {path.name} next to the backup: it cannot be verified")
        return Manifest(**json.loads(path.read_text()))


@dataclass(frozen=True)
class Outcome:
    manifest: Manifest
    revision_after: str | None = None
    differences: dict[str, tuple[int, int]] = field(default_factory=dict)  # table -> (manifest, found)


def private_file(path: Path) -> Path:
    """An empty file readable by its owner only (a backup holds everything the database holds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _count_of(name: str) -> Select:
    return select(func.count()).select_from(table(name))


def table_counts(conn: Connection) -> dict[str, int]:
    """Rows in every table of the database (of the connection's schema on PostgreSQL)."""
    return {name: int(conn.execute(_count_of(name)).scalar_one()) for name in sorted(inspect(conn).get_table_names())}


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table of a SQLite database opened with the sqlite3 module."""
    names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    compiled = {n: str(_count_of(n).compile(dialect=sqlite_dialect())) for n in names}
    return {n: conn.execute(sql).fetchone()[0] for n, sql in compiled.items()}


def stored_data_version(conn: Connection) -> int:
    if not inspect(conn).has_table("data_version"):
        return 0
    return int(conn.execute(text("SELECT max(version) FROM data_version")).scalar() or 0)


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(database)


def backup(engine: Engine, out: Path) -> Manifest:
    """Write a backup of the database to ``out`` and its manifest beside it; verify the backup."""
    out = Path(out)
    if engine.dialect.name == "sqlite":
        manifest = _sqlite_backup(engine, out)
    elif engine.dialect.name == "postgresql":
        from data_access.backup_postgres import pg_backup

        manifest = pg_backup(engine, out)
    else:
        raise BackupError(f"no backup for {engine.dialect.name}")
    manifest.sha256 = _sha256(out)
    manifest.write(out)
    return manifest


def _sqlite_backup(engine: Engine, out: Path) -> Manifest:
    source = sqlite3.connect(_sqlite_path(engine), timeout=30)
    try:
        source.execute("BEGIN")  # one read snapshot for the counts and the copy
        counted = _sqlite_counts(source)
        version = source.execute("SELECT max(version) FROM data_version").fetchone()[0] if "data_version" in counted else 0
        revision = source.execute("SELECT max(version_num) FROM alembic_version").fetchone()[0] \
            if "alembic_version" in counted else None
        target = sqlite3.connect(private_file(out))
        try:
            source.backup(target)
            found = _sqlite_counts(target)
            if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("the backup file failed SQLite's integrity check")
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            target.close()
        source.rollback()
    finally:
        source.close()
    if found != counted:
        raise BackupError(f"the backup's row counts differ from the database's: {found} != {counted}")
    return Manifest("sqlite", revision, counted, data_version=int(version or 0))


def restore(engine: Engine, backup_file: Path) -> Outcome:
    """Replace the database's content with ``backup_file`` (checked against its manifest first),
    compare the rows per table and the revision, then migrate to the code's schema."""
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise BackupError(f"no backup file {backup_file}")
    manifest = Manifest.read(backup_file)
    if manifest.dialect != engine.dialect.name:
        raise BackupError(f"a {manifest.dialect} backup cannot be restored into {engine.dialect.name}")
    if _sha256(backup_file) != manifest.sha256:
        raise BackupError("the backup file does not match its manifest (SHA-256): it is damaged or another file")
    with engine.connect() as conn:
        version_before = stored_data_version(conn)
    if engine.dialect.name == "sqlite":
        _sqlite_restore(engine, backup_file)
    else:
        from data_access.backup_postgres import pg_restore

        pg_restore(engine, backup_file, manifest)
    with engine.connect() as conn:
        found, revision = table_counts(conn), current_revision(engine)
    differences = {t: (manifest.counts.get(t, 0), found.get(t, 0))
                   for t in sorted(set(found) | set(manifest.counts)) if manifest.counts.get(t) != found.get(t)}
    if differences or revision != manifest.revision:
        raise BackupError(f"the restored database differs from the manifest: revision {revision} "
                          f"(manifest {manifest.revision}), rows {differences}")
    if revision != head_revision():
        upgrade_to_head(engine)
    with engine.begin() as conn:  # past any version a server may hold in its cache
        version = max(version_before, manifest.data_version) + 1
        conn.execute(update(schema.data_version).where(schema.data_version.c.id == 1).values(version=version))
    return Outcome(manifest, current_revision(engine))


def _sqlite_restore(engine: Engine, backup_file: Path) -> None:
    engine.dispose()
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    target = sqlite3.connect(_sqlite_path(engine), timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
