"""The benchmark databases: one PostgreSQL database per scale, built with ``seed-demo --scale``."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from benchmarks.servers import ROOT

SEED = 2026


@dataclass(frozen=True)
class Scale:
    name: str
    hromadas: int
    label: str


SCALES = {
    "hromada": Scale("hromada", 1, "one hromada (Bucha, the demo)"),
    "oblast": Scale("oblast", 70, "an oblast (70 hromadas)"),
    "national": Scale("national", 1500, "national (1,500 hromadas)"),
}

# Issue 19 part 6: at national scale every page is also opened for all hromadas of one oblast (the URL contract
# of components/filters.py: ``oblast=<oblast name uk>``). benchmarks/replicate.py makes each copy of the oblast
# database's 69 synthetic hromadas its own oblast, so this one holds 69 hromadas, as a real oblast would.
SELECTIONS = {"national": "oblast=Демо-область"}


def selection_size(url: str, selection: str) -> int | None:
    """How many hromadas an ``oblast=…`` / ``raion=…`` / ``hromada=…`` selection names in ``url``'s database."""
    from urllib.parse import parse_qsl

    from data_access import schema
    from data_access.engine import make_engine

    h = schema.metadata.tables["hromada"]
    key, value = parse_qsl(selection)[0]
    if key == "oblast":
        where = h.c.oblast_uk == value
    elif key == "raion":
        oblast, _, raion = value.partition("|")
        where = (h.c.oblast_uk == oblast) & (h.c.raion_uk == raion)
    elif key == "hromada":
        where = h.c.code.in_(value.split(","))
    else:
        return None
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(h).where(where)).scalar_one()
    finally:
        engine.dispose()


def database_url(base: str, scale: Scale) -> str:
    """``base`` (a server URL such as postgresql+psycopg://postgres@127.0.0.1) + /bench_<scale>."""
    return f"{base.rstrip('/')}/bench_{scale.name}"


def drop_database(url: str) -> None:
    """DROP DATABASE (the benchmark's own) so that it is rebuilt from the current migrations."""
    u = make_url(url)
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            quoted = conn.dialect.identifier_preparer.quote(u.database)
            conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))  # an identifier; no value
    finally:
        admin.dispose()


def missing_indexes(url: str) -> list[str]:
    """Indexes and unique constraints that data_access/schema.py declares but the database lacks
    (a database built from an older migration, e.g. one edited in place after it ran)."""
    from sqlalchemy import inspect

    from data_access import schema
    from data_access.engine import make_engine

    engine = make_engine(url)
    missing = []
    try:
        with engine.connect() as conn:
            insp = inspect(conn)
            for table in schema.metadata.sorted_tables:
                if not insp.has_table(table.name):
                    missing.append(f"table {table.name}")
                    continue
                have = {tuple(ix["column_names"]) for ix in insp.get_indexes(table.name)}
                have |= {tuple(uc["column_names"]) for uc in insp.get_unique_constraints(table.name)}
                for ix in table.indexes:
                    cols = tuple(c.name for c in ix.columns)
                    if cols not in have:
                        missing.append(f"{table.name}({', '.join(cols)})")
    finally:
        engine.dispose()
    return missing


def create_database(url: str) -> None:
    """CREATE DATABASE if it does not exist (connecting to the server's ``postgres`` database)."""
    u = make_url(url)
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": u.database}).first()
            if not exists:
                quoted = conn.dialect.identifier_preparer.quote(u.database)
                conn.execute(text(f"CREATE DATABASE {quoted}"))  # an identifier, quoted; no value
    finally:
        admin.dispose()


def seeded_scale(url: str) -> int | None:
    """The ``--scale`` of the demo data in ``url`` (from the demo batch's note), or None."""
    from data_access import schema
    from data_access.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            note = conn.execute(select(schema.import_batch.c.notes).where(schema.import_batch.c.is_demo.is_(True))
                                .order_by(schema.import_batch.c.id.desc()).limit(1)).scalar_one_or_none()
    except Exception:  # noqa: BLE001 - no schema yet
        return None
    finally:
        engine.dispose()
    if not note or "scale " not in note:
        return None
    return int(note.split("scale ")[1].split(",")[0])


def row_counts(url: str) -> dict[str, int]:
    """Rows of the main tables."""
    from data_access import schema
    from data_access.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(schema.metadata.tables[name])).scalar_one()
                    for name in ("hromada", "settlement", "incident", "resident_request", "survey_response",
                                 "survey_answer", "activity")}
    finally:
        engine.dispose()


def ensure_seeded(url: str, scale: Scale, *, reseed: bool = False, national: str = "replica") -> dict:
    """Create, migrate and seed the database unless it already holds this scale's demo data.
    ``national``: "replica" (of the oblast database, minutes) or "seed" (seed-demo --scale 1500)."""
    if scale.name == "national" and national == "replica":
        return _ensure_national(url, reseed=reseed)
    if reseed:
        drop_database(url)
    create_database(url)
    if not reseed and seeded_scale(url) == scale.hromadas:
        return {"seed_s": None, "reused": True}
    python = sys.executable
    subprocess.run([python, "-m", "data_access", "init", "--database-url", url], cwd=ROOT, check=True)
    started = time.perf_counter()
    subprocess.run([python, "-m", "data_access", "seed-demo", "--scale", str(scale.hromadas), "--seed", str(SEED),
                    "--database-url", url], cwd=ROOT, check=True)
    seconds = time.perf_counter() - started
    with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return {"seed_s": round(seconds, 1), "reused": False}


def _ensure_national(url: str, *, reseed: bool) -> dict:
    """The national database as a replica of the oblast one (benchmarks/replicate.py explains why)."""
    from benchmarks.replicate import replicate

    create_database(url)
    from sqlalchemy.exc import ProgrammingError

    try:
        hromadas = row_counts(url)["hromada"]
    except ProgrammingError:  # an empty database: no schema yet
        hromadas = 0
    if not reseed and hromadas >= 1400:
        from benchmarks.replicate import separate_oblasts

        separate_oblasts(url)
        return {"seed_s": None, "reused": True, "method": "replica of the oblast database"}
    oblast_url = url.rsplit("/", 1)[0] + "/bench_oblast"
    ensure_seeded(oblast_url, SCALES["oblast"])  # built (or rebuilt with --reseed) earlier in the run
    result = replicate(oblast_url, url)
    return {"seed_s": result["replicate_s"], "reused": False, "method": "replica of the oblast database",
            "replicate": result}
