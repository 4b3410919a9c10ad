"""CLI commands backup and restore (data_access.backup): the whole database to one file and back, verified."""

from __future__ import annotations

import argparse
from pathlib import Path

from data_access.audit import record
from data_access.backup import BackupError, backup, restore
from data_access.cli import operator
from data_access.db_setup import head_revision
from data_access.engine import describe_url, make_engine
from data_access.status import OUTAGE_ERRORS


def _reason(exc: Exception) -> str:
    """The first line of what went wrong (a database error without its SQL)."""
    if isinstance(exc, OUTAGE_ERRORS):
        return "the database cannot be reached: " + str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return str(exc)


def _backup(args: argparse.Namespace) -> int:
    engine = make_engine(args.database_url)
    try:
        manifest = backup(engine, Path(args.out))
    except (BackupError, OSError, *OUTAGE_ERRORS) as exc:
        print(f"Резервну копію не створено. / Backup failed: {_reason(exc)}")
        return 1
    rows = sum(manifest.counts.values())
    print(f"Резервну копію перевірено / backup verified: {args.out} ({describe_url(str(engine.url))}); "
          f"revision {manifest.revision}; {len(manifest.counts)} tables, {rows} rows; "
          f"manifest {Path(args.out).name}.manifest.json")
    if manifest.revision != head_revision():  # an older schema's audit log is not chained yet
        return 0
    record(engine, username=operator(), action="backup", detail={"file": str(args.out), "sha256": manifest.sha256,
                                                                    "revision": manifest.revision, "rows": rows})
    return 0


def _restore(args: argparse.Namespace) -> int:
    engine = make_engine(args.database_url)
    try:
        outcome = restore(engine, Path(args.file))
    except (BackupError, OSError, *OUTAGE_ERRORS) as exc:
        print(f"Не відновлено. / Restore failed: {_reason(exc)}")
        return 1
    m = outcome.manifest
    print(f"Відновлено і перевірено / restored and verified: {args.file} (made {m.created_at}, revision {m.revision}, "
          f"{sum(m.counts.values())} rows in {len(m.counts)} tables match the manifest); "
          f"schema now at {outcome.revision_after}")
    record(engine, username=operator(), action="restore", detail={"file": str(args.file), "sha256": m.sha256,
                                                                     "made": m.created_at, "revision": m.revision})
    return 0


def register(sub) -> None:
    p = sub.add_parser("backup", help="copy the whole database to FILE (and FILE.manifest.json), verified")
    p.add_argument("--out", required=True, help="the backup file to write")
    p.set_defaults(handler=_backup)
    p = sub.add_parser("restore", help="replace the database's content with a backup made by `backup`, "
                                       "verify it and migrate it to this version's schema")
    p.add_argument("file", help="the backup file (its .manifest.json beside it)")
    p.set_defaults(handler=_restore)
