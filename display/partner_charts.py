"""Plotly figures for partners, priorities and "did it help?": DataFrame in, figure out, no Streamlit."""

from __future__ import annotations

import textwrap
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from display.charts import COLORS, SEQUENCE, base_layout, plain
from display.palette import AXIS_LINE, GRID, PLOT_BACKGROUND
from domain.i18n import translate


def monthly_activity_chart(monthly: pd.DataFrame, lang: str, *, title: str | None = None,
                           large: bool = False) -> go.Figure:
    """Activities per month stacked by kind (columns month: first day, kind_label, activities)."""
    fig = go.Figure()
    for n, (label, part) in enumerate(monthly.groupby("kind_label", sort=False)):
        fig.add_trace(go.Bar(x=part["month"], y=part["activities"], name=plain(label),
                             marker_color=SEQUENCE[n % len(SEQUENCE)],
                             hovertemplate="%{x|%m.%Y}: %{y}<extra>" + plain(label) + "</extra>"))
    base_layout(fig, lang, title=title, height=420, large=large)
    fig.update_layout(barmode="stack", legend={"orientation": "v", "x": 1.01, "y": 1, "yanchor": "top",
                                               "xanchor": "left", "font": {"size": 12}})
    fig.update_xaxes(title=translate("partners_page.month", lang), dtick="M1", tickformat="%m.%Y")
    fig.update_yaxes(title=translate("partners_page.activities", lang))
    return fig


def partner_bar_chart(counts: pd.DataFrame, lang: str, *, title: str | None = None,
                      large: bool = False) -> go.Figure:
    """Horizontal bars: activities per partner (columns name, activities, kind_label), most on top."""
    df = counts.sort_values("activities", ascending=True)
    fig = go.Figure(go.Bar(
        x=df["activities"], y=[plain(n) for n in df["name"]], orientation="h", marker_color=COLORS["primary"],
        customdata=[[plain(k)] for k in df["kind_label"]],
        hovertemplate="%{y} (%{customdata[0]}): %{x}<extra></extra>",
    ))
    base_layout(fig, lang, title=title, height=max(320, 28 * len(df) + 90), large=large)
    fig.update_xaxes(title=translate("partners_page.activities", lang), showgrid=True, gridcolor=GRID)
    fig.update_yaxes(title=None, automargin=True)
    return fig


def partner_matrix_chart(pairs: pd.DataFrame, partners: pd.DataFrame, lang: str, *,
                         title: str | None = None, large: bool = False) -> go.Figure:
    """Who works with whom: a symmetric partner × partner heatmap of joint activities.

    ``pairs``: partner_a, partner_b, joint. ``partners``: partner_id, name (the order of the
    axes; only these partners are drawn)."""
    ids = [int(x) for x in partners["partner_id"]]
    full = [plain(x) for x in partners["name"]]
    # rows "1 · name", columns "1": long names stay readable on a projector
    names = [f"{k} · {name}" for k, name in enumerate(full, start=1)]
    numbers = [str(k) for k in range(1, len(full) + 1)]
    pos = {pid: k for k, pid in enumerate(ids)}
    z = np.zeros((len(ids), len(ids)))
    for a, b, n in pairs[["partner_a", "partner_b", "joint"]].itertuples(index=False):
        if int(a) in pos and int(b) in pos:
            z[pos[int(a)], pos[int(b)]] = z[pos[int(b)], pos[int(a)]] = n
    shown = np.where(z > 0, z, np.nan)
    fig = go.Figure(go.Heatmap(
        z=shown, x=numbers, y=names, colorscale="Blues", hoverongaps=False, xgap=1, ygap=1,
        customdata=[[full[j] for j in range(len(full))] for _ in full],
        colorbar={"title": {"text": translate("partners_page.joint", lang)}},
        hovertemplate="%{y} + %{customdata}: %{z}<extra></extra>",
        text=np.where(z > 0, z.astype(int).astype(str), ""), texttemplate="%{text}",
    ))
    base_layout(fig, lang, title=title, height=max(420, 28 * len(ids) + 120), large=large)
    fig.update_xaxes(tickangle=0, automargin=True, showgrid=False, side="top", type="category")
    fig.update_yaxes(autorange="reversed", automargin=True, showgrid=False, rangemode="normal", type="category")
    fig.update_layout(plot_bgcolor=PLOT_BACKGROUND)
    return fig


