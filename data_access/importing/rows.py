"""A file of a mapped kind, row by row: check every row, then commit the good ones and keep the bad ones."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine

from data_access.data_version import writing
from data_access.db_setup import refresh_statistics
from data_access.importing.checks import Checker
from data_access.importing.fields import FREE_TEXT
from data_access.importing.messages import error
from data_access.importing.parse import KYIV_ZONE
from data_access.importing.personal import mask_personal_text
from data_access.importing.place import Place, default_hromada_id, place
from data_access.importing.read import ROW_COL
from data_access.importing.results import ImportResult, Job, Prepared
from data_access.importing.store import (
    Batch,
    existing_ids,
    ids_in_other_sources,
    keep_rejected,
    record_import,
    resolve_earlier_rejections,
    write_notes,
)
from data_access.records import close_batch, new_batch
from domain.dates import KYIV

if TYPE_CHECKING:
    from data_access.importing.kinds import ImportKind

LARGE_LOAD_ROWS = 5000  # refresh planner statistics after a load at least this large


def _now_kyiv() -> datetime:
    return datetime.now(KYIV).replace(tzinfo=None)


def check_rows(spec: ImportKind, prepared: Prepared, p: Place, now: datetime | None, *,
               timezone: str = KYIV_ZONE) -> tuple[Checker, int]:
    """Every row checked by the kind's checks; personal data masked in its free-text fields
    (``personal.mask_text``); times of day read as recorded in ``timezone`` (converted to Kyiv time).
    Returns the checker (values and errors) and the number of cells masked."""
    frame = prepared.sheet.frame
    checker = Checker(spec.fields, frame, prepared.mapping, p, now or _now_kyiv(), values=prepared.values,
                      generate_ids=prepared.generate_ids, timezone=timezone)
    spec.check(checker)
    width = len(prepared.sheet.columns)
    for number, n in prepared.sheet.too_long_rows.items():
        idx = frame.index[frame[ROW_COL] == number][0]
        checker.errors.setdefault(idx, []).insert(0, error("", "too_many_cells", n=n, width=width))
    masked = 0
    for f in spec.fields:
        if f.type in FREE_TEXT and f.name in checker.values:
            col = checker.values[f.name]
            filled = col.notna()
            if filled.any():
                new, n = mask_personal_text(col[filled].astype(str))
                checker.values.loc[filled, f.name] = new
                masked += n
    return checker, masked


def kept_cells(spec: ImportKind, prepared: Prepared, checker: Checker) -> pd.DataFrame:
    """What is kept of a file's rows beside the records (the rejected rows; the preview shows the
    same): the row number and the mapped columns as sent, with personal data masked in their free
    text and, in rows with errors, in every cell but the record number (a phone number typed into a
    date column is kept as "[…]"; a cell that passed its check holds none). A column that is not
    mapped is never kept."""
    mapped = set(prepared.mapping.values())
    kept = prepared.sheet.frame[[ROW_COL, *(c for c in prepared.sheet.columns if c in mapped)]].copy()
    types = {f.name: f.type for f in spec.fields}
    for name, column in prepared.mapping.items():
        if types[name] in FREE_TEXT and name in checker.values:
            kept[column] = checker.values[name].fillna("").astype(str)
    bad = list(checker.errors)
    ids = {column for name, column in prepared.mapping.items() if types[name] == "id"}
    if bad:
        for column in mapped - ids:
            kept.loc[bad, column] = mask_personal_text(kept.loc[bad, column])[0]
    return kept


def commit_rows(engine: Engine, spec: ImportKind, job: Job, result: ImportResult) -> ImportResult:
    """Store a mapped kind's file as one batch: good rows through the kind's writer (inserted or
    updated by source + external id), bad rows kept in ``rejected_row`` with their reasons."""
    prepared, source = job.prepared, job.source
    with writing(engine) as conn:
        hromada_id = job.hromada_id or default_hromada_id(conn)
        checker, masked = check_rows(spec, prepared, place(conn, hromada_id), job.now, timezone=job.timezone)
        existing = existing_ids(conn, spec.table, source)
        batch_id = new_batch(conn, kind=spec.key, source=source, file_name=job.file_name,
                             file_hash=prepared.file_hash, created_by=job.created_by, hromada_id=hromada_id)
        values = checker.values.loc[checker.ok_index()]
        result.other_sources = ids_in_other_sources(conn, spec.table, source, values["external_id"])
        updated = int(values["external_id"].isin(existing).sum())
        keep_rejected(conn, batch_id, kept_cells(spec, prepared, checker), checker.errors)
        result.batch_id = batch_id
        result.imported = len(values) - updated
        result.updated = updated
        result.rejected = len(checker.errors)
        result.masked_cells = masked
        close_batch(conn, batch_id, total=result.total, imported=result.imported, updated=updated,
                    rejected=result.rejected)
        write_notes(conn, batch_id, {
            "mapping": prepared.mapping, "personal_data_columns": prepared.personal_columns,
            "personal_data_reasons": prepared.personal_reasons, "spared_columns": prepared.spared_columns,
            "ignored_columns": prepared.ignored_columns, "masked_cells": masked, "values": prepared.values,
            "options": prepared.options,
            "blank_lines": prepared.sheet.blank_lines, "encoding": prepared.sheet.encoding,
            "separator": prepared.sheet.separator})
        resolve_earlier_rejections(conn, spec.key, source, values["external_id"], batch_id)
        record_import(conn, job, spec.key, result)
        # the records last: a large first import may lock its table (and those its keys refer to) until the
        # commit (store.upsert_columns), so nothing else of the batch is written while pages wait
        spec.write(conn, values, Batch(batch_id, source, hromada_id, updates=updated > 0))
    if result.imported + result.updated >= LARGE_LOAD_ROWS:
        refresh_statistics(engine, tuple(t.name for t in spec.undo_tables))
    return result
