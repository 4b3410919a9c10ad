"""CLI commands init, seed-demo and status."""

from __future__ import annotations

import argparse
import time
from datetime import date

from data_access.data_version import data_version
from data_access.db_setup import current_revision, upgrade_to_head
from data_access.engine import describe_url, make_engine
from data_access.reference import load_reference
from data_access.status import database_state, freshness, row_counts


def _init(args: argparse.Namespace) -> int:
    engine = make_engine(args.database_url)
    upgrade_to_head(engine)
    counts = load_reference(engine)
    print(f"schema at {current_revision(engine)}; reference loaded: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()) + f" ({describe_url(str(engine.url))})")
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    from data_access.demo import seed_demo

    engine = make_engine(args.database_url)
    upgrade_to_head(engine)
    load_reference(engine)
    started = time.perf_counter()
    today = date.fromisoformat(args.today) if args.today else None
    try:
        counts = seed_demo(engine, scale=args.scale, seed=args.seed, today=today,
                           hromadas=tuple(args.hromada) if args.hromada else None)
    except ValueError as exc:
        print(f"seed-demo: {exc}")
        return 1
    print("demo data: " + ", ".join(f"{k} {v}" for k, v in counts.items())
          + f" in {time.perf_counter() - started:.1f} s")
    return 0


def _status(args: argparse.Namespace) -> int:
    engine = make_engine(args.database_url)
    print(f"database: {describe_url(str(engine.url))}")
    state = database_state(engine)
    print(f"state: {state.state}" + (f" ({state.detail})" if state.detail else ""))
    if state.state in ("unreachable", "no_schema"):
        print("fix: python -m data_access init && python -m data_access seed-demo")
        return 1
    print(f"schema revision: {current_revision(engine)}; data version: {data_version(engine)}")
    for table, n in row_counts(engine).items():
        print(f"  {table:18} {n:>10}")
    f = freshness(engine)
    print(f"newest incident: {f.newest_incident}; newest request: {f.newest_request}; "
          f"last import: {f.last_import_at}; demo data: {'yes' if f.has_demo else 'no'}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("init", help="create or migrate the schema and load reference data from assets")
    p.set_defaults(handler=_init)
    p = sub.add_parser("seed-demo", help="replace the demo data with a fresh deterministic demo set")
    p.add_argument("--scale", type=int, default=1, help="number of hromadas (1 = the real hromada only)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--today", default=None, help="YYYY-MM-DD: the last day of demo data + 1 (default: today)")
    p.add_argument("--hromada", action="append", default=None, metavar="CODE",
                   help="seed these real hromadas (KATOTTG code; repeat for several) instead of --scale")
    p.set_defaults(handler=_seed_demo)
    p = sub.add_parser("status", help="which database, row counts, freshness, demo or real")
    p.set_defaults(handler=_status)
