"""Writing a batch: records upserted by source + external id, rejected rows kept, earlier rejections resolved."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    any_,
    bindparam,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import ProgrammingError

from data_access import schema
from data_access.audit import record_in
from data_access.bulk_indexes import indexes_deferred
from data_access.importing.aliases import norm_value, norm_values
from data_access.importing.results import ImportResult, Job

CHUNK = 5000
SQLITE_IMPORT_CACHE_KIB = -131072  # PRAGMA cache_size while a batch is written (negative: KiB, i.e. 128 MB)
COPY_ROWS = 10_000  # rows of COPY text built and sent at a time
DEFERRED_INDEXES_FROM = 5_000  # a first import this large into a nearly empty table defers its indexes (PostgreSQL)
DEFER_LOCK_TIMEOUT_MS = 1_000  # how long it waits for pages that read the tables before taking the ordinary way


@dataclass(frozen=True)
class Batch:
    """The batch that a kind's writer stores good rows for."""

    id: int
    source: str
    hromada_id: int
    # False when none of the batch's external ids was stored under its source when it was checked: on
    # PostgreSQL its rows are copied straight into the table (a stored id turning up meanwhile falls back)
    updates: bool = True

    @property
    def columns(self) -> dict:
        """The columns every stored record of the batch carries."""
        return {"source": self.source, "import_batch_id": self.id, "hromada_id": self.hromada_id}


def checked_rows(values: pd.DataFrame) -> Iterator[tuple]:
    """The good rows' checked values as named tuples, with None for every missing value."""
    return values.astype(object).where(values.notna(), None).itertuples(index=False)


def checked_column(values: pd.Series) -> list:
    """One column of the good rows' checked values as plain Python values, None where missing (as
    :func:`checked_rows` gives them)."""
    return values.astype(object).where(values.notna(), None).tolist()


def number_or_none(v):
    return None if v is None or (isinstance(v, float) and v != v) or v is pd.NaT else v


def int_or_none(v) -> int | None:
    return None if v is None else int(v)


def existing_ids(conn: Connection, table: Table, source: str) -> set[str]:
    """The external ids already stored in ``table`` for ``source`` (a re-import updates them)."""
    return set(conn.execute(select(table.c.external_id).where(table.c.source == source)).scalars())


