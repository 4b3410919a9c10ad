"""The data version: one counter row bumped first in every transaction that changes what pages show.

Pages make it part of every cache key (components.data), so a write from any process — another
app server, the import command, a scheduled job — shows on every server's next page run. Bumping
it is the first statement of a writing transaction, which also serialises writers: PostgreSQL
holds the counter row's lock until commit, SQLite takes its write lock there (with the busy
timeout of data_access.engine) before anything is read, so two imports at once run one after the
other and each sees what the other stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select, update

from data_access import schema

DV = schema.data_version


def data_version(engine_or_conn: Engine | Connection) -> int:
    """The current data version (0 when the counter row is missing)."""
    if isinstance(engine_or_conn, Engine):
        with engine_or_conn.connect() as conn:
            return data_version(conn)
    return int(engine_or_conn.execute(select(DV.c.version).where(DV.c.id == 1)).scalar() or 0)


def bump(conn: Connection) -> None:
    """Increase the data version inside ``conn``'s open transaction (commits with the write)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    done = conn.execute(update(DV).where(DV.c.id == 1).values(version=DV.c.version + 1, changed_at=now)).rowcount
    if not done:
        conn.execute(DV.insert().values(id=1, version=1, changed_at=now))


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()`` for a transaction that changes data pages show: the data version is
    bumped first (see the module docstring), and everything commits or rolls back together."""
    with engine.begin() as conn:
        bump(conn)
        yield conn
