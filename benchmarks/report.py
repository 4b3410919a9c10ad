"""docs/benchmarks.md from the JSON results of the last run at each scale."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.databases import SCALES

TARGETS = {
    "ratio_hromada": 2.0,
    "ratio_national": 3.0,
    "sql_cold_national_s": 1.0,
    "map_bytes": 1_000_000,
    "memory_mb": 1024,
    "import_rows_per_s": {"SQLite": 15_000, "PostgreSQL": 30_000},  # issue 23
}


def _fmt(v, digits=2, suffix=""):
    if v is None:
        return "—"
    if isinstance(v, str):
        return v if len(v) < 40 else v[:37] + "…"
    if isinstance(v, float):
        return f"{v:,.{digits}f}{suffix}"
    return f"{v:,}{suffix}"


def _ratio(value, floor):
    if not isinstance(value, float) or not isinstance(floor, float) or floor <= 0:
        return None
    return value / floor


def load(results_dir: Path) -> dict:
    out = {}
    for path in sorted(results_dir.glob("*.json")):
        out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return out


def render(results: dict, *, intro: str) -> str:
    scales = [s for s in SCALES if s in results]
    lines = [intro.rstrip(), ""]
    if not scales:
        return "\n".join(lines + ["No results yet: run `python -m benchmarks`."])

    lines += ["## Runs", "", "| scale | date (UTC) | commit | machine | seeding | rows |", "|---|---|---|---|---|---|"]
    for s in scales:
        r = results[s]
        rows = r.get("rows", {})
        seed = r.get("seed", {})
        seed_text = "reused" if seed.get("reused") else _fmt(seed.get("seed_s"), 0, " s")
        lines.append(f"| {SCALES[s].label} | {r['date']} | `{r['commit']}` | {r['machine']['summary']} | {seed_text} | "
                     f"{rows.get('hromada', 0):,} hromadas, {rows.get('incident', 0):,} incidents, "
                     f"{rows.get('resident_request', 0):,} requests, {rows.get('survey_answer', 0):,} survey answers, "
                     f"{rows.get('activity', 0):,} activities |")

    for s in scales:
        if results[s].get("missing_indexes"):
            lines.append(f"\n**{s}: the database lacks indexes declared in schema.py:** "
                         + ", ".join(results[s]["missing_indexes"]))
    lines += ["", "## Pages: time until idle in headless Chromium (seconds, ratio to the floor page)", ""]
    head = "| page | " + " | ".join(f"{s} cold | {s} warm | {s} warm ÷ floor" for s in scales) + " |"
    lines += [head, "|---" * (1 + 3 * len(scales)) + "|"]
    floor_cells = []
    for s in scales:
        fl = results[s].get("browser", {}).get("floor", {})
        floor_cells += [_fmt(fl.get("cold_s")), _fmt(fl.get("warm_s")), "1.00"]
    lines.append("| *floor (minimal page)* | " + " | ".join(floor_cells) + " |")
    chart_cells = []
    for s in scales:
        b = results[s].get("browser", {})
        fc = b.get("floor_chart", {}).get("warm_s")
        chart_cells += ["", _fmt(fc), _fmt(_ratio(fc, b.get("floor", {}).get("warm_s")))]
    lines.append("| *floor + one plotly chart* | " + " | ".join(chart_cells) + " |")
    pages = list(results[scales[0]].get("browser", {}).get("pages", {}))
    for page in pages:
        cells = []
        for s in scales:
            b = results[s].get("browser", {})
            p = b.get("pages", {}).get(page, {})
            ratio = _ratio(p.get("warm_s"), b.get("floor", {}).get("warm_s"))
            target = TARGETS["ratio_hromada"] if s == "hromada" else TARGETS["ratio_national"] if s == "national" else None
            mark = "" if ratio is None or target is None else (" ✓" if ratio <= target else " ✗")
            cells += [_fmt(p.get("cold_s")), _fmt(p.get("warm_s")), _fmt(ratio) + mark]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")

    lines += ["", "## SQL per page (seconds; cold = fresh engine after `DISCARD ALL`, the OS and PostgreSQL "
              "buffer caches stay warm) and map payload", ""]
    head = "| page | " + " | ".join(f"{s} SQL cold | {s} SQL warm | {s} map bytes" for s in scales) + " |"
    lines += [head, "|---" * (1 + 3 * len(scales)) + "|"]
    pages = list(results[scales[0]].get("sql", {}))
    for page in pages:
        cells = []
        for s in scales:
            p = results[s].get("sql", {}).get(page, {})
            cold = p.get("sql_cold_s")
            mark = "" if s != "national" or cold is None else (" ✓" if cold < TARGETS["sql_cold_national_s"] else " ✗")
            maps = p.get("map_bytes") or []
            map_text = "—" if not maps else " + ".join(f"{b / 1024:,.0f} kB" for b in maps)
            if maps:
                map_text += " ✓" if max(maps) < TARGETS["map_bytes"] else " ✗"
            cells += [_fmt(cold, 3) + mark, _fmt(p.get("sql_warm_s"), 3), map_text]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")

    lines += ["", "## Server memory and concurrency", "",
              "| scale | RSS idle | RSS with 5 sessions | 10 concurrent overview, cold: median / p95 | warm: median / p95 "
              "| server CPU for the 10 sessions, cold / warm |",
              "|---|---|---|---|---|---|"]
    for s in scales:
        m = results[s].get("memory", {})
        c = results[s].get("concurrency", {})
        rss = m.get("rss_mb")
        mark = "" if rss is None else (" ✓" if rss < TARGETS["memory_mb"] else " ✗")
        cold, warm = c.get("cold", {}), c.get("warm", {})
        errors = len(cold.get("errors", [])) + len(warm.get("errors", []))
        lines.append(f"| {s} | {_fmt(m.get('idle_mb'), 0, ' MB')} | {_fmt(rss, 0, ' MB')}{mark} | "
                     f"{_fmt(cold.get('median_s'))} s / {_fmt(cold.get('p95_s'))} s | "
                     f"{_fmt(warm.get('median_s'))} s / {_fmt(warm.get('p95_s'))} s"
                     f"{f' ({errors} failed)' if errors else ''} | "
                     f"{_fmt(cold.get('server_cpu_s'))} s / {_fmt(warm.get('server_cpu_s'))} s |")

    imp = results.get("import")
    if imp:
        lines += ["", "## CSV import (incidents, 100,000 rows, 1 % rejected)", "",
                  "| database | first import | rows/s (target) | re-import (updates) | rows/s | load (1 min) | "
                  "CPU first: client + server | rows per CPU-second, first / re-import |",
                  "|---|---|---|---|---|---|---|---|"]
        for db, r in imp.get("results", {}).items():
            if "error" in r:
                lines.append(f"| {db} | error: {r['error'][:80]} | | | | | | |")
                continue
            target = TARGETS["import_rows_per_s"].get(db, 0)
            mark = " ✓" if r["first_rows_per_s"] >= target else " ✗"
            cpu = (f"{_fmt(r.get('first_client_cpu_s'))} + {_fmt(r.get('first_server_cpu_s'))} s"
                   if r.get("first_client_cpu_s") is not None else "—")
            lines.append(f"| {db} | {r['first_s']} s | {r['first_rows_per_s']:,}{mark} ({target:,}) | {r['again_s']} s | "
                         f"{r['again_rows_per_s']:,} | {_fmt(r.get('first_load'), 1)} / {_fmt(r.get('again_load'), 1)} | "
                         f"{cpu} | {_fmt(r.get('first_cpu_rows_per_s'))} / {_fmt(r.get('again_cpu_rows_per_s'))} |")
        lines.append(f"\nMeasured {imp['date']} at `{imp['commit']}`.")
    return "\n".join(lines) + "\n"