def ids_in_other_sources(conn: Connection, table: Table, source: str, ids: Iterable[str]) -> dict[str, int]:
    """{other source: how many of ``ids`` are already stored in ``table`` under it}: a file imported
    under a new source name would store those records twice."""
    if conn.execute(select(table.c.source).where(table.c.source != source).limit(1)).first() is None:
        return {}  # no other source at all (sending 100,000 ids to learn that cost 0.3 s)
    wanted = sorted({i for i in ids if i is not None})
    counts: dict[str, int] = {}
    # PostgreSQL: all ids as one array parameter (a list of 5,000 parameters costs more to send than to run)
    step = (len(wanted) or 1) if conn.dialect.name == "postgresql" else CHUNK
    for start in range(0, len(wanted), step):
        part = wanted[start:start + step]
        match = (table.c.external_id == any_(bindparam("ids", part, type_=ARRAY(String)))
                 if conn.dialect.name == "postgresql" else table.c.external_id.in_(part))
        q = (select(table.c.source, func.count()).where(match, table.c.source != source).group_by(table.c.source))
        for other, n in conn.execute(q):
            counts[other] = counts.get(other, 0) + n
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def upsert(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Insert ``rows``, or update the stored row with the same source + external_id."""
    if rows:
        names = list(rows[0])
        upsert_columns(conn, table, {c: [r[c] for r in rows] for c in names})


def upsert_columns(conn: Connection, table: Table, columns: dict[str, Sequence], *, updates: bool = True) -> None:
    """Insert rows given column by column, or update the stored row with the same source + external_id
    (only the columns given are updated; a column left out gets its schema default on insert); a later
    row of an id wins. Each column is a list of plain Python values (None is NULL) or a numpy array (NaN,
    NaT and None are NULL), all of one length.

    PostgreSQL: COPY into a temporary table of the target's column types, then one
    ``INSERT … SELECT … ON CONFLICT DO UPDATE`` (in the caller's transaction). SQLite: one prepared
    ``INSERT … ON CONFLICT`` run over plain tuples. The COPY text is built column by column
    (:func:`copy_text`, the text psycopg's ``write_row`` sends for the same values); every other value goes
    through the column type's own bind processing (dates and times on SQLite as whole columns, checked
    against it), so what is stored is what a row-by-row insert stores.

    ``updates`` False says that none of the ids is stored yet under its source (the caller checked in
    this transaction): PostgreSQL then copies the rows straight into ``table`` (no temporary table, no
    ``ON CONFLICT`` per row: about a third of the server's work for a first import); should an id be stored
    meanwhile (another import committed it), that copy is undone to its savepoint and the upsert runs. A first
    import into a nearly empty table is written with its secondary indexes (PostgreSQL: and foreign keys)
    deferred (:func:`_deferred_for_first_import`), on either database."""
    given = list(columns)
    n = len(columns[given[0]]) if given else 0
    if not n:
        return
    defaults = {c.name: c.default.arg for c in table.c
                if c.name not in columns and c.default is not None and c.default.is_scalar}
    names = given + list(defaults)
    data = {name: columns[name] if name in columns else [defaults[name]] * n for name in names}
    if conn.dialect.name == "postgresql":
        _copy_upsert(conn, table, names, given, data, n, updates=updates)
        return
    # a page cache that holds the table's indexes while they grow (default 2 MB: 100,000 incidents
    # took 5.7 s of CPU, with 128 MB 3.4 s); a limit, not an allocation; the connection's own after
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    _cache_size(conn, SQLITE_IMPORT_CACHE_KIB)
    try:
        with _deferred_for_first_import(conn, table, n) if not updates else nullcontext():
            _statement_upsert(conn, table, names, given, data, chunk=CHUNK * 4)
    finally:
        _cache_size(conn, before)


# Arrow types that hold a column of these SQL types exactly (naive times to the microsecond, as stored)
def _arrow_type(sql_type) -> pa.DataType | None:
    if isinstance(sql_type, DateTime):
        return None if sql_type.timezone else pa.timestamp("us")
    if isinstance(sql_type, Date):
        return pa.date32()
    if isinstance(sql_type, Boolean):
        return pa.bool_()
    if isinstance(sql_type, Integer):
        return pa.int64()
    if isinstance(sql_type, Float) and not sql_type.asdecimal:
        return pa.float64()
    if isinstance(sql_type, String):
        return pa.string()
    return None


def _arrow(values: Sequence, type_: pa.DataType) -> pa.Array:
    """One column as an Arrow array of ``type_`` (a numpy array's NaN / NaT / None, a list's None: null)."""
    if isinstance(values, np.ndarray):
        return pa.array(values, type=type_, from_pandas=True)
    return pa.array(values, type=type_)


def _python(values: Sequence) -> list:
    """One column as plain Python values, None where missing (a numpy array's NaN / NaT too): datetime64
    gives ``datetime`` (``date`` for days), as ``tolist`` does."""
    if not isinstance(values, np.ndarray):
        return list(values)
    if values.dtype.kind == "M":
        return values.astype(object).tolist()
    out = values.tolist()
    if values.dtype.kind in "fO":
        missing = pd.isna(values)
        if missing.any():
            out = [None if m else v for v, m in zip(out, missing.tolist(), strict=True)]
    return out


def _bound_rows(conn: Connection, table: Table, names: list[str], data: dict[str, Sequence],
                order: list[str]) -> list[tuple]:
    """The rows as the driver takes them: each value through its column type's bind processing, the
    columns in ``order``. Dates and times are formatted as whole columns by Arrow where the first value
    gives exactly what the type's own processor gives (SQLite's text of a date or a time: 700,000 Python
    calls for 100,000 incidents); every other column value by value."""
    dialect = conn.dialect
    bound = {}
    for name in names:
        sql_type = table.c[name].type
        process = sql_type.dialect_impl(dialect).bind_processor(dialect)
        values = data[name]
        if process is None:
            bound[name] = _python(values)
            continue
        if isinstance(sql_type, Date | DateTime) and (type_ := _arrow_type(sql_type)) is not None:
            arrow = _arrow(values, type_)
            text_values = pc.cast(arrow, pa.string())
            first = pc.index(pc.is_valid(arrow), True).as_py()
            if first < 0 or text_values[first].as_py() == process(arrow[first].as_py()):
                bound[name] = text_values.to_pylist()
                continue
        bound[name] = [None if v is None else process(v) for v in _python(values)]
    return list(zip(*(bound[name] for name in order), strict=True))


def copy_text(table: Table, names: list[str], data: dict[str, Sequence], start: int, stop: int) -> pa.Buffer | None:
    """Rows ``start``–``stop`` of the columns ``data`` as PostgreSQL's COPY text (tab-separated, ``\\N`` for
    NULL, backslash escapes in text), built a whole column at a time by Arrow: the text ``write_row`` of
    psycopg builds value by value for the same values (0.9 s of Python for 100,000 incidents). None
    when a column's type is not one this knows (:func:`_arrow_type`) or needs a bind processor other than
    SQLAlchemy's bool check: the caller then writes row by row."""
    parts = []
    for name in names:
        sql_type = table.c[name].type
        type_ = _arrow_type(sql_type)
        if type_ is None:
            return None
        values = data[name][start:stop]
        arrow = _arrow(values, type_)
        if type_ == pa.string():
            for char, escaped in _COPY_ESCAPES:
                arrow = pc.replace_substring(arrow, char, escaped)
        elif type_ == pa.bool_():
            arrow = pc.if_else(arrow, "t", "f")
        else:
            arrow = pc.cast(arrow, pa.string())
        parts.append(arrow.fill_null("\\N"))
    lines = pc.binary_join_element_wise(*parts, "\t")
    lines = pc.binary_join_element_wise(lines, pa.scalar("\n"), "")  # each row ends with a newline
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=4 * lines.offset)
    return lines.buffers()[2][int(offsets[0]):int(offsets[-1])]


# COPY text escapes (backslash first); PostgreSQL reads every other character of a value as itself
_COPY_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


def _statement_upsert(conn: Connection, table: Table, names: list[str], updated: list[str],
                      data: dict[str, Sequence], *, chunk: int) -> None:
    """The columns ``data`` (of ``names``) through one prepared ``INSERT … ON CONFLICT``, ``chunk`` rows per
    call: SQLite's path, and PostgreSQL's where COPY's temporary table is not allowed."""
    compiled = _insert(conn, table, updated).compile(dialect=conn.dialect, column_keys=names)
    if compiled.positiontup is None:  # named parameters (psycopg)
        rows = _bound_rows(conn, table, names, data, names)
        def batch(part):
            return [dict(zip(names, r, strict=True)) for r in part]
    else:  # positional (sqlite3): the statement's order of the columns
        rows = _bound_rows(conn, table, names, data, list(compiled.positiontup))
        def batch(part):
            return part
    for start in range(0, len(rows), chunk):
        conn.exec_driver_sql(compiled.string, batch(rows[start:start + chunk]))


def _cache_size(conn: Connection, kib: int) -> None:
    """SQLite's page cache of this connection (``PRAGMA`` takes no bound parameter: the value is an int)."""
    conn.exec_driver_sql("PRAGMA cache_size = " + str(int(kib)))


def _insert(conn: Connection, table: Table, updated: list[str]):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table)
    return stmt.on_conflict_do_update(index_elements=["source", "external_id"],
                                      set_={c: stmt.excluded[c] for c in updated if c not in ("source", "external_id")})


