"""Two imports of overlapping files started at the same moment (two admins, or the page and a
scheduled job) leave exactly the rows one import after the other would, and their batch counts
add up as they would one after the other."""

from __future__ import annotations

import threading

from sqlalchemy import select

from data_access import schema
from data_access.importing.pipeline import import_file
from domain.roles import Role

HEADER = "external_id,occurred_at,settlement_code,category,status\n"
BUCHA_CITY = "UA32080070010087821"


def _file(numbers: range) -> bytes:
    return (HEADER + "".join(f"C-{n:03d},2026-11-{1 + n % 20:02d}T10:00:00,{BUCHA_CITY},theft,registered\n"
                             for n in numbers)).encode()


def test_two_imports_at_the_same_moment_store_each_row_once(engine):
    files = {"morning.csv": _file(range(1, 61)), "job.csv": _file(range(41, 101))}  # C-041..C-060 in both
    start = threading.Barrier(len(files))
    results, failures = {}, []

    def run(name: str) -> None:
        try:
            start.wait()
            results[name] = import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=files[name],
                                        file_name=name, source="police", created_by=name)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(name,)) for name in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert all(r.refused is None and r.rejected == 0 for r in results.values())

    with engine.connect() as conn:
        stored = conn.execute(select(schema.incident.c.external_id, schema.incident.c.occurred_date)).all()
        batches = conn.execute(select(schema.import_batch.c.rows_imported, schema.import_batch.c.rows_updated)
                               .where(schema.import_batch.c.kind == "incidents")).all()
    ids = sorted(i for i, _ in stored)
    assert ids == [f"C-{n:03d}" for n in range(1, 101)]  # 100 distinct records, none twice
    assert {d.day for i, d in stored} == set(range(1, 21))
    # as one after the other: the second finds the 20 shared rows stored and updates them
    assert sorted((r.imported, r.updated) for r in results.values()) == [(40, 20), (60, 0)]
    assert sorted(tuple(b) for b in batches) == [(40, 20), (60, 0)]
