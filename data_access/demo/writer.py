"""Where the demo's rows go: straight into the seed's connection, or, on PostgreSQL, drawn in a second process.

Seeding alternates two kinds of work: drawing a hromada's rows (the client's CPU) and storing them (the
server's CPU, while the client waits for each COPY to finish). On PostgreSQL :func:`drawn_ahead` runs the
drawing in one worker process, a hromada ahead of the seed's connection, which only sends the finished COPY
texts: the server stores one hromada while the next is drawn. The worker takes the ids of rows that others
point at from the tables' sequences on its own connection (a sequence is outside any transaction), in the
order the one-by-one way took them, and the seed stores every row in that same order, so the stored rows and
ids are the same either way. A thread would not do: the drawing holds Python's lock, and every wait of the
COPY for the server then costs milliseconds more to get it back. Elsewhere (SQLite, or ``frame.COPY_TEXT``
off) :class:`DirectWriter` inserts at once, as before.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from sqlalchemy import Connection, Engine, text

from data_access.demo import frame
from data_access.demo.frame import Columns

ID_BLOCK = 20000  # ids taken from a sequence at a time (those left over at the end stay unused: a gap)
AHEAD = 2  # hromadas drawn before the seed stores them, at most (memory)


class DirectWriter:
    """Inserts straight into the seed's connection (SQLite, or PostgreSQL row by row)."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def insert(self, table, rows: Columns | list[dict]) -> int:
        """Store ``rows`` (columns, or row dicts); returns how many."""
        if not len(rows):
            return 0
        if isinstance(rows, Columns):
            return frame.insert_columns(self.conn, table, rows)
        return frame.insert_rows(self.conn, table, rows)

    def insert_numbers(self, table, columns: dict[str, np.ndarray], *,
                       null_where: dict[str, np.ndarray] | None = None) -> int:
        """Store integer or boolean columns (``frame.insert_number_columns``); returns how many rows."""
        return frame.insert_number_columns(self.conn, table, columns, null_where=null_where)

    def insert_returning_ids(self, table, rows: Columns | list[dict]) -> np.ndarray:
        """Store ``rows`` and return their new ids in their order."""
        if isinstance(rows, Columns):
            return frame.insert_columns_returning_ids(self.conn, table, rows)
        return np.array(frame.insert_returning_ids(self.conn, table, rows), dtype=np.int64)


class CopyRecorder:
    """The worker's writer: takes ids from the sequences (connection ``ids_conn``) and records the inserts of a
    hromada as one COPY text per table for the seed's connection to send (:meth:`take`)."""

    def __init__(self, ids_conn: Connection):
        self.ids_conn = ids_conn
        self._texts: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        self._sequences: dict[str, str] = {}
        self._free_ids: dict[str, np.ndarray] = {}

    def _ids(self, table, n: int) -> np.ndarray:
        """``n`` new ids of ``table``, ascending (as INSERT … RETURNING gives them): taken ``ID_BLOCK`` at a time
        and handed out in order."""
        have = self._free_ids.get(table.name, np.empty(0, dtype=np.int64))
        if len(have) < n:
            if table.name not in self._sequences:
                self._sequences[table.name] = self.ids_conn.execute(
                    text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar_one()
            more = np.array(self.ids_conn.execute(
                text("SELECT nextval(CAST(:s AS regclass)) FROM generate_series(1, :n) ORDER BY 1"),
                {"s": self._sequences[table.name], "n": max(n - len(have), ID_BLOCK)}).scalars().all(), dtype=np.int64)
            have = np.concatenate([have, more])
        self._free_ids[table.name] = have[n:]
        return have[:n]

    def _record(self, table, names: list[str], data: str) -> None:
        """Add ``data`` to the table's COPY (one per table and columns, in the order each table first got rows:
        a table is written after those it points at, as when each insert ran at once, and rows whose ids the
        server gives keep their order)."""
        key = (table.name, tuple(names))
        if key not in self._texts:
            self._texts[key] = []
        self._texts[key].append(data)

    def take(self) -> list[tuple[str, list[str], str]]:
        """The recorded COPY texts (table name, column names, text), in order; starts a new record."""
        items = [(name, list(names), "".join(parts)) for (name, names), parts in self._texts.items()]
        self._texts = {}
        return items

    def insert(self, table, rows: Columns | list[dict]) -> int:
        n = len(rows)
        if n:
            if not isinstance(rows, Columns):
                rows = Columns({name: [r[name] for r in rows] for name in rows[0]}, n)
            self._record(table, list(rows.values), frame.copy_text(rows.values, n))
        return n

    def insert_numbers(self, table, columns: dict[str, np.ndarray], *,
                       null_where: dict[str, np.ndarray] | None = None) -> int:
        n = len(next(iter(columns.values()))) if columns else 0
        if n:
            self._record(table, list(columns), frame.number_copy_text(columns, null_where or {}))
        return n

    def insert_returning_ids(self, table, rows: Columns | list[dict]) -> np.ndarray:
        n = len(rows)
        if not n:
            return np.empty(0, dtype=np.int64)
        if not isinstance(rows, Columns):
            rows = Columns({name: [r[name] for r in rows] for name in rows[0]}, n)
        if any(c.name not in rows.values and c.default is not None and not c.default.is_scalar
               for c in table.c if c.name != "id"):
            raise ValueError(f"{table.name}: a column left out has a computed default")
        ids = self._ids(table, n)
        defaults = {c.name: c.default.arg for c in table.c
                    if c.name not in rows.values and c.name != "id" and c.default is not None and c.default.is_scalar}
        self.insert(table, Columns({"id": ids, **defaults, **rows.values}, n))
        return ids


_JOB: dict = {}  # what the forked worker inherits: the engine, the draw function and its arguments


def _start_worker() -> None:
    engine: Engine = _JOB["engine"]
    engine.dispose(close=False)  # the parent's pooled connections stay the parent's
    ids_conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    multiprocessing.util.Finalize(None, ids_conn.close, exitpriority=10)  # said goodbye to the server on exit
    _JOB["recorder"] = CopyRecorder(ids_conn)


def _draw(index: int) -> tuple[list[tuple[str, list[str], str]], dict[str, int]]:
    recorder: CopyRecorder = _JOB["recorder"]
    counts = _JOB["draw"](recorder, index)
    return recorder.take(), counts


def can_draw_ahead() -> bool:
    """Whether a worker may be forked: not from a process with other threads (one might hold a lock the child
    would wait for forever, e.g. a server's), nor where fork does not exist."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def drawn_ahead(engine: Engine, n: int, draw: Callable[[CopyRecorder, int], dict[str, int]]
                ) -> Iterator[tuple[list[tuple[str, list[str], str]], dict[str, int]]]:
    """``draw(writer, i)`` for i in 0..n-1, run in order in one forked worker process up to ``AHEAD`` ahead;
    yields each one's recorded COPY texts (table, columns, text) and its row counts, in order."""
    _JOB.update(engine=engine, draw=draw)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker) as pool:
            pending: deque = deque()
            for i in range(n):
                pending.append(pool.submit(_draw, i))
                if len(pending) > AHEAD:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    finally:
        _JOB.clear()


def send_copies(conn: Connection, items: list[tuple[str, list[str], str]]) -> None:
    """COPY each recorded text into its table, in order."""
    from data_access import schema

    for table_name, names, data in items:
        frame.copy_into(conn, schema.metadata.tables[table_name], names, data)
