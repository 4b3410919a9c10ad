"""Importing spreadsheet exports: read, map, check, then store good rows and keep bad ones, in one batch.

Entry points: :func:`prepare` (read a file and guess the mapping), :func:`preview` (check without
writing), :func:`import_file` (the whole import in one transaction), :func:`undo_batch`; the log
queries, rejected-row downloads and mapping profiles live in ``data_access/import_log.py``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, select, update

from data_access import schema
from data_access.db_setup import refresh_statistics
from data_access.importing.aliases import (
    FIELDS,
    ONE_OF,
    guess_mapping,
    header_aliases,
    is_personal_header,
    kind_label,
    message,
    norm,
    norm_value,
)
from data_access.importing.checks import Checker, Place, bounds_of, check, date_or_none, dt_or_none
from data_access.importing.read import ROW_COL, FileRefused, SheetData, looks_personal, mask_personal_text, read_file
from data_access.records import close_batch, incident_values, new_batch, request_values, utc_now
from domain.dates import KYIV

TABLES = {"incidents": schema.incident, "requests": schema.resident_request, "activities": schema.activity,
          "partners": schema.partner}
STRUCTURED = {"id", "datetime", "date", "number", "int", "bool", "code", "settlement_code"}
CHUNK = 5000
LARGE_LOAD_ROWS = 5000  # refresh planner statistics after a load at least this large


@dataclass(frozen=True)
class Refusal:
    """Why a file was refused as a whole (nothing stored)."""

    code: str
    message_uk: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_uk


def refusal(code: str, **params) -> Refusal:
    uk = {k: (v["uk"] if isinstance(v, dict) else v) for k, v in params.items()}
    en = {k: (v["en"] if isinstance(v, dict) else v) for k, v in params.items()}
    return Refusal(code, message(code, "uk", **uk), message(code, "en", **en))


@dataclass
class Prepared:
    """A read file with its effective mapping (field -> column) and the columns that are not stored."""

    kind: str
    sheet: SheetData
    mapping: dict[str, str]
    personal_columns: list[str]
    ignored_columns: list[str]
    file_hash: str
    refused: Refusal | None = None


@dataclass
class ImportResult:
    batch_id: int | None = None
    total: int = 0
    imported: int = 0
    updated: int = 0
    rejected: int = 0
    personal_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    masked_cells: int = 0
    blank_lines: int = 0
    refused: Refusal | None = None

    @property
    def exit_code(self) -> int:
        """0 every row stored, 1 some rows rejected (kept), 2 the file refused as a whole."""
        if self.refused is not None:
            return 2
        return 1 if self.rejected else 0

    def summary(self) -> str:
        if self.refused is not None:
            return f"refused: {self.refused.message_en}"
        return f"imported {self.imported}, updated {self.updated}, rejected {self.rejected} (batch {self.batch_id})"


# ---------------------------------------------------------------------------------------------
# reading and mapping


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _wrong_kind(kind: str, columns: list[str]) -> str | None:
    for other in FIELDS:
        if other in (kind, "survey"):
            continue
        guessed = guess_mapping(other, columns)
        required = [f.name for f in FIELDS[other] if f.required]
        if all(r in guessed for r in required):
            return other
    return None


def prepare(content: bytes, file_name: str, kind: str, mapping: dict[str, str] | None = None) -> Prepared:
    """Read the file and settle the mapping: ``mapping`` (field -> column) when given, else guesses
    from header aliases. Personal-data columns are taken out of the mapping. ``refused`` is set
    when the file cannot be imported at all."""
    digest = file_hash(content or b"")
    empty = SheetData(pd.DataFrame(columns=[ROW_COL]), [], "", None)
    if kind not in FIELDS:
        return Prepared(kind, empty, {}, [], [], digest, refusal("unknown_kind", kind=kind))
    try:
        sheet = read_file(content, file_name)
    except FileRefused as exc:
        return Prepared(kind, empty, {}, [], [], digest, refusal(exc.code, **exc.params))
    columns = sheet.columns
    if mapping is None:
        mapping = guess_mapping(kind, columns)
    mapping = {f: c for f, c in mapping.items() if c in columns and f in {x.name for x in FIELDS[kind]}}
    field_types = {f.name: f.type for f in FIELDS[kind]}
    own_aliases = header_aliases().get(kind, {})
    personal = []
    mapped_cols = {c: f for f, c in mapping.items()}
    for col in columns:
        f = mapped_cols.get(col)
        by_header = is_personal_header(col) and norm(col) not in own_aliases
        by_values = (f is None or field_types.get(f) not in STRUCTURED) and looks_personal(sheet.frame[col])
        if by_header or by_values:
            personal.append(col)
    mapping = {f: c for f, c in mapping.items() if c not in personal}
    ignored = [c for c in columns if c not in personal and c not in mapping.values()]
    prepared = Prepared(kind, sheet, mapping, personal, ignored, digest)
    if kind == "survey":
        if sheet.frame.empty:
            prepared.refused = refusal("no_rows")
        return prepared
    if sheet.frame.empty:
        prepared.refused = refusal("no_rows")
        return prepared
    missing = [f.name for f in FIELDS[kind] if f.required and f.name not in mapping]
    for group in ONE_OF.get(kind, ()):
        if not any(g in mapping for g in group):
            missing.append(" / ".join(group))
    if missing:
        other = _wrong_kind(kind, columns)
        if other:
            prepared.refused = refusal("wrong_kind", kind={"uk": kind_label(kind, "uk"), "en": kind_label(kind, "en")},
                                       other={"uk": kind_label(other, "uk"), "en": kind_label(other, "en")})
        else:
            prepared.refused = refusal("missing_columns", columns=", ".join(missing))
    return prepared


# ---------------------------------------------------------------------------------------------
# checking


def place(conn: Connection, hromada_id: int) -> Place:
    """Settlements, bounds and partners of a hromada, for the row checks."""
    s = schema.settlement
    rows = conn.execute(select(s.c.id, s.c.code, s.c.name_uk, s.c.name_en, s.c.lat, s.c.lon)
                        .where(s.c.hromada_id == hromada_id).order_by(s.c.name_uk)).all()
    by_name: dict[str, int] = {}
    for r in rows:
        for name in (r.name_uk, r.name_en):
            by_name[norm_value(name)] = r.id
    h = conn.execute(select(schema.hromada.c.center_lat, schema.hromada.c.center_lon)
                     .where(schema.hromada.c.id == hromada_id)).one()
    bounds = bounds_of([(r.lat, r.lon) for r in rows] + [(h.center_lat, h.center_lon)])
    p = schema.partner
    partners: dict[str, int] = {}
    for r in conn.execute(select(p.c.id, p.c.external_id, p.c.name_uk, p.c.name_en).where(p.c.hromada_id == hromada_id)):
        for key in (r.name_en, r.name_uk, r.external_id):
            partners[norm_value(key)] = r.id
    return Place(hromada_id, {r.code.upper(): r.id for r in rows}, by_name, ", ".join(r.name_uk for r in rows),
                 bounds, partners)


def default_hromada_id(conn: Connection) -> int:
    return conn.execute(select(func.min(schema.hromada.c.id))).scalar_one()


def hromada_id_for(engine: Engine, code: str | None) -> int | None:
    """The id of the hromada with KATOTTG ``code`` (or the first hromada when no code is given)."""
    with engine.connect() as conn:
        if not code:
            return default_hromada_id(conn)
        return conn.execute(select(schema.hromada.c.id).where(schema.hromada.c.code == code)).scalar_one_or_none()


def _now_kyiv() -> datetime:
    return datetime.now(KYIV).replace(tzinfo=None)


def _check(prepared: Prepared, p: Place, now: datetime | None) -> tuple[Checker, int]:
    frame = prepared.sheet.frame
    checker = check(prepared.kind, frame, prepared.mapping, p, now or _now_kyiv())
    width = len(prepared.sheet.columns)
    for number, n in prepared.sheet.too_long_rows.items():
        idx = frame.index[frame[ROW_COL] == number][0]
        from data_access.importing.aliases import error

        checker.errors.setdefault(idx, []).insert(0, error("", "too_many_cells", n=n, width=width))
    masked = 0
    for f in FIELDS[prepared.kind]:
        if f.type == "text" and f.name in checker.values:
            col = checker.values[f.name]
            filled = col.notna()
            if filled.any():
                new, n = mask_personal_text(col[filled].astype(str))
                checker.values.loc[filled, f.name] = new
                masked += n
    return checker, masked


@dataclass
class Preview:
    """What an import would do: counts and every row with its problems (nothing written)."""

    total: int
    new: int
    updates: int
    rejected: int
    masked_cells: int
    rows: pd.DataFrame  # __row, problems (uk), problems_en, + the file's columns (no personal data)


def _existing_ids(conn: Connection, table, source: str) -> set[str]:
    return set(conn.execute(select(table.c.external_id).where(table.c.source == source)).scalars())


def preview(engine: Engine, prepared: Prepared, *, source: str, hromada_id: int, now: datetime | None = None) -> Preview:
    """Check every row and count what a commit would store, update and reject."""
    with engine.connect() as conn:
        p = place(conn, hromada_id)
        existing = _existing_ids(conn, TABLES[prepared.kind], source)
    checker, masked = _check(prepared, p, now)
    frame = prepared.sheet.frame
    ok = checker.ok_index()
    ids = checker.values.loc[ok, "external_id"]
    updates = int(ids.isin(existing).sum())
    keep = [c for c in prepared.sheet.columns if c not in prepared.personal_columns]
    rows = frame[[ROW_COL, *keep]].copy()
    rows.insert(1, "problems", [" ; ".join(e["message_uk"] for e in checker.errors.get(i, [])) for i in frame.index])
    rows.insert(2, "problems_en", [" ; ".join(e["message_en"] for e in checker.errors.get(i, [])) for i in frame.index])
    return Preview(len(frame), len(ok) - updates, updates, len(checker.errors), masked, rows)


# ---------------------------------------------------------------------------------------------
# writing


def _upsert(conn: Connection, table, rows: list[dict]) -> None:
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


def _none(v):
    return None if v is None or (isinstance(v, float) and v != v) or v is pd.NaT else v


def _records(kind: str, values: pd.DataFrame, *, source: str, batch_id: int, hromada_id: int) -> list[dict]:
    common = {"source": source, "import_batch_id": batch_id, "hromada_id": hromada_id}
    out = []
    v = values.astype(object).where(values.notna(), None)
    if kind == "incidents":
        for r in v.itertuples(index=False):
            out.append(incident_values(
                occurred_at=dt_or_none(r.occurred_at), reported_at=dt_or_none(r.reported_at),
                lat=_none(r.lat), lon=_none(r.lon), external_id=r.external_id,
                settlement_id=None if r.settlement_id is None else int(r.settlement_id),
                category=r.category, category_group=r.category_group, legal_article=r.legal_article,
                severity=r.severity, status=r.status, domestic_violence=bool(r.domestic_violence),
                minors_involved=bool(r.minors_involved), description=r.description, **common))
    elif kind == "requests":
        has_fwd = "forwarded_partner_id" in v.columns
        for r in v.itertuples(index=False):
            fwd = getattr(r, "forwarded_partner_id", None) if has_fwd else None
            out.append(request_values(
                received_at=dt_or_none(r.received_at), deadline_days=int(r.deadline_days),
                extended_due_date=date_or_none(r.extended_due_date), answered_at=dt_or_none(r.answered_at),
                external_id=r.external_id, settlement_id=None if r.settlement_id is None else int(r.settlement_id),
                channel=r.channel, type=r.type, topic=r.topic, status=r.status,
                forwarded_partner_id=None if fwd is None else int(fwd),
                forwarded_at=date_or_none(r.received_at) if fwd is not None else None,
                extended_at=None, partner_answered_at=None, collective=bool(r.collective), **common))
    elif kind == "activities":
        for r in v.itertuples(index=False):
            out.append({
                **common, "external_id": r.external_id, "date": date_or_none(r.date), "kind": r.kind,
                "title_uk": r.title_uk, "title_en": r.title_en,
                "settlement_id": None if r.settlement_id is None else int(r.settlement_id),
                "location": r.location, "lat": _none(r.lat), "lon": _none(r.lon),
                "participants": None if r.participants is None else int(r.participants), "priority_id": None,
            })
    elif kind == "partners":
        for r in v.itertuples(index=False):
            out.append({**common, "external_id": r.external_id, "name_uk": r.name_uk, "name_en": r.name_en,
                        "kind": r.kind, "active": bool(r.active)})
    return out


def _link_partners(conn: Connection, source: str, values: pd.DataFrame) -> None:
    if "partner_ids" not in values.columns:
        return
    a = schema.activity
    ids = values["external_id"].tolist()
    by_ext: dict[str, int] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        by_ext.update(conn.execute(select(a.c.external_id, a.c.id).where(a.c.source == source, a.c.external_id.in_(chunk))).all())
    activity_ids = list(by_ext.values())
    for start in range(0, len(activity_ids), 900):
        conn.execute(delete(schema.activity_partner).where(schema.activity_partner.c.activity_id.in_(activity_ids[start:start + 900])))
    links = [{"activity_id": by_ext[ext], "partner_id": pid}
             for ext, pids in zip(values["external_id"], values["partner_ids"], strict=True)
             for pid in dict.fromkeys(pids or ())]
    if links:
        conn.execute(schema.activity_partner.insert(), links)


def _resolve_earlier_rejections(conn: Connection, kind: str, source: str, stored_ids: Iterable[str], batch_id: int) -> int:
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


def write_audit(conn: Connection, *, username: str | None, action: str, detail: dict) -> None:
    """One audit_log row, in the import's transaction (data_access.audit when present)."""
    try:
        from data_access.audit import record_in
    except ImportError:
        conn.execute(schema.audit_log.insert().values(at=utc_now(), username=username, action=action,
                                                      detail=json.dumps(detail, ensure_ascii=False, default=str)))
        return
    record_in(conn, username=username, action=action, detail=detail)


