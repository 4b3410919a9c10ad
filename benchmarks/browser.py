"""Browser measurements in headless Chromium: time until idle per page (cold and warm, against
the floor page), server memory with 5 sessions, and 10 concurrent sessions on the overview."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from pathlib import Path

from benchmarks.pages import BenchPage
from benchmarks.servers import ROOT, Server
from benchmarks.signed_in import prosecutor_app
from benchmarks.stream_client import percentile
from tests.browser.harness import CHROMIUM_ARGS, VIEWPORT, chromium_path, new_page, open_page

TIMEOUT_MS = 300_000
WARM_LOADS = 3
READY_JS = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelectorAll('[data-testid=stSkeleton]').length === 0;
}"""


def _load(browser, url: str) -> float | str:
    """Seconds until idle in a new browser context (a new visitor: empty HTTP cache, a new session),
    or the error text."""
    page = new_page(browser)
    try:
        return round(open_page(page, url, timeout_ms=TIMEOUT_MS, console=False), 3)
    except Exception as exc:  # noqa: BLE001 - a failed page is a result to report, not a crash
        return f"error: {str(exc).splitlines()[0][:200]}"
    finally:
        page.context.close()


class Returning:
    """A returning visitor: one browser context kept open (its HTTP cache holds the static files it
    loaded), each view in a new tab (a new websocket, so a new Streamlit session), the previous tab
    closed first."""

    def __init__(self, browser):
        self.context = new_page(browser).context

    def load(self, url: str) -> float | str:
        for old in self.context.pages:
            old.close()
        page = self.context.new_page()
        try:
            return round(open_page(page, url, timeout_ms=TIMEOUT_MS, console=False), 3)
        except Exception as exc:  # noqa: BLE001
            return f"error: {str(exc).splitlines()[0][:200]}"

    def close(self) -> None:
        self.context.close()


def _median(values: list) -> float | None:
    nums = [v for v in values if isinstance(v, float)]
    return round(statistics.median(nums), 3) if nums else None


def _visits(browser, url: str, server: Server, *, cold: bool = True, label: str = "", first: bool = True,
            loads: int = WARM_LOADS, returning: bool = True) -> dict:
    """On one server: the first load (cold when the server is fresh), then ``WARM_LOADS`` new visitors
    and ``WARM_LOADS`` returning ones (after one view that fills the returning visitor's HTTP cache), with
    the server's CPU seconds per view of each kind (/proc/<pid>/stat, the browser's reruns included)."""
    first = _load(browser, url) if first else None
    cpu = server.cpu_seconds()
    new = [_load(browser, url) for _ in range(loads)]
    new_cpu = (server.cpu_seconds() - cpu) / loads
    primed, back, back_cpu = None, [], None
    if returning:
        visitor = Returning(browser)
        try:
            primed = visitor.load(url)
            cpu = server.cpu_seconds()
            back = [visitor.load(url) for _ in range(loads)]
            back_cpu = (server.cpu_seconds() - cpu) / loads
        finally:
            visitor.close()
    out = {"cold_s" if cold else "first_s": first, "warm_s": _median(new), "warm_all": new,
           "returning_s": _median(back), "returning_all": back, "returning_first_s": primed,
           "cpu_per_view_s": round(new_cpu, 3),
           "returning_cpu_per_view_s": None if back_cpu is None else round(back_cpu, 3),
           "load_1min": _load_average()}
    print(f"  {label}: first {first} new {new} returning {back} (primed {primed}); "
          f"server CPU/view new {new_cpu:.3f} s, returning {back_cpu} s", flush=True)
    return out


def _load_average() -> float:
    return round(os.getloadavg()[0], 2)


