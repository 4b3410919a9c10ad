"""Browser measurements in headless Chromium: time until idle per page (cold and warm, against
the floor page), server memory with 5 sessions, and 10 concurrent sessions on the overview."""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

from benchmarks.pages import BenchPage
from benchmarks.servers import ROOT, Server
from tests.browser.harness import CHROMIUM_ARGS, VIEWPORT, chromium_path, new_page, open_page

TIMEOUT_MS = 300_000
WARM_LOADS = 3
READY_JS = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelectorAll('[data-testid=stSkeleton]').length === 0;
}"""


def _load(browser, url: str) -> float | str:
    """Seconds until idle in a new browser context (a new session), or the error text."""
    page = new_page(browser)
    try:
        return round(open_page(page, url, timeout_ms=TIMEOUT_MS, console=False), 3)
    except Exception as exc:  # noqa: BLE001 - a failed page is a result to report, not a crash
        return f"error: {str(exc).splitlines()[0][:200]}"
    finally:
        page.context.close()


def _median(values: list) -> float | None:
    nums = [v for v in values if isinstance(v, float)]
    return round(statistics.median(nums), 3) if nums else None


def page_timings(pages: list[BenchPage], database_url: str, *, port: int, logs: Path) -> dict:
    """Cold = first load on a fresh server process; warm = median of the next loads (new sessions)."""
    from playwright.sync_api import sync_playwright

    out: dict = {"pages": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        with Server(ROOT / "benchmarks" / "floor_app.py", port + 1, database_url, logs / "floor.log") as floor:
            cold = _load(browser, floor.base_url + "/")
            warm = [_load(browser, floor.base_url + "/") for _ in range(WARM_LOADS)]
            out["floor"] = {"cold_s": cold, "warm_s": _median(warm), "warm_all": warm}
            print(f"  floor: cold {cold} warm {warm}", flush=True)
            warm = [_load(browser, floor.base_url + "/?chart=1") for _ in range(WARM_LOADS)]
            out["floor_chart"] = {"warm_s": _median(warm), "warm_all": warm}
            print(f"  floor with one plotly chart: warm {warm}", flush=True)
        for page in pages:
            with Server(ROOT / "app.py", port, database_url, logs / "app.log") as app:
                url = f"{app.base_url}/{page.url}?lang=uk"
                cold = _load(browser, url)
                warm = [_load(browser, url) for _ in range(WARM_LOADS)]
            out["pages"][page.url_path] = {"cold_s": cold, "warm_s": _median(warm), "warm_all": warm}
            print(f"  page {page.url_path}: cold {cold} warm {warm}", flush=True)
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
                "p95_s": round(_percentile(nums, 95), 3) if nums else None,
                "errors": [t for t in times if not isinstance(t, float)],
                "wall_s": round(wall, 2),
                "server_cpu_s": round(server.cpu_seconds() - cpu, 2),
                "all": list(times),
            }
        await browser.close()
    return rounds


def _percentile(values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default method)."""
    if len(values) == 1:
        return values[0]
    pos = (len(values) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def concurrent_overview(database_url: str, *, port: int, logs: Path, n: int = 10) -> dict:
    """``n`` simultaneous sessions opening the overview on a fresh server (cold), then again (warm)."""
    with Server(ROOT / "app.py", port, database_url, logs / "app.log") as app:
        result = asyncio.run(_concurrent(f"{app.base_url}/?lang=uk", n, app))
    print(f"  concurrency: cold {result['cold']['median_s']}/{result['cold']['p95_s']}"
          f" warm {result['warm']['median_s']}/{result['warm']['p95_s']}"
          f" (server CPU {result['cold']['server_cpu_s']} s / {result['warm']['server_cpu_s']} s)", flush=True)
    return result
