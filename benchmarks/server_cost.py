"""The server's side of a page view, measured with the websocket client (benchmarks/stream_client.py):
CPU milliseconds per warm view of each page, and the page views per second one server process
sustains before the 95th percentile of a view passes 2 s."""

from __future__ import annotations

import asyncio
import os
import statistics
from pathlib import Path

from benchmarks.pages import BenchPage
from benchmarks.servers import ROOT, Server
from benchmarks.signed_in import prosecutor_app
from benchmarks.stream_client import page_view, stepped_load

CPU_VIEWS = 10
RATES = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0]
STEP_S = 15.0
LIMIT_S = 2.0


def _views(base_url: str, page: str, query: str, n: int) -> list:
    async def run():
        return [await page_view(base_url, page, query) for _ in range(n)]

    return asyncio.run(run())


def _page_cost(app: Server, page: BenchPage, query: str, views: int) -> dict:
    """Two views first (the first fills st.cache_data for these filters), then ``views`` one after
    another: the server's CPU seconds over them ÷ ``views``."""
    warmup = _views(app.base_url, page.url, query, 2)
    cpu = app.cpu_seconds()
    done = _views(app.base_url, page.url, query, views)
    per_view = (app.cpu_seconds() - cpu) / views
    ok = [v.seconds for v in done if v.seconds is not None]
    errors = sorted({v.error for v in warmup + done if v.error})
    return {"cpu_ms_per_view": round(per_view * 1000, 1), "views": views,
            "median_s": round(statistics.median(ok), 3) if ok else None,
            "first_s": warmup[0].seconds and round(warmup[0].seconds, 3),
            "messages": done[-1].messages, "bytes": done[-1].bytes, "errors": errors,
            "load_1min": round(os.getloadavg()[0], 2)}


def cpu_per_view(pages: list[BenchPage], database_url: str, *, port: int, logs: Path, views: int = CPU_VIEWS,
                 selection: str | None = None) -> dict:
    """Per page (and with ``selection``, if given): server CPU ms per warm view, on one server process."""
    out: dict = {"pages": {}, "selection": selection}
    with Server(ROOT / "app.py", port, database_url, logs / "app.log") as app:
        for page in pages:
            out["pages"][page.url_path] = _page_cost(app, page, "lang=uk", views)
    if selection:  # only the prosecutor opens a set of hromadas: benchmarks/signed_in.py
        with Server(prosecutor_app(logs / "signed_in"), port, database_url, logs / "prosecutor.log") as app:
            for page in pages:
                out["pages"][page.url_path]["selection"] = _page_cost(app, page, f"lang=uk&{selection}", views)
    for page in pages:
        result = out["pages"][page.url_path]
        print(f"  cpu {page.url_path}: {result['cpu_ms_per_view']} ms/view"
              + (f", ?{selection}: {result['selection']['cpu_ms_per_view']} ms/view" if selection else "")
              + (f" ERRORS {result['errors']}" if result["errors"] else ""), flush=True)
    return out


def sustained_views(pages: list[BenchPage], database_url: str, *, port: int, logs: Path, rates=None,
                    step_s: float = STEP_S, limit_s: float = LIMIT_S) -> dict:
    """Stepped open-loop load on one fresh server: views cycle through every page (default filters,
    cache warmed by one view of each first); each step runs ``step_s`` seconds."""
    targets = [(page.url, "lang=uk") for page in pages]
    with Server(ROOT / "app.py", port, database_url, logs / "app.log") as app:
        for page, query in targets:
            _views(app.base_url, page, query, 1)
        load_before = round(os.getloadavg()[0], 2)
        result = asyncio.run(stepped_load(app.base_url, targets, rates or RATES, duration=step_s, limit_s=limit_s,
                                          cpu_seconds=app.cpu_seconds))
    result["pages"] = [page.url_path for page in pages]
    result["load_1min"] = [load_before, round(os.getloadavg()[0], 2)]
    print(f"  sustained: {result['sustained_per_s']} views/s with p95 <= {limit_s} s", flush=True)
    return result
