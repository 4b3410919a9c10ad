"""Browser fixtures: one demo database and one Streamlit server per session, one Chromium.

The whole folder skips (fails when REQUIRE_FULL_TESTS is set) when Chromium is missing:
Debian's /usr/bin/chromium, or the path in CHROMIUM_PATH.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.harness import ROOT, chromium_path
from tests.conftest import skip_or_fail

SERVER_START_TIMEOUT_S = 60


def _require_chromium() -> None:
    if chromium_path() is None:
        skip_or_fail("Chromium not found (install Debian's chromium or set CHROMIUM_PATH): browser tests skipped")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("the playwright package is not installed: browser tests skipped")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args: list[str], env: dict) -> None:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(args[:3])} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


class StreamlitServer:
    """``streamlit run script`` on a free loopback port, stopped by ``stop``."""

    def __init__(self, script: Path, *, cwd: Path, env: dict, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._log_file = log.open("w")
        # plain `streamlit run`, as `make run` does: a cold deep link must work without any launcher
        launcher = ["-m", "streamlit", "run", str(script)]
        self.proc = subprocess.Popen(
            [sys.executable, *launcher, "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=cwd, env=env, stdout=self._log_file, stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                pytest.fail(f"streamlit exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        pytest.fail(f"streamlit did not answer within {SERVER_START_TIMEOUT_S} s:\n{self.log.read_text()[-3000:]}")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log_file.close()


@pytest.fixture(scope="session")
def demo_database_url(tmp_path_factory) -> str:
    """A fresh SQLite database with the schema, reference data and the demo set."""
    _require_chromium()
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'demo.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    _run(["-m", "data_access", "init", "--database-url", url], env)
    _run(["-m", "data_access", "seed-demo", "--database-url", url], env)
    return url


@pytest.fixture(scope="session")
def app_server(demo_database_url, tmp_path_factory):
    """The dashboard (app.py) running on the demo database; nothing opened in it yet."""
    log = tmp_path_factory.mktemp("browser-logs") / "app.log"
    # The tests add accounts to this database; visitors keep the partner-safe view by decision
    # (PUBLIC_ACCESS), as a deployment that wants it would say.
    env = {**os.environ, "DATABASE_URL": demo_database_url, "PUBLIC_ACCESS": "partner_view"}
    server = StreamlitServer(ROOT / "app.py", cwd=ROOT, env=env, log=log)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app_url(app_server, browser):
    """Base URL of the dashboard (no warm-up: a deep link as the very first request must work,
    which page files named as their addresses and components.shell.page_in_frame ensure;
    test_cold_deep_link checks it on a server of its own)."""
    return app_server.url


@pytest.fixture(scope="session")
def map_app_url(tmp_path_factory):
    """Base URL of tests/browser/map_app.py: the map components alone, on made-up data. Run from
    a folder that links the repository's static/ and .streamlit/ (Streamlit serves the static/
    folder beside the main script)."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("map-app")
    (folder / "static").symlink_to(ROOT / "static", target_is_directory=True)
    (folder / ".streamlit").symlink_to(ROOT / ".streamlit", target_is_directory=True)
    shutil.copy(Path(__file__).with_name("map_app.py"), folder / "map_app.py")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    server = StreamlitServer(folder / "map_app.py", cwd=folder, env=env, log=folder / "map_app.log")
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    from tests.browser.harness import new_page

    pg = new_page(browser)
    yield pg
    pg.context.close()
