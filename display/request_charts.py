"""Plotly builders for the resident requests page.

DataFrame in, figure out, no Streamlit: the meeting pack reuses them. Every label
arrives translated or is translated here through display.formats; counts that must be
suppressed (1–4 outside the prosecutor role) arrive as NaN/None and are drawn as gaps or as a
"< 5" label, never as a number.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from display.charts import COLORS, base_layout
from display.formats import fmt_int, fmt_pct
from display.palette import AXIS_LINE, GRID, NEUTRAL
from domain.i18n import translate
from domain.visibility import SMALL_TEXT, hide_small, is_hidden_text, small_mask


def _t(key: str, lang: str, **params) -> str:
    return translate(f"requests.{key}", lang, **params)


def _mark_period(fig: go.Figure, start: date | None, end: date | None, lang: str, *, row=None, col=None) -> None:
    if start is None or end is None:
        return
    fig.add_vrect(x0=pd.Timestamp(start) - pd.Timedelta(days=3.5), x1=pd.Timestamp(end) - pd.Timedelta(days=3),
                  fillcolor=COLORS["band"], opacity=0.5, line_width=0, layer="below", row=row, col=col,
                  annotation_text=_t("chart_period", lang), annotation_position="top left")


def flow_chart(weeks: pd.DataFrame, lang: str, *, title: str | None = None, period: tuple[date, date] | None = None,
               suppress: bool = False, large: bool = False) -> go.Figure:
    """Requests received and answers given per week (columns week, received, answered)."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=weeks["week"], y=hide_small(weeks["received"], suppress=suppress),
                         name=_t("chart_received", lang), marker_color=COLORS["primary"],
                         hovertemplate="%{x|%d.%m.%Y}: %{y}<extra>" + _t("chart_received", lang) + "</extra>"))
    fig.add_trace(go.Scatter(x=weeks["week"], y=hide_small(weeks["answered"], suppress=suppress), mode="lines+markers",
                             name=_t("chart_answered", lang), line={"color": COLORS["answered"], "width": 3},
                             hovertemplate="%{x|%d.%m.%Y}: %{y}<extra>" + _t("chart_answered", lang) + "</extra>"))
    base_layout(fig, lang, title=title, large=large)
    _mark_period(fig, *(period or (None, None)), lang)
    fig.update_xaxes(title=translate("chart.week_starting", lang))
    fig.update_yaxes(title=_t("chart_requests_axis", lang))
    return fig


def backlog_chart(backlog: pd.DataFrame, lang: str, *, title: str | None = None,
                  period: tuple[date, date] | None = None, suppress: bool = False, large: bool = False) -> go.Figure:
    """Requests open at the end of each week (columns week, as_of, open)."""
    fig = go.Figure(go.Scatter(
        x=backlog["week"], y=hide_small(backlog["open"], suppress=suppress), mode="lines+markers",
        name=_t("chart_open", lang), line={"color": COLORS["primary"], "width": 3}, fill="tozeroy",
        fillcolor=COLORS["band_light"], customdata=backlog["as_of"],
        hovertemplate="%{customdata|%d.%m.%Y}: %{y}<extra></extra>",
    ))
    base_layout(fig, lang, title=title, large=large)
    _mark_period(fig, *(period or (None, None)), lang)
    fig.update_layout(showlegend=False)
    fig.update_xaxes(title=translate("chart.week_starting", lang))
    fig.update_yaxes(title=_t("chart_open_axis", lang))
    return fig


def topic_chart(trend: pd.DataFrame, lang: str, *, title: str | None = None, large: bool = False) -> go.Figure:
    """Topics ranked by requests in the last 13 weeks (bars) against the 13 weeks before (grey),
    significant rises in red with a "▲" label. Columns: label, current, previous, rising,
    falling, and optionally current_display / previous_display (counts as they may be shown,
    e.g. "< 5" or "…"; such bars are drawn empty with that text)."""
    df = trend.iloc[::-1]  # largest on top
    shown = {}
    for col in ("current", "previous"):
        display = df[f"{col}_display"] if f"{col}_display" in df else df[col].map(lambda v: fmt_int(v, lang))
        visible = ~display.map(is_hidden_text)
        shown[col] = (df[col].where(visible, 0), display)
    colours = [COLORS["accent"] if r else COLORS["primary"] for r in df["rising"]]
    texts = [text + ("  ▲ " + _t("chart_rising", lang) if rising else "  ▼" if falling else "")
             for text, rising, falling in zip(shown["current"][1], df["rising"], df["falling"], strict=True)]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=df["label"], x=shown["previous"][0], orientation="h", name=_t("chart_previous_13", lang),
                         marker_color=COLORS["previous"], customdata=shown["previous"][1],
                         hovertemplate="%{y}: %{customdata}<extra></extra>"))
    fig.add_trace(go.Bar(y=df["label"], x=shown["current"][0], orientation="h", name=_t("chart_last_13", lang),
                         marker_color=colours, text=texts, textposition="outside", cliponaxis=False,
                         customdata=shown["current"][1], hovertemplate="%{y}: %{customdata}<extra></extra>"))
    base_layout(fig, lang, title=title, height=max(360, 34 * len(df) + 110), large=large)
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    top = float(max(shown["current"][0].max(), shown["previous"][0].max())) if len(df) else 0.0
    fig.update_xaxes(title=_t("chart_requests_axis", lang), range=[0, (top or 4) * 1.3])
    fig.update_yaxes(title=None, automargin=True)
    return fig


