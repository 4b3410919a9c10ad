"""Small, readable record factories for tests: write through data_access.records."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import Engine, select

from data_access import schema
from data_access.records import incident_values, new_batch, request_values

BUCHA = "UA32080070000050759"
BUCHA_CITY = "UA32080070010087821"
VORZEL = "UA32080070030073716"


def ids(engine: Engine) -> dict[str, int]:
    """Database ids of the hromada and settlements by KATOTTG code."""
    with engine.connect() as conn:
        out = dict(conn.execute(select(schema.hromada.c.code, schema.hromada.c.id)).all())
        out.update(conn.execute(select(schema.settlement.c.code, schema.settlement.c.id)).all())
    return out


def _add(engine: Engine, rows: list[dict], *, kind: str, source: str, table, values, hromada: str = BUCHA) -> int:
    """Insert ``rows`` into ``table`` in one new batch; ``values(row, **common)`` turns a row
    (with ``settlement`` as a code) into the table's values. Returns the batch id."""
    known = ids(engine)
    with engine.begin() as conn:
        batch = new_batch(conn, kind=kind, source=source, hromada_id=known[hromada])
        for n, row in enumerate(rows):
            row = dict(row)
            settlement = row.pop("settlement", BUCHA_CITY)
            common = {"source": source, "external_id": row.pop("external_id", f"{source}-{batch}-{n}"),
                      "import_batch_id": batch, "hromada_id": known[hromada],
                      "settlement_id": known[settlement] if settlement else None}
            conn.execute(table.insert().values(**values(row, **common)))
    return batch


def add_incidents(engine: Engine, rows: list[dict], *, source: str = "test", hromada: str = BUCHA) -> int:
    """Insert incidents of ``hromada`` (code); each row needs ``occurred_at`` (naive = Kyiv time) and may
    give settlement (code, or None outside Bucha), category, severity, lat, lon, ... Returns the batch id."""
    def values(row: dict, **common) -> dict:
        return incident_values(
            occurred_at=row.pop("occurred_at"), lat=row.pop("lat", None), lon=row.pop("lon", None),
            category=row.pop("category", "theft"), category_group=row.pop("category_group", "community"),
            severity=row.pop("severity", "minor"), status=row.pop("status", "registered"),
            domestic_violence=row.pop("domestic_violence", False), minors_involved=row.pop("minors_involved", False),
            **common, **row,
        )
    return _add(engine, rows, kind="incidents", source=source, table=schema.incident, values=values, hromada=hromada)


def add_requests(engine: Engine, rows: list[dict], *, source: str = "test") -> int:
    """Insert resident requests; each row needs ``received_at`` and may give type (statement), topic
    (street_lighting: one month), deadline_days (an explicit term), answered_at, settlement (code), ...
    Returns the batch id."""
    def values(row: dict, **common) -> dict:
        return request_values(
            received_at=row.pop("received_at"), deadline_days=row.pop("deadline_days", None),
            extended_due_date=row.pop("extended_due_date", None), answered_at=row.pop("answered_at", None),
            channel=row.pop("channel", "written"), type=row.pop("type", "statement"),
            topic=row.pop("topic", "street_lighting"), status=row.pop("status", "open"),
            collective=row.pop("collective", False), **common, **row,
        )
    return _add(engine, rows, kind="requests", source=source, table=schema.resident_request, values=values)


def at(day: date, hour: int = 12) -> datetime:
    """Naive Kyiv local time on ``day`` at ``hour``."""
    return datetime(day.year, day.month, day.day, hour)


def csv_file(header: list[str], rows: list[list[object]]) -> bytes:
    """A small UTF-8 CSV made in a test: ``header`` then ``rows`` (every cell written as text)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[str(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8")


IRPIN, HOSTOMEL = "UA32080150000035443", "UA32080110000056605"
RAION_NAMES = {BUCHA: "Бучанська міська територіальна громада", IRPIN: "Ірпінська міська територіальна громада",
               HOSTOMEL: "Гостомельська селищна територіальна громада"}


def raion_database(folder, *, today, weeks: int) -> str:
    """A SQLite database in ``folder`` with Bucha raion's three hromadas (Irpin and Hostomel added from the codifier
    into a copy of assets/hromadas there) seeded with ``weeks`` of demo data up to ``today``; returns its URL."""
    import shutil

    import pytest

    from data_access import reference
    from data_access.__main__ import main as cli
    from data_access.db_setup import upgrade_to_head
    from data_access.demo import seed_demo
    from data_access.engine import make_engine

    assets = folder / "hromadas"
    shutil.copytree(reference.HROMADAS_DIR, assets)
    url = f"sqlite:///{folder / 'raion.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    reference.load_reference(engine)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reference, "HROMADAS_DIR", assets)
        for code in (IRPIN, HOSTOMEL):
            assert cli(["add-hromada", code, "--assets-dir", str(assets), "--database-url", url]) == 0
        seed_demo(engine, today=today, weeks=weeks, hromadas=(BUCHA, IRPIN, HOSTOMEL))
    engine.dispose()
    return url


@contextmanager
def index_deferrals(monkeypatch) -> Iterator[list[bool]]:
    """Every ``indexes_deferred`` of the import's writer (data_access.importing.store) while inside, with what
    it yielded (True: the table's indexes and keys were dropped for the copy)."""
    from data_access.importing import store

    seen: list[bool] = []
    original = store.indexes_deferred

    @contextmanager
    def spy(*args, **kwargs):
        with original(*args, **kwargs) as dropped:
            seen.append(dropped)
            yield dropped

    monkeypatch.setattr(store, "indexes_deferred", spy)
    yield seen
