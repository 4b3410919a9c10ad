"""Benchmark: import 100,000 incident rows from a CSV into a fresh SQLite database or a PostgreSQL one.

Run: ``.venv/bin/python benchmarks/import_speed.py [--rows 100000] [--database postgresql+psycopg://…/db]``.
Prints the time of the first import (all inserts) and of a re-import of the same file (all updates).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_access.db_setup import upgrade_to_head  # noqa: E402
from data_access.engine import make_engine  # noqa: E402
from data_access.importing.pipeline import import_file  # noqa: E402
from data_access.reference import load_reference  # noqa: E402
from domain.polygons import contains_points  # noqa: E402
from domain.roles import Role  # noqa: E402

BUCHA_OUTLINE = Path(__file__).resolve().parent.parent / "assets/hromadas/UA32080070000050759/boundaries.geojson"

SETTLEMENTS = ["UA32080070010087821", "UA32080070030073716", "UA32080070040049140", "Буча", "Ворзель"]
CATEGORIES = ["theft", "fraud", "Хуліганство", "ДТП", "domestic_violence", "burglary"]


def points_inside() -> list[tuple[str, str]]:
    """The points of a 0.001° grid (50.500–50.589 N, 30.200–30.249 E) inside Bucha hromada's outline,
    as decimal-comma text: the import checks every point against that outline."""
    geojson = json.loads(BUCHA_OUTLINE.read_text(encoding="utf-8"))
    outline = next(f["geometry"] for f in geojson["features"] if f["properties"].get("level") == "hromada")
    grid = [(50.5 + i / 1000, 30.2 + j / 1000) for i in range(90) for j in range(50)]
    inside = contains_points(outline, [p[0] for p in grid], [p[1] for p in grid])
    return [(f"{la:.3f}".replace(".", ","), f"{lo:.3f}".replace(".", ","))
            for (la, lo), ok in zip(grid, inside, strict=True) if ok]


def make_csv(rows: int) -> bytes:
    """A ';'-separated police-style export with decimal commas and dd.mm.yyyy dates; 1 % bad rows
    (coordinates swapped), every other point inside the hromada's outline, one row in 8 without one."""
    points = points_inside()
    lines = ["Номер ЄРДР;Дата події;Дата реєстрації;КАТОТТГ;Широта;Довгота;Категорія;Статус;Фабула"]
    for i in range(rows):
        day, month = 1 + i % 28, 1 + (i // 28) % 10
        settlement = SETTLEMENTS[i % len(SETTLEMENTS)]
        code_col, name = (settlement, "") if settlement.startswith("UA") else ("", settlement)
        lat, lon = points[i % len(points)] if i % 8 else ("", "")
        if i % 100 == 99:
            lat, lon = "30,21", "50,55"  # swapped: rejected
        lines.append(f"1202600{i:07d};{day:02d}.{month:02d}.2026 {i % 24:02d}:{i % 60:02d};{day:02d}.{month:02d}.2026 23:59;"
                     f"{code_col or name};{lat};{lon};{CATEGORIES[i % len(CATEGORIES)]};Зареєстровано;Подія {i}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def measure(database_url: str, rows: int = 100_000) -> dict:
    """Rows per second of a first import (inserts) and a re-import (updates) of a ``rows``-row CSV
    into ``database_url`` (its incident rows from source "bench-import" are replaced first)."""
    from sqlalchemy import delete, select

    from data_access import schema

    content = make_csv(rows)
    engine = make_engine(database_url)
    try:
        upgrade_to_head(engine)
        with engine.connect() as conn:
            have = conn.execute(select(schema.hromada.c.id).limit(1)).first()
        if have is None:
            load_reference(engine)
        with engine.begin() as conn:
            conn.execute(delete(schema.incident).where(schema.incident.c.source == "bench-import"))
        out = {"rows": rows}
        for label in ("first", "again"):
            load = os.getloadavg()[0]
            server_before = server_cpu_s(engine)
            started, cpu_started = time.perf_counter(), time.process_time()
            r = import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=content, file_name="bench.csv",
                            source="bench-import")
            elapsed, client_cpu = time.perf_counter() - started, time.process_time() - cpu_started
            server_after = server_cpu_s(engine)
            assert r.imported + r.updated + r.rejected == rows, r.summary()
            out[f"{label}_s"] = round(elapsed, 2)
            out[f"{label}_rows_per_s"] = round(rows / elapsed)
            out[f"{label}_summary"] = r.summary()
            out[f"{label}_load"] = round(load, 1)
            out[f"{label}_client_cpu_s"] = round(client_cpu, 2)
            server = None if server_before is None or server_after is None else server_after - server_before
            out[f"{label}_server_cpu_s"] = None if server is None else round(server, 2)
            out[f"{label}_cpu_rows_per_s"] = round(rows / (client_cpu + (server or 0.0)))
        return out
    finally:
        engine.dispose()


def server_cpu_s(engine) -> float | None:
    """CPU seconds (user + system) used so far by the PostgreSQL server processes of ``engine``'s database,
    read from /proc (the server runs on this machine); 0 for SQLite (in-process), None when unreadable.
    With the client's own CPU time it gives a throughput that the machine's other load hardly moves."""
    if engine.dialect.name != "postgresql":
        return 0.0
    from sqlalchemy import text

    with engine.connect() as conn:
        pids = conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).scalars().all()
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    try:
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    except (FileNotFoundError, PermissionError, IndexError, ValueError):
        return None
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", help="a PostgreSQL (or SQLite) URL to measure instead of a fresh SQLite "
                                           "file (its incidents of source 'bench-import' are replaced)")
    args = parser.parse_args()
    if args.database:
        out = measure(args.database, args.rows)
        for label in ("first", "again"):
            print(f"{label}: {args.rows} rows in {out[label + '_s']} s, {out[label + '_rows_per_s']:,} rows/s"
                  f" (load {out[label + '_load']}; CPU: client {out[label + '_client_cpu_s']} s, server "
                  f"{out[label + '_server_cpu_s']} s, {out[label + '_cpu_rows_per_s']:,} rows per CPU-second)"
                  f" — {out[label + '_summary']}")
        return
    content = make_csv(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade_to_head(engine)
        load_reference(engine)
        for label in ("first import", "re-import"):
            started = time.perf_counter()
            r = import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=content, file_name="bench.csv",
                            source="police")
            elapsed = time.perf_counter() - started
            print(f"{label}: {args.rows} rows in {elapsed:.1f} s, {args.rows / elapsed:,.0f} rows/s — {r.summary()}"
                  f" [{'OK' if elapsed < 30 else 'OVER BUDGET'} (budget 30 s)]")
            assert r.imported + r.updated + r.rejected == args.rows
        engine.dispose()


if __name__ == "__main__":
    main()
