"""Writing the demo data set in bulk on PostgreSQL: the big tables' secondary indexes and foreign keys
are dropped while the rows go in and rebuilt once at the end, in the same transaction.

Each row then costs its table and its unique indexes only; an index is built by one sort and a
foreign key checked by one join at the end, instead of an index entry and a lookup per row and key
(measured: most of the server's work at national scale, see docs/benchmarks.md finding 7). Only what
the database has is dropped, and it is rebuilt from ``schema.py``'s own definitions (the same names).
The price: until the seed commits, readers of these tables wait (ALTER TABLE / DROP INDEX lock them),
where they would otherwise read the previous data. So a database that holds real imports (a shared deployment
whose pages must keep answering) and a role that does not own the tables (it may not drop their indexes) seed
as before: only a demo or benchmark database takes the bulk way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from data_access import schema

# the tables that receive thousands of rows per hromada (survey answers: three quarters of all rows)
BULK_TABLES = (schema.incident, schema.resident_request, schema.survey_response, schema.survey_answer,
               schema.activity, schema.activity_partner)
INDEX_BUILD_MEMORY = "256MB"  # maintenance_work_mem for the rebuild (default 64 MB: the sorts spill to disk)


def _holds_real_records(conn: Connection) -> bool:
    """True when a committed import of real (not demo) data exists: a shared deployment whose pages must keep
    reading while demo data is replaced, so nothing is dropped (the seed then takes its slower, non-blocking way)."""
    b = schema.import_batch
    return conn.execute(select(func.count()).where(b.c.is_demo.is_(False), b.c.status == "committed")).scalar_one() > 0


@contextmanager
def indexes_deferred(conn: Connection) -> Iterator[bool]:
    """Inside: the secondary (non-unique) indexes and the foreign keys of ``BULK_TABLES`` are dropped
    (PostgreSQL, a role that owns the tables); on leaving without an error they are built again and every
    foreign key is checked (a row that refers to nothing fails the seed, which then stores nothing). Yields
    whether they were dropped. Primary keys and unique constraints stay: they keep every row's identity
    checked while it is written."""
    if conn.dialect.name != "postgresql" or _holds_real_records(conn):
        yield False
        return
    have_indexes = set(conn.execute(text(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")).scalars())
    have_keys = set(conn.execute(text(
        "SELECT conname FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
    )).scalars())
    indexes = [ix for table in BULK_TABLES for ix in sorted(table.indexes, key=lambda i: i.name)
               if not ix.unique and ix.name in have_indexes]
    keys = [fk for table in BULK_TABLES for fk in sorted(table.foreign_key_constraints, key=lambda k: k.name)
            if fk.name in have_keys]
    try:
        with conn.begin_nested():
            for fk in keys:
                conn.execute(DropConstraint(fk))
            for ix in indexes:
                conn.execute(DropIndex(ix))
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient_privilege: not the tables' owner
            raise
        yield False
        return
    yield True
    conn.execute(text("SELECT set_config('maintenance_work_mem', :m, true)"), {"m": INDEX_BUILD_MEMORY})
    for ix in indexes:
        conn.execute(CreateIndex(ix))
    for fk in keys:
        conn.execute(AddConstraint(fk))
