"""Survey figures: trends with 95 % interval bands, dot-and-whisker comparisons and a settlement
map of a share. Pure builders (DataFrame in, figure out, no Streamlit): the meeting pack reuses them.

Every estimate arrives as columns ``value``, ``low``, ``high`` (shares and balances as
fractions, NaN where a group's effective (Kish) sample is under 30) and is drawn with its interval;
tables show the effective sample n_eff beside the respondents.
"""

from __future__ import annotations

import html
import math

import folium
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.survey_estimates import balance_from_sums, dont_know_share, share_from_sums
from display.charts import COLORS, SEQUENCE, base_layout
from display.formats import fmt_int, fmt_num, fmt_pct
from display.maps import NO_DATA_COLOUR, LegendSection, MapChrome, credit_for, outline_group, use_local_assets
from display.palette import BLACK, GRID, NEUTRAL, SURVEY_OUTLINE, SURVEY_SHARES, ZERO_LINE
from domain import polygons
from domain.i18n import normalise_lang, translate
from domain.visibility import display_count

BAND_ALPHA = 0.16
# Sequential blue (ColorBrewer Blues, 5 classes): a share, neither good nor bad by colour alone.
SHARE_COLOURS = SURVEY_SHARES
SHARE_EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _axis_format(measure: str) -> dict:
    if measure == "mean":
        return {"tickformat": ".1f"}
    return {"tickformat": "+.0%" if measure == "balance" else ".0%"}


def _value_range(measure: str, values: pd.Series) -> list[float] | None:
    if measure == "share":
        return [0, 1]
    if measure == "balance":
        return [-1, 1]
    finite = pd.to_numeric(values, errors="coerce").dropna()
    if finite.empty:
        return None
    return [max(0.0, float(finite.min()) - 0.3), float(finite.max()) + 0.3]


def _hover(measure: str) -> str:
    fmt = {"share": ".0%", "balance": "+.0%", "mean": ".2f"}[measure]
    return "%{customdata[0]}<br>%{y:" + fmt + "} (%{customdata[1]:" + fmt + "} – %{customdata[2]:" + fmt + "})<extra>%{fullData.name}</extra>"


def trend_chart(est: pd.DataFrame, lang: str, *, measure: str = "share", title: str | None = None,
                y_title: str | None = None, large: bool = False, height: int = 420) -> go.Figure:
    """Estimates across waves, one line per ``series`` with its 95 % interval as a filled band.

    ``est``: series (label, already translated), end_date, wave_label, value, low, high.
    A wave without an estimate (fewer than 30 respondents) leaves a gap, not a zero."""
    fig = go.Figure()
    for i, (name, part) in enumerate(est.groupby("series", sort=False)):
        part = part.sort_values("end_date")
        colour = SEQUENCE[i % len(SEQUENCE)]
        x = list(part["end_date"])
        fig.add_trace(go.Scatter(
            x=x + x[::-1], y=list(part["high"]) + list(part["low"])[::-1], fill="toself", mode="lines",
            fillcolor=_rgba(colour, BAND_ALPHA), line={"width": 0}, hoverinfo="skip",
            showlegend=False, legendgroup=str(name), name=f"{name} — 95 %",
        ))
        fig.add_trace(go.Scatter(
            x=x, y=part["value"], mode="lines+markers", name=str(name), legendgroup=str(name),
            line={"color": colour, "width": 3}, marker={"size": 9}, connectgaps=False,
            customdata=np.column_stack([part["wave_label"].astype(str), part["low"], part["high"]]),
            hovertemplate=_hover(measure),
        ))
    base_layout(fig, lang, title=title, height=height, large=large)
    fig.update_yaxes(title=y_title, range=_value_range(measure, est.get("high", pd.Series(dtype=float))),
                     **_axis_format(measure))
    fig.update_xaxes(title=translate("survey_page.axis_wave_end", lang), tickformat="%m.%Y")
    return fig