def import_file(engine: Engine, *, kind: str, content: bytes, file_name: str, source: str,
                hromada_id: int | None = None, mapping: dict[str, str] | None = None, created_by: str | None = None,
                now: datetime | None = None, survey: dict | None = None,
                prepared: Prepared | None = None) -> ImportResult:
    """Import one file as one batch: good rows inserted or updated (by ``source`` + ``external_id``),
    bad rows kept in ``rejected_row`` with their reasons; all or nothing. ``mapping`` is field ->
    file column (None: guessed from the headers). A refused file stores nothing."""
    prepared = prepared or prepare(content, file_name, kind, mapping)
    result = ImportResult(personal_columns=prepared.personal_columns, ignored_columns=prepared.ignored_columns,
                          blank_lines=prepared.sheet.blank_lines, total=len(prepared.sheet.frame))
    source = (source or "").strip()
    if not source:
        result.refused = refusal("missing_source")
    if prepared.refused is not None:
        result.refused = prepared.refused
    if result.refused is not None:
        return result
    if kind == "survey":
        return _import_survey(engine, prepared, result, source=source, file_name=file_name, hromada_id=hromada_id,
                              survey=survey or {}, created_by=created_by)
    table = TABLES[kind]
    with engine.begin() as conn:
        hromada_id = hromada_id or default_hromada_id(conn)
        checker, masked = _check(prepared, place(conn, hromada_id), now)
        existing = _existing_ids(conn, table, source)
        batch_id = new_batch(conn, kind=kind, source=source, file_name=file_name, file_hash=prepared.file_hash,
                             created_by=created_by)
        ok = checker.ok_index()
        values = checker.values.loc[ok]
        records = _records(kind, values, source=source, batch_id=batch_id, hromada_id=hromada_id)
        _upsert(conn, table, records)
        if kind == "activities":
            _link_partners(conn, source, values)
        frame = prepared.sheet.frame
        keep = [c for c in prepared.sheet.columns if c not in prepared.personal_columns]
        bad = sorted(checker.errors)
        if bad:
            sub = frame.loc[bad, [ROW_COL, *keep]]
            rejected = [{"import_batch_id": batch_id, "row_number": int(row[0]),
                         "raw": json.dumps(dict(zip(keep, row[1:], strict=True)), ensure_ascii=False),
                         "errors": json.dumps(checker.errors[idx], ensure_ascii=False), "resolved": False}
                        for idx, row in zip(bad, sub.itertuples(index=False, name=None), strict=True)]
            for start in range(0, len(rejected), CHUNK):
                conn.execute(schema.rejected_row.insert(), rejected[start:start + CHUNK])
        updated = int(values["external_id"].isin(existing).sum())
        result.batch_id = batch_id
        result.imported = len(values) - updated
        result.updated = updated
        result.rejected = len(bad)
        result.masked_cells = masked
        close_batch(conn, batch_id, total=result.total, imported=result.imported, updated=updated,
                    rejected=result.rejected)
        notes = {"mapping": prepared.mapping, "personal_data_columns": prepared.personal_columns,
                 "ignored_columns": prepared.ignored_columns, "masked_cells": masked,
                 "blank_lines": prepared.sheet.blank_lines, "encoding": prepared.sheet.encoding,
                 "separator": prepared.sheet.separator}
        conn.execute(update(schema.import_batch).where(schema.import_batch.c.id == batch_id)
                     .values(notes=json.dumps(notes, ensure_ascii=False)))
        _resolve_earlier_rejections(conn, kind, source, values["external_id"], batch_id)
        write_audit(conn, username=created_by, action="import", detail={
            "batch_id": batch_id, "kind": kind, "source": source, "file_name": file_name,
            "file_hash": prepared.file_hash, "rows": result.total, "imported": result.imported,
            "updated": updated, "rejected": result.rejected, "personal_data_columns": prepared.personal_columns})
    if result.imported + result.updated >= LARGE_LOAD_ROWS:
        refresh_statistics(engine)
    return result


