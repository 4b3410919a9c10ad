"""A partner session (nobody signed in) in Chromium: no page holds a record list, and no map
holds a point finer than the ~500 m grid — checked in the page's HTML and the maps' srcdoc."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from data_access import schema
from data_access.engine import make_engine
from display.navigation import PAGES
from domain.geo import CELL_LAT_DEG, CELL_LON_DEG
from tests.app.page_sections import EVERY_SECTION
from tests.browser.harness import MAP_IFRAME, ROOT, open_page, screenshot

PARTNER_PAGES = [s for s in PAGES if "partner" in s.roles]
# The weekly review's drill-down table (st.dataframe key "drill_records") and any element keyed
# as a record list; Streamlit gives a keyed element the class st-key-<key>.
RECORD_SELECTORS = ("[class*=st-key-drill_records]", "[class*=st-key-records]", "[class*=st-key-deadline_list]")
PAIR = re.compile(r"\[\s*(-?\d{1,3}\.\d+)\s*,\s*(-?\d{1,3}\.\d+)\s*\]")
VIEW_CALLS = re.compile(r"(fitBounds|latLngBounds)\(\s*\[\s*\[.*?\]\s*,\s*\[.*?\]\s*\]"
                        r"|(setView\(|center\s*:)\s*\[.*?\]", re.S)
TOLERANCE = 1e-5


def _on_grid(value: float, step: float) -> bool:
    """A cell corner (k·step) or a cell centre ((k + ½)·step)."""
    half = value / (step / 2)
    return abs(half - round(half)) * (step / 2) < TOLERANCE


def _boundary_places() -> set[tuple[float, float]]:
    """Every vertex and label point of the shipped OpenStreetMap boundaries (public outlines of
    the hromada and its settlements, not places of records), as (lat, lon)."""
    import json

    from data_access.reference import HROMADAS_DIR

    out = set()
    for path in HROMADAS_DIR.glob("*/boundaries.geojson"):
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            pairs = [f["properties"]["label"]] if f["properties"].get("label") else []
            stack = [f["geometry"]["coordinates"]]
            while stack:
                item = stack.pop()
                if item and isinstance(item[0], int | float):
                    pairs.append(item)
                else:
                    stack.extend(item)
            out |= {(round(lat, 4), round(lon, 4)) for lon, lat in pairs}
    return out


def _allowed_places(url: str) -> tuple[set[tuple[float, float]], set[tuple[float, float]]]:
    """Settlement centres and outlines, and public places of partner activities (never a home: schema)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        settlements = {(round(a, 4), round(b, 4)) for a, b in conn.execute(
            select(schema.settlement.c.lat, schema.settlement.c.lon).where(schema.settlement.c.lat.is_not(None)))}
        settlements |= _boundary_places()
        activities = {(round(a, 4), round(b, 4)) for a, b in conn.execute(
            select(schema.activity.c.lat, schema.activity.c.lon).where(schema.activity.c.lat.is_not(None)))}
    engine.dispose()
    return settlements, activities


def _points(html: str) -> list[tuple[float, float]]:
    """Every [lat, lon] or [lon, lat] pair in a map's HTML (GeoJSON, data arrays), as (lat, lon),
    leaving out the view (fitBounds / setView / center), which is padded, not a place."""
    body = VIEW_CALLS.sub("", html)
    out = []
    for a, b in PAIR.findall(body):
        x, y = float(a), float(b)
        if 44 <= x <= 53 and 22 <= y <= 41:
            out.append((x, y))
        elif 44 <= y <= 53 and 22 <= x <= 41:
            out.append((y, x))
    return out


def _frame_html(frame) -> str:
    """A component frame's HTML with its scripts (streamlit-folium writes the map's script into
    the frame) and every nested frame's."""
    if frame is None:
        return ""
    scripts = frame.evaluate("() => Array.from(document.scripts).map(s => s.text).join('\\n')")
    return frame.content() + scripts + "".join(_frame_html(child) for child in frame.child_frames)


@pytest.mark.parametrize("spec", PARTNER_PAGES, ids=[s.url_path for s in PARTNER_PAGES])
def test_partner_page_has_no_records_and_no_fine_points(app_server, app_url, demo_database_url, page, spec):
    if not (ROOT / spec.file).exists():
        pytest.skip(f"{spec.file} is not written yet")
    path = "" if spec.url_path == "home" else spec.url_path
    sections = f"&section={EVERY_SECTION[spec.url_path]}" if spec.url_path in EVERY_SECTION else ""  # all open
    open_page(page, f"{app_url}/{path}?lang=uk{sections}", console=False)
    screenshot(page, f"partner-{spec.url_path}-uk")
    main = page.locator("[data-testid=stMain]").inner_html()
    for selector in RECORD_SELECTORS:
        assert page.locator(selector).count() == 0, f"{spec.url_path}: a record list ({selector}) on a partner page"
    assert "st-key-drill_records" not in main
    settlements, activities = _allowed_places(demo_database_url)
    frames = page.locator(MAP_IFRAME)
    checked = 0
    for i in range(frames.count()):
        frame = frames.nth(i).element_handle().content_frame()
        doc = (frames.nth(i).get_attribute("srcdoc") or "") + _frame_html(frame)
        for lat, lon in _points(doc):
            place = (round(lat, 4), round(lon, 4))
            fine = not (_on_grid(lat, CELL_LAT_DEG) and _on_grid(lon, CELL_LON_DEG)) and place not in settlements
            if fine and spec.url_path == "partnership":
                fine = place not in activities
            assert not fine, f"{spec.url_path}: a point finer than the grid: {lat}, {lon}"
            checked += 1
    print(f"{spec.url_path}: {checked} coordinate pairs checked")
    if spec.url_path == "map":
        assert checked > 0, "the map page sent no coordinates at all: the check did not run"
