"""The map components in a real browser, on made-up data: offline assets load, layers and legend
are translated, a malicious name stays text, and clicking a settlement returns its code."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import map_frame, open_page, screenshot


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_community_map_draws_offline(map_app_url, page, lang):
    failed: list[str] = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    open_page(page, f"{map_app_url}/?lang={lang}")
    screenshot(page, f"map-component-{lang}")
    frame = map_frame(page)
    assert frame.locator(".leaflet-container path.leaflet-interactive").count() >= 400 + 4  # cells + settlements
    assert frame.locator("canvas.leaflet-heatmap-layer").count() == 1
    overlays = frame.locator(".leaflet-control-layers-overlays").inner_text()
    legend = frame.locator(".hc-legend").inner_text()
    if lang == "uk":
        assert "Населені пункти" in overlays and "Квадрати ~500 м" in overlays
        assert "на 10 000 мешканців" in legend and "25,0" in legend and "немає даних" in legend
    else:
        assert "Settlements" in overlays and "Grid cells ~500 m" in overlays
        assert "per 10,000 residents" in legend and "25.0" in legend
    assert not [url for url in failed if "/app/static/" in url], failed


def test_clicking_a_settlement_returns_its_code(map_app_url, page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, f"{map_app_url}/?lang=uk")
    frame = map_frame(page)
    # Settlement circles are drawn after the cells: the last four interactive paths.
    circles = frame.locator("path.leaflet-interactive")
    total = circles.count()
    names = []
    tooltips = frame.locator(".leaflet-tooltip")
    for i in range(total - 4, total):
        # the pointer events Leaflet listens to, sent to the circle itself: a real mouse hovering at the
        # circle's centre hit a cell or the previous tooltip on a loaded machine
        circles.nth(i).dispatch_event("mouseover")
        tooltips.last.wait_for(timeout=10_000)
        names.append(tooltips.last.inner_text())
        circles.nth(i).dispatch_event("mouseout")
        expect(tooltips).to_have_count(0, timeout=10_000)
    assert any("<script>alert(1)</script>" in n for n in names), names  # shown as text
    target = next(i for i, n in zip(range(total - 4, total), names, strict=True) if n.startswith("Буча"))
    circles.nth(target).dispatch_event("click")
    page.get_by_text("clicked: UA32080030010065311").wait_for(timeout=20_000)
    assert dialogs == []


def test_activity_map_draws(map_app_url, page):
    open_page(page, f"{map_app_url}/?lang=en&kind=activity")
    frame = map_frame(page)
    assert "Partner activities" in frame.locator(".leaflet-control-layers-overlays").inner_text()
    assert "Лекція у школі" in frame.locator(".hc-legend").inner_text()


def test_hromada_outline_names_and_credit_drawn_offline(map_app_url, page):
    failed: list[str] = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.on("request", lambda req: failed.append(req.url) if not req.url.startswith(map_app_url) else None)
    open_page(page, f"{map_app_url}/?lang=uk&kind=outline")
    frame = map_frame(page)
    # The hromada outline: a non-interactive path in the outline colour, several km across.
    outline = frame.locator('.leaflet-overlay-pane path[stroke="#263238"][fill="none"]')
    assert outline.count() == 1
    box = outline.bounding_box()
    assert box["width"] > 200 and box["height"] > 200, box
    # Bucha and Vorzel are drawn as outlines (shaded polygons), the other located villages as circles.
    assert frame.locator("path.leaflet-interactive").count() == 2 + 3
    labels = frame.locator(".hc-label").all_inner_texts()
    assert {"Буча", "Ворзель", "Блиставиця", "Луб'янка", "Мироцьке"} <= set(labels), labels
    assert "© OpenStreetMap contributors, ODbL" in frame.locator(".leaflet-control-attribution").inner_text()
    assert failed == [], failed
    screenshot(page, "map-component-outline")
