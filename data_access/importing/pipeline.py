"""The import pipeline: read a file and settle its mapping, preview it, commit it as one batch, undo a batch.

Entry points: :func:`read_upload` (read a file once), :func:`prepare` (settle its mapping),
:func:`preview` (check without writing), :func:`import_file` (the whole import in one transaction),
:func:`undo_batch`. Importing and undoing check the caller's role (``domain.roles``) here, whoever
calls. What differs between kinds lives in their registry entries (``data_access/importing/kinds.py``).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, delete, select, update

from data_access import schema
from data_access.audit import record_in
from data_access.data_version import writing
from data_access.importing.aliases import guess_mapping, is_personal_header, norm
from data_access.importing.fields import FREE_TEXT, RECORD_ID, STRUCTURED
from data_access.importing.kinds import KINDS, ImportKind, import_kind
from data_access.importing.messages import refusal
from data_access.importing.parse import KYIV_ZONE, valid_timezone
from data_access.importing.personal import looks_personal
from data_access.importing.place import place
from data_access.importing.profile import TIMEZONE, Profile
from data_access.importing.read import ROW_COL, FileRefused, SheetData, read_file
from data_access.importing.results import ImportResult, Job, Prepared, Preview, Upload
from data_access.importing.rows import check_rows, kept_cells
from data_access.importing.store import existing_ids, ids_in_other_sources
from domain.roles import require


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _labels(spec: ImportKind) -> dict[str, str]:
    return {"uk": spec.label("uk"), "en": spec.label("en")}


def _looks_like(spec: ImportKind, columns: list[str]) -> ImportKind | None:
    """Another mapped kind whose required fields all match the file's headers."""
    for other in KINDS.values():
        if other is spec or not other.mapped:
            continue
        guessed = guess_mapping(other.aliases(), columns)
        if all(f.name in guessed for f in other.fields if f.required):
            return other
    return None


def read_upload(content: bytes, file_name: str) -> Upload:
    """Read a file once (the caps of ``read`` refuse it before it costs much); ``refused`` says why
    it cannot be read."""
    digest = file_hash(content or b"")
    try:
        return Upload(file_name, digest, read_file(content, file_name))
    except FileRefused as exc:
        return Upload(file_name, digest, _EMPTY, refusal(exc.code, **exc.params))


_EMPTY = SheetData(pd.DataFrame(columns=[ROW_COL]), [], "", None)


