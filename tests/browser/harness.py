"""Headless Chromium helpers: launch Debian's chromium, open a Streamlit page, wait until it and
its maps have drawn, fail on exceptions and console errors, save a screenshot."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1920, "height": 1080}
IDLE_TIMEOUT_MS = 60_000
MAP_IFRAME = "iframe[data-testid=stCustomComponentV1]"
NAV = "[data-testid=stSidebar] .st-key-page_nav"  # the page links (components.shell.sidebar_navigation)

# Console messages that say nothing about the app: the browser's own favicon fetch, and
# Streamlit's probing of a deep link's path for a base URL (/map/_stcore/health and
# /map/_stcore/host-config answer 404 before it falls back to /_stcore/…).
IGNORED_CONSOLE = ("favicon.ico", "/_stcore/health", "/_stcore/host-config")


def chromium_path() -> str | None:
    """``CHROMIUM_PATH`` or /usr/bin/chromium, if it exists."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


@dataclass
class PageWatch:
    """Console errors and uncaught page errors seen since the page was opened."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _on_console(self, msg) -> None:
        if msg.type != "error":
            return
        text = msg.text
        location = (msg.location or {}).get("url", "")
        if any(part in text or part in location for part in IGNORED_CONSOLE):
            return
        self.errors.append(f"console: {text} ({location})")


def new_page(browser):
    """A 1920×1080 page with console and page errors recorded in ``page.watch``."""
    context = browser.new_context(viewport=VIEWPORT, locale="uk-UA")
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    page.watch = watch  # type: ignore[attr-defined]
    return page


def wait_idle(page, timeout_ms: int = IDLE_TIMEOUT_MS) -> None:
    """Wait until the script has run (notRunning, no skeleton left) and every map iframe shows
    a Leaflet container with at least one drawn path or marker."""
    page.wait_for_selector("[data-testid=stApp]", timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid=stApp]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && document.querySelectorAll('[data-testid=stSkeleton]').length === 0;
        }""",
        timeout=timeout_ms,
        polling=200,
    )
    deadline = time.monotonic() + timeout_ms / 1000
    for i in range(page.locator(MAP_IFRAME).count()):
        frame = page.frame_locator(MAP_IFRAME).nth(i)
        remaining = max(int((deadline - time.monotonic()) * 1000), 1_000)
        frame.locator(".leaflet-container").first.wait_for(state="attached", timeout=remaining)
        frame.locator(".leaflet-container path, .leaflet-container .leaflet-marker-icon").first.wait_for(
            state="attached", timeout=remaining
        )


def open_page(page, url: str, *, timeout_ms: int = IDLE_TIMEOUT_MS, console: bool = True) -> float:
    """Open ``url``, wait until idle and return the seconds it took. Raises AssertionError on a
    Streamlit exception box or (unless ``console`` is False) a console error."""
    start = time.monotonic()
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    wait_idle(page, timeout_ms)
    elapsed = time.monotonic() - start
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, f"{url}: exception on the page: {exceptions.first.inner_text()[:500]}"
    errors = getattr(page, "watch", PageWatch()).errors
    assert not (console and errors), f"{url}: browser errors: {errors}"
    return elapsed


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def map_frame(page, index: int = 0):
    return page.frame_locator(MAP_IFRAME).nth(index)