def page_timings(pages: list[BenchPage], database_url: str, *, port: int, logs: Path,
                 selection: str | None = None) -> dict:
    """Per page, on a fresh server: cold = first load; warm = median of the next loads by new visitors
    and by a returning one. The floor page is measured the same way on its own server, in the same run.
    ``selection`` (a query string such as ``oblast=…``): each page is also opened with it by the
    prosecutor (the only role that may open a set of hromadas) on a fresh server of its own: first
    load (cold), then 2 new visitors."""
    from playwright.sync_api import sync_playwright

    out: dict = {"pages": {}, "selection": selection}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        with Server(ROOT / "benchmarks" / "floor_app.py", port + 1, database_url, logs / "floor.log") as floor:
            floor_url = floor.base_url + "/"
            out["floor"] = _visits(browser, floor_url, floor, label="floor")
            out["floor_chart"] = _visits(browser, floor_url + "?chart=1", floor, cold=False,
                                         label="floor with one plotly chart")
            for page in pages:
                with Server(ROOT / "app.py", port, database_url, logs / "app.log") as app:
                    url = f"{app.base_url}/{page.url}?lang=uk"
                    result = _visits(browser, url, app, label=f"page {page.url_path}")
                if selection:  # only the prosecutor opens a set of hromadas: benchmarks/signed_in.py
                    with Server(prosecutor_app(logs / "signed_in"), port, database_url, logs / "prosecutor.log") as app:
                        url = f"{app.base_url}/{page.url}?lang=uk&{selection}"
                        result["selection"] = _visits(browser, url, app, cold=True, loads=2, returning=False,
                                                      label=f"page {page.url_path} ?{selection} (prosecutor)")
                # the floor again, in the same minute: the page's ratios are to this one
                result["floor"] = _visits(browser, floor_url, floor, cold=False, first=False, label="  floor")
                out["pages"][page.url_path] = result
        browser.close()
    return out


def memory_with_sessions(pages: list[BenchPage], database_url: str, *, port: int, logs: Path,
                         sessions: int = 5) -> dict:
    """RSS of a fresh app server: idle, and with ``sessions`` browser sessions open on different pages."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, Server(ROOT / "app.py", port, database_url, logs / "app.log") as app:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        idle = app.rss_bytes()
        opened, chosen = [], [pages[i % len(pages)] for i in range(sessions)]
        for page in chosen:
            tab = new_page(browser)
            try:
                open_page(tab, f"{app.base_url}/{page.url}?lang=uk", timeout_ms=TIMEOUT_MS, console=False)
            except Exception as exc:  # noqa: BLE001
                print(f"  memory: {page.url_path} failed: {exc}", flush=True)
            opened.append(tab)
        time.sleep(2)
        rss = app.rss_bytes()
        for tab in opened:
            tab.context.close()
        browser.close()
    result = {"idle_mb": round(idle / 2**20, 1), "sessions": sessions, "pages": [pg.url_path for pg in chosen],
              "rss_mb": round(rss / 2**20, 1)}
    print(f"  memory: {result}", flush=True)
    return result


async def _one_session(browser, url: str) -> float | str:
    context = await browser.new_context(viewport=VIEWPORT, locale="uk-UA")
    try:
        page = await context.new_page()
        start = time.monotonic()
        await page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
        await page.wait_for_selector("[data-testid=stApp]", timeout=TIMEOUT_MS)
        await page.wait_for_function(READY_JS, timeout=TIMEOUT_MS, polling=200)
        return round(time.monotonic() - start, 3)
    except Exception as exc:  # noqa: BLE001
        return f"error: {str(exc).splitlines()[0][:200]}"
    finally:
        await context.close()


async def _concurrent(url: str, n: int, server: Server) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        rounds = {}
        for label in ("cold", "warm"):
            cpu = server.cpu_seconds()
            started = time.monotonic()
            times = await asyncio.gather(*(_one_session(browser, url) for _ in range(n)))
            wall = time.monotonic() - started
            nums = sorted(t for t in times if isinstance(t, float))
            rounds[label] = {
                "median_s": round(statistics.median(nums), 3) if nums else None,
                "p95_s": round(percentile(nums, 95), 3) if nums else None,
                "errors": [t for t in times if not isinstance(t, float)],
                "wall_s": round(wall, 2),
                "server_cpu_s": round(server.cpu_seconds() - cpu, 2),
                "all": list(times),
            }
        await browser.close()
    return rounds


def concurrent_overview(database_url: str, *, port: int, logs: Path, n: int = 10) -> dict:
    """``n`` simultaneous sessions opening the overview on a fresh server (cold), then again (warm)."""
    with Server(ROOT / "app.py", port, database_url, logs / "app.log") as app:
        result = asyncio.run(_concurrent(f"{app.base_url}/?lang=uk", n, app))
    print(f"  concurrency: cold {result['cold']['median_s']}/{result['cold']['p95_s']}"
          f" warm {result['warm']['median_s']}/{result['warm']['p95_s']}"
          f" (server CPU {result['cold']['server_cpu_s']} s / {result['warm']['server_cpu_s']} s)", flush=True)
    return result
