"""KPI tiles for a share (answered on time, forwarded) or a number of days (answer times), with
their change in points or days, and the change of a public figure (activities, participants) for
st.metric; count tiles are components.ui.kpi_tile."""

from __future__ import annotations

import streamlit as st

from analytics.periods import change_ratio
from analytics.requests_sla import share
from components.state import t
from display.formats import fmt_num, fmt_pct
from display.palette import st_direction_colour
from domain.visibility import median_hidden, share_hidden


def metric_tile(label: str, text: str, *, delta: float | None, delta_text: str | None, higher_is_better: bool,
                help: str | None = None, caption: str | None = None) -> None:
    """A tile for a share or a number of days, with its change in points or days."""
    # Direction and colour are given explicitly: Streamlit reads a delta text as negative only when
    # it starts with an ASCII "-", and our formatters write the typographic minus "−".
    arrow = "off" if delta is None or delta == 0 else ("up" if delta > 0 else "down")
    colour = st_direction_colour(delta, higher_is_better=higher_is_better)  # blue better, orange worse
    st.metric(label, text, delta=delta_text, delta_arrow=arrow, delta_color=colour, help=help, border=True)
    if caption:
        st.caption(caption)


def share_tile(label_key: str, part: int, whole: int, part_prev: int, whole_prev: int, help_key: str, *,
               lang: str, suppress: bool) -> None:
    """``part`` of ``whole`` as a percentage, with its change in points against the previous period;
    "—" where the share would give away a count of 1–4 (domain.visibility.share_hidden)."""
    value, base = share(part, whole), share(part_prev, whole_prev)
    if share_hidden(part, whole, suppress=suppress):
        metric_tile(t(label_key), "—", delta=None, delta_text=None, higher_is_better=True, help=t(help_key),
                    caption=t("requests.too_few_for_share"))
        return
    hidden_before = share_hidden(part_prev, whole_prev, suppress=suppress)
    delta = None if value is None or base is None or hidden_before else value - base
    delta_text = (t("requests.delta_points", change=fmt_num(delta * 100, lang, 0) if delta <= 0
                    else "+" + fmt_num(delta * 100, lang, 0)) if delta is not None else None)
    metric_tile(t(label_key), fmt_pct(value, lang), delta=delta, delta_text=delta_text, higher_is_better=True,
                help=t(help_key))


def days_tile(label_key: str, value: float | None, base: float | None, help_key: str, *, lang: str,
              n: int, n_before: int, suppress: bool, caption: str | None = None) -> None:
    """A median or percentile number of days (fewer is better) over ``n`` answers, with its change
    in days; "—" without answers, and where fewer than 5 answers stand behind it
    (domain.visibility.median_hidden)."""
    if value is None or median_hidden(n, suppress=suppress):
        metric_tile(t(label_key), "—", delta=None, delta_text=None, higher_is_better=False, help=t(help_key),
                    caption=t("requests.no_answers") if value is None else t("requests.too_few_for_median"))
        return
    delta = None if base is None or median_hidden(n_before, suppress=suppress) else value - base
    delta_text = None
    if delta is not None:
        sign = "+" if delta > 0 else ""
        delta_text = t("requests.delta_days", change=sign + fmt_num(delta, lang, 1).replace("-", "−"))
    metric_tile(t(label_key), t("requests.days_value", days=fmt_num(value, lang, 1)), delta=delta,
                delta_text=delta_text, higher_is_better=False, help=t(help_key), caption=caption)


def change_delta(now: float, before: float, *, lang: str) -> dict:
    """``delta`` and ``delta_arrow`` for st.metric: the change against the previous period ({}
    where there is no base). The arrow is given because the minus sign is U+2212, which
    Streamlit does not read."""
    ratio = change_ratio(now, before)
    if ratio is None:
        return {}
    return {"delta": t("kpi.vs_previous", change=fmt_pct(ratio, lang, signed=True)),
            "delta_arrow": "up" if ratio > 0 else "down" if ratio < 0 else "off"}
