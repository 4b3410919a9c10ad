"""Small Streamlit building blocks shared by pages: header, data caption, KPI tiles, chart."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import streamlit as st

from analytics.periods import Period
from components.a11y import describe
from components.state import current_lang, current_role, t
from display.charts import chart_config
from display.formats import fmt_date
from display.kpis import (
    DASHBOARD,
    NOTES,
    PREVIOUS,
    YEAR_AGO,
    Comparison,
    KpiFigure,
    KpiSpec,
    count_kpi,
    tile_texts,
)
from display.palette import st_direction_colour
from display.static_chart import static_chart
from display.summaries import figure_summary
from domain.visibility import suppresses_small_counts


def md_text(text) -> str:
    """Text from data (a title typed in a form, a settlement's name) as literal text inside markdown:
    every markdown and HTML character escaped, so ``**x**`` or ``[a](http://…)`` stays as typed."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|>~<])", r"\\\1", str(text))


def period_text(period: Period, lang: str | None = None) -> str:
    """01.11.2026 – 23.11.2026"""
    lang = lang or current_lang()
    return f"{fmt_date(period.start, lang, 'short')} – {fmt_date(period.end, lang, 'short')}"


def page_header(title_key: str, *, filters) -> None:
    """Page title and one line saying which data the page shows."""
    st.title(t(title_key))
    place = filters.hromada_name
    if filters.settlement_codes:
        place += " · " + t("filters.n_settlements", n=len(filters.settlement_codes))
    st.caption(t("shell.showing", place=place, period=period_text(filters.period)))


def kpi_tile(label: str, value: int | float | None, *, filters, base: float | None = None,
             year_ago: float | None = None, higher_is_better: bool = False, is_count: bool = True,
             sensitive: bool = True, value_text: str | None = None, help: str | None = None) -> None:
    """A count tile that is not one of the registry's KPIs (display.kpis.KPIS: use :func:`show_kpi`),
    with the same numbers and texts: st.metric with Ukrainian formatting, the change against the
    previous period as delta, and the change against a year ago as a caption (display.kpis.count_kpi,
    as in the meeting pack). Small counts are suppressed outside the prosecutor role, and so are
    changes computed from them. ``sensitive=False`` marks a count that identifies no one (public
    events such as partner activities, DESIGN.md: suppression protects people): never
    suppressed, for any role. ``is_count=False``: a value that is not a count of records
    (never suppressed)."""
    fig = count_kpi(value, lang=current_lang(), suppress=is_count and suppresses_small_counts(filters.role),
                    previous=base, year_ago=year_ago, sensitive=sensitive)
    _tile(label, value_text or fig.display, fig, comparisons=(PREVIOUS, YEAR_AGO) if year_ago is not None else (PREVIOUS,),
          higher_is_better=higher_is_better, help=help)


def show_kpi(spec: KpiSpec, fig: KpiFigure) -> None:
    """A KPI of the registry as a dashboard tile: its label and help, the value, the delta of its
    first comparison and, as captions, its other comparisons and its note (display.kpis)."""
    _tile(t(spec.label), fig.display, fig, comparisons=spec.comparisons, higher_is_better=spec.higher_is_better,
          help=t(spec.help) if spec.help else None)


def _tile(label: str, value: str, fig: KpiFigure, *, comparisons: tuple[Comparison, ...], higher_is_better: bool,
          help: str | None) -> None:
    note = NOTES[fig.note].dashboard if fig.note else None
    change = fig.change_display.replace("−", "-")  # st.metric reads the arrow's direction from an ASCII "-"
    delta, captions = tile_texts(comparisons, change=change, year_ago=fig.year_ago_display,
                                 note=t(note, **fig.note_params) if note else "", lang=current_lang(), surface=DASHBOARD)
    st.metric(label, value, delta=delta or None, delta_color=delta_colour(delta or "", higher_is_better=higher_is_better),
              help=help, border=True)
    for caption in captions:
        st.caption(caption)


def delta_colour(change: str, *, higher_is_better: bool) -> str:
    """st.metric's delta colour for a change written as text ("-8%", "+10%", "0%"): blue when
    better, orange when worse (display.palette: no red against green)."""
    digits = change.lstrip("+-−")
    sign = 0 if not change or not digits[:1].isdigit() or not digits.strip("0,.% ")[:1].isdigit() \
        else -1 if change.startswith(("-", "−")) else 1
    return st_direction_colour(sign, higher_is_better=higher_is_better)


def show_chart(fig: go.Figure, *, key: str | None = None, summary: str | None = None,
               first_screen: bool = False) -> None:
    """A plotly figure in the page's language, full width, with its text summary under it as its
    accessible name: ``summary`` (display.summaries) or, without one, display.summaries.figure_summary
    from the figure's own data (small values left out wherever the role has them hidden).
    ``first_screen``: the page's headline chart, drawn as HTML and SVG (display.static_chart: the
    browser loads no plotly.js for it) unless the figure holds what that renderer does not draw."""
    present = st.session_state.get("present", False)
    lang = current_lang()
    if summary is None:
        summary = figure_summary(fig, lang, suppress=present or suppresses_small_counts(current_role()))
    light = static_chart(fig, lang) if first_screen else None
    if light is not None:
        st.html(light)
    else:
        st.plotly_chart(fig, config=chart_config(lang, present=present), key=key, width="stretch")
    if summary:
        describe(summary)
