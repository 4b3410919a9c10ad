"""The import history: batches, their rejected rows (also as a fixable table), and saved column mappings."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access import schema
from data_access.data_version import writing
from data_access.importing.profile import Profile, profile_from_text
from data_access.records import utc_now
from domain.roles import require_records

BATCH_COLUMNS = ["id", "created_at", "created_by", "kind", "source", "file_name", "file_hash", "rows_total",
                 "rows_imported", "rows_updated", "rows_rejected", "rejected_open", "status", "is_demo"]


def import_batches(engine: Engine, *, include_demo: bool = True,
                   hromada_ids: frozenset[int] | None = None) -> pd.DataFrame:
    """Columns: see BATCH_COLUMNS; newest first. ``rejected_open`` = rejected rows not yet fixed.
    ``hromada_ids``: only batches imported for these hromadas (an account's scope, data_access.scopes;
    None = every batch)."""
    b, rr = schema.import_batch, schema.rejected_row
    open_rows = (select(rr.c.import_batch_id, func.count().label("n")).where(rr.c.resolved.is_(False))
                 .group_by(rr.c.import_batch_id).subquery())
    q = (select(b.c.id, b.c.created_at, b.c.created_by, b.c.kind, b.c.source, b.c.file_name, b.c.file_hash,
                b.c.rows_total, b.c.rows_imported, b.c.rows_updated, b.c.rows_rejected,
                func.coalesce(open_rows.c.n, 0).label("rejected_open"), b.c.status, b.c.is_demo)
         .outerjoin(open_rows, open_rows.c.import_batch_id == b.c.id).order_by(b.c.id.desc()))
    if not include_demo:
        q = q.where(b.c.is_demo.is_(False))
    if hromada_ids is not None:
        q = q.where(b.c.hromada_id.in_(sorted(hromada_ids)))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).all(), columns=BATCH_COLUMNS)


def batch_notes(engine: Engine, *, batch_id: int) -> dict:
    """The batch's mapping, personal-data and ignored columns as recorded at import."""
    with engine.connect() as conn:
        notes = conn.execute(select(schema.import_batch.c.notes).where(schema.import_batch.c.id == batch_id)).scalar()
    try:
        data = json.loads(notes or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def rejected_rows(engine: Engine, *, batch_id: int, role: str, lang: str = "uk") -> pd.DataFrame:
    """The rejected rows of a batch as sent, with their reasons (record-level: prosecutor only).
    Columns: row_number, problems, resolved, then the file's columns."""
    require_records(role)
    rr = schema.rejected_row
    with engine.connect() as conn:
        rows = conn.execute(select(rr.c.row_number, rr.c.raw, rr.c.errors, rr.c.resolved)
                            .where(rr.c.import_batch_id == batch_id).order_by(rr.c.row_number)).all()
    key = "message_en" if lang == "en" else "message_uk"
    records = []
    for r in rows:
        raw = json.loads(r.raw)
        errors = json.loads(r.errors)
        records.append({"row_number": r.row_number, "problems": " ; ".join(e[key] for e in errors),
                        "resolved": bool(r.resolved), **raw})
    if not records:
        return pd.DataFrame(columns=["row_number", "problems", "resolved"])
    return pd.DataFrame(records)


def rejected_rows_to_fix(engine: Engine, *, batch_id: int, role: str, lang: str = "uk") -> pd.DataFrame:
    """The unresolved rejected rows as a table to fix and re-import (the page writes it as CSV with
    :func:`reports.exports.csv_bytes`). Columns: the file's original columns, then the row number in
    the file and the reasons (``row_number_in_file``, ``problems`` in English; ``рядок_у_файлі``,
    ``помилки`` in Ukrainian)."""
    frame = rejected_rows(engine, batch_id=batch_id, role=role, lang=lang)
    frame = frame[frame["resolved"] == False]  # noqa: E712
    raw_cols = [c for c in frame.columns if c not in ("row_number", "problems", "resolved")]
    out = frame[raw_cols].copy()
    out["row_number_in_file" if lang == "en" else "рядок_у_файлі"] = frame["row_number"]
    out["problems" if lang == "en" else "помилки"] = frame["problems"]
    return out


def import_profile(engine: Engine, *, kind: str, source: str) -> Profile | None:
    """The saved profile for (kind, source) (columns, value maps, options), or None. A profile saved
    in the older flat form (file column -> field) reads as its columns."""
    m = schema.import_mapping_profile
    with engine.connect() as conn:
        text = conn.execute(select(m.c.mapping).where(m.c.kind == kind, m.c.source == source)).scalar()
    return profile_from_text(text) if text else None


def mapping_sources(engine: Engine, *, kind: str) -> list[str]:
    """Sources that have a saved mapping for ``kind``, and sources already imported for it."""
    m, b = schema.import_mapping_profile, schema.import_batch
    with engine.connect() as conn:
        a = set(conn.execute(select(m.c.source).where(m.c.kind == kind)).scalars())
        a |= set(conn.execute(select(b.c.source).where(b.c.kind == kind, b.c.is_demo.is_(False))).scalars())
    return sorted(a)


def last_source(engine: Engine, *, kind: str) -> str | None:
    """The source of the newest committed (not demo) batch of ``kind``, or None."""
    b = schema.import_batch
    with engine.connect() as conn:
        return conn.execute(select(b.c.source).where(b.c.kind == kind, b.c.is_demo.is_(False),
                                                     b.c.status == "committed")
                            .order_by(b.c.id.desc()).limit(1)).scalar()


def save_import_profile(engine: Engine, *, kind: str, source: str, profile: Profile) -> None:
    """Save the profile for (kind, source), merged into the one saved before (``Profile.merged``:
    value maps of earlier files stay)."""
    m = schema.import_mapping_profile
    with writing(engine) as conn:
        found = conn.execute(select(m.c.id, m.c.mapping).where(m.c.kind == kind, m.c.source == source)).one_or_none()
        if found:
            text = profile_from_text(found.mapping).merged(profile).to_json()
            conn.execute(m.update().where(m.c.id == found.id).values(mapping=text, updated_at=utc_now()))
        else:
            conn.execute(m.insert().values(kind=kind, source=source, mapping=profile.to_json(), updated_at=utc_now()))
