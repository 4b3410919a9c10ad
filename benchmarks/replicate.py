"""The national benchmark database, built fast: a copy of the oblast database (``seed-demo --scale
70``) whose 69 synthetic hromadas are replicated in SQL ``COPIES`` times with new ids, codes and
external ids, giving 1 + 69 × (COPIES + 1) hromadas with the demo generator's own per-hromada
volumes and distributions.

Why: ``seed-demo --scale 1500`` on this 2-core machine extrapolates to ~80 minutes (233 s
measured at scale 70, single transaction, the survey answers alone ~43 million rows); the
replica takes minutes and gives the queries the same table sizes and the same rows per hromada.
"""

# ruff: noqa: S608  (table and column names from schema.metadata and TABLES; values are bound)
from __future__ import annotations

import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from data_access import schema

COPIES = 21  # 1 + 69 × 22 = 1,519 hromadas

# Replicated tables in foreign-key order, each with the filter that picks a synthetic hromada's rows.
TABLES: dict[str, str] = {
    "hromada": "t.code LIKE 'DEMO-%' AND code NOT LIKE '%#%'",
    "settlement": "t.hromada_id IN (SELECT id FROM hromada WHERE code LIKE 'DEMO-%' AND code NOT LIKE '%#%')",
    "partner": "t.hromada_id IN (SELECT id FROM hromada WHERE code LIKE 'DEMO-%' AND code NOT LIKE '%#%')",
    "incident": "t.hromada_id IN (SELECT id FROM hromada WHERE code LIKE 'DEMO-%' AND code NOT LIKE '%#%')",
    "resident_request": "t.hromada_id IN (SELECT id FROM hromada WHERE code LIKE 'DEMO-%' AND code NOT LIKE '%#%')",
    "survey_wave": "t.hromada_id IN (SELECT id FROM hromada WHERE code LIKE 'DEMO-%' AND code NOT LIKE '%#%')",
    "survey_response": "t.wave_id IN (SELECT w.id FROM survey_wave w JOIN hromada h ON h.id = w.hromada_id"
                       " WHERE h.code LIKE 'DEMO-%' AND h.code NOT LIKE '%#%')",
    "survey_answer": "t.response_id IN (SELECT r.id FROM survey_response r JOIN survey_wave w ON w.id = r.wave_id"
                     " JOIN hromada h ON h.id = w.hromada_id WHERE h.code LIKE 'DEMO-%' AND h.code NOT LIKE '%#%')",
    "priority": "t.hromada_id IN (SELECT id FROM hromada WHERE code LIKE 'DEMO-%' AND code NOT LIKE '%#%')",
    "priority_indicator": "t.priority_id IN (SELECT p.id FROM priority p JOIN hromada h ON h.id = p.hromada_id"
                          " WHERE h.code LIKE 'DEMO-%' AND h.code NOT LIKE '%#%')",
    "activity": "t.hromada_id IN (SELECT id FROM hromada WHERE code LIKE 'DEMO-%' AND code NOT LIKE '%#%')",
    "activity_partner": "t.activity_id IN (SELECT a.id FROM activity a JOIN hromada h ON h.id = a.hromada_id"
                        " WHERE h.code LIKE 'DEMO-%' AND h.code NOT LIKE '%#%')",
}
SUFFIXED = {"code", "external_id"}  # unique text columns get '#<copy>'
# Each copy is its own oblast (and raion) of 69 hromadas, so that an oblast selection at national scale
# (``?oblast=Демо-область``) picks 69 hromadas, as a real oblast would, not all 1,518 synthetic ones.
PLACE_COLUMNS = ("oblast_uk", "oblast_en", "raion_uk", "raion_en")


def _expressions(table_name: str, offsets: dict[str, int]) -> tuple[list[str], list[str]]:
    """Column names and the SELECT expression of each for copy ``k``."""
    table = schema.metadata.tables[table_name]
    names, exprs = [], []
    for col in table.columns:
        q = f'"{col.name}"'
        names.append(q)
        fks = list(col.foreign_keys)
        if col.primary_key and table_name in offsets:
            exprs.append(f"t.{q} + k * {offsets[table_name]}")
        elif fks and fks[0].column.table.name in offsets:
            exprs.append(f"t.{q} + k * {offsets[fks[0].column.table.name]}")
        elif col.name in SUFFIXED and table_name in ("hromada", "settlement") or col.name == "external_id":
            exprs.append(f"t.{q} || '#' || k")
        elif table_name == "hromada" and col.name in ("name_uk", "name_en"):
            exprs.append(f"t.{q} || ' / ' || k")
        elif table_name == "hromada" and col.name in PLACE_COLUMNS:
            exprs.append(f"t.{q} || ' #' || k")
        else:
            exprs.append(f"t.{q}")
    return names, exprs


