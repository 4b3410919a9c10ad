"""The shared screen (presentation mode) readable from the back of the room: at 1920×1080 every
visible text of every screen — in the page, its charts and its map — is 28 px or larger, in Ukrainian
and English (contrast: test_accessibility.py's axe run covers the same screens)."""

from __future__ import annotations

import pytest

from components.slideshow import SCREENS
from display.charts import TV_TEXT_PX
from tests.browser.harness import open_page, screenshot

SMALL_TEXT = """(px) => {
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const el = walker.currentNode.parentElement;
        const text = walker.currentNode.textContent.trim();
        if (!text || !el || el.closest('[data-testid=stSidebar], [data-testid=stHeader], style, script')) continue;
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const offScreen = box.right <= 0 || box.bottom <= 0 || box.width <= 1 || box.height <= 1;  // a skip link
        if (offScreen || style.visibility === 'hidden') continue;
        if (parseFloat(style.fontSize) < px) small.push(`${Math.round(parseFloat(style.fontSize))} px: ${text.slice(0, 60)}`);
    }
    return small;
}"""


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_every_screen_has_no_text_under_28_px(app_url, page, lang):
    problems = []
    for screen in SCREENS:
        open_page(page, f"{app_url}/?mode=present&interval=600&lang={lang}&screen={screen}")
        page.wait_for_timeout(500)  # fonts and the map's labels
        for frame in page.frames:
            problems += [f"{screen}: {line}" for line in frame.evaluate(SMALL_TEXT, TV_TEXT_PX)]
        screenshot(page, f"tv-{lang}-{screen}")
    assert not problems, "\n".join(problems)