def dot_whisker_chart(est: pd.DataFrame, lang: str, *, measure: str = "share", title: str | None = None,
                      x_title: str | None = None, large: bool = False, height: int | None = None) -> go.Figure:
    """Horizontal dot-and-whisker: one row per ``label`` (top to bottom in the frame's order),
    a dot at ``value`` and a whisker from ``low`` to ``high``; optional ``series`` (e.g. two
    waves) drawn side by side in colour. Rows without an estimate show ``note`` (a translated
    reason) instead of a dot."""
    fig = go.Figure()
    est = est.reset_index(drop=True)
    series = est["series"] if "series" in est else pd.Series([""] * len(est))
    names = list(dict.fromkeys(series))
    palette = [COLORS["secondary"], COLORS["primary"]] if len(names) == 2 else SEQUENCE
    labels = list(dict.fromkeys(est["label"].astype(str)))
    row_y = {label: len(labels) - 1 - k for k, label in enumerate(labels)}  # first label on top
    step = 0.28 if len(names) > 1 else 0.0
    for i, name in enumerate(names):
        part = est[series.to_numpy() == name]
        ok = part[pd.to_numeric(part["value"], errors="coerce").notna()]
        colour = palette[i % len(palette)]
        fig.add_trace(go.Scatter(
            x=ok["value"], y=ok["label"].astype(str).map(row_y) + (i - (len(names) - 1) / 2) * -step,
            mode="markers", name=str(name) or None,
            showlegend=bool(name), marker={"size": 14, "color": colour, "line": {"color": "white", "width": 1}},
            error_x={"type": "data", "symmetric": False, "array": ok["high"] - ok["value"],
                     "arrayminus": ok["value"] - ok["low"], "thickness": 3, "width": 8, "color": colour},
            customdata=np.column_stack([ok["label"].astype(str), ok["low"], ok["high"]]) if len(ok) else None,
            hovertemplate=_hover(measure).replace("%{y:", "%{x:"),
        ))
    missing = est[pd.to_numeric(est["value"], errors="coerce").isna()]
    if len(missing):
        anchor = {"share": 0.0, "balance": -1.0}.get(measure, 0.0)
        if measure == "mean":
            finite = pd.to_numeric(est["low"], errors="coerce").dropna()
            anchor = float(finite.min()) if len(finite) else 0.0
        note = missing["note"].astype(str) if "note" in missing else [""] * len(missing)
        fig.add_trace(go.Scatter(
            x=[anchor] * len(missing), y=missing["label"].astype(str).map(row_y), mode="text", text=list(note),
            textposition="middle right", textfont={"color": NEUTRAL}, showlegend=False, hoverinfo="skip",
        ))
    if measure == "balance":
        fig.add_vline(x=0, line={"color": ZERO_LINE, "width": 1})
    rows = len(labels)
    per_row = 46 if len(names) < 2 else 60
    base_layout(fig, lang, title=title, height=height or max(220, 110 + per_row * rows), large=large)
    fig.update_xaxes(title=x_title, range=_value_range(measure, est["high"]), showgrid=True,
                     gridcolor=GRID, **_axis_format(measure))
    fig.update_yaxes(tickmode="array", tickvals=[row_y[label] for label in labels], ticktext=labels,
                     range=[-0.6, len(labels) - 0.4], rangemode="normal", automargin=True, showgrid=False)
    return fig


# --------------------------------------------------------------------------- map


