"""Plotly builders for the incident map and trends pages (DataFrame in, figure out, no
Streamlit), plus the small pure frame preparations they need, so the meeting pack draws the
same charts."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.series import complete_weeks
from display.charts import COLORS, FONT, add_band, base_layout
from display.formats import fmt_int
from display.palette import GRID, SEVERITY
from domain.geo import cell_center
from domain.i18n import translate
from domain.visibility import VISIBLE, flags_in_total, hide_small, remainder_small, shown_texts, suppression_flags

SEVERITY_COLOURS = SEVERITY


# --------------------------------------------------------------------------- frames


def weekly_series(df: pd.DataFrame, start: date, end: date, *, data_start: date | None,
                  suppress: bool) -> pd.DataFrame:
    """Every week from ``start`` to ``end`` (columns week, count): 0 where nothing happened,
    NaN (a gap, not a zero) before the first week with data, and NaN for 1–4 when
    ``suppress``."""
    weekly = df.groupby("week", as_index=False)["count"].sum() if len(df) else df[["week", "count"]]
    out = complete_weeks(weekly, start, end)
    out["count"] = out["count"].astype(float)
    if data_start is not None:
        first = data_start - timedelta(days=data_start.weekday())
        out.loc[out["week"] < first, "count"] = np.nan
    else:
        out["count"] = np.nan
    out["count"] = hide_small(out["count"], suppress=suppress)
    return out


def year_ago_series(df: pd.DataFrame, start: date, end: date, *, data_start: date | None,
                    suppress: bool) -> pd.DataFrame:
    """The same weeks 52 weeks earlier (``df`` holds those earlier weeks), with ``week`` moved
    forward by 52 weeks so it lies on this year's line."""
    shift = timedelta(weeks=52)
    out = weekly_series(df, start - shift, end - shift, data_start=data_start, suppress=suppress)
    out["week"] = out["week"] + shift
    return out


