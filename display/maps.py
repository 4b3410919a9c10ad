"""Folium maps of a hromada (settlements, grid cells, heat, points, partner activities) that load
only local assets, with no Streamlit call, so the meeting pack reuses them.

Every map loads Leaflet and its plugins from ``/app/static/…`` (Streamlit's static file serving
of ``static/``), never from a CDN: the dashboard runs with no internet. Every text that comes
from data is HTML-escaped before it reaches a tooltip. Layers are data arrays (one GeoJSON
FeatureCollection, one HeatMap, one FastMarkerCluster), never one Python object per row.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.plugins import FastMarkerCluster, HeatMap
from folium.template import Template

from display.formats import fmt_int, fmt_num, fmt_pct
from display.palette import (
    BLACK,
    CELL_COLOURS,
    CELL_LINE_COLOUR,
    CONTEXT_COLOUR,
    KIND_COLOURS,
    LEGEND_NOTE,
    LEGEND_SWATCH_LINE,
    LEGEND_TEXT,
    NO_DATA_COLOUR,
    OUTLINE_COLOUR,
    POINT_COLOUR,
    RATE_COLOURS,
    SETTLEMENT_LINE_COLOUR,
    WHITE,
)
from display.palette import MAP_BACKGROUND as BACKGROUND
from domain import polygons
from domain.geo import cell_bounds
from domain.i18n import normalise_lang, translate
from domain.visibility import SMALL_TEXT, is_small_text

STATIC_URL = "/app/static/vendor"  # static/vendor/: third-party files as published, with their licences

# What each folium element would fetch from a CDN, replaced by the copies in static/.
LEAFLET_JS = (("leaflet", f"{STATIC_URL}/leaflet/leaflet.js"),)
LEAFLET_CSS = (("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css"),)
MARKERCLUSTER_JS = (("markerclusterjs", f"{STATIC_URL}/leaflet.markercluster/leaflet.markercluster.js"),)
MARKERCLUSTER_CSS = (
    ("markerclustercss", f"{STATIC_URL}/leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{STATIC_URL}/leaflet.markercluster/MarkerCluster.Default.css"),
)
HEAT_JS = (("leaflet-heat.js", f"{STATIC_URL}/leaflet.heat/leaflet_heat.min.js"),)

# Colours: display.palette (sequential ColorBrewer YlOrRd / PuBu classes, Okabe–Ito kinds).
# Boundaries come from OpenStreetMap (ODbL): every map that draws them says so.
OSM_CREDIT = "© OpenStreetMap contributors, ODbL"
MAX_ZOOM = 18
# More ~500 m cells than this (a raion's or an oblast's) are not drawn as squares: each is a polygon of ~240 bytes,
# and 2,857 cells of a 69-hromada oblast made the map 1.3 MB (target < 1 MB, docs/benchmarks.md); the heat layer
# and the settlements' shading show the same counts.
CELL_LIMIT = 1500  # read by pages/map.py
N_CLASSES = 5
# A settlement's tooltip starts with its code in a hidden span, "[[UA…]]": streamlit-folium
# returns the clicked tooltip's text, and show_map reads the code back from it.
_CODE_RE = re.compile(r"^\s*\[\[([A-Za-z0-9_.:-]+)\]\]")


def settlement_code_from_tooltip(text: str | None) -> str | None:
    """The settlement code at the start of a clicked tooltip's text, or None (a grid cell, a
    point, an activity, nothing clicked)."""
    if not text:
        return None
    match = _CODE_RE.match(text)
    return match.group(1) if match else None


# --------------------------------------------------------------------------- offline assets


def use_local_assets(element: MacroElement) -> MacroElement:
    """Point one folium element's JS/CSS links at ``/app/static`` (instance attributes, so no
    folium class is changed for anyone else). Drops jQuery, Bootstrap, Font Awesome and
    awesome-markers: these maps use none of them."""
    if isinstance(element, folium.Map):
        element.default_js = list(LEAFLET_JS)
        element.default_css = list(LEAFLET_CSS)
    elif isinstance(element, folium.plugins.MarkerCluster):
        element.default_js = list(MARKERCLUSTER_JS)
        element.default_css = list(MARKERCLUSTER_CSS)
    elif isinstance(element, HeatMap):
        element.default_js = list(HEAT_JS)
        element.default_css = []
    return element


# --------------------------------------------------------------------------- classes, legend


@dataclass(frozen=True)
class Classes:
    """Class breaks of a sequential scale: ``edges`` has one more entry than classes; rows
    marked small (1–4, suppressed) form their own first class labelled "< 5"."""

    edges: tuple[float, ...]
    colours: tuple[str, ...]
    small_class: bool = False

    def index(self, value: float | None, *, small: bool = False) -> int | None:
        """The class of a value (None for a missing value)."""
        if small and self.small_class:
            return 0
        if value is None or not math.isfinite(value) or not self.edges:
            return None
        inner = np.asarray(self.edges[1:-1])
        k = int(np.searchsorted(inner, value, side="left"))
        return k + (1 if self.small_class else 0)


def make_classes(values: pd.Series, palette: tuple[str, ...], *, digits: int,
                 small: pd.Series | None = None) -> Classes:
    """Up to five quantile classes of ``values`` (rounded to ``digits``), coloured from
    ``palette``; rows flagged in ``small`` get a class of their own at the bottom."""
    vals = pd.to_numeric(values, errors="coerce").astype(float)
    has_small = small is not None and bool(small.any())
    if has_small:
        vals = vals[~small.to_numpy()]
    finite = vals[np.isfinite(vals)].to_numpy()
    n = N_CLASSES - (1 if has_small else 0)
    edges: tuple[float, ...] = ()
    if finite.size:
        n = max(min(n, len(np.unique(finite)) - 1), 1)  # no empty classes for a few values
        qs = np.quantile(finite, np.linspace(0, 1, n + 1))
        edges = tuple(sorted({round(float(q), digits) for q in qs}))
        if len(edges) == 1:
            edges = (edges[0], edges[0])
    k = max(len(edges) - 1, 0) + (1 if has_small else 0)
    picks = np.linspace(0, len(palette) - 1, k).round().astype(int) if k > 1 else [len(palette) // 2] * k
    return Classes(edges, tuple(palette[i] for i in picks), has_small)


def _legend_rows(classes: Classes, lang: str, *, digits: int, shape: str,
                 has_missing: bool) -> list[tuple[str, str, str]]:
    rows = []
    offset = 0
    if classes.small_class:
        rows.append((classes.colours[0], SMALL_TEXT, shape))
        offset = 1
    fmt = (lambda v: fmt_num(v, lang, digits)) if digits else (lambda v: fmt_int(v, lang))
    for i in range(len(classes.edges) - 1):
        lo, hi = classes.edges[i], classes.edges[i + 1]
        label = fmt(lo) if lo == hi else f"{fmt(lo)} – {fmt(hi)}"
        rows.append((classes.colours[i + offset], label, shape))
    if has_missing:
        rows.append((NO_DATA_COLOUR, translate("map.legend_no_data", lang), shape))
    return rows


@dataclass(frozen=True)
class LegendSection:
    title: str
    rows: list[tuple[str, str, str]]  # (colour, label, "circle" | "square")
    note: str | None = None


def legend_html(sections: list[LegendSection]) -> str:
    """The legend's inner HTML; every label is escaped."""
    parts = []
    for section in sections:
        rows = "".join(
            f'<div class="hc-row"><span class="hc-sw hc-{shape}" style="background:{colour}"></span>'
            f"<span>{html.escape(label)}</span></div>"
            for colour, label, shape in section.rows
        )
        note = f'<div class="hc-note">{html.escape(section.note)}</div>' if section.note else ""
        parts.append(f'<section><div class="hc-title">{html.escape(section.title)}</div>{rows}{note}</section>')
    return "".join(parts)