def _copy_upsert(conn: Connection, table: Table, names: list[str], updated: list[str], data: dict[str, Sequence],
                 n: int, *, updates: bool = True) -> None:
    """COPY the columns ``data`` (of ``names``, ``n`` rows) into a temporary table of those columns of ``table``
    (their types, no defaults: no sequence value is used), then insert them, or update ``updated`` where the
    source + external id is stored, in one statement. Every statement is built by SQLAlchemy or psycopg's
    ``sql`` composition from the schema's names; no value is ever part of the SQL text. ``updates`` False:
    first straight into ``table`` (see :func:`upsert_columns`)."""
    from sqlalchemy.dialects.postgresql import insert

    twice = pd.DataFrame({"s": _python(data["source"]), "e": _python(data["external_id"])}).duplicated(keep="last")
    if twice.any():  # one id twice: keep its last row, as row-by-row upserts would
        keep = np.flatnonzero(~twice.to_numpy())
        data = {c: v[keep] if isinstance(v, np.ndarray) else [v[i] for i in keep] for c, v in data.items()}
        n = len(keep)
    if not updates:
        with _deferred_for_first_import(conn, table, n):
            if _copy_new(conn, table, names, data, n):
                return
    temp = Table(f"upsert_{table.name}", MetaData(), *(Column(c, table.c[c].type) for c in names),
                 prefixes=["TEMPORARY"])
    try:
        with conn.begin_nested():  # a database role without TEMPORARY (an older deployment's grants)
            temp.drop(conn, checkfirst=True)
            temp.create(conn)
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient_privilege
            raise
        _statement_upsert(conn, table, names, updated, data, chunk=CHUNK)  # slower, same result
        return
    _copy_into(conn, table, temp.name, names, data, n)
    stmt = insert(table).from_select(names, select(*(temp.c[c] for c in names)))
    sets = {c: stmt.excluded[c] for c in updated if c not in ("source", "external_id")}
    conn.execute(stmt.on_conflict_do_update(index_elements=["source", "external_id"], set_=sets) if sets
                 else stmt.on_conflict_do_nothing(index_elements=["source", "external_id"]))
    temp.drop(conn)