def composition(cross: pd.DataFrame, by: str, labels: dict[str, str], *, suppress: bool,
                lang: str, order: list[str] | None = None, whole: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts by ``by`` (category or severity) from the category × severity frame.

    ``whole`` (the same frame for the whole hromada, when ``cross`` is one settlement of it): a count
    is hidden too where the rest of the hromada would keep 1–4 of it (domain.visibility.remainder_small),
    since the hromada's own composition is published.

    Columns: key, label, count, shown (count or NaN when hidden), text ("< 5", "…" for a count
    hidden so that a small one cannot be recovered from the group total, or the formatted count),
    hidden. Sorted by count, largest first, hidden rows last (alphabetically), unless ``order``
    (keys) is given.
    """
    if cross.empty:
        return pd.DataFrame(columns=["key", "label", "count", "hidden", "shown", "text"])
    out = cross.groupby(by, as_index=False)["count"].sum().rename(columns={by: "key"})
    out["label"] = out["key"].map(lambda k: labels.get(k, k))
    out = out.reset_index(drop=True)
    also = None
    if suppress and whole is not None:
        totals = whole.groupby(by)["count"].sum()
        also = remainder_small(out["count"], out["key"].map(totals)).to_frame("count")
    flags = (suppression_flags(out, ["count"], also_hidden=also)["count"].to_numpy() if suppress
             else np.full(len(out), VISIBLE, dtype=object))
    out["hidden"] = flags != VISIBLE
    out["shown"] = out["count"].astype(float).where(~out["hidden"])
    out["text"] = shown_texts(out["count"], flags, lambda v: fmt_int(v, lang))
    if order:
        rank = {k: i for i, k in enumerate(order)}
        out = out.sort_values("key", key=lambda s: s.map(lambda k: rank.get(k, len(rank))))
    else:
        # Hidden rows last, alphabetically: their order must not rank the hidden counts.
        out = out.assign(_sort=out["shown"].fillna(-1)).sort_values(["hidden", "_sort", "label"],
                                                                     ascending=[True, False, True])
        out = out.drop(columns="_sort")
    return out.reset_index(drop=True)


def dow_hour_grid(df: pd.DataFrame, *, suppress: bool) -> tuple[np.ndarray, np.ndarray]:
    """A 7 × 24 matrix of counts (row 0 = Monday, column = hour) and a matching matrix of
    texts. When ``suppress``, cells of 1–4 — and complementary cells, since the grand total
    is public — are NaN with the text "< 5" / "…"."""
    z = np.zeros((7, 24))
    for dow, hour, count in df[["dow", "hour", "count"]].itertuples(index=False):
        z[int(dow) - 1, int(hour)] += count
    flags = flags_in_total(z, suppress=suppress)
    text = np.array(shown_texts(z.ravel(), flags.ravel(), str), dtype=object).reshape(z.shape)
    return np.where(flags != VISIBLE, np.nan, z), text


# --------------------------------------------------------------------------- figures


def trend_chart(weeks: pd.DataFrame, lang: str, *, title: str | None, value_label: str,
                last_year: pd.DataFrame | None = None, height: int = 420, large: bool = False,
                band: pd.DataFrame | None = None) -> go.Figure:
    """Weekly counts (week, count) as a solid line and the same weeks a year earlier as a
    dotted grey line; NaN weeks are gaps; with ``band``, the expected range and flagged weeks
    (display.charts.add_band)."""
    fig = go.Figure()
    add_band(fig, band, weeks, lang)
    if last_year is not None and last_year["count"].notna().any():
        fig.add_trace(go.Scatter(
            x=last_year["week"], y=last_year["count"], mode="lines", name=translate("chart.year_ago", lang),
            line={"color": COLORS["secondary"], "dash": "dot", "width": 2}, connectgaps=False,
            hovertemplate="%{x|%d.%m.%Y}: %{y}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        x=weeks["week"], y=weeks["count"], mode="lines", name=value_label,
        line={"color": COLORS["primary"], "width": 3}, connectgaps=False,
        hovertemplate="%{x|%d.%m.%Y}: %{y}<extra></extra>",
    ))
    base_layout(fig, lang, title=title, height=height, large=large)
    fig.update_xaxes(title=translate("chart.week_starting", lang))
    fig.update_yaxes(title=value_label)
    return fig


def category_panels_chart(panels: list[tuple[str, pd.DataFrame, pd.DataFrame]], lang: str, *,
                          title: str | None, panel_height: int = 170, large: bool = False) -> go.Figure:
    """Small multiples: one panel per category (label, this year's weeks, the same weeks a year
    earlier), sharing the time axis; each panel has its own count scale."""
    n = max(len(panels), 1)
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True, vertical_spacing=min(0.08, 0.3 / n),
                        subplot_titles=[label for label, _, _ in panels] or [""])
    for k, (_label, now, ago) in enumerate(panels, start=1):
        fig.add_trace(go.Scatter(
            x=ago["week"], y=ago["count"], mode="lines", name=translate("chart.year_ago", lang),
            line={"color": COLORS["secondary"], "dash": "dot", "width": 1.5}, showlegend=k == 1,
            legendgroup="ago", hovertemplate="%{x|%d.%m.%Y}: %{y}<extra></extra>",
        ), row=k, col=1)
        fig.add_trace(go.Scatter(
            x=now["week"], y=now["count"], mode="lines", name=translate("trends.this_year", lang),
            line={"color": COLORS["primary"], "width": 2.2}, showlegend=k == 1, legendgroup="now",
            hovertemplate="%{x|%d.%m.%Y}: %{y}<extra></extra>",
        ), row=k, col=1)
    base_layout(fig, lang, title=title, height=90 + panel_height * n, large=large)
    fig.update_annotations(font={"size": 18 if large else 15, "family": FONT}, xanchor="left", x=0)
    fig.update_yaxes(rangemode="tozero", gridcolor=GRID, nticks=4)
    return fig


def dow_hour_heatmap(df: pd.DataFrame, lang: str, *, title: str | None, value_label: str, suppress: bool,
                     height: int = 420, large: bool = False) -> go.Figure:
    """Day of week (Пн..Нд, top to bottom) × hour (0–23) heat map of counts; hidden cells are
    blank with "< 5" on hover."""
    z, text = dow_hour_grid(df, suppress=suppress)
    days = translate("trends.dow_short", lang).split(",")
    hours = [f"{h:02d}" for h in range(24)]
    fig = go.Figure(go.Heatmap(
        z=z, x=hours, y=days, text=text, colorscale="YlOrRd", xgap=2, ygap=2, hoverongaps=False,
        colorbar={"title": {"text": value_label}},
        hovertemplate="%{y}, %{x}:00 — %{text}<extra></extra>",
    ))
    base_layout(fig, lang, title=title, height=height, large=large)
    fig.update_yaxes(autorange="reversed", rangemode="normal", showgrid=False)
    fig.update_xaxes(title=translate("trends.hour_axis", lang), tickmode="array", tickvals=hours[::2],
                     type="category")
    return fig


def composition_chart(df: pd.DataFrame, lang: str, *, title: str | None, value_label: str,
                      colours: dict[str, str] | None = None, height: int | None = None,
                      large: bool = False) -> go.Figure:
    """Horizontal bars (composition frame: key, label, shown, text), largest at the top; a hidden
    count has no bar and reads "< 5" or "…"."""
    colour = [(colours or {}).get(k, COLORS["primary"]) for k in df["key"]]
    fig = go.Figure(go.Bar(
        x=df["shown"].fillna(0), y=df["label"], orientation="h", marker={"color": colour}, text=df["text"],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    base_layout(fig, lang, title=title, height=height or max(220, 70 + 34 * len(df)), large=large)
    fig.update_yaxes(autorange="reversed", rangemode="normal", gridcolor="rgba(0,0,0,0)")
    fig.update_xaxes(title=value_label, rangemode="tozero", gridcolor=GRID)
    fig.update_layout(showlegend=False, margin={"r": 40})
    return fig


def cell_heat(cells: pd.DataFrame) -> pd.DataFrame:
    """Heat-layer input from grid cells (cell_row, cell_col, count, optional weight — see
    analytics.rates.cells_for_role): columns lat, lon (the cell's centre) and weight (the
    ``weight`` column, else the count) — never a raw point."""
    if cells.empty:
        return pd.DataFrame(columns=["lat", "lon", "weight"])
    centres = [cell_center(int(r), int(c)) for r, c in zip(cells["cell_row"], cells["cell_col"], strict=True)]
    return pd.DataFrame({"lat": [a for a, _ in centres], "lon": [b for _, b in centres],
                         "weight": pd.to_numeric(cells.get("weight", cells["count"])).astype(float).to_numpy()})