def _js_string(text: str) -> str:
    """A JavaScript string literal that cannot close a <script> element."""
    return (json.dumps(text, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class MapChrome(MacroElement):
    """The map's own CSS (plain background, readable text), a metric scale bar and the legend
    as a Leaflet control (bottom right, stacked with the other controls so it never covers
    them; left out when there are no sections)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-container { background: """ + BACKGROUND + """; font-size: 14px; }
          .leaflet-tooltip { font-size: 14px; line-height: 1.35; }
          .leaflet-tooltip table th { text-align: left; padding-right: 6px; }
          .hc-legend { background: rgba(255,255,255,0.95); color: """ + LEGEND_TEXT + """; padding: 8px 10px;
            border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.35); max-width: 260px;
            font: 14px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
          .hc-legend section + section { margin-top: 8px; }
          .hc-legend .hc-title { font-weight: 600; margin-bottom: 4px; }
          .hc-legend .hc-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
          .hc-legend .hc-sw { width: 14px; height: 14px; border: 1px solid """ + LEGEND_SWATCH_LINE + """; flex: none; }
          .hc-legend .hc-circle { border-radius: 50%; }
          .hc-legend .hc-note { margin-top: 4px; color: """ + LEGEND_NOTE + """; font-size: 13px; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, position: "bottomleft"}).addTo({{ this._parent.get_name() }});
        {% if this.inner_html %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "hc-legend");
                div.innerHTML = {{ this.inner_js }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endif %}
        {% if this.credit_js %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.credit_js }});
        {% endif %}
        {% if this.bounds_js %}
        (function (map) {
            // Fit again when the frame gets its final size (the first fit may run while
            // Streamlit's iframe is sized otherwise: the hromada was cut at the edges), beside
            // the legend rather than under it — until the user's pointer or keys reach the map:
            // nothing moves under the cursor.
            var bounds = L.latLngBounds({{ this.bounds_js }});
            var touched = false;
            ["pointermove", "pointerdown", "wheel", "keydown"].forEach(function (name) {
                map.getContainer().addEventListener(name, function () { touched = true; }, true);
            });
            var refit = function () {
                if (touched) { return; }
                var legend = map.getContainer().querySelector(".hc-legend");
                var wide = legend && map.getSize().x > 2.2 * legend.offsetWidth;
                map.fitBounds(bounds, {paddingTopLeft: [10, 10],
                                       paddingBottomRight: [wide ? legend.offsetWidth + 10 : 10, 10]});
            };
            map.on("resize", refit);
            refit();
        })({{ this._parent.get_name() }});
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, sections: list[LegendSection], credit: str | None = None):
        super().__init__()
        self._name = "MapChrome"
        self.inner_html = legend_html(sections)
        self.inner_js = _js_string(self.inner_html)
        self.credit_js = _js_string(html.escape(credit)) if credit else ""
        self.bounds_js = ""

    def render(self, **kwargs):
        bounds = getattr(self._parent, "refit_bounds", None)
        self.bounds_js = json.dumps(bounds) if bounds else ""
        super().render(**kwargs)


def tv_readable_map(m: folium.Map, px: int = 28) -> folium.Map:
    """Every text on ``m`` (names, legend, scale, credit) at ``px`` pixels or more, and no controls:
    the presentation mode."""
    css = (f"<style>.hc-label span, .hc-legend, .hc-legend .hc-note, .leaflet-control-scale-line,"
           f" .leaflet-control-attribution, .leaflet-control-attribution a {{ font-size: {px}px !important; }}"
           f" .hc-legend {{ max-width: 520px !important; }}"
           " .leaflet-control-layers, .leaflet-control-zoom { display: none !important; }</style>")  # nobody clicks a TV
    m.get_root().header.add_child(folium.Element(css))
    return m


class NameLabels(MacroElement):
    """Settlement names written on the map (not only in tooltips): one non-interactive
    ``L.divIcon`` marker per name, added to the parent layer. ``rows``: (lat, lon, name,
    centred) — centred on an outline, or under a circle. Names are escaped here."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .hc-label { background: none; border: none; }
          .hc-label span { position: absolute; white-space: nowrap; pointer-events: none;
            font: 600 13px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: """ + LEGEND_TEXT + """;
            text-shadow: 0 0 3px white, 0 0 3px white, 0 0 2px white, 0 0 1px white; }
          .hc-label .hc-c { transform: translate(-50%, -50%); }
          .hc-label .hc-b { transform: translate(-50%, 9px); }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.rows_js }}.forEach(function (r) {
            L.marker([r[0], r[1]], {interactive: false, keyboard: false, icon: L.divIcon({
                className: "hc-label", iconSize: null,
                html: '<span class="' + (r[3] ? "hc-c" : "hc-b") + '">' + r[2] + "</span>"})})
             .addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[tuple[float, float, str, bool]]):
        super().__init__()
        self._name = "NameLabels"
        data = [[round(float(lat), 5), round(float(lon), 5), html.escape(str(name)), int(centred)]
                for lat, lon, name, centred in rows]
        self.rows_js = (json.dumps(data, ensure_ascii=False)
                        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


# --------------------------------------------------------------------------- layers


def _base_map(*, tiles: bool, height: int) -> folium.Map:
    m = folium.Map(
        location=(50.55, 30.21),  # replaced by fit_bounds; Bucha as a harmless default
        zoom_start=11,
        tiles=None,
        width="100%",
        height=height,
    )
    # Without a tile layer Leaflet has no maxZoom, and marker clusters throw: set it on the
    # map itself (folium's max_zoom argument only reaches a tile layer).
    m.options["max_zoom"] = MAX_ZOOM
    m.options["min_zoom"] = 5
    m.options["zoom_snap"] = 0.25  # fit a hromada's outline snugly, not to the next whole zoom
    use_local_assets(m)
    if tiles:
        # Optional: needs internet. Attribution as OpenStreetMap requires.
        folium.TileLayer("OpenStreetMap", control=False, max_zoom=MAX_ZOOM).add_to(m)
    return m


def _finite(df: pd.DataFrame, cols: tuple[str, ...]) -> pd.DataFrame:
    out = df.copy()
    for col in cols:
        out[col] = pd.to_numeric(out[col], errors="coerce")
    return out[np.isfinite(out[list(cols)]).all(axis=1)]


def _fit_bounds(m: folium.Map, bounds: list[list[float]]) -> None:
    """Fit now (folium) and again, beside the legend, once the frame has its size (MapChrome).
    Used for a hromada's outline only: a map without one keeps folium's single fit."""
    m.fit_bounds(bounds)
    m.refit_bounds = bounds  # read by MapChrome


def _fit(m: folium.Map, lats: list[np.ndarray], lons: list[np.ndarray]) -> None:
    lat = np.concatenate([a for a in lats if len(a)] or [np.array([])])
    lon = np.concatenate([a for a in lons if len(a)] or [np.array([])])
    if lat.size:
        pad_lat = max((lat.max() - lat.min()) * 0.05, 0.01)
        pad_lon = max((lon.max() - lon.min()) * 0.05, 0.015)
        m.fit_bounds([[float(lat.min() - pad_lat), float(lon.min() - pad_lon)],
                      [float(lat.max() + pad_lat), float(lon.max() + pad_lon)]])


def _text(value) -> str:
    """Escaped text of a data value ('' for missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value))


def _count_text(row: pd.Series, lang: str) -> str:
    shown = row.get("display_count")
    if isinstance(shown, str) and shown:
        return shown
    return fmt_int(row.get("count"), lang)


def _settlement_tip(row: pd.Series, lang: str, value_label: str | None) -> str:
    """Tooltip HTML: hidden code marker, then name, count, rate, change, residents."""
    code = re.sub(r"[^A-Za-z0-9_.:-]", "", str(row.get("code", "")))
    lines = [f'<span hidden>[[{code}]]</span><b>{_text(row.get("name"))}</b>']
    if value_label is not None:
        lines.append(f"{html.escape(value_label)}: {html.escape(_count_text(row, lang))}")
        lines.append(f'{translate("map.tooltip_rate", lang)}: {fmt_num(row.get("rate"), lang, 1)}')
        change = row.get("change_pct")
        lines.append(f'{translate("map.tooltip_change", lang)}: {html.escape(fmt_pct(change, lang, signed=True))}')
    if "population" in row and row.get("population") == row.get("population"):
        lines.append(f'{translate("map.tooltip_population", lang)}: {fmt_int(row.get("population"), lang)}')
    return "<br>".join(lines)


def _radii(population: pd.Series) -> np.ndarray:
    pop = pd.to_numeric(population, errors="coerce").to_numpy(dtype=float)
    top = np.nanmax(pop) if np.isfinite(pop).any() else 1.0
    r = 6 + 20 * np.sqrt(np.clip(np.nan_to_num(pop, nan=0.0), 0, None) / max(top, 1.0))
    return np.round(r, 1)


def _tooltip(field: str = "tip", alias: str | None = None) -> folium.GeoJsonTooltip:
    """A tooltip showing one pre-escaped property (``alias`` is escaped here)."""
    if alias is None:
        return folium.GeoJsonTooltip(fields=[field], labels=False, sticky=True)
    return folium.GeoJsonTooltip(fields=[field], aliases=[html.escape(alias)], labels=True, sticky=True)


def _circle_style(feature: dict) -> dict:
    p = feature["properties"]
    return {"radius": p["r"], "fill": True, "fillColor": p["c"], "color": OUTLINE_COLOUR, "weight": 1.2,
            "fillOpacity": 0.85, "opacity": 0.9}


def _polygon_style(feature: dict) -> dict:
    return {"fillColor": feature["properties"]["c"], "color": OUTLINE_COLOUR, "weight": 1.2,
            "fillOpacity": 0.75, "opacity": 0.9}


def _highlight(_feature: dict) -> dict:
    return {"weight": 3, "color": BLACK}


def _point_features(lats, lons, props: list[dict]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": str(i),
             "geometry": {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]},
             "properties": p}
            for i, (lat, lon, p) in enumerate(zip(lats, lons, props, strict=False))
        ],
    }


def _circles_layer(points: dict, name: str) -> folium.GeoJson:
    return folium.GeoJson(
        points,
        name=name,
        marker=folium.CircleMarker(),
        style_function=_circle_style,
        highlight_function=_highlight,
        tooltip=_tooltip(),
    )


def settlement_features(boundaries: dict | None) -> list[dict]:
    """The settlement outlines of a boundaries file (features whose ``level`` is not "hromada")."""
    return [f for f in (boundaries or {}).get("features", [])
            if (f.get("properties") or {}).get("level") != "hromada" and polygons.polygons_of(f.get("geometry"))]


def hromada_features(boundaries: dict | None) -> list[dict]:
    """The hromada outline(s) of a boundaries file (``level`` == "hromada")."""
    return [f for f in (boundaries or {}).get("features", [])
            if (f.get("properties") or {}).get("level") == "hromada" and polygons.polygons_of(f.get("geometry"))]


def _settlements_group(m: folium.Map, *, lang: str, settlements: pd.DataFrame, value_label: str | None,
                       boundaries: dict | None, shade: bool) -> tuple[folium.FeatureGroup, LegendSection | None]:
    """Settlement layer: polygons from ``boundaries`` (matched by property ``code``) where
    given, circles sized by population for the rest (those with coordinates); shaded by rate
    when ``shade``, grey context otherwise."""
    group = folium.FeatureGroup(name=translate("map.layer_settlements", lang), show=True)
    df = settlements.reset_index(drop=True).copy()
    for col in ("lat", "lon"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    located = np.isfinite(df[["lat", "lon"]].to_numpy(dtype=float)).all(axis=1)
    outlines = settlement_features(boundaries)
    section = None
    if shade:
        rate = pd.to_numeric(df.get("rate", pd.Series(np.nan, index=df.index)), errors="coerce")
        classes = make_classes(rate, RATE_COLOURS, digits=1)
        colours = [classes.colours[k] if (k := classes.index(v)) is not None else NO_DATA_COLOUR
                   for v in rate.to_numpy(dtype=float)]
        section = LegendSection(
            translate("map.legend_rate_title", lang, value=value_label or ""),
            _legend_rows(classes, lang, digits=1, shape="square" if outlines else "circle",
                         has_missing=bool(rate.isna().any())),
            note=None if outlines else translate("map.legend_size_note", lang),
        )
    else:
        colours = [CONTEXT_COLOUR] * len(df)
    tips = [_settlement_tip(row, lang, value_label if shade else None) for _, row in df.iterrows()]
    drawn = np.zeros(len(df), dtype=bool)
    if outlines:
        by_code = {str(c): i for i, c in enumerate(df["code"].astype(str))}
        features = []
        for feature in outlines:
            i = by_code.get(str((feature.get("properties") or {}).get("code")))
            if i is None or drawn[i]:
                continue
            drawn[i] = True
            features.append({"type": "Feature", "id": str(i), "geometry": feature["geometry"],
                             "properties": {"tip": tips[i], "c": colours[i]}})
        if features:
            folium.GeoJson({"type": "FeatureCollection", "features": features},
                           style_function=_polygon_style if shade else _context_polygon_style,
                           highlight_function=_highlight, tooltip=_tooltip()).add_to(group)
    rest = np.flatnonzero(~drawn & located)
    if len(rest):
        radii = _radii(df["population"]) if "population" in df else np.full(len(df), 8.0)
        props = [{"tip": tips[i], "c": colours[i], "r": float(radii[i])} for i in rest]
        _circles_layer(_point_features(df["lat"].to_numpy()[rest], df["lon"].to_numpy()[rest], props),
                       name=translate("map.layer_settlements", lang)).add_to(group)
    group.add_to(m)
    return group, section


def _context_polygon_style(_feature: dict) -> dict:
    return {"fillColor": CONTEXT_COLOUR, "color": SETTLEMENT_LINE_COLOUR, "weight": 1.2, "fillOpacity": 0.45,
            "opacity": 0.9}


def _outline_style(_feature: dict) -> dict:
    return {"fill": False, "color": OUTLINE_COLOUR, "weight": 3, "opacity": 0.9}


def _settlement_line_style(_feature: dict) -> dict:
    return {"fill": False, "color": SETTLEMENT_LINE_COLOUR, "weight": 1.2, "opacity": 0.9, "dashArray": "4 3"}


def name_label_rows(settlements: pd.DataFrame, boundaries: dict | None, lang: str) -> list[tuple]:
    """(lat, lon, name, centred) for every settlement that has an outline (its label point) or
    coordinates (under its circle). ``settlements``: code, name, lat, lon; an outline whose
    settlement is not in the table is named from the file."""
    spots = {}
    for f in settlement_features(boundaries):
        props = f["properties"]
        spot = props.get("label")
        latlon = (spot[1], spot[0]) if spot else polygons.label_point(f["geometry"])
        if latlon:
            spots[str(props.get("code"))] = (latlon, props.get(f"name_{lang}") or props.get("name_uk") or "")
    rows = []
    for r in settlements.to_dict("records"):
        code = str(r.get("code"))
        name = r.get("name") if isinstance(r.get("name"), str) and r.get("name") else spots.get(code, (0, ""))[1]
        if code in spots:
            (lat, lon), _ = spots.pop(code)
            rows.append((lat, lon, name, True))
        else:
            lat, lon = pd.to_numeric(pd.Series([r.get("lat"), r.get("lon")]), errors="coerce")
            if math.isfinite(lat) and math.isfinite(lon):
                rows.append((lat, lon, name, False))
    rows += [(lat, lon, name, True) for (lat, lon), name in spots.values()]  # outlines not in the table
    return rows


def outline_group(m: folium.Map, *, lang: str, boundaries: dict | None, settlements: pd.DataFrame,
                  settlement_lines: bool = False) -> tuple[float, float, float, float] | None:
    """The hromada outline (and, with ``settlement_lines``, settlement outlines as dashed lines)
    plus settlement names, in one layer that clicks pass through. Returns the outline's
    (south, west, north, east), or None when ``boundaries`` has no hromada outline — then
    only the names of located settlements are written."""
    outline = hromada_features(boundaries)
    group = folium.FeatureGroup(name=translate("map.layer_outline" if outline else "map.layer_names", lang), show=True)
    if outline:
        folium.GeoJson({"type": "FeatureCollection", "features": outline}, style_function=_outline_style,
                       interactive=False, control=False).add_to(group)
    lines = settlement_features(boundaries) if settlement_lines else []
    if lines:
        folium.GeoJson({"type": "FeatureCollection", "features": lines}, style_function=_settlement_line_style,
                       interactive=False, control=False).add_to(group)
    rows = name_label_rows(settlements, boundaries, lang)
    if rows:
        NameLabels(rows).add_to(group)
    if outline or rows:
        group.add_to(m)
    return polygons.bounds(f["geometry"] for f in outline)


def _fit_box(m: folium.Map, box: tuple[float, float, float, float]) -> None:
    south, west, north, east = box
    _fit_bounds(m, [[south, west], [north, east]])


def credit_for(boundaries: dict | None) -> str | None:
    """The credit a map owes for the boundaries it draws (None when it draws none)."""
    return OSM_CREDIT if hromada_features(boundaries) or settlement_features(boundaries) else None


def _cells_group(m: folium.Map, *, lang: str, cells: pd.DataFrame, value_label: str) -> LegendSection:
    """One GeoJSON FeatureCollection of grid-cell rectangles shaded by count."""
    group = folium.FeatureGroup(name=translate("map.layer_cells", lang), show=True)
    count = pd.to_numeric(cells["count"], errors="coerce")
    shown = cells["display_count"].astype(str) if "display_count" in cells else None
    small = None if shown is None else shown.map(is_small_text)
    classes = make_classes(count, CELL_COLOURS, digits=0, small=small)
    small_arr = small.to_numpy() if small is not None else np.zeros(len(cells), dtype=bool)
    rows = cells["cell_row"].astype(int).to_numpy()
    cols = cells["cell_col"].astype(int).to_numpy()
    features = []
    for i, (r, c, n, is_small) in enumerate(zip(rows, cols, count.to_numpy(dtype=float), small_arr, strict=False)):
        s, w, north, e = (round(v, 6) for v in cell_bounds(int(r), int(c)))
        k = classes.index(n, small=bool(is_small))
        text = shown.iat[i] if shown is not None else fmt_int(n, lang)
        features.append({
            "type": "Feature", "id": str(i),
            "geometry": {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, north], [w, north], [w, s]]]},
            "properties": {"n": html.escape(text), "c": classes.colours[k] if k is not None else NO_DATA_COLOUR},
        })
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: {"fillColor": f["properties"]["c"], "color": CELL_LINE_COLOUR, "weight": 0.6,
                                  "fillOpacity": 0.7, "opacity": 0.6},
        highlight_function=_highlight,
        tooltip=_tooltip("n", translate("map.tooltip_cell_count", lang, value=value_label)),
    ).add_to(group)
    group.add_to(m)
    return LegendSection(
        translate("map.legend_cells_title", lang, value=value_label),
        _legend_rows(classes, lang, digits=0, shape="square", has_missing=bool(count.isna().any())),
    )


def _heat_group(m: folium.Map, *, lang: str, heat: pd.DataFrame) -> None:
    df = _finite(heat, ("lat", "lon", "weight"))
    weight = df["weight"].to_numpy(dtype=float)
    top = weight.max() if weight.size else 1.0
    data = np.column_stack([df["lat"].to_numpy(), df["lon"].to_numpy(), weight / (top or 1.0)]).round(6)
    group = folium.FeatureGroup(name=translate("map.layer_heat", lang), show=True)
    layer = HeatMap(data.tolist(), radius=22, blur=18, min_opacity=0.3, control=False)
    use_local_assets(layer).add_to(group)
    group.add_to(m)


_POINT_CALLBACK = f"""
function (row) {{
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
        {{radius: 6, color: "{WHITE}", weight: 1, fillColor: "{POINT_COLOUR}", fillOpacity: 0.9}});
    if (row[2]) {{ marker.bindTooltip(row[2]); }}
    return marker;
}}
"""


def _points_group(m: folium.Map, *, lang: str, points: pd.DataFrame) -> None:
    """Exact points (prosecutor only: the caller decides) as one FastMarkerCluster; labels are
    escaped because Leaflet puts a tooltip string in as HTML."""
    df = _finite(points, ("lat", "lon"))
    labels = df["label"].map(_text) if "label" in df else pd.Series("", index=df.index)
    data = [[round(float(a), 6), round(float(b), 6), t]
            for a, b, t in zip(df["lat"].to_numpy(), df["lon"].to_numpy(), labels, strict=False)]
    group = folium.FeatureGroup(name=translate("map.layer_points", lang), show=True)
    cluster = FastMarkerCluster(data, callback=_POINT_CALLBACK, control=False,
                                options={"maxClusterRadius": 50, "disableClusteringAtZoom": 17})
    use_local_assets(cluster).add_to(group)
    group.add_to(m)


def _finish(m: folium.Map, sections: list[LegendSection], credit: str | None = None) -> folium.Map:
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    MapChrome(sections, credit).add_to(m)
    return m


# --------------------------------------------------------------------------- public builders


def community_map(*, lang: str,
                  settlements: pd.DataFrame,
                  value_label: str,
                  cells: pd.DataFrame | None = None,
                  heat: pd.DataFrame | None = None,
                  points: pd.DataFrame | None = None,
                  boundaries: dict | None = None,
                  tiles: bool = False,
                  height: int = 560) -> folium.Map:
    """The hromada map: settlements shaded by rate per 10,000 (circles sized by population, or
    the polygons of ``boundaries`` matched on property ``code``), plus optional layers.

    ``settlements``: code, name, lat, lon, population, count, rate (per 10,000; NaN allowed),
    change_pct (a ratio, 0.25 = +25 %; NaN allowed), display_count (optional, e.g. "< 5").
    ``cells``: cell_row, cell_col, count, display_count (optional) — one rectangle per row.
    ``heat``: lat, lon, weight (cell centres). ``points``: lat, lon, label (prosecutor only).
    ``value_label`` says what ``count`` counts, already translated. ``boundaries`` (from
    ``assets/hromadas/<code>/boundaries.geojson``) adds the hromada outline, settlement outlines
    and the OpenStreetMap credit. Loads nothing from the internet unless ``tiles`` is True.
    """
    lang = normalise_lang(lang)
    m = _base_map(tiles=tiles, height=height)
    sections: list[LegendSection] = []
    if cells is not None and len(cells):
        sections.append(_cells_group(m, lang=lang, cells=cells, value_label=value_label))
    if heat is not None and len(heat):
        _heat_group(m, lang=lang, heat=heat)
    _, section = _settlements_group(m, lang=lang, settlements=settlements, value_label=value_label,
                                    boundaries=boundaries, shade=True)
    if section is not None:
        sections.insert(0, section)
    box = outline_group(m, lang=lang, boundaries=boundaries, settlements=settlements)
    if points is not None and len(points):
        _points_group(m, lang=lang, points=points)
    located = _finite(settlements, ("lat", "lon"))
    if box:
        _fit_box(m, box)
    else:
        _fit(m, [located["lat"].to_numpy()], [located["lon"].to_numpy()])
    return _finish(m, sections, credit_for(boundaries))


def activity_map(*, lang: str, activities: pd.DataFrame, settlements: pd.DataFrame,
                 boundaries: dict | None = None, tiles: bool = False, height: int = 560) -> folium.Map:
    """Partner activities (lat, lon, label, kind_label; public places) as circles coloured by
    kind, over the settlements (code, name, lat, lon, population) drawn as grey context, inside
    the hromada outline of ``boundaries`` when given."""
    lang = normalise_lang(lang)
    m = _base_map(tiles=tiles, height=height)
    _settlements_group(m, lang=lang, settlements=settlements, value_label=None, boundaries=boundaries, shade=False)
    box = outline_group(m, lang=lang, boundaries=boundaries, settlements=settlements)
    df = _finite(activities, ("lat", "lon")).reset_index(drop=True)
    kinds = list(dict.fromkeys(df["kind_label"].fillna("").astype(str))) if len(df) else []
    colour_of = {kind: KIND_COLOURS[i % len(KIND_COLOURS)] for i, kind in enumerate(kinds)}
    props = [
        {"tip": f"<b>{_text(row.get('label'))}</b><br>{translate('map.tooltip_kind', lang)}: "
                f"{_text(row.get('kind_label'))}",
         "c": colour_of[str(row.get("kind_label") or "")], "r": 8}
        for _, row in df.iterrows()
    ]
    group = folium.FeatureGroup(name=translate("map.layer_activities", lang), show=True)
    if props:
        _circles_layer(_point_features(df["lat"].to_numpy(), df["lon"].to_numpy(), props),
                       name=translate("map.layer_activities", lang)).add_to(group)
    group.add_to(m)
    located = _finite(settlements, ("lat", "lon"))
    if box:
        _fit_box(m, box)
    else:
        _fit(m, [located["lat"].to_numpy(), df["lat"].to_numpy()], [located["lon"].to_numpy(), df["lon"].to_numpy()])
    sections = []
    if kinds:
        sections.append(LegendSection(translate("map.legend_activities_title", lang),
                                      [(colour_of[k], k, "circle") for k in kinds]))
    return _finish(m, sections, credit_for(boundaries))
