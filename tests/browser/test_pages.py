"""Every page of the dashboard, in Ukrainian and English, in headless Chromium: it becomes idle,
shows no exception and no console error, labels the demo data, and its maps draw."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from components.registry import PAGES
from tests.browser.conftest import StreamlitServer
from tests.browser.harness import ROOT, SCREENSHOTS, map_frame, open_page, screenshot

LANGS = ("uk", "en")
DEFAULT_PAGE = "home"  # app.py's default page: Streamlit serves it at "/" only
DEFAULT_ROLE = "partner"  # nobody signed in: the partner-safe role (components/state.py)
DEMO_WORD = {"uk": "демо", "en": "demo"}
TIMINGS = SCREENSHOTS / "timings.json"


def _record_timing(name: str, seconds: float) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    data = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    data[name] = round(seconds, 2)
    TIMINGS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def test_cold_deep_link_opens_the_page(demo_database_url, tmp_path, page):
    """The first request to a fresh server is a deep link (a bookmark, a kiosk URL): the page must
    run inside app.py's frame (no URL path equals a pages/ file name, see components/registry.py)."""
    specs = [s for s in PAGES if s.url_path != DEFAULT_PAGE and (ROOT / s.file).exists() and DEFAULT_ROLE in s.roles]
    assert all(Path(s.file).stem != s.url_path for s in PAGES)
    server = StreamlitServer(ROOT / "app.py", cwd=ROOT, env={**os.environ, "DATABASE_URL": demo_database_url},
                             log=tmp_path / "cold.log")
    try:
        open_page(page, f"{server.url}/{specs[-1].url_path}?lang=en")
        assert page.locator("[role=dialog]").count() == 0, page.locator("[role=dialog]").all_inner_texts()
        assert page.get_by_text("Demo data").count() > 0  # English from the URL on the first request
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- server log ---\n{server.log_tail()}") from None
    finally:
        server.stop()


@pytest.mark.parametrize(("spec", "lang"), [(s, lang) for s in PAGES for lang in LANGS],
                         ids=[f"{s.url_path}-{lang}" for s in PAGES for lang in LANGS])
def test_page_draws_with_demo_banner(app_server, app_url, page, spec, lang):
    if not (ROOT / spec.file).exists():
        pytest.skip(f"{spec.file} is not written yet")
    if DEFAULT_ROLE not in spec.roles:
        pytest.skip(f"{spec.url_path} is for {', '.join(spec.roles)} only; the browser session is not signed in")
    try:
        path = "" if spec.url_path == DEFAULT_PAGE else spec.url_path
        seconds = open_page(page, f"{app_url}/{path}?lang={lang}")
    except AssertionError as exc:
        screenshot(page, f"{spec.url_path}-{lang}")
        raise AssertionError(f"{exc}\n--- server log ---\n{app_server.log_tail()}") from None
    screenshot(page, f"{spec.url_path}-{lang}")
    if spec.url_path == DEFAULT_PAGE:
        _record_timing(f"overview-{lang}", seconds)

    word = re.compile(DEMO_WORD[lang], re.IGNORECASE)
    banner = page.locator("[data-testid=stAlert]").filter(has_text=word)
    if banner.count() == 0:
        banner = page.get_by_text(word)
    assert any(b.is_visible() for b in banner.all()), (
        f"no visible '{DEMO_WORD[lang]}' banner on {spec.url_path} ({lang})")

    if spec.url_path == "map":
        frame = map_frame(page)
        assert frame.locator(".leaflet-container path").count() > 0, "the map drew no shapes"
        assert frame.locator(".leaflet-control-layers-overlays label").count() >= 1, "the map has no layer list"