def share_bar_chart(counts: pd.DataFrame, lang: str, *, title: str | None = None, large: bool = False,
                    colour: str | None = None) -> go.Figure:
    """Horizontal bars of counts with their share of the total (columns label, count, and
    optionally display: the count as it may be shown, e.g. "< 5" or "…" from
    domain.visibility.suppress_table; such bars are drawn empty with that text)."""
    df = counts.sort_values("count").reset_index(drop=True)
    total = df["count"].sum()
    display = df["display"] if "display" in df else df["count"].map(lambda v: fmt_int(v, lang))
    visible = ~display.map(is_hidden_text)
    texts = [f"{shown} ({fmt_pct(raw / total, lang)})" if ok and total else shown
             for shown, ok, raw in zip(display, visible, df["count"], strict=True)]
    x = df["count"].where(visible, 0)
    fig = go.Figure(go.Bar(y=df["label"], x=x, orientation="h", text=texts, textposition="outside",
                           cliponaxis=False, marker_color=colour or COLORS["primary"],
                           hovertemplate="%{y}: %{text}<extra></extra>"))
    base_layout(fig, lang, title=title, height=max(260, 40 * len(df) + 100), large=large)
    top = float(x.max()) if len(x) and x.max() > 0 else 5.0
    fig.update_xaxes(title=_t("chart_requests_axis", lang), range=[0, top * 1.35])
    fig.update_yaxes(title=None, automargin=True)
    fig.update_layout(showlegend=False)
    return fig


def linked_chart(months: pd.DataFrame, lang: str, *, topic_label: str, category_label: str,
                 title: str | None = None, suppress: bool = False, large: bool = False) -> go.Figure:
    """Requests on a topic (top) and incidents of the matching category (bottom) per month
    (columns month, requests, incidents), on a shared time axis with separate scales."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=(_t("linked_requests", lang, topic=topic_label),
                                        _t("linked_incidents", lang, category=category_label)))
    fig.add_trace(go.Bar(x=months["month"], y=hide_small(months["requests"], suppress=suppress),
                         name=_t("chart_requests_axis", lang), marker_color=COLORS["primary"],
                         hovertemplate="%{x|%m.%Y}: %{y}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(x=months["month"], y=hide_small(months["incidents"], suppress=suppress),
                         name=_t("chart_incidents_axis", lang), marker_color=COLORS["incidents"],
                         hovertemplate="%{x|%m.%Y}: %{y}<extra></extra>"), row=2, col=1)
    for row, col in ((1, "requests"), (2, "incidents")):
        hidden = months[small_mask(months[col]).to_numpy()] if suppress else months.iloc[0:0]
        if len(hidden):
            fig.add_trace(go.Scatter(x=hidden["month"], y=[0] * len(hidden), mode="text", text=[SMALL_TEXT] * len(hidden),
                                     textposition="top center", textfont={"color": NEUTRAL}, hoverinfo="skip",
                                     showlegend=False), row=row, col=1)
    base_layout(fig, lang, title=title, height=520, large=large)
    fig.update_layout(showlegend=False)
    fig.update_xaxes(dtick="M1", tickformat="%b %Y", showgrid=False, linecolor=AXIS_LINE)
    fig.update_yaxes(gridcolor=GRID, rangemode="tozero")
    fig.update_yaxes(title=_t("chart_requests_axis", lang), row=1, col=1)
    fig.update_yaxes(title=_t("chart_incidents_axis", lang), row=2, col=1)
    for annotation in fig.layout.annotations:
        annotation.update(x=0, xanchor="left", font={"size": 16})
    return fig
