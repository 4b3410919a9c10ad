"""The fast incidents import (COPY text built a column at a time, SQLite's dates formatted a column at a time,
indexes — and PostgreSQL's foreign keys — deferred for a first import into a nearly empty table) stores exactly
what the row-by-row reference stores, rejects the same rows for the same reasons and logs the same counts,
on a file with tricky rows: bad dates, month-only dates, an offset, personal data in text, text that COPY
must escape, duplicate ids, points outside the outline and swapped coordinates."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import inspect, select

from data_access import schema
from data_access.importing import pipeline, store
from data_access.importing.kinds import KINDS
from data_access.importing.pipeline import import_file
from domain.roles import Role
from tests.data.test_import_columnwise import NOW, _stored, _write_row_by_row
from tests.factories import BUCHA_CITY, VORZEL, csv_file, index_deferrals

HEADER = ["external_id", "occurred_at", "reported_at", "settlement_code", "lat", "lon", "category", "legal_article",
          "description"]
ESCAPED = "back\\slash\ttab\nnew\r\nline \\N \\. end"  # what COPY's text format must escape, stored as is
ROWS = [
    ["t1", "17.12.2024 23:10", "18.12.2024 09:00", BUCHA_CITY, "50,5503", "30,2107", "theft", "", "Крадіжка велосипеда"],
    ["t2", "2024-12", "", VORZEL, "", "", "fraud", "", "Дзвонили з номера +380 67 123 45 67"],  # month only; phone
    ["t3", "2024", "", BUCHA_CITY, "", "", "theft", "", "пишіть на ivan.petrenko@example.com"],  # year; e-mail
    ["t4", "32.13.2024", "", BUCHA_CITY, "", "", "theft", "", "погана дата"],  # bad date: rejected
    ["t5", "17.12.2024", "2024-12", BUCHA_CITY, "", "", "theft", "", ""],  # month where a day is needed: rejected
    ["t6", "2024-12-17T14:00:00+02:00", "", BUCHA_CITY, "", "", "theft", "ст. 185 ч. 2 КК", ESCAPED],  # offset; escapes
    ["t1", "18.12.2024", "", BUCHA_CITY, "", "", "theft", "", "той самий номер"],  # duplicate id: rejected
    ["t7", "17.12.2024 10:00", "", "", "50.5206777", "30.2448725", "theft", "", ""],  # Irpin: outside the outline
    ["t8", "17.12.2024 10:00", "", BUCHA_CITY, "30,21", "50,55", "theft", "", ""],  # swapped coordinates
    ["t9", "45658", "", VORZEL, "", "", "hooliganism", "", "Excel serial"],  # 2025-01-01
    ["t10", "31.12.2025 23:59", "01.01.2026 00:00", "", "50,5601", "30,2201", "fraud", "", "відступ\tу\\тексті"],  # no place
    ["t11", "17.12.24 08:05", "", BUCHA_CITY, "", "", "domestic_violence", "", "вул. Шевченка, 12, кв. 5"],  # address
]


def _import(engine, source: str):
    return import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=csv_file(HEADER, ROWS),
                       file_name="tricky.csv", source=source, now=NOW, created_by="o.kovalenko")


def _import_row_by_row(engine, monkeypatch, source: str):
    row_by_row = dataclasses.replace(KINDS["incidents"], write=_write_row_by_row)
    with monkeypatch.context() as m:
        m.setattr(pipeline, "import_kind", lambda kind: row_by_row)
        return _import(engine, source)


def _batch_log(engine, batch_id: int) -> dict:
    """What the import log shows of a batch: its counts, its notes and its rejected rows with their reasons."""
    b, rr = schema.import_batch, schema.rejected_row
    with engine.connect() as conn:
        batch = conn.execute(select(b.c.rows_total, b.c.rows_imported, b.c.rows_updated, b.c.rows_rejected, b.c.notes)
                             .where(b.c.id == batch_id)).one()
        rejected = conn.execute(select(rr.c.row_number, rr.c.raw, rr.c.errors, rr.c.resolved)
                                .where(rr.c.import_batch_id == batch_id).order_by(rr.c.row_number)).all()
    return {"counts": tuple(batch[:4]), "notes": json.loads(batch.notes),
            "rejected": [(r.row_number, json.loads(r.raw), json.loads(r.errors), r.resolved) for r in rejected]}




def _indexes_and_keys(engine) -> set[str]:
    insp = inspect(engine)
    return {i["name"] for i in insp.get_indexes("incident")} | {k["name"] for k in insp.get_foreign_keys("incident")}


def test_the_fast_path_stores_rejects_and_logs_what_the_row_by_row_reference_does(engine, monkeypatch):
    monkeypatch.setattr(store, "DEFERRED_INDEXES_FROM", 1)  # this small file takes the bulk way too
    before = _indexes_and_keys(engine)
    with index_deferrals(monkeypatch) as deferred:
        fast = _import(engine, "fast")  # first, into the empty table: its indexes (and keys) are deferred
    assert deferred == [True]
    assert _indexes_and_keys(engine) == before
    assert len({n for n in before if n.startswith(("ix_", "fk_"))}) == 9  # 6 secondary indexes, 3 foreign keys
    reference = _import_row_by_row(engine, monkeypatch, "reference")

    assert (fast.imported, fast.updated, fast.rejected) == (reference.imported, reference.updated,
                                                            reference.rejected) == (7, 0, 5)
    assert fast.masked_cells == reference.masked_cells == 3
    expected, stored = _stored(engine, "reference"), _stored(engine, "fast")
    assert sorted(stored) == sorted(expected) == sorted(["t1", "t2", "t3", "t6", "t9", "t10", "t11"])
    for external_id, row in expected.items():
        assert stored[external_id] == row, external_id
    fast_log, reference_log = _batch_log(engine, fast.batch_id), _batch_log(engine, reference.batch_id)
    assert fast_log["counts"] == reference_log["counts"] == (12, 7, 0, 5)
    assert fast_log["rejected"] == reference_log["rejected"]
    assert fast_log["notes"] == reference_log["notes"]

    # and what both store is what the file says
    reasons = {raw["external_id"]: [e["code"] for e in errors] for _n, raw, errors, _r in fast_log["rejected"]}
    assert reasons == {"t4": ["bad_date"], "t5": ["date_needs_day"], "t1": ["duplicate_in_file"],
                       "t7": ["outside_outline"], "t8": ["swapped_coordinates"]}
    assert stored["t2"]["occurred_precision"] == "month" and stored["t3"]["occurred_precision"] == "year"
    assert stored["t6"]["description"] == ESCAPED
    assert stored["t10"]["description"] == "відступ\tу\\тексті"
    assert "123 45 67" not in stored["t2"]["description"] and "example.com" not in stored["t3"]["description"]
    assert "Шевченка, 12" not in stored["t11"]["description"]
    assert stored["t1"]["description"] == "Крадіжка велосипеда"  # the first t1 is kept, the second rejected
    assert stored["t10"]["settlement_id"] is not None  # found from its point

    again = _import(engine, "fast")  # a re-import updates every row in place (the temporary table's upsert)
    assert (again.imported, again.updated, again.rejected) == (0, 7, 5)
    assert _stored(engine, "fast") == expected


def test_a_table_holding_as_many_rows_keeps_its_indexes(engine, monkeypatch):
    """The bulk way locks the tables until the import commits: only a nearly empty table (fewer rows than the
    file brings) takes it; one that holds as many is written with its indexes and keys in place."""
    monkeypatch.setattr(store, "DEFERRED_INDEXES_FROM", 1)
    _import(engine, "first")
    with index_deferrals(monkeypatch) as deferred:
        second = _import(engine, "second")
    assert deferred == []
    assert second.imported == 7
    assert _stored(engine, "second") == _stored(engine, "first")


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)  # SQLite: the next test
def test_a_page_reading_the_tables_makes_the_import_take_the_ordinary_way(engine, monkeypatch):
    """Dropping a key locks the tables it refers to; a page in the middle of reading one of them would make the
    import wait, and every later page wait behind it. After the lock timeout it writes with its indexes instead."""
    monkeypatch.setattr(store, "DEFERRED_INDEXES_FROM", 1)
    monkeypatch.setattr(store, "DEFER_LOCK_TIMEOUT_MS", 100)
    before = _indexes_and_keys(engine)
    reader = engine.connect()
    try:
        reader.execute(select(schema.hromada.c.id).limit(1)).all()  # its transaction holds the table open
        with index_deferrals(monkeypatch) as deferred:
            result = _import(engine, "while-reading")
    finally:
        reader.rollback()
        reader.close()
    assert deferred == [False]
    assert (result.imported, result.rejected) == (7, 5)
    assert _indexes_and_keys(engine) == before


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # PostgreSQL: the test above
def test_sqlite_readers_keep_reading_through_a_first_import(engine, monkeypatch):
    """SQLite (WAL): a page's connection that read before a first import dropped and rebuilt the indexes reads
    on afterwards (its prepared statements meet a changed schema), and sees the import once it is committed."""
    monkeypatch.setattr(store, "DEFERRED_INDEXES_FROM", 1)
    before = _indexes_and_keys(engine)
    by_day = select(schema.incident.c.occurred_date).where(schema.incident.c.hromada_id.isnot(None)) \
        .order_by(schema.incident.c.occurred_date)
    with engine.connect() as reader:
        assert reader.execute(by_day).all() == []
        with index_deferrals(monkeypatch) as deferred:
            result = _import(engine, "while-reading")
        assert len(reader.execute(by_day).all()) == 7
    assert deferred == [True]
    assert result.imported == 7
    assert _indexes_and_keys(engine) == before


def test_a_first_import_that_fails_while_the_indexes_are_dropped_leaves_them_and_stores_nothing(engine, monkeypatch):
    monkeypatch.setattr(store, "DEFERRED_INDEXES_FROM", 1)
    before = _indexes_and_keys(engine)

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(store, "_copy_new" if engine.dialect.name == "postgresql" else "_statement_upsert", broken)
    with index_deferrals(monkeypatch) as deferred, pytest.raises(RuntimeError):
        _import(engine, "broken")
    assert deferred == [True]
    assert _indexes_and_keys(engine) == before
    with engine.connect() as conn:
        assert conn.execute(select(schema.incident.c.id)).all() == []
        assert conn.execute(select(schema.import_batch.c.id)).all() == []
