"""Plotly figure builders: DataFrame in, figure out, no Streamlit (the meeting pack reuses them)."""

from __future__ import annotations

import html
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
from babel.dates import get_day_names, get_month_names

from display import palette
from domain.i18n import translate

COLORS = palette.CHART  # primary: this period; secondary: comparison; accent: flagged / worse; good: better
SEQUENCE = list(palette.SEQUENCE)
FONT = "Inter, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"


def plain(value) -> str:
    """Text from data (a partner's name, a title typed in a form) as plotly shows it: plotly reads
    <a>, <b>, <br> … in labels as markup, so "<" and ">" become entities it displays as such."""
    return html.escape(str(value), quote=False)


def base_layout(fig: go.Figure, lang: str, *, title: str | None = None, height: int = 380,
                large: bool = False) -> go.Figure:
    """House style: readable on a projector, decimal comma in Ukrainian, legend on top."""
    size = 20 if large else 14
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": size + 4}} if title else None,
        height=height,
        font={"family": FONT, "size": size, "color": palette.TEXT},
        separators=", " if lang == "uk" else ".,",
        margin={"l": 10, "r": 10, "t": 60 if title else 20, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        plot_bgcolor="white",
        paper_bgcolor="white",
        colorway=SEQUENCE,
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(showgrid=False, linecolor=palette.AXIS_LINE)
    fig.update_yaxes(gridcolor=palette.GRID, zeroline=False, rangemode="tozero")
    return fig


TV_TEXT_PX = 28  # the shared screen: readable from the back of the room at 1920×1080 (issue 21)


def tv_readable(fig: go.Figure, px: int = TV_TEXT_PX) -> go.Figure:
    """Every text of ``fig`` (title, ticks, legend, labels) at ``px`` pixels or more: the presentation mode."""
    fig.update_layout(font={"size": px}, title_font_size=px + 6, legend_font_size=px, hoverlabel_font_size=px)
    fig.update_xaxes(tickfont_size=px, title_font_size=px)
    fig.update_yaxes(tickfont_size=px, title_font_size=px)
    fig.update_annotations(font_size=px)
    fig.for_each_trace(lambda t: t.update(textfont_size=px) if hasattr(t, "textfont") else None)
    return fig


@lru_cache(maxsize=2)
def plotly_locale(lang: str) -> dict:
    """A plotly.js locale dictionary (month and day names) built from Babel's CLDR data."""
    loc = "uk_UA" if lang == "uk" else "en_GB"
    months = get_month_names("wide", context="stand-alone", locale=loc)
    months_short = get_month_names("abbreviated", context="stand-alone", locale=loc)
    days = get_day_names("wide", context="stand-alone", locale=loc)
    days_short = get_day_names("abbreviated", context="stand-alone", locale=loc)
    order = [6, 0, 1, 2, 3, 4, 5]  # plotly starts with Sunday; Babel with Monday = 0
    return {
        "moduleType": "locale",
        "name": lang,
        "dictionary": {},
        "format": {
            "days": [days[i] for i in order],
            "shortDays": [days_short[i] for i in order],
            "months": [months[i] for i in range(1, 13)],
            "shortMonths": [months_short[i].rstrip(".") for i in range(1, 13)],
            "date": "%d.%m.%Y" if lang == "uk" else "%d/%m/%Y",
            "decimal": "," if lang == "uk" else ".",
            "thousands": "\u202f" if lang == "uk" else ",",
        },
    }


def chart_config(lang: str, *, present: bool = False) -> dict:
    """``config`` for st.plotly_chart: locale, no logo, no modebar on a shared screen."""
    return {
        "locale": lang,
        "locales": {lang: plotly_locale(lang)},
        "displaylogo": False,
        "displayModeBar": False if present else "hover",
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def add_band(fig: go.Figure, band: pd.DataFrame | None, weeks: pd.DataFrame, lang: str, **where) -> None:
    """The expected range (analytics.series.trend_band: columns week, low, high, flag) as a shaded band
    behind the line, and the weeks the weekly review would flag as ▲ (orange) / ▼ (blue) markers on the
    line (``weeks``: week, count). ``where``: row/col of a subplot."""
    if band is None or band["low"].notna().sum() == 0:
        return
    fig.add_trace(go.Scatter(x=band["week"], y=band["low"], mode="lines", line={"width": 0}, hoverinfo="skip",
                             showlegend=False, connectgaps=False), **where)
    fig.add_trace(go.Scatter(
        x=band["week"], y=band["high"], mode="lines", line={"width": 0}, fill="tonexty", fillcolor=COLORS["band"],
        name=translate("chart.expected_range", lang), connectgaps=False, customdata=band["low"],
        hovertemplate="%{x|%d.%m.%Y}: %{customdata:.1f}–%{y:.1f}<extra></extra>"), **where)
    counts = weeks.set_index("week")["count"]
    for direction, symbol, colour, key in ((1, "triangle-up", COLORS["accent"], "review.flag_up"),
                                           (-1, "triangle-down", COLORS["good"], "review.flag_down")):
        marked = band[band["flag"] == direction]
        if len(marked):
            fig.add_trace(go.Scatter(
                x=marked["week"], y=[counts.get(w) for w in marked["week"]], mode="markers",
                name=translate(key, lang), marker={"symbol": symbol, "size": 14, "color": colour},
                hovertemplate="%{x|%d.%m.%Y}: %{y}<extra></extra>"), **where)


def weekly_trend_chart(weeks: pd.DataFrame, lang: str, *, title: str | None = None,
                       value_label: str, last_year: pd.DataFrame | None = None,
                       large: bool = False, band: pd.DataFrame | None = None) -> go.Figure:
    """Weekly counts (columns week, count) as a line, with the same weeks a year earlier
    (columns week = this year's Monday, count) as a dotted grey line and, when given, the expected
    range and flagged weeks (:func:`add_band`)."""
    fig = go.Figure()
    add_band(fig, band, weeks, lang)
    if last_year is not None and not last_year.empty:
        fig.add_trace(go.Scatter(
            x=last_year["week"], y=last_year["count"], mode="lines",
            name=translate("chart.year_ago", lang), line={"color": COLORS["secondary"], "dash": "dot", "width": 2},
            hovertemplate="%{x|%d.%m.%Y}: %{y}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        x=weeks["week"], y=weeks["count"], mode="lines+markers", name=value_label,
        line={"color": COLORS["primary"], "width": 3}, marker={"size": 5},
        hovertemplate="%{x|%d.%m.%Y}: %{y}<extra></extra>",
    ))
    base_layout(fig, lang, title=title, large=large)
    fig.update_xaxes(title=translate("chart.week_starting", lang))
    fig.update_yaxes(title=value_label)
    return fig