def _withheld(spec: ImportKind, sheet: SheetData, mapping: dict[str, str],
              keep: frozenset[str]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The personal-data columns, each with why it is withheld ("header" / "values"); the columns
    stored although their header looks personal, because the user mapped them to a field that is not
    free text and confirmed keeping them (``keep``); and those mapped so but not confirmed, which are
    withheld until confirmed (both column -> field). A header that is one of the kind's own aliases
    is no personal data."""
    own_aliases = spec.aliases()
    field_types = {f.name: f.type for f in spec.fields}
    mapped_cols = {c: f for f, c in mapping.items()}
    personal: dict[str, str] = {}
    spared: dict[str, str] = {}
    to_confirm: dict[str, str] = {}
    for col in sheet.columns:
        f = mapped_cols.get(col)
        as_type = field_types.get(f)
        if is_personal_header(col) and norm(col) not in own_aliases:
            if f is None or as_type in FREE_TEXT or col not in keep:
                personal[col] = "header"
                if f is not None and as_type not in FREE_TEXT:
                    to_confirm[col] = f
                continue
            spared[col] = f
        if as_type not in STRUCTURED and looks_personal(sheet.frame[col]):
            personal[col] = "values"
            spared.pop(col, None)
    return personal, spared, to_confirm


def prepare(content: bytes, file_name: str, kind: str, mapping: dict[str, str] | Profile | None = None, *,
            upload: Upload | None = None) -> Prepared:
    """Read the file (unless ``upload`` holds it as read already) and settle the mapping: ``mapping``
    (field -> column, or a whole profile: columns, value maps, options) when given, else guesses from
    header aliases (so does a profile whose ``columns`` is None). Personal-data columns are taken out
    of the mapping. ``refused`` is set when the file cannot be imported at all."""
    upload = upload or read_upload(content, file_name)
    profile = mapping if isinstance(mapping, Profile) else Profile(None if mapping is None else dict(mapping))
    digest = upload.file_hash
    spec = KINDS.get(kind)
    if spec is None:
        return Prepared(kind, _EMPTY, {}, [], [], digest, refusal("unknown_kind", kind=kind))
    if upload.refused is not None:
        return Prepared(kind, _EMPTY, {}, [], [], digest, upload.refused)
    sheet = upload.sheet
    columns = sheet.columns
    chosen = guess_mapping(spec.aliases(), columns) if profile.columns is None else profile.columns
    field_types = {f.name: f.type for f in spec.fields}
    chosen = {f: c for f, c in chosen.items() if c in columns and f in field_types}
    reasons, spared, to_confirm = _withheld(spec, sheet, chosen, profile.keep_personal)
    personal = [c for c in columns if c in reasons]
    chosen = {f: c for f, c in chosen.items() if c not in reasons}
    ignored = [c for c in columns if c not in reasons and c not in chosen.values()]
    prepared = Prepared(kind, sheet, chosen, personal, ignored, digest, personal_reasons=reasons,
                        spared_columns=spared, to_confirm=to_confirm,
                        values={f: m for f, m in profile.values.items() if f in chosen or not spec.mapped},
                        options=dict(profile.options),
                        renamed={} if spec.mapped else {c: f for f, c in (profile.columns or {}).items()
                                                        if c in columns and c not in reasons})
    if sheet.frame.empty:
        prepared.refused = refusal("no_rows")
        return prepared
    generated = {RECORD_ID.name} if profile.generate_ids else set()
    missing = [f.name for f in spec.fields if f.required and f.name not in chosen and f.name not in generated]
    missing += [" / ".join(group) for group in spec.one_of if not any(g in chosen for g in group)]
    if missing:
        other = _looks_like(spec, columns)
        if other:
            prepared.refused = refusal("wrong_kind", kind=_labels(spec), other=_labels(other))
        else:
            prepared.refused = refusal("missing_columns", columns=", ".join(missing))
    return prepared


def preview(engine: Engine, prepared: Prepared, *, source: str, hromada_id: int, now: datetime | None = None,
            timezone: str | None = None) -> Preview:
    """Check every row of a mapped kind's file and count what a commit would store, update and reject
    (``timezone``: where its times of day were recorded, as for :func:`import_file`)."""
    spec = import_kind(prepared.kind)
    with engine.connect() as conn:
        p = place(conn, hromada_id)
        existing = existing_ids(conn, spec.table, source)
    timezone = timezone or prepared.options.get(TIMEZONE) or KYIV_ZONE
    checker, masked = check_rows(spec, prepared, p, now, timezone=timezone)
    frame = prepared.sheet.frame
    ok = checker.ok_index()
    ids = checker.values.loc[ok, "external_id"]
    updates = int(ids.isin(existing).sum())
    with engine.connect() as conn:
        elsewhere = ids_in_other_sources(conn, spec.table, source, ids)
    rows = kept_cells(spec, prepared, checker)
    rows.insert(1, "problems", [" ; ".join(e["message_uk"] for e in checker.errors.get(i, [])) for i in frame.index])
    rows.insert(2, "problems_en", [" ; ".join(e["message_en"] for e in checker.errors.get(i, [])) for i in frame.index])
    coarse = {}
    if "occurred_precision" in checker.values:  # incidents: rows the weekly views will leave out
        found = checker.values.loc[ok, "occurred_precision"].value_counts()
        coarse = {level: int(found[level]) for level in ("month", "year") if found.get(level, 0)}
    return Preview(len(frame), len(ok) - updates, updates, len(checker.errors), masked, rows, elsewhere, coarse)


def import_file(engine: Engine, *, role: str, kind: str, content: bytes, file_name: str, source: str,
                hromada_id: int | None = None, mapping: dict[str, str] | Profile | None = None,
                created_by: str | None = None,
                now: datetime | None = None, settings: dict | None = None,
                prepared: Prepared | None = None, timezone: str | None = None) -> ImportResult:
    """Import one file as one batch: good rows inserted or updated (by ``source`` + ``external_id``),
    bad rows kept in ``rejected_row`` with their reasons; all or nothing. ``role`` must be allowed
    to import (else AccessDenied, before the file is read); ``created_by`` is the actor the batch
    and the audit log name. ``mapping`` is field -> file column or a whole profile (None: guessed from the headers);
    ``settings`` the values the kind's settings ask for (the survey's wave); ``timezone`` (an IANA name;
    None = the profile's ``timezone`` option, else Europe/Kyiv) where the file's times of day were recorded:
    a day with a time is converted to Kyiv time, a date without a time or a coarser one is not shifted.
    A refused file stores nothing."""
    require(role, "import")
    prepared = prepared or prepare(content, file_name, kind, mapping)
    result = ImportResult(personal_columns=prepared.personal_columns, personal_reasons=prepared.personal_reasons,
                          spared_columns=prepared.spared_columns, ignored_columns=prepared.ignored_columns,
                          mapping=prepared.mapping, to_confirm=prepared.to_confirm,
                          blank_lines=prepared.sheet.blank_lines, total=len(prepared.sheet.frame))
    source = (source or "").strip()
    if not source:
        result.refused = refusal("missing_source")
    timezone = (timezone or prepared.options.get(TIMEZONE) or "").strip() or KYIV_ZONE
    if not valid_timezone(timezone):
        result.refused = refusal("bad_timezone", timezone=timezone)
    if prepared.refused is not None:
        result.refused = prepared.refused
    if result.refused is not None:
        return result
    spec = import_kind(kind)
    job = Job(prepared, source, file_name, hromada_id, created_by, role, now, settings or {}, timezone)
    return spec.commit(engine, spec, job, result)


def undo_batch(engine: Engine, batch_id: int, *, role: str, username: str | None) -> dict[str, int]:
    """Remove every record this batch last wrote and mark the batch undone; the audit log names
    ``username`` (the actor) and ``role``. ``role`` must be allowed to undo imports (else
    AccessDenied). Refuses (ValueError with a code) when the kind refuses it (partners still
    referred to by requests of other batches)."""
    require(role, "undo_import")
    b = schema.import_batch
    with writing(engine) as conn:
        batch = conn.execute(select(b.c.kind, b.c.status, b.c.is_demo).where(b.c.id == batch_id)).one_or_none()
        if batch is None or batch.status != "committed":
            raise ValueError("undo_not_possible")
        if batch.is_demo:
            raise ValueError("undo_demo")
        spec = KINDS.get(batch.kind)
        if spec is not None and spec.refuse_undo is not None:
            spec.refuse_undo(conn, batch_id)
        deleted: dict[str, int] = {}
        for table in spec.undo_tables if spec is not None else ():
            deleted[table.name] = conn.execute(delete(table).where(table.c.import_batch_id == batch_id)).rowcount
        conn.execute(update(b).where(b.c.id == batch_id).values(status="undone"))
        record_in(conn, username=username, action="import_undo",
                  detail={"batch_id": batch_id, "kind": batch.kind, "role": role, "deleted": deleted})
    return deleted
