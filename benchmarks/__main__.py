"""``python -m benchmarks``: build the demo databases at hromada, oblast and national scale on
PostgreSQL and measure page times, SQL, map bytes, memory, concurrency and CSV import speed;
results go to benchmarks/results/*.json and the tables in docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402
from benchmarks.databases import (  # noqa: E402
    SCALES,
    SELECTIONS,
    create_database,
    database_url,
    ensure_seeded,
    missing_indexes,
    row_counts,
)
from benchmarks.sql_time import dump  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
PARTS = ("sql", "pages", "cpu", "load", "memory", "concurrency")
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def machine() -> dict:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), 0)
    cores = os.cpu_count()
    try:
        pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pg = ""
    return {"cpu": cpu, "cores": cores, "mem_gb": round(mem_kb / 2**20, 1), "python": platform.python_version(),
            "postgres_client": pg, "summary": f"{cores} cores, {mem_kb / 2**20:.0f} GB, {cpu}"}


def commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M")


def run_scale(name: str, args) -> dict:
    from benchmarks import browser, server_cost
    from benchmarks.databases import selection_size
    from benchmarks.pages import bench_pages
    from benchmarks.sql_time import measure_pages

    scale = SCALES[name]
    url = database_url(args.pg, scale)
    logs = Path(tempfile.gettempdir()) / "benchmarks" / name
    print(f"== {scale.label}: {url}", flush=True)
    result = {"scale": name, "date": now(), "commit": commit(), "machine": machine(), "database": url}
    result["seed"] = ensure_seeded(url, scale, reseed=args.reseed, national=args.national)
    result["rows"] = row_counts(url)
    result["missing_indexes"] = missing_indexes(url)
    if result["missing_indexes"]:
        print(f"  WARNING: the database lacks indexes of schema.py: {result['missing_indexes']}", flush=True)
    print(f"  seed {result['seed']}, rows {result['rows']}", flush=True)
    pages = bench_pages()
    parts = set(args.parts.split(","))
    selection = SELECTIONS.get(name)
    if selection:
        result["selection"] = {"query": selection, "hromadas": selection_size(url, selection)}
        print(f"  selection {selection}: {result['selection']['hromadas']} hromadas", flush=True)
    if "sql" in parts:
        result["sql"] = measure_pages(pages, url, selection=selection)
    if "pages" in parts:
        result["browser"] = browser.page_timings(pages, url, port=args.port, logs=logs, selection=selection)
    if "cpu" in parts:
        result["cpu"] = server_cost.cpu_per_view(pages, url, port=args.port, logs=logs, selection=selection)
    if "load" in parts:
        result["load"] = server_cost.sustained_views(pages, url, port=args.port, logs=logs)
    if "memory" in parts:
        result["memory"] = browser.memory_with_sessions(pages, url, port=args.port, logs=logs)
    if "concurrency" in parts:
        result["concurrency"] = browser.concurrent_overview(url, port=args.port, logs=logs)
    return result


RESULT_KEYS = {"sql": "sql", "pages": "browser", "cpu": "cpu", "load": "load", "memory": "memory",
               "concurrency": "concurrency"}


def carry_over(result: dict, previous_path: Path) -> dict:
    """Keep the parts this run did not measure (``--parts``) from the scale's previous results, each with
    the date and commit it was measured at (``carried_over``), so a partial run does not empty the tables."""
    if not previous_path.exists():
        return result
    previous = json.loads(previous_path.read_text(encoding="utf-8"))
    carried = dict(previous.get("carried_over", {}))
    for key in RESULT_KEYS.values():
        if key in result:
            carried.pop(key, None)
        elif key in previous:
            result[key] = previous[key]
            carried.setdefault(key, {"date": previous.get("date"), "commit": previous.get("commit")})
    if carried:
        result["carried_over"] = carried
    return result


def run_import(args) -> dict:
    from benchmarks.import_speed import measure

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        targets = {"SQLite": f"sqlite:///{tmp}/import.db", "PostgreSQL": f"{args.pg.rstrip('/')}/bench_import"}
        for label, url in targets.items():
            print(f"== import into {label}", flush=True)
            try:
                if url.startswith("postgresql"):
                    create_database(url)
                results[label] = measure(url, args.import_rows)
            except Exception as exc:  # noqa: BLE001 - report the failure in the table
                results[label] = {"error": f"{type(exc).__name__}: {exc}"}
            print(f"  {results[label]}", flush=True)
    return {"date": now(), "commit": commit(), "machine": machine(), "results": results}


def write_doc() -> None:
    results = report.load(RESULTS)
    intro = "Generated by `python -m benchmarks` from benchmarks/results/*.json; do not edit between the markers."
    table = report.render(results, intro=intro)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip() + f"\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=" ".join(__doc__.split()))
    parser.add_argument("--scales", default="hromada,oblast,national", help="comma-separated: " + ",".join(SCALES))
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated subset of " + ",".join(PARTS))
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1"),
                        help="PostgreSQL server URL without a database name (databases bench_<scale>)")
    parser.add_argument("--port", type=int, default=8710, help="app server port (the floor page uses port+1)")
    parser.add_argument("--reseed", action="store_true", help="rebuild the databases even if already seeded")
    parser.add_argument("--national", choices=("replica", "seed"), default="replica",
                        help="build the national database as an SQL replica of the oblast one (~3 min) or with "
                             "seed-demo --scale 1500 (~19 min on a quiet 2-core machine)")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--no-import", action="store_true", help="skip the CSV import measurement")
    parser.add_argument("--report-only", action="store_true", help="rewrite docs/benchmarks.md from saved results")
    args = parser.parse_args()
    unknown = set(args.parts.split(",")) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}; choose from {', '.join(PARTS)}")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not args.report_only:
        for name in [s.strip() for s in args.scales.split(",") if s.strip()]:
            if name not in SCALES:
                parser.error(f"unknown scale {name!r}; choose from {', '.join(SCALES)}")
            dump(carry_over(run_scale(name, args), RESULTS / f"{name}.json"), RESULTS / f"{name}.json")
            write_doc()
        if not args.no_import:
            dump(run_import(args), RESULTS / "import.json")
    write_doc()


if __name__ == "__main__":
    main()
