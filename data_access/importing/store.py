"""Writing a batch: records upserted by source + external id, rejected rows kept, earlier rejections resolved."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Table, func, select, update

from data_access import schema
from data_access.audit import record_in
from data_access.importing.aliases import norm_value
from data_access.importing.results import ImportResult, Job

CHUNK = 5000


@dataclass(frozen=True)
class Batch:
    """The batch that a kind's writer stores good rows for."""

    id: int
    source: str
    hromada_id: int

    @property
    def columns(self) -> dict:
        """The columns every stored record of the batch carries."""
        return {"source": self.source, "import_batch_id": self.id, "hromada_id": self.hromada_id}


def checked_rows(values: pd.DataFrame) -> Iterator[tuple]:
    """The good rows' checked values as named tuples, with None for every missing value."""
    return values.astype(object).where(values.notna(), None).itertuples(index=False)


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
    wanted = sorted({i for i in ids if i is not None})
    counts: dict[str, int] = {}
    for start in range(0, len(wanted), CHUNK):
        q = (select(table.c.source, func.count()).where(table.c.external_id.in_(wanted[start:start + CHUNK]),
                                                         table.c.source != source).group_by(table.c.source))
        for other, n in conn.execute(q):
            counts[other] = counts.get(other, 0) + n
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def upsert(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Insert ``rows``, or update the stored row with the same source + external_id."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table)
    cols = [c for c in rows[0] if c not in ("source", "external_id")]
    stmt = stmt.on_conflict_do_update(index_elements=["source", "external_id"],
                                      set_={c: stmt.excluded[c] for c in cols})
    for start in range(0, len(rows), CHUNK):
        conn.execute(stmt, rows[start:start + CHUNK])


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
    stored = {norm_value(x) for x in stored_ids}
    b, rr = schema.import_batch, schema.rejected_row
    rows = conn.execute(select(rr.c.id, rr.c.raw, b.c.notes).join(b, b.c.id == rr.c.import_batch_id).where(
        b.c.kind == kind, b.c.source == source, b.c.id != batch_id, rr.c.resolved.is_(False))).all()
    done = []
    for r in rows:
        try:
            col = json.loads(r.notes or "{}").get("mapping", {}).get("external_id")
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
