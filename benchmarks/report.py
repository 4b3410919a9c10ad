"""docs/benchmarks.md from the JSON results of the last run at each scale."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.databases import SCALES

TARGETS = {
    "ratio_hromada": 2.0,  # issue 23: every page within 2× the floor warm at hromada scale
    "ratio_national": 3.0,
    "ratio_selection": 2.5,  # issue 23: an oblast selection at national scale within 2.5× the floor warm
    "view_p95_s": 2.0,  # sustained views per second: until the 95th percentile passes this
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
        carried = results[s].get("carried_over") or {}
        if carried:
            lines.append(f"\n{s}: " + "; ".join(f"`{k}` from the run of {v.get('date')} at `{v.get('commit')}`"
                                                 for k, v in carried.items()) + " (not measured in this run).")
    for s in scales:
        if results[s].get("missing_indexes"):
            lines.append(f"\n**{s}: the database lacks indexes declared in schema.py:** "
                         + ", ".join(results[s]["missing_indexes"]))
    lines += _page_tables(results, scales)
    lines += ["", "## SQL per page (seconds; cold = fresh engine after `DISCARD ALL`, the OS and PostgreSQL "
              "buffer caches stay warm) and map payload", ""]
    head = "| page | " + " | ".join(f"{s} SQL cold | {s} SQL warm | {s} map bytes" for s in scales) + " |"
    lines += [head, "|---" * (1 + 3 * len(scales)) + "|"]
    pages = _union(results[s].get("sql", {}) for s in scales)
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

    lines += _selection_table(results)
    lines += _cpu_table(results, scales)
    lines += _load_table(results, scales)
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


def _union(keyed) -> list[str]:
    """The keys of several dicts in first-seen order (a page added since an older scale's run gets its row)."""
    return list(dict.fromkeys(k for d in keyed for k in d))


def _load_range(b: dict) -> str:
    values = [v.get("load_1min") for v in [b.get("floor", {})] + [p for p in b.get("pages", {}).values()]
              + [p.get("selection") or {} for p in b.get("pages", {}).values()]
              + [p.get("floor") or {} for p in b.get("pages", {}).values()] if v.get("load_1min") is not None]
    return f"{min(values):.1f}–{max(values):.1f}" if values else "—"


def _page_floor(b: dict, p: dict, key: str) -> float | None:
    """The floor a page's figure is divided by: the one measured right after the page (same minute), else the
    run's first floor (results from before per-page floors)."""
    return (p.get("floor") or {}).get(key) or b.get("floor", {}).get(key)


def _mark(ratio, target) -> str:
    return "" if ratio is None or target is None else (" ✓" if ratio <= target else " ✗")


def _floor_range(b: dict, key: str) -> str:
    values = [v for v in [b.get("floor", {}).get(key)] + [(p.get("floor") or {}).get(key)
                                                          for p in b.get("pages", {}).values()]
              if isinstance(v, float)]
    if len(values) < 2:
        return _fmt(values[0] if values else None)
    return f"{min(values):.2f}–{max(values):.2f}"


def _page_tables(results: dict, scales: list[str]) -> list[str]:
    """New visitors (fresh browser context) and returning ones (same context, new session), each ÷ its own floor."""
    lines = ["", "## Pages: time until idle in headless Chromium (seconds, ratio to the floor page)", "",
             "New visitor: a fresh browser context per load (empty HTTP cache, new session). The floor is measured "
             "the same way right after each page (its range over the run in the first row). Load average (1 min) "
             "during the loads: " + ", ".join(f"{s} {_load_range(results[s].get('browser', {}))}" for s in scales)
             + ".", ""]
    head = "| page | " + " | ".join(f"{s} cold | {s} warm | {s} warm ÷ floor" for s in scales) + " |"
    lines += [head, "|---" * (1 + 3 * len(scales)) + "|"]
    floor_cells = []
    for s in scales:
        b = results[s].get("browser", {})
        floor_cells += [_fmt(b.get("floor", {}).get("cold_s")), _floor_range(b, "warm_s"), "1.00"]
    lines.append("| *floor (minimal page)* | " + " | ".join(floor_cells) + " |")
    chart_cells = []
    for s in scales:
        b = results[s].get("browser", {})
        fc = b.get("floor_chart", {}).get("warm_s")
        chart_cells += ["", _fmt(fc), _fmt(_ratio(fc, b.get("floor", {}).get("warm_s")))]
    lines.append("| *floor + one plotly chart* | " + " | ".join(chart_cells) + " |")
    pages = _union(results[s].get("browser", {}).get("pages", {}) for s in scales)
    for page in pages:
        cells = []
        for s in scales:
            b = results[s].get("browser", {})
            p = b.get("pages", {}).get(page, {})
            ratio = _ratio(p.get("warm_s"), _page_floor(b, p, "warm_s"))
            target = TARGETS["ratio_hromada"] if s == "hromada" else TARGETS["ratio_national"] if s == "national" else None
            cells += [_fmt(p.get("cold_s")), _fmt(p.get("warm_s")), _fmt(ratio) + _mark(ratio, target)]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")

    if not any(results[s].get("browser", {}).get("floor", {}).get("returning_s") for s in scales):
        return lines
    lines += ["", "Returning visitor: one browser context kept open (static files in its HTTP cache), each view in "
              "a new tab (a new Streamlit session); median of 3 after one view that fills the cache. Ratio to the "
              "floor measured the same way in the same minute.", ""]
    head = "| page | " + " | ".join(f"{s} returning | {s} ÷ floor | {s} new ÷ returning" for s in scales) + " |"
    lines += [head, "|---" * (1 + 3 * len(scales)) + "|"]
    cells = []
    for s in scales:
        b = results[s].get("browser", {})
        fl = b.get("floor", {})
        cells += [_floor_range(b, "returning_s"), "1.00", _fmt(_ratio(fl.get("warm_s"), fl.get("returning_s")))]
    lines.append("| *floor (minimal page)* | " + " | ".join(cells) + " |")
    for page in pages:
        cells = []
        for s in scales:
            b = results[s].get("browser", {})
            p = b.get("pages", {}).get(page, {})
            ratio = _ratio(p.get("returning_s"), _page_floor(b, p, "returning_s"))
            target = TARGETS["ratio_hromada"] if s == "hromada" else TARGETS["ratio_national"] if s == "national" else None
            cells += [_fmt(p.get("returning_s")), _fmt(ratio) + _mark(ratio, target),
                      _fmt(_ratio(p.get("warm_s"), p.get("returning_s")))]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return lines


def _selection_table(results: dict) -> list[str]:
    """Issue 19 part 6: every page for all hromadas of one oblast, at national scale."""
    r = results.get("national", {})
    sel = r.get("selection")
    b, sql, cpu = r.get("browser", {}), r.get("sql", {}), r.get("cpu", {})
    pages = [p for p in b.get("pages", {}) if b["pages"][p].get("selection")] or \
            [p for p in sql if sql[p].get("selection")]
    if not sel or not pages:
        return []
    lines = ["", f"## An oblast selection at national scale (`?{sel['query']}`: {sel.get('hromadas')} hromadas)", "",
             "Each page opened with the selection by the prosecutor (the only role that may open a set of hromadas: "
             "`benchmarks/signed_in.py`) on a fresh server of its own (first = cold: the server's first load of the "
             "page with the selection); warm = median of the next 2 new "
             "visitors; ÷ floor = the floor measured right after the page; "
             f"target ≤ {TARGETS['ratio_selection']}× the floor warm. SQL and CPU as in the tables below.", "",
             "| page | first (cold) | new warm | ÷ floor | SQL cold | SQL warm | statements | map bytes "
             "| server CPU ms/view | same page, default filters |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for page in pages:
        p = b.get("pages", {}).get(page, {})
        s = p.get("selection") or {}
        q = (sql.get(page) or {}).get("selection") or {}
        c = ((cpu.get("pages") or {}).get(page) or {})
        ratio = _ratio(s.get("warm_s"), _page_floor(b, p, "warm_s"))
        maps = q.get("map_bytes") or []
        map_text = "—" if not maps else " + ".join(f"{m / 1024:,.0f} kB" for m in maps)
        if maps:
            map_text += " ✓" if max(maps) < TARGETS["map_bytes"] else " ✗"
        lines.append(f"| {page} | {_fmt(s.get('cold_s', s.get('first_s')))} | {_fmt(s.get('warm_s'))} | "
                     f"{_fmt(ratio)}{_mark(ratio, TARGETS['ratio_selection'])} | {_fmt(q.get('sql_cold_s'), 3)} | "
                     f"{_fmt(q.get('sql_warm_s'), 3)} | {_fmt(q.get('statements'))} | {map_text} | "
                     f"{_fmt((c.get('selection') or {}).get('cpu_ms_per_view'), 0)} | "
                     f"{_fmt(c.get('cpu_ms_per_view'), 0)} ms |")
    return lines


def _cpu_table(results: dict, scales: list[str]) -> list[str]:
    """Server CPU ms per warm page view: websocket client, and the browser's new and returning visitors."""
    have = [s for s in scales if results[s].get("cpu") or results[s].get("browser", {}).get("floor", {})
            .get("returning_cpu_per_view_s") is not None]
    if not have:
        return []
    lines = ["", "## Server CPU per warm page view (ms; the app server process's utime + stime)", "",
             "client = websocket client (10 views after 2, one server); new / returning = the browser's warm loads "
             "in the page table (3 each; a new visitor also downloads the static files).", ""]
    head = "| page | " + " | ".join(f"{s} client | {s} new | {s} returning" for s in have) + " |"
    lines += [head, "|---" * (1 + 3 * len(have)) + "|"]
    pages = list(dict.fromkeys([p for s in have for p in (results[s].get("cpu", {}).get("pages") or {})]
                               + [p for s in have for p in results[s].get("browser", {}).get("pages", {})]))

    def ms(v):
        return None if v is None else v * 1000

    cells = []
    for s in have:
        f = results[s].get("browser", {}).get("floor", {})
        cells += ["", _fmt(ms(f.get("cpu_per_view_s")), 0), _fmt(ms(f.get("returning_cpu_per_view_s")), 0)]
    lines.append("| *floor (minimal page)* | " + " | ".join(cells) + " |")
    for page in pages:
        cells = []
        for s in have:
            c = (results[s].get("cpu", {}).get("pages") or {}).get(page, {})
            p = results[s].get("browser", {}).get("pages", {}).get(page, {})
            cells += [_fmt(c.get("cpu_ms_per_view"), 0), _fmt(ms(p.get("cpu_per_view_s")), 0),
                      _fmt(ms(p.get("returning_cpu_per_view_s")), 0)]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return lines


def _load_table(results: dict, scales: list[str]) -> list[str]:
    have = [s for s in scales if results[s].get("load", {}).get("steps")]
    if not have:
        return []
    lines = ["", f"## Sustained page views per second (one server process, websocket client, open loop; "
                 f"p95 limit {TARGETS['view_p95_s']:.0f} s)", "",
             "| scale | sustained views/s | steps: rate → median / p95 (server CPU share) | load (1 min) before / after |",
             "|---|---|---|---|"]
    for s in have:
        ld = results[s]["load"]
        steps = "; ".join(f"{st['rate']:g}/s → {_fmt(st['median_s'])} / {_fmt(st['p95_s'])} s"
                          f" ({_fmt(st.get('server_cpu_share'))})" + (f", {st['failed']} failed" if st["failed"] else "")
                          for st in ld["steps"])
        loads = ld.get("load_1min") or [None, None]
        lines.append(f"| {s} | {_fmt(ld.get('sustained_per_s'))} | {steps} | {_fmt(loads[0], 1)} / {_fmt(loads[1], 1)} |")
    return lines
