"""The first screen's charts in Chromium (issue 23): drawn as HTML and SVG, filled, as wide as their
column, every point with its value as a tooltip — and plotly.js never loaded for them."""

from __future__ import annotations

import pytest

from tests.browser.harness import open_page, screenshot

_CHARTS = """() => [...document.querySelectorAll('.sc')].map(sc => {
    const plot = sc.querySelector('.sc-plot, .sc-hchart');
    const box = plot.getBoundingClientRect();
    return {
        title: (sc.querySelector('.sc-title') || {}).textContent || '',
        width: box.width, height: box.height,
        image: (sc.querySelector('img.sc-svg') || {getBoundingClientRect: () => ({width: 0})}).getBoundingClientRect().width,
        shapes: (svg => (svg.match(/<(polyline|polygon|rect) /g) || []).length)(
            atob(((sc.querySelector('img.sc-svg') || {}).src || ',').split(',')[1] || '')),
        bars: sc.querySelectorAll('.sc-hbar').length,
        tips: [...sc.querySelectorAll('[title]')].map(el => el.getAttribute('title')),
        ticks: [...sc.querySelectorAll('.sc-xt')].map(el => el.textContent),
        name: (sc.closest('[role=figure]') || {getAttribute: () => ''}).getAttribute('aria-label'),
    };
})"""


@pytest.mark.parametrize(("path", "lang", "month"), [("", "uk", "січ"), ("", "en", "Jan"),
                                                     ("resident-requests", "uk", "2026"), ("trends", "en", "Jan")])
def test_first_screen_charts_are_drawn_without_plotly(app_url, page, path, lang, month):
    open_page(page, f"{app_url}/{path}?lang={lang}")
    page.wait_for_timeout(300)  # the accessible-name script polls every 100 ms
    charts = page.evaluate(_CHARTS)
    screenshot(page, f"static-{path or 'home'}-{lang}")
    assert charts, "no static chart on the first screen"
    for chart in charts:
        assert chart["width"] > 500 and chart["height"] > 100, chart["title"]  # the column's width, not a stamp
        assert chart["shapes"] > 0 and chart["image"] > 500 or chart["bars"] > 0, chart["title"]
        assert len(chart["tips"]) >= 10 and all(any(ch.isdigit() for ch in tip) for tip in chart["tips"])
        assert any(month in tick for tick in chart["ticks"]), chart["ticks"]
        assert chart["name"], f"{chart['title']}: no accessible name"
    assert page.locator(".js-plotly-plot").count() == 0
    assert page.evaluate("() => typeof window.Plotly") == "undefined"  # plotly.js not even loaded