def _drop_secondary_indexes(conn, table: str) -> list[str]:
    """Drop the table's unique constraints and non-primary indexes; return the statements that
    recreate them (from pg_get_constraintdef / pg_indexes)."""
    rebuild = []
    uniques = conn.execute(text(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = CAST(:t AS regclass) "
        "AND contype = 'u'"), {"t": f'"{table}"'}).all()
    for name, definition in uniques:
        conn.execute(text(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"'))
        rebuild.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    indexes = conn.execute(text(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = :t AND i.schemaname = current_schema() "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"), {"t": table}).all()
    for name, definition in indexes:
        conn.execute(text(f'DROP INDEX "{name}"'))
        rebuild.append(definition)
    return rebuild


def replicate(oblast_url: str, national_url: str, copies: int = COPIES) -> dict:
    """Create ``national_url``'s database from the oblast one and replicate its synthetic hromadas."""
    u = make_url(national_url)
    src = make_url(oblast_url).database
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    started = time.perf_counter()
    with admin.connect() as conn:
        prep = conn.dialect.identifier_preparer
        conn.execute(text(f"DROP DATABASE IF EXISTS {prep.quote(u.database)} WITH (FORCE)"))  # identifiers only
        # A template must have no other connections; these are the benchmark's own (cached engines).
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": src})
        conn.execute(text(f"CREATE DATABASE {prep.quote(u.database)} TEMPLATE {prep.quote(src)}"))
    admin.dispose()
    engine = create_engine(national_url)
    timings = {}
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL synchronous_commit = off"))
        offsets = {name: conn.execute(text(f'SELECT coalesce(max(id), 0) + 1 FROM "{name}"')).scalar_one()
                   for name in TABLES if "id" in schema.metadata.tables[name].c}
        # A consistent copy: skip foreign-key triggers, and build secondary indexes after the load
        # (one sort instead of millions of index insertions).
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        for name, where in TABLES.items():
            t0 = time.perf_counter()
            rebuild = _drop_secondary_indexes(conn, name)
            names, exprs = _expressions(name, offsets)
            sql = (f'INSERT INTO "{name}" ({", ".join(names)}) SELECT {", ".join(exprs)} '
                   f'FROM "{name}" t CROSS JOIN generate_series(1, :copies) AS k WHERE {where}')
            n = conn.execute(text(sql), {"copies": copies}).rowcount
            for statement in rebuild:
                conn.execute(text(statement))
            timings[name] = (n, round(time.perf_counter() - t0, 1))
            print(f"  replicate {name}: {n:,} rows in {timings[name][1]} s", flush=True)
        for name in offsets:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                              f"(SELECT max(id) FROM \"{name}\"))"))
        conn.execute(text("UPDATE import_batch SET notes = notes || :n WHERE is_demo"),
                     {"n": f"; replicated ×{copies + 1} by benchmarks.replicate"})
    separate_oblasts(national_url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        t0 = time.perf_counter()
        conn.execute(text("VACUUM ANALYZE"))
        timings["vacuum_analyze"] = (0, round(time.perf_counter() - t0, 1))
    engine.dispose()
    return {"replicate_s": round(time.perf_counter() - started, 1), "copies": copies, "tables": timings}


def separate_oblasts(national_url: str) -> int:
    """Give each copy's hromadas their own oblast and raion ("Демо-область #3"); a no-op on a database
    replicated since copies got them (databases replicated before kept the source's names)."""
    engine = create_engine(national_url)
    try:
        with engine.begin() as conn:
            sets = ", ".join(f"{c} = {c} || ' #' || split_part(code, '#', 2)" for c in PLACE_COLUMNS)
            return conn.execute(text(f"UPDATE hromada SET {sets} WHERE code LIKE 'DEMO-%#%' "
                                     "AND oblast_uk NOT LIKE '% #%'")).rowcount
    finally:
        engine.dispose()