def _import_survey(engine: Engine, prepared: Prepared, result: ImportResult, *, source: str, file_name: str,
                   hromada_id: int | None, survey: dict, created_by: str | None) -> ImportResult:
    try:
        from data_access.importing.survey_loader import load_survey_wave
    except ImportError:
        result.refused = refusal("survey_unavailable")
        return result
    needed = ("wave_code", "name_uk", "start_date", "end_date")
    if any(not survey.get(k) for k in needed):
        result.refused = refusal("survey_needs_wave")
        return result
    frame = prepared.sheet.frame.drop(columns=[*prepared.personal_columns, ROW_COL], errors="ignore")
    if hromada_id is None:
        with engine.connect() as conn:
            hromada_id = default_hromada_id(conn)
    out = load_survey_wave(engine, frame, hromada_id=hromada_id, wave_code=survey["wave_code"],
                           name_uk=survey["name_uk"], name_en=survey.get("name_en") or survey["name_uk"],
                           start_date=survey["start_date"], end_date=survey["end_date"], source=source,
                           file_name=file_name, created_by=created_by)
    if out.file_errors:
        first = out.file_errors[0]
        result.refused = Refusal(first.get("code", "survey"), first["message_uk"], first["message_en"])
        return result
    result.batch_id = out.batch_id
    result.total = out.rows_total
    result.imported, result.updated, result.rejected = out.rows_imported, out.rows_updated, out.rows_rejected
    result.ignored_columns = [*out.ignored_columns]
    return result


