"""The incidents import builds its rows column by column and writes them in bulk (COPY on PostgreSQL):
every stored column equals what the row-by-row reference (``records.incident_values`` + one
``INSERT … ON CONFLICT`` per row) stores for the same file — dates with and without a time, months and
years, the night the clocks go back and the hour they skip, another time zone, points and no points."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from sqlalchemy import text

from data_access import schema
from data_access.importing import incidents, pipeline
from data_access.importing.kinds import KINDS
from data_access.importing.parse import dt_or_none
from data_access.importing.pipeline import import_file
from data_access.importing.store import checked_rows, int_or_none, number_or_none
from data_access.records import incident_values, upsert
from domain.roles import Role
from tests.factories import BUCHA_CITY, VORZEL, csv_file

NOW = datetime(2026, 11, 20, 12, 0)
HEADER = ["external_id", "occurred_at", "reported_at", "occurred_precision", "settlement_code", "lat", "lon",
          "category", "legal_article", "severity", "status", "domestic_violence", "minors_involved", "description"]
ROWS = [
    ["a1", "17.12.2024 23:10", "18.12.2024 09:00", "", BUCHA_CITY, "50.5503", "30.2107", "theft", "", "", "",
     "", "", "Крадіжка велосипеда"],
    ["a2", "2024-12", "", "", VORZEL, "", "", "fraud", "", "", "", "так", "", ""],
    ["a3", "2024", "2024-05-01 10:00", "", BUCHA_CITY, "", "", "theft", "", "", "closed", "", "так", "x"],
    ["a4", "17.12.2024", "", "", BUCHA_CITY, "50.54", "30.2", "hooliganism", "", "", "", "", "", ""],
    ["a5", "2024-12-17 14:00", "", "month", BUCHA_CITY, "", "", "theft", "", "", "", "", "", ""],
    ["a6", "2024-12-17 14:00", "", "year", VORZEL, "", "", "theft", "", "", "", "", "", ""],
    ["a7", "26.10.2025 03:30", "26.10.2025 03:59", "", BUCHA_CITY, "", "", "theft", "", "", "", "", "", ""],  # twice
    ["a8", "30.03.2025 03:30", "30.03.2025 05:10", "", BUCHA_CITY, "", "", "theft", "", "", "", "", "", ""],  # skipped
    ["a9", "31.12.2025 23:59", "01.01.2026 00:00", "", BUCHA_CITY, "50.5601", "30.2201", "fraud", "KK-190-2", "", "",
     "", "", "Шахрайство"],
    ["a10", "29.02.2024 00:00", "", "", VORZEL, "", "", "domestic_violence", "", "", "", "", "", ""],
    ["bad", "32.13.2024", "", "", BUCHA_CITY, "", "", "theft", "", "", "", "", "", ""],
]


def _write_row_by_row(conn, values, batch) -> None:
    """The reference: one ``incident_values`` dict per row, inserted by SQLAlchemy row by row."""
    rows = [incident_values(
        occurred_at=dt_or_none(r.occurred_at), reported_at=dt_or_none(r.reported_at),
        precision=r.occurred_precision, time_known=bool(r.occurred_time_known),
        lat=number_or_none(r.lat), lon=number_or_none(r.lon), external_id=r.external_id,
        settlement_id=int_or_none(r.settlement_id), category=r.category, category_group=r.category_group,
        legal_article=r.legal_article, severity=r.severity, status=r.status,
        domestic_violence=bool(r.domestic_violence), minors_involved=bool(r.minors_involved),
        description=r.description, **batch.columns) for r in checked_rows(values)]
    stmt = upsert(conn, schema.incident)
    stmt = stmt.on_conflict_do_update(index_elements=["source", "external_id"],
                                      set_={c: stmt.excluded[c] for c in rows[0] if c not in ("source", "external_id")})
    for row in rows:
        conn.execute(stmt, row)


def _stored(engine, source: str) -> dict[str, tuple]:
    """Every column of the source's incidents as the database driver returns them (SQLite: the stored
    text), by external id; without id, source and batch."""
    skip = {"id", "source", "import_batch_id"}
    names = [c.name for c in schema.incident.c if c.name not in skip]
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT {', '.join(names)} FROM incident WHERE source = :s"),  # noqa: S608
                            {"s": source}).all()
    return {r[0]: dict(zip(names, r, strict=True)) for r in rows}


def _import(engine, source: str, timezone: str | None = None):
    return import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=csv_file(HEADER, ROWS),
                       file_name="columns.csv", source=source, now=NOW, timezone=timezone)


@pytest.mark.parametrize("timezone", [None, "Europe/London"])
def test_bulk_write_stores_what_the_row_by_row_reference_stores(engine, monkeypatch, timezone):
    row_by_row = dataclasses.replace(KINDS["incidents"], write=_write_row_by_row)
    with monkeypatch.context() as m:
        m.setattr(pipeline, "import_kind", lambda kind: row_by_row)
        reference = _import(engine, "reference", timezone)
    assert KINDS["incidents"].write is incidents.write
    bulk = _import(engine, "bulk", timezone)
    again = _import(engine, "bulk", timezone)  # a re-import updates every row in place

    assert (reference.imported, reference.rejected) == (10, 1)
    assert (bulk.imported, bulk.rejected) == (10, 1)
    assert (again.imported, again.updated) == (0, 10)
    expected, stored = _stored(engine, "reference"), _stored(engine, "bulk")
    assert sorted(stored) == sorted(expected) == sorted(f"a{i}" for i in range(1, 11))
    for external_id, row in expected.items():
        assert stored[external_id] == row, external_id
    # the cases are what they claim to be
    assert expected["a5"]["occurred_precision"] == "month" and expected["a3"]["occurred_precision"] == "year"
    assert expected["a1"]["cell_row"] is not None and expected["a2"]["cell_row"] is None


def test_an_id_stored_after_the_check_is_updated_not_refused(engine, monkeypatch):
    """A first import writes straight into the table (PostgreSQL: COPY without ON CONFLICT) when none of
    its ids was stored at the check; should one be stored by then (another import in between), the write
    falls back to the upsert and stores what a re-import stores."""
    from data_access.importing import rows as rows_module
    from data_access.importing.store import Batch

    first = _import(engine, "bulk")
    stored = _stored(engine, "bulk")
    monkeypatch.setattr(rows_module, "Batch", lambda *a, **k: Batch(*a, **{**k, "updates": False}))
    again = _import(engine, "bulk")  # told "nothing stored yet", while all ten are
    assert (first.imported, again.imported, again.updated, again.rejected) == (10, 0, 10, 1)
    assert _stored(engine, "bulk") == stored
    with engine.connect() as conn:
        batches = conn.execute(text("SELECT DISTINCT import_batch_id FROM incident WHERE source = 'bulk'")).scalars()
        assert list(batches) == [again.batch_id]