@contextmanager
def _deferred_for_first_import(conn: Connection, table: Table, n: int) -> Iterator[bool]:
    """A first import of at least ``DEFERRED_INDEXES_FROM`` rows into a table that holds fewer rows than it
    brings (a new deployment's first load) is copied with the table's secondary indexes and foreign keys
    dropped, and both rebuilt before the import commits (``data_access.bulk_indexes``): an index is then built
    by one sort and each key checked by one join, instead of an index entry and a key lookup per row.
    Measured on 99,000 incidents (2026-11-26, psql, load ~2): the COPY took 1.7–2.6 s with them (once 4.2),
    0.4–0.8 s without, plus 0.35–0.4 s to build the 6 indexes and 0.06–0.09 s to check the 3 keys; with the
    COPY text built by Arrow the benchmark import went from 4.3–5.1 to 2.6–2.9 s of CPU (client + server;
    docs/benchmarks.md finding 4).

    The price is the locks: dropping a foreign key locks its table *and the table it refers to* (hromada,
    settlement, import_batch) ACCESS EXCLUSIVE until the import commits, so every page that reads them waits
    that long instead of showing the data as it was: the copy, the rebuild and the commit, 1.8–3.8 s for
    100,000 rows at load 4–6 (0.8–1.3 s by the psql figures above). Acceptable only where there is little to show yet
    (the table holds fewer rows than the file brings: a deployment's first load) and where the importing role
    owns the tables, which a shared deployment's writer role does not (docs/deploy.md: there the drop is refused
    and the import takes the ordinary way, which never makes a page wait). A page in the middle of reading
    those tables makes the import take the ordinary way after ``DEFER_LOCK_TIMEOUT_MS`` (pages that start meanwhile
    wait behind it at most that long) rather than queue every
    later page behind its lock. A fuller table keeps its indexes: rebuilding them would cost more than it saves
    and lock the pages out for longer.

    SQLite (the embedded file): the secondary indexes only (its foreign keys are part of the table), and no
    page waits — in WAL mode readers keep reading the last committed state until the import commits. Measured
    on the benchmark's 99,000 incidents at load ~5: the insert took 6.9 s with them, 0.75–1.3 s without, plus
    0.2 s to build the 6 indexes (the import 10–11 s -> 2.6–4.7 s)."""
    if n < DEFERRED_INDEXES_FROM:
        yield False
        return
    held = select(func.count()).select_from(select(table.c.id).limit(n).subquery())
    if conn.execute(held).scalar_one() >= n:
        yield False
        return
    with indexes_deferred(conn, (table,), lock_timeout_ms=DEFER_LOCK_TIMEOUT_MS) as dropped:
        yield dropped


def _copy_new(conn: Connection, table: Table, names: list[str], data: dict[str, Sequence], n: int) -> bool:
    """COPY the columns ``data`` straight into ``table`` inside a savepoint; False (nothing written) when one
    of their source + external ids is stored already."""
    from psycopg.errors import UniqueViolation

    try:
        with conn.begin_nested():
            _copy_into(conn, table, table.name, names, data, n)
    except UniqueViolation:
        return False
    return True