def undo_batch(engine: Engine, batch_id: int, *, username: str | None = None) -> dict[str, int]:
    """Remove every record this batch last wrote and mark the batch undone. Refuses (ValueError with
    a code) when records of other batches still refer to them (requests forwarded to its partners)."""
    b = schema.import_batch
    with engine.begin() as conn:
        batch = conn.execute(select(b.c.kind, b.c.status, b.c.is_demo).where(b.c.id == batch_id)).one_or_none()
        if batch is None or batch.status != "committed":
            raise ValueError("undo_not_possible")
        if batch.is_demo:
            raise ValueError("undo_demo")
        deleted: dict[str, int] = {}
        if batch.kind == "partners":
            p, r = schema.partner, schema.resident_request
            used = conn.execute(select(func.count()).select_from(r).join(p, p.c.id == r.c.forwarded_partner_id)
                                .where(p.c.import_batch_id == batch_id, r.c.import_batch_id != batch_id)).scalar_one()
            if used:
                raise ValueError("undo_partners_in_use")
        tables = [schema.survey_response, schema.survey_wave] if batch.kind == "survey" else [TABLES.get(batch.kind)]
        for table in tables:
            if table is not None:
                deleted[table.name] = conn.execute(delete(table).where(table.c.import_batch_id == batch_id)).rowcount
        conn.execute(update(b).where(b.c.id == batch_id).values(status="undone"))
        write_audit(conn, username=username, action="import_undo", detail={"batch_id": batch_id, "deleted": deleted})
    return deleted
