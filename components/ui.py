"""Small Streamlit building blocks shared by pages: header, data caption, KPI tile, chart."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from analytics.periods import Period
from components.state import current_lang, t
from display.charts import chart_config
from display.formats import fmt_date
from display.kpis import count_kpi
from domain.visibility import suppresses_small_counts


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
    """st.metric with Ukrainian formatting, the change against the previous period as delta,
    and the change against a year ago as a caption (numbers and texts from display.kpis.count_kpi,
    as in the meeting pack). Small counts are suppressed outside the prosecutor role, and so are
    changes computed from them. ``sensitive=False`` marks a count that identifies no one (public
    events such as partner activities, DESIGN.md: suppression protects people): never
    suppressed, for any role. ``is_count=False``: a value that is not a count of records
    (never suppressed)."""
    lang = current_lang()
    k = count_kpi(value, lang=lang, suppress=is_count and suppresses_small_counts(filters.role),
                  previous=base, year_ago=year_ago, sensitive=sensitive)
    # st.metric reads the arrow's direction from a leading ASCII "-"
    delta = t("kpi.vs_previous", change=k.change_display.replace("−", "-")) if k.change_display else None
    st.metric(label, value_text or k.display, delta=delta, delta_color="normal" if higher_is_better else "inverse",
              help=help, border=True)
    if year_ago is not None:
        st.caption(t("kpi.vs_year_ago", change=k.year_ago_display) if k.year_ago_display
                   else t("kpi.vs_year_ago_na"))


def show_chart(fig: go.Figure, *, key: str | None = None) -> None:
    """A plotly figure in the page's language, full width."""
    st.plotly_chart(fig, config=chart_config(current_lang(), present=st.session_state.get("present", False)),
                    key=key, width="stretch")
