"""Charts and maps as PNG on a server with no internet, never a blank picture.

* plotly figures: kaleido 1.x drives the system's Chromium (``/usr/bin/chromium`` or
  ``BROWSER_PATH``); one persistent kaleido server per process (``start_sync_server``) brings a
  figure to well under a second; MathJax is off (it would be fetched from a CDN).
* folium maps: the map's HTML is written to a temporary folder with the ``/app/static/…`` links
  rewritten to ``file://`` paths of ``static/`` (Leaflet and plugins shipped with the app),
  opened in headless Chromium by Playwright, and screenshotted once Leaflet has drawn its vector
  layers (``.leaflet-container path``). This draws exactly the map the dashboard shows (same
  builder, same legend); a plotly re-drawing would be a second map to keep in step.

Every PNG is checked (:func:`check_not_blank`): an image of (almost) one colour raises
:class:`BlankImageError`, so a pack is never shipped with an empty picture.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
MIN_STD = 4.0  # grey-level standard deviation below which a picture counts as blank
MIN_COLOURS = 8
MAP_TIMEOUT_MS = 30_000
PRINT_CSS = ".leaflet-control-zoom, .leaflet-control-layers { display: none !important; }"

_kaleido_started = False


DEBIAN_CHROMIUM = "/usr/bin/chromium"  # Debian's package `chromium`


class BlankImageError(RuntimeError):
    """A rendered picture came out blank (one colour) or could not be rendered at all."""


class BrowserMissingError(BlankImageError):
    """No Chromium to draw the pack's charts and map with; :meth:`message` says what to install or set."""

    def __init__(self, key: str, **params) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        from domain.i18n import translate

        return translate(self.key, lang, **self.params)


