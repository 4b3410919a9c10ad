"""Writing the demo data set in bulk on PostgreSQL: the big tables' secondary indexes and foreign keys
are dropped while the rows go in and rebuilt once at the end, in the same transaction.

Each row then costs its table and its unique indexes only; an index is built by one sort and a
foreign key checked by one join at the end, instead of an index entry and a lookup per row and key
(measured: most of the server's work at national scale, see docs/benchmarks.md finding 7). Only what
the database has is dropped, and it is rebuilt from ``schema.py``'s own definitions (the same names).
The price: until the seed commits, readers of these tables — and of the tables their foreign keys refer
to (hromada, settlement, import_batch …: dropping a key removes its triggers there) — wait, where they would
otherwise read the previous data. So a database that holds real imports (a shared deployment
whose pages must keep answering) and a role that does not own the tables (it may not drop their indexes) seed
as before: only a demo or benchmark database takes the bulk way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, func, select

from data_access import bulk_indexes, schema

# the tables that receive thousands of rows per hromada (survey answers: three quarters of all rows)
BULK_TABLES = (schema.incident, schema.resident_request, schema.survey_response, schema.survey_answer,
               schema.activity, schema.activity_partner)


def _holds_real_records(conn: Connection) -> bool:
    """True when a committed import of real (not demo) data exists: a shared deployment whose pages must keep
    reading while demo data is replaced, so nothing is dropped (the seed then takes its slower, non-blocking way)."""
    b = schema.import_batch
    return conn.execute(select(func.count()).where(b.c.is_demo.is_(False), b.c.status == "committed")).scalar_one() > 0


@contextmanager
def indexes_deferred(conn: Connection) -> Iterator[bool]:
    """Inside: the secondary (non-unique) indexes and the foreign keys of ``BULK_TABLES`` are dropped and
    rebuilt before the seed commits (``data_access.bulk_indexes``: PostgreSQL, a role that owns the tables).
    Yields whether they were dropped; never on SQLite (the seed inserts row by row there) nor on a database
    that holds real imports."""
    if conn.dialect.name != "postgresql" or _holds_real_records(conn):
        yield False
        return
    with bulk_indexes.indexes_deferred(conn, BULK_TABLES) as dropped:
        yield dropped
