"""Presentation mode in headless Chromium at 1920×1080: no sidebar, large KPI values, the screens
advance on their own (interval from the URL) and with the arrow keys, the map draws; a screenshot
of every screen in Ukrainian and English is saved for a look."""

from __future__ import annotations

import pytest

from tests.browser.harness import open_page, screenshot, wait_idle

SCREENS = 6
FIRST_TITLE = {"uk": "Безпека громади: тиждень", "en": "Community safety: week"}


def _title(page) -> str:
    return page.locator("h1").first.inner_text()


def _wait_title_change(page, before: str, timeout_ms: int) -> str:
    page.wait_for_function("(t) => { const h = document.querySelector('h1'); return h && h.innerText !== t; }",
                           arg=before, timeout=timeout_ms, polling=250)
    wait_idle(page)
    return _title(page)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_every_screen_by_arrow_keys(app_url, page, lang):
    open_page(page, f"{app_url}/?mode=present&interval=600&lang={lang}")
    assert page.locator("[data-testid=stSidebar]").is_hidden()
    value = page.locator("[data-testid=stMetricValue]").first
    assert float(value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 72
    titles = [_title(page)]
    assert titles[0].startswith(FIRST_TITLE[lang])
    for n in range(SCREENS):
        screenshot(page, f"present-{lang}-{n + 1}")
        page.keyboard.press("ArrowRight")
        titles.append(_wait_title_change(page, titles[-1], 20_000))
        assert page.locator("[data-testid=stException]").count() == 0
    assert len(set(titles[:SCREENS])) == SCREENS and titles[SCREENS] == titles[0]
    page.keyboard.press("ArrowLeft")
    assert _wait_title_change(page, titles[0], 20_000) == titles[SCREENS - 1]
    assert not page.watch.errors


def test_screens_advance_on_their_own(app_url, page):
    open_page(page, f"{app_url}/?mode=present&interval=5&lang=uk")
    first = _title(page)
    second = _wait_title_change(page, first, 20_000)  # no key pressed, no click
    third = _wait_title_change(page, second, 20_000)
    assert len({first, second, third}) == 3