def did_chart(table: pd.DataFrame, lang: str, *, title: str | None = None, large: bool = False) -> go.Figure:
    """Incidents near the activity and in the rest of the hromada per 7-day period, each indexed
    to its own mean before the activity (= 100). ``table``: period_week, week_start, area, rest,
    area_index, rest_index. A vertical line marks the activity date."""
    fig = go.Figure()
    x = table["period_week"]
    fig.add_trace(go.Scatter(
        x=x, y=table["rest_index"], mode="lines", name=translate("prio.did_rest", lang),
        line={"color": COLORS["secondary"], "width": 3, "dash": "dot"},
        customdata=table[["rest"]].to_numpy(), hovertemplate="%{x}: %{y:.0f} (%{customdata[0]})<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=x, y=table["area_index"], mode="lines+markers", name=translate("prio.did_area", lang),
        line={"color": COLORS["primary"], "width": 3}, marker={"size": 6},
        customdata=table[["area"]].to_numpy(), hovertemplate="%{x}: %{y:.0f} (%{customdata[0]})<extra></extra>",
    ))
    fig.add_vline(x=-0.5, line={"color": COLORS["accent"], "width": 2, "dash": "dash"})
    fig.add_annotation(x=-0.5, y=1, yref="paper", text=translate("prio.did_activity_line", lang), showarrow=False,
                       xanchor="left", yanchor="bottom", font={"color": COLORS["accent"]})
    fig.add_hline(y=100, line={"color": AXIS_LINE, "width": 1})
    before = table["period_week"] < 0
    for mask, x0, x1 in ((before, x.min() - 0.5, -0.5), (~before, -0.5, x.max() + 0.5)):
        mean = table.loc[mask, "area_index"].mean()
        if mean == mean:
            fig.add_shape(type="line", x0=x0, x1=x1, y0=mean, y1=mean,
                          line={"color": COLORS["primary"], "width": 4}, opacity=0.45)
    fig.add_annotation(x=x.max(), y=1, yref="paper", text=translate("prio.did_mean_note", lang), showarrow=False,
                       xanchor="right", yanchor="bottom", font={"color": COLORS["primary"], "size": 12})
    base_layout(fig, lang, title=title, height=400, large=large)
    fig.update_xaxes(title=translate("prio.did_x", lang), zeroline=False)
    fig.update_yaxes(title=translate("prio.did_y", lang))
    return fig


def indicator_trend_chart(series: pd.DataFrame, lang: str, *, baseline: float | None, target: float | None,
                          start: date, end: date, is_share: bool, title: str | None = None,
                          height: int = 230) -> go.Figure:
    """A small trend of one indicator: ``series`` (x: date, value; NaN = not shown) as a line,
    with the linear path from baseline (at ``start``) to target (at ``end``) dotted."""
    fig = go.Figure()
    if baseline is not None and target is not None and baseline == baseline and target == target:
        fig.add_trace(go.Scatter(
            x=[start, end], y=[baseline, target], mode="lines", name=translate("prio.path", lang),
            line={"color": COLORS["good"], "dash": "dot", "width": 2},
            hovertemplate="%{x|%d.%m.%Y}: %{y:" + (".0%" if is_share else ".0f") + "}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        x=series["x"], y=series["value"], mode="lines+markers" if is_share else "lines",
        name=translate("prio.actual", lang), line={"color": COLORS["primary"], "width": 3},
        hovertemplate="%{x|%d.%m.%Y}: %{y:" + (".0%" if is_share else ".0f") + "}<extra></extra>",
    ))
    if title:
        title = "<br>".join(plain(line) for line in textwrap.wrap(title, 42)[:2])
    base_layout(fig, lang, title=title, height=height)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60 if title else 20, "b": 10}, showlegend=False,
                      font={"size": 12}, title={"font": {"size": 14}})
    if is_share:
        fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return fig