def _share_colour(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return NO_DATA_COLOUR
    k = min(int(np.searchsorted(SHARE_EDGES[1:-1], value, side="right")), len(SHARE_COLOURS) - 1)
    return SHARE_COLOURS[k]


def settlement_share_map(places: pd.DataFrame, lang: str, *, value_label: str, height: int = 520,
                         boundaries: dict | None = None) -> folium.Map:
    """Settlements with sourced coordinates as circles shaded by a share (fixed 20-point
    classes, grey where no estimate is shown). Settlements without coordinates are not drawn
    (the page lists them). ``boundaries`` adds the hromada and settlement outlines and names
    (with the OpenStreetMap credit). Loads nothing from the internet.

    ``places``: code, name, lat, lon, value (0..1 or NaN), low, high, n_text (respondents as
    shown), note (translated reason when there is no estimate)."""
    lang = normalise_lang(lang)
    df = places.copy()
    for col in ("lat", "lon", "value", "low", "high"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    df = df[np.isfinite(df["lat"]) & np.isfinite(df["lon"])].reset_index(drop=True)
    box = polygons.bounds(f["geometry"] for f in (boundaries or {}).get("features", []))
    frame = df if box is None else pd.DataFrame({"lat": [box[0], box[2]], "lon": [box[1], box[3]]})
    m = folium.Map(location=_centre(frame), zoom_start=_zoom(frame, height), tiles=None, width="100%", height=height)
    m.options["max_zoom"] = 18
    m.options["min_zoom"] = 5
    use_local_assets(m)
    outline_group(m, lang=lang, boundaries=boundaries, settlements=df, settlement_lines=True)
    features = []
    for i, row in df.iterrows():
        value = row["value"]
        if math.isfinite(value):
            line = (f"{html.escape(value_label)}: {fmt_pct(value, lang)} "
                    f"({fmt_pct(row['low'], lang)} – {fmt_pct(row['high'], lang)})")
        else:
            line = html.escape(str(row.get("note") or ""))
        tip = (f"<b>{html.escape(str(row['name']))}</b><br>{line}<br>"
               f"{html.escape(translate('survey_page.col_respondents', lang))}: {html.escape(str(row.get('n_text', '')))}")
        features.append({
            "type": "Feature", "id": str(i),
            "geometry": {"type": "Point", "coordinates": [round(float(row["lon"]), 6), round(float(row["lat"]), 6)]},
            "properties": {"tip": tip, "c": _share_colour(value if math.isfinite(value) else None)},
        })
    group = folium.FeatureGroup(name=translate("map.layer_settlements", lang), show=True)
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            marker=folium.CircleMarker(radius=16),
            style_function=lambda f: {"radius": 16, "fill": True, "fillColor": f["properties"]["c"],
                                      "color": SURVEY_OUTLINE, "weight": 1.5, "fillOpacity": 0.9},
            highlight_function=lambda _f: {"weight": 3, "color": BLACK},
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        ).add_to(group)
    group.add_to(m)
    rows = [(c, f"{fmt_pct(SHARE_EDGES[i], lang)} – {fmt_pct(SHARE_EDGES[i + 1], lang)}", "circle")
            for i, c in enumerate(SHARE_COLOURS)]
    rows.append((NO_DATA_COLOUR, translate("survey_page.map_no_estimate", lang), "circle"))
    MapChrome([LegendSection(value_label, rows)], credit_for(boundaries)).add_to(m)
    return m


def _centre(df: pd.DataFrame) -> tuple[float, float]:
    if not len(df):
        return (50.55, 30.21)  # Bucha: a harmless default for an empty map
    return (float(df["lat"].min() + df["lat"].max()) / 2, float(df["lon"].min() + df["lon"].max()) / 2)


def _zoom(df: pd.DataFrame, height: int, width: int = 700) -> int:
    """The largest zoom at which every located settlement fits (with a margin): computed here
    rather than with fit_bounds, which runs before the map's iframe has its size."""
    if len(df) < 2:
        return 12
    lat_span = max(float(df["lat"].max() - df["lat"].min()), 0.01) * 1.6 / math.cos(math.radians(float(df["lat"].mean())))
    lon_span = max(float(df["lon"].max() - df["lon"].min()), 0.01) * 1.6
    zoom_lat = math.log2(height * 360 / (256 * lat_span))
    zoom_lon = math.log2(width * 360 / (256 * lon_span))
    return int(max(5, min(14, math.floor(min(zoom_lat, zoom_lon)))))


# --------------------------------------------------------------------------- tables (display text)


def count_text(n, lang: str, *, suppress: bool) -> str:
    """A respondent count as shown: "< 5" for 1–4 outside the prosecutor role."""
    return display_count(n, suppress=suppress, fmt=lambda v: fmt_int(v, lang))


def n_eff_text(n_eff, lang: str, *, shown: bool) -> str:
    """Kish's effective sample size as shown with an estimate (whole respondents); "< 30" where
    no estimate is shown (the exact small figure would say little and hint at the raw count)."""
    if not shown or n_eff is None or n_eff != n_eff:
        return translate("survey_page.n_eff_under", lang)
    return fmt_int(round(float(n_eff)), lang)


def points_text(diff: float | None, lang: str) -> str:
    """A change of a share in percentage points, signed: +5, −3 (whole points)."""
    if diff is None or diff != diff:
        return "—"
    pts = round(diff * 100)
    text = fmt_num(abs(pts), lang, 0)
    return ("+" if pts > 0 else "−" if pts < 0 else "±") + text


def in_order(frame: pd.DataFrame, column: str, order: list[str]) -> pd.DataFrame:
    """Rows sorted by the position of ``column``'s value in ``order`` (stable)."""
    pos = {k: i for i, k in enumerate(order)}
    return frame.assign(_pos=frame[column].map(pos)).sort_values("_pos", kind="stable").drop(columns="_pos")


def _interval_text(low, high, lang: str, *, signed: bool = False) -> str:
    if low is None or high is None or low != low or high != high:
        return "—"
    return f"{fmt_pct(low, lang, signed=signed)} – {fmt_pct(high, lang, signed=signed)}"


def institution_table(sums: pd.DataFrame, lang: str, *, labels, suppress: bool, order: list[str]) -> pd.DataFrame:
    """Trust per institution in one wave: trust %, distrust %, balance with its interval,
    don't-know share and respondents; a row under 30 respondents says why instead."""
    rows = []
    for r in in_order(sums, "question_code", order).to_dict("records"):
        n = int(r["n"])
        trust = share_from_sums(r["positive_w"], r["sum_w"], r["sum_w2"], n)
        distrust = share_from_sums(r["negative_w"], r["sum_w"], r["sum_w2"], n)
        balance = balance_from_sums(r["positive_w"], r["negative_w"], r["sum_w"], r["sum_w2"], n)
        shown = trust.share is not None
        n_eff = n_eff_text(trust.n_eff, lang, shown=shown)
        rows.append({
            translate("survey_page.col_institution", lang): labels(r["question_code"]),
            translate("survey_page.col_trust", lang): fmt_pct(trust.share, lang) if shown else "—",
            translate("survey_page.col_distrust", lang): fmt_pct(distrust.share, lang) if shown else "—",
            translate("survey_page.col_balance", lang): fmt_pct(balance.value, lang, signed=True) if shown else "—",
            translate("survey_page.col_balance_interval", lang): _interval_text(balance.low, balance.high, lang,
                                                                                 signed=True),
            translate("survey_page.col_dont_know", lang): fmt_pct(dont_know_share(r["dont_know_w"], r["sum_w"]), lang),
            translate("survey_page.col_respondents", lang): count_text(n, lang, suppress=suppress),
            translate("survey_page.col_n_eff", lang): n_eff,
            translate("survey_page.col_note", lang): "" if shown else translate("survey_page.too_few_short", lang),
        })
    return pd.DataFrame(rows)


def settlement_frame(settlements: pd.DataFrame, estimates: pd.DataFrame, lang: str, *,
                     settlement_codes: tuple[str, ...] = (), suppress: bool) -> pd.DataFrame:
    """Every settlement of the hromada (or the chosen ones) with its estimate for one question
    and wave. ``estimates``: estimate_frame rows with ``group`` = settlement code.

    Columns: code, name, lat, lon, value, low, high, dk_share, n, n_eff, n_text, n_eff_text, note
    (why there is no estimate, or that the settlement has no coordinates)."""
    lang = normalise_lang(lang)
    s = settlements if not settlement_codes else settlements[settlements["code"].isin(settlement_codes)]
    cols = ["group", "value", "low", "high", "dk_share", "n", "n_eff"]
    e = estimates[cols] if len(estimates) else pd.DataFrame(columns=cols)
    out = s[["code", f"name_{lang}", "lat", "lon"]].rename(columns={f"name_{lang}": "name"}).merge(
        e.rename(columns={"group": "code"}), on="code", how="left")
    out["n"] = pd.to_numeric(out["n"], errors="coerce").fillna(0).astype(int)
    for col in ("value", "low", "high", "dk_share", "lat", "lon", "n_eff"):
        out[col] = pd.to_numeric(out[col], errors="coerce")
    out["n_text"] = [count_text(n, lang, suppress=suppress) for n in out["n"]]
    out["n_eff_text"] = [n_eff_text(e, lang, shown=v == v) for e, v in zip(out["n_eff"], out["value"], strict=True)]
    notes = []
    for n, v, lat, lon in zip(out["n"], out["value"], out["lat"], out["lon"], strict=True):
        parts = []
        if n == 0:
            parts.append(translate("survey_page.no_respondents", lang))
        elif v != v:
            parts.append(translate("survey_page.too_few_short", lang))
        if lat != lat or lon != lon:
            parts.append(translate("survey_page.no_coordinates", lang))
        notes.append("; ".join(parts))
    out["note"] = notes
    return out


def settlement_table(places: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The settlement breakdown as display text (see :func:`settlement_frame`)."""
    return pd.DataFrame({
        translate("survey_page.col_settlement", lang): places["name"],
        translate("survey_page.col_estimate", lang): [fmt_pct(v, lang) for v in places["value"]],
        translate("survey_page.col_interval", lang): [_interval_text(lo, hi, lang)
                                                     for lo, hi in zip(places["low"], places["high"], strict=True)],
        translate("survey_page.col_dont_know", lang): [fmt_pct(v, lang) if v == v and h == h else "—"
                                                      for v, h in zip(places["dk_share"], places["value"], strict=True)],
        translate("survey_page.col_respondents", lang): places["n_text"],
        translate("survey_page.col_n_eff", lang): places["n_eff_text"],
        translate("survey_page.col_note", lang): places["note"],
    })


def group_frame(estimates: pd.DataFrame, group_labels: dict[str, str], not_stated: str, too_few: str) -> pd.DataFrame:
    """Estimates per demographic group for :func:`dot_whisker_chart`: label (from the code list,
    in its order; ``not_stated`` for a missing value), value, low, high, note."""
    order = list(group_labels)
    out = estimates.copy()
    out["label"] = [group_labels.get(g, str(g)) if g is not None and g == g else not_stated for g in out["group"]]
    out["note"] = too_few
    pos = {k: i for i, k in enumerate(order)}
    out["_pos"] = [pos.get(g, len(order)) if g is not None and g == g else len(order) + 1 for g in out["group"]]
    return out.sort_values("_pos", kind="stable").drop(columns="_pos")
