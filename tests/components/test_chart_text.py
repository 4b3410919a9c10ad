"""Text from data never becomes markup in a plotly chart: a partner named like a link stays text."""

from __future__ import annotations

from datetime import date

import pandas as pd

from display.partner_charts import (
    indicator_trend_chart,
    monthly_activity_chart,
    partner_bar_chart,
    partner_matrix_chart,
)

LINK = '<a href="http://evil.example">Поліція</a>'
BOLD = "<b>ГО «Варта»</b>"


def _no_markup(fig) -> None:
    text = fig.to_json()
    assert "<a " not in text and "<b>" not in text and "evil.example\\\">" not in text
    assert "&lt;a href" in text  # the name is still there, as text


def test_partner_names_and_kinds_are_text():
    counts = pd.DataFrame({"name": [LINK, BOLD], "activities": [3, 5], "kind_label": [BOLD, "школа"]})
    _no_markup(partner_bar_chart(counts, "uk"))
    partners = pd.DataFrame({"partner_id": [1, 2], "name": [LINK, BOLD]})
    pairs = pd.DataFrame({"partner_a": [1], "partner_b": [2], "joint": [4]})
    _no_markup(partner_matrix_chart(pairs, partners, "en"))
    monthly = pd.DataFrame({"month": [date(2026, 10, 1)], "kind_label": [LINK], "activities": [2]})
    _no_markup(monthly_activity_chart(monthly, "uk"))


def test_a_priority_title_is_text():
    series = pd.DataFrame({"x": [date(2026, 1, 5), date(2026, 2, 2)], "value": [10.0, 8.0]})
    fig = indicator_trend_chart(series, "uk", baseline=12, target=6, start=date(2026, 1, 1), end=date(2026, 12, 31),
                                is_share=False, title=LINK)
    _no_markup(fig)
