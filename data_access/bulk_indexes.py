"""Writing many rows on PostgreSQL with a table's secondary indexes and foreign keys dropped meanwhile, and
rebuilt (the same names, from ``schema.py``'s own definitions) in the same transaction before it commits.

Each row then costs its table and its unique indexes only; an index is built by one sort and a foreign key
checked by one join at the end, instead of an index entry and a lookup per row and key. The price is the
locks: until the transaction commits, the tables are locked ACCESS EXCLUSIVE — and so is every table one of
their foreign keys refers to (dropping a key removes its triggers there too) — so readers of any of them wait
where they would otherwise read the previous data. Callers decide when that is acceptable (the demo seed:
``data_access.demo.bulk_load``; a first import into a nearly empty table: ``data_access.importing.store``).
On SQLite (WAL) only the indexes are dropped, and readers never wait.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Table, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

INDEX_BUILD_MEMORY = "256MB"  # maintenance_work_mem for the rebuild (default 64 MB: the sorts spill to disk)
INSUFFICIENT_PRIVILEGE = "42501"  # the role does not own the tables: it may not drop their indexes
LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout ran out


@contextmanager
def indexes_deferred(conn: Connection, tables: Sequence[Table], *, lock_timeout_ms: int | None = None) -> Iterator[bool]:
    """Inside: the secondary (non-unique) indexes and the foreign keys of ``tables`` are dropped (PostgreSQL, a
    role that owns the tables); on leaving without an error they are built again and every foreign key is
    checked (a row that refers to nothing fails the transaction, which then stores nothing). Yields whether
    they were dropped: False on SQLite, for a role that does not own the tables, and when the locks were not
    granted within ``lock_timeout_ms`` (None: wait as long as it takes) — the caller then writes with them.
    Primary keys and unique constraints stay: they keep every row's identity checked while it is written.
    SQLite: only the secondary indexes (a foreign key is part of its table there), and no reader waits: in
    WAL mode readers keep reading the last committed state, indexes included, until the writer commits."""
    if conn.dialect.name == "sqlite":
        with _sqlite_indexes_deferred(conn, tables) as dropped:
            yield dropped
        return
    if conn.dialect.name != "postgresql":
        yield False
        return
    have_indexes = set(conn.execute(text(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")).scalars())
    have_keys = set(conn.execute(text(
        "SELECT conname FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
    )).scalars())
    indexes = [ix for table in tables for ix in sorted(table.indexes, key=lambda i: i.name)
               if not ix.unique and ix.name in have_indexes]
    keys = [fk for table in tables for fk in sorted(table.foreign_key_constraints, key=lambda k: k.name)
            if fk.name in have_keys]
    before = conn.execute(text("SELECT current_setting('lock_timeout')")).scalar_one()
    try:
        with conn.begin_nested():
            if lock_timeout_ms is not None:  # undone with the savepoint if it fails, else reset below
                conn.execute(text("SELECT set_config('lock_timeout', :t, true)"), {"t": f"{int(lock_timeout_ms)}ms"})
            for fk in keys:
                conn.execute(DropConstraint(fk))
            for ix in indexes:
                conn.execute(DropIndex(ix))
    except (ProgrammingError, OperationalError) as exc:
        if getattr(exc.orig, "sqlstate", None) not in (INSUFFICIENT_PRIVILEGE, LOCK_NOT_AVAILABLE):
            raise
        yield False
        return
    if lock_timeout_ms is not None:
        conn.execute(text("SELECT set_config('lock_timeout', :t, true)"), {"t": before})
    yield True
    conn.execute(text("SELECT set_config('maintenance_work_mem', :m, true)"), {"m": INDEX_BUILD_MEMORY})
    for ix in indexes:
        conn.execute(CreateIndex(ix))
    for fk in keys:
        conn.execute(AddConstraint(fk))


@contextmanager
def _sqlite_indexes_deferred(conn: Connection, tables: Sequence[Table]) -> Iterator[bool]:
    have = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
    indexes = [ix for table in tables for ix in sorted(table.indexes, key=lambda i: i.name)
               if not ix.unique and ix.name in have]
    for ix in indexes:
        conn.execute(DropIndex(ix))
    yield True
    for ix in indexes:
        conn.execute(CreateIndex(ix))
