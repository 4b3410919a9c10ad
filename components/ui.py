"""Small Streamlit building blocks shared by pages: header, data caption, KPI tile, chart."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from analytics.periods import Period, change_ratio
from analytics.suppression import display_count
from components.charts import chart_config
from components.i18n import fmt_date, fmt_int, fmt_pct
from components.state import current_lang, t
from data_access.access import suppresses_small_counts


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
             value_text: str | None = None, help: str | None = None) -> None:
    """st.metric with Ukrainian formatting, the change against the previous period as delta,
    and the change against a year ago as a caption. Small counts are suppressed outside the
    prosecutor role, and so are changes computed from them."""
    lang = current_lang()
    suppress = is_count and suppresses_small_counts(filters.role)
    text = value_text or (display_count(value, suppress=suppress, fmt=lambda v: fmt_int(v, lang)) if is_count
                          else fmt_int(value, lang))
    hidden = suppress and any(display_count(v, suppress=True) == "< 5" for v in (value, base))
    delta = None
    if base is not None and not hidden:
        ratio = change_ratio(value, base)
        if ratio is not None:
            # st.metric reads the arrow's direction from a leading ASCII "-"
            delta = t("kpi.vs_previous", change=fmt_pct(ratio, lang, signed=True).replace("−", "-"))
    st.metric(label, text, delta=delta, delta_color="normal" if higher_is_better else "inverse",
              help=help, border=True)
    if year_ago is not None:
        hidden_y = suppress and display_count(year_ago, suppress=True) == "< 5"
        ratio = None if hidden or hidden_y else change_ratio(value, year_ago)
        st.caption(t("kpi.vs_year_ago", change=fmt_pct(ratio, lang, signed=True)) if ratio is not None
                   else t("kpi.vs_year_ago_na"))


def show_chart(fig: go.Figure, *, key: str | None = None) -> None:
    """A plotly figure in the page's language, full width."""
    st.plotly_chart(fig, config=chart_config(current_lang(), present=st.session_state.get("present", False)),
                    key=key, width="stretch")