def _copy_into(conn: Connection, table: Table, table_name: str, names: list[str], data: dict[str, Sequence],
               n: int) -> None:
    """The columns ``data`` (of ``names``, typed as in ``table``) into ``table_name`` by COPY, in the caller's
    transaction: :func:`copy_text` of ``COPY_ROWS`` rows at a time (the server reads one part while the next
    is built), else row by row through psycopg."""
    from psycopg import sql

    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table_name),
                                                          sql.SQL(", ").join(map(sql.Identifier, names)))
    with conn.connection.driver_connection.cursor() as cur, cur.copy(copy_sql) as copy:
        if not _copy_text_fits(conn, table, names):
            for row in _bound_rows(conn, table, names, data, names):
                copy.write_row(row)
            return
        for start in range(0, n, COPY_ROWS):
            copy.write(memoryview(copy_text(table, names, data, start, min(n, start + COPY_ROWS))))


def _copy_text_fits(conn: Connection, table: Table, names: list[str]) -> bool:
    """True when :func:`copy_text` can write every column of ``names``: a type it knows, and no bind
    processing but SQLAlchemy's check that a boolean is one."""
    dialect = conn.dialect
    for name in names:
        sql_type = table.c[name].type
        if _arrow_type(sql_type) is None:
            return False
        if not isinstance(sql_type, Boolean) and sql_type.dialect_impl(dialect).bind_processor(dialect) is not None:
            return False
    return True


def keep_rejected(conn: Connection, batch_id: int, rows: pd.DataFrame, errors: dict[int, list[dict]]) -> None:
    """Store the rows of ``rows`` (first column: the row number in the file; then the cells kept,
    see ``rows.kept_cells``) that have ``errors``, with their reasons."""
    bad = sorted(errors)
    if not bad:
        return
    columns = list(rows.columns[1:])
    rejected = [{"import_batch_id": batch_id, "row_number": int(row[0]),
                 "raw": json.dumps(dict(zip(columns, row[1:], strict=True)), ensure_ascii=False),
                 "errors": json.dumps(errors[idx], ensure_ascii=False), "resolved": False}
                for idx, row in zip(bad, rows.loc[bad].itertuples(index=False, name=None), strict=True)]
    for start in range(0, len(rejected), CHUNK):
        conn.execute(schema.rejected_row.insert(), rejected[start:start + CHUNK])


def resolve_earlier_rejections(conn: Connection, kind: str, source: str, stored_ids: Iterable[str],
                               batch_id: int) -> int:
    """Mark rejected rows of earlier batches (same kind and source) as resolved when this batch stored
    their external id. Returns how many were resolved."""
    b, rr = schema.import_batch, schema.rejected_row
    rows = conn.execute(select(rr.c.id, rr.c.raw, b.c.notes).join(b, b.c.id == rr.c.import_batch_id).where(
        b.c.kind == kind, b.c.source == source, b.c.id != batch_id, rr.c.resolved.is_(False))).all()
    if not rows:
        return 0
    stored = set(norm_values(stored_ids))
    done = []
    id_columns: dict[str | None, str | None] = {}  # a batch's notes, read once for all its rows
    for r in rows:
        try:
            if r.notes not in id_columns:
                id_columns[r.notes] = json.loads(r.notes or "{}").get("mapping", {}).get("external_id")
            col = id_columns[r.notes]
            value = json.loads(r.raw).get(col) if col else None
        except (ValueError, AttributeError):
            continue
        if value is not None and norm_value(str(value).removesuffix(".0")) in stored:
            done.append(r.id)
    for start in range(0, len(done), 900):
        conn.execute(update(rr).where(rr.c.id.in_(done[start:start + 900])).values(resolved=True))
    return len(done)


def write_notes(conn: Connection, batch_id: int, notes: dict) -> None:
    """The batch's mapping, columns not stored and file details, for the import log."""
    conn.execute(update(schema.import_batch).where(schema.import_batch.c.id == batch_id)
                 .values(notes=json.dumps(notes, ensure_ascii=False)))


def record_import(conn: Connection, job: Job, kind: str, result: ImportResult) -> None:
    """The audit log's entry of a committed batch: who (the actor and their role), what and how many."""
    record_in(conn, username=job.created_by, action="import", detail={
        "batch_id": result.batch_id, "kind": kind, "role": job.role, "source": job.source,
        "file_name": job.file_name, "file_hash": job.prepared.file_hash, "rows": result.total,
        "imported": result.imported, "updated": result.updated, "rejected": result.rejected,
        "personal_data_columns": job.prepared.personal_columns})