def chromium_path() -> str | None:
    """``BROWSER_PATH`` / ``CHROMIUM_PATH`` or Debian's /usr/bin/chromium, if present. A ``BROWSER_PATH``
    that names no file gives None: kaleido would use it and fail (:func:`browser_problem` says so)."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for candidate in (os.environ.get("CHROMIUM_PATH"), DEBIAN_CHROMIUM, shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def browser_problem() -> BrowserMissingError | None:
    """Why the pack's pictures cannot be drawn on this machine (no Chromium, or a ``BROWSER_PATH`` naming
    no file), as an error with a uk/en message saying what to install or set; None when a browser is found."""
    if chromium_path() is not None:
        return None
    explicit = os.environ.get("BROWSER_PATH")
    return BrowserMissingError("pack.bad_browser_path", path=explicit) if explicit else \
        BrowserMissingError("pack.no_browser")


def require_browser() -> None:
    """Raise :class:`BrowserMissingError` (before anything is drawn) when there is no browser."""
    problem = browser_problem()
    if problem is not None:
        raise problem


def check_not_blank(png: bytes, what: str) -> bytes:
    """``png`` unchanged, or BlankImageError when it is not a picture or of (almost) one colour."""
    try:
        img = Image.open(io.BytesIO(png)).convert("RGB")
    except (OSError, ValueError) as exc:
        raise BlankImageError(f"{what}: not a PNG image ({exc})") from exc
    small = img.copy()
    small.thumbnail((400, 400))
    arr = np.asarray(small, dtype=np.float64)
    grey_std = float(arr.mean(axis=2).std())
    colours = len(small.getcolors(maxcolors=1_000_000) or [])
    if grey_std < MIN_STD or colours < MIN_COLOURS:
        raise BlankImageError(f"{what}: the picture is blank (std {grey_std:.1f}, {colours} colours)")
    return png


def _start_kaleido() -> None:
    global _kaleido_started
    if _kaleido_started:
        return
    import kaleido
    from choreographer.errors import ChromeNotFoundError

    pio.defaults.mathjax = None
    require_browser()
    path = chromium_path()
    if path and not os.environ.get("BROWSER_PATH"):
        os.environ["BROWSER_PATH"] = path
    try:
        kaleido.start_sync_server(silence_warnings=True)
    except ChromeNotFoundError as exc:  # kaleido's own text tells to download Chrome, which this setup does not use
        raise BrowserMissingError("pack.no_browser") from exc
    _kaleido_started = True


def figure_png(fig: go.Figure, *, width: int = 1600, height: int = 800, scale: float = 1.0,
               what: str = "chart") -> bytes:
    """A plotly figure as PNG (checked not blank)."""
    _start_kaleido()
    try:
        with warnings.catch_warnings():  # plotly warns that kaleido's server ignores per-call options
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            png = pio.to_image(fig, format="png", width=width, height=height, scale=scale)
    except Exception as exc:  # kaleido reports browser failures with many exception types
        raise BlankImageError(f"{what}: kaleido could not render the chart ({type(exc).__name__}: {exc})") from exc
    return check_not_blank(png, what)


def standalone_map_html(html: str) -> str:
    """Folium HTML with every ``/app/static/…`` link pointing at the files in ``static/``."""
    return html.replace("/app/static/", STATIC.as_uri() + "/")


def map_png(m, *, width: int = 1600, height: int = 900, what: str = "map") -> bytes:
    """A folium map as PNG: rendered offline in headless Chromium, checked not blank."""
    require_browser()
    path = chromium_path()
    m.get_root().width = f"{width}px"
    m.get_root().height = f"{height}px"
    html = standalone_map_html(m.get_root().render())
    if "http://" in html.split("<body")[0] or "https://" in html.split("<body")[0]:
        raise BlankImageError(f"{what}: the map would load files from the internet")
    # Playwright's sync API refuses to run in a thread that has an asyncio loop (a caller's own
    # Playwright session, an async server): render in a worker thread of our own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        png = pool.submit(_screenshot_map, html, path, width, height, what).result()
    return check_not_blank(png, what)


def _screenshot_map(html: str, chromium: str, width: int, height: int, what: str) -> bytes:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="pack_map_") as tmp:
        page_path = Path(tmp) / "map.html"
        page_path.write_text(html, encoding="utf-8")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(page_path.as_uri(), wait_until="load", timeout=MAP_TIMEOUT_MS)
                    page.wait_for_selector(".leaflet-container path", state="attached", timeout=MAP_TIMEOUT_MS)
                    page.add_style_tag(content=PRINT_CSS)
                    page.wait_for_timeout(300)  # let the vector layers paint
                    return page.screenshot(full_page=False)
                finally:
                    browser.close()
        except PlaywrightError as exc:
            raise BlankImageError(f"{what}: the map did not draw in Chromium ({exc.message.splitlines()[0]})") from exc


# --------------------------------------------------------------------------- the pack's pictures


def _frame(figures: dict, key: str):
    import pandas as pd

    block = figures[key]
    return pd.DataFrame({"week": pd.to_datetime(block["weeks"]), **{k: v for k, v in block.items() if k != "weeks"}})


def date_ticks(fig: go.Figure, days, lang: str) -> go.Figure:
    """Date ticks written out in ``lang``: a static picture (kaleido) gets no plotly.js locale, so its
    own ticks would read "Jan 2026" in a Ukrainian pack. Weeks as 27.10 over up to ten weeks, else months
    ("січ 2026", every second one beyond eight)."""
    import pandas as pd

    from display.charts import plotly_locale

    days = pd.to_datetime(pd.Series(days)).dropna()
    if days.empty:
        return fig
    start, end = days.min(), days.max()
    if (end - start).days <= 70:
        ticks = list(days.drop_duplicates().sort_values())
        labels = [d.strftime("%d.%m" if lang == "uk" else "%d/%m") for d in ticks]
    else:
        months = pd.date_range(start.to_period("M").to_timestamp() + pd.offsets.MonthBegin(1), end, freq="MS")
        ticks = list(months[:: 2 if len(months) > 8 else 1])
        short = plotly_locale(lang)["format"]["shortMonths"]
        labels = [f"{short[d.month - 1]} {d.year}" for d in ticks]
    fig.update_xaxes(tickvals=ticks, ticktext=labels)
    return fig


def trend_figure(figures: dict, *, large: bool = True) -> go.Figure:
    """The weekly offence trend of the pack (the overview's chart over 52 weeks)."""
    import pandas as pd

    from display.charts import weekly_trend_chart
    from domain.i18n import translate

    lang = figures["lang"]
    t = figures["trend"]
    weeks = pd.DataFrame({"week": pd.to_datetime(t["weeks"]), "count": pd.array(t["counts"], dtype="Float64")})
    ago = pd.DataFrame({"week": pd.to_datetime(t["weeks"]), "count": pd.array(t["year_ago"], dtype="Float64")})
    band = None
    if "band_low" in t:  # packs stored before the band have none
        band = pd.DataFrame({"week": weeks["week"], "low": pd.array(t["band_low"], dtype="Float64").astype("float64"),
                             "high": pd.array(t["band_high"], dtype="Float64").astype("float64"), "flag": t["flags"]})
    fig = weekly_trend_chart(weeks, lang, value_label=translate("pack.trend_value", lang), last_year=ago,
                             large=large, band=band)
    return date_ticks(fig, weeks["week"], lang)


def flow_figure(figures: dict, *, large: bool = True) -> go.Figure:
    """Requests received and answered per week (the requests page's chart)."""
    import pandas as pd

    from display.request_charts import flow_chart

    lang = figures["lang"]
    fl = figures["requests"]["flow"]
    weeks = pd.DataFrame({"week": pd.to_datetime(fl["weeks"]), "received": pd.array(fl["received"], dtype="Float64"),
                          "answered": pd.array(fl["answered"], dtype="Float64")})
    return date_ticks(flow_chart(weeks, lang, large=large), weeks["week"], lang)


def survey_figure(figures: dict, *, large: bool = True) -> go.Figure | None:
    """Survey indices with their 95 % intervals (the survey page's dot-and-whisker chart)."""
    import pandas as pd

    from display.survey_charts import dot_whisker_chart
    from domain.i18n import translate

    lang = figures["lang"]
    rows = [i for i in figures["survey"]["indices"]]
    if not rows or all(i["value"] is None for i in rows):
        return None
    est = pd.DataFrame({"label": [i["label"] for i in rows],
                        "value": [float("nan") if i["value"] is None else i["value"] for i in rows],
                        "low": [float("nan") if i["low"] is None else i["low"] for i in rows],
                        "high": [float("nan") if i["high"] is None else i["high"] for i in rows],
                        "note": ["" if i["value"] is not None else i["interval_display"] for i in rows]})
    return dot_whisker_chart(est, lang, x_title=translate("pack.survey_axis", lang), large=large)


def pack_map(figures: dict, *, height: int = 900):
    """The folium map of the pack's 4 weeks: settlements per 10,000 and ~500 m cells."""
    import pandas as pd

    from data_access.reference import boundaries
    from display.maps import community_map
    from domain.i18n import translate

    lang = figures["lang"]
    mp = figures["map"]
    places = pd.DataFrame(mp["settlements"])
    for col in ("lat", "lon", "population", "count", "rate", "change_pct"):
        places[col] = pd.to_numeric(places[col], errors="coerce")
    cells = pd.DataFrame(mp["cells"], columns=["cell_row", "cell_col", "count", "display_count"])
    cells["count"] = pd.to_numeric(cells["count"], errors="coerce")
    return community_map(lang=lang, settlements=places, value_label=translate("pack.trend_value", lang),
                         cells=cells if len(cells) else None, boundaries=boundaries(figures["hromada"]["code"]),
                         height=height)


def pack_images(figures: dict) -> dict[str, bytes]:
    """Every picture of the pack, as checked PNGs: trend, flow, survey (when any), map. Without a
    browser, BrowserMissingError before anything is drawn."""
    require_browser()
    out = {
        "trend": figure_png(trend_figure(figures), width=1600, height=760, what="trend chart"),
        "flow": figure_png(flow_figure(figures), width=1000, height=760, what="requests chart"),
        "map": map_png(pack_map(figures, height=900), width=1300, height=900, what="map"),
    }
    survey = survey_figure(figures)
    if survey is not None:
        out["survey"] = figure_png(survey, width=1000, height=700, what="survey chart")
    return out
