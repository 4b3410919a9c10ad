"""Text summaries of charts and maps (display/summaries.py): the figures a user reads in the chart, in
words, and never a count the role has hidden."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from display.summaries import figure_summary, ranking_summary, weekly_summary

NAN = float("nan")


def _weeks(counts: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"week": [date(2026, 11, 2) + timedelta(weeks=i) for i in range(len(counts))],
                         "count": counts})


def test_weekly_summary_says_the_last_week_its_change_and_the_highest():
    uk = weekly_summary(_weeks([29, 14, 23]), "uk", what="Правопорушення")
    assert uk == ("Правопорушення за тиждень з 16.11.2026: 23, на 64% більше, ніж тижнем раніше. "
                  "Найбільше за показаний час — 29 (тиждень з 02.11.2026).")
    en = weekly_summary(_weeks([10, 20, 15]), "en", what="Offences")
    assert "15, 25% fewer than the week before" in en and "highest in the time shown: 20" in en


def test_weekly_summary_of_a_hidden_week_names_no_number():
    text = weekly_summary(_weeks([12, 9, NAN]), "uk", what="Правопорушення")
    assert "менше 5 або приховано" in text and "тижнем раніше" not in text
    assert "12" in text  # the highest shown week is still named


def test_ranking_hides_small_and_protected_counts():
    text = ranking_summary(["Буча", "Ворзель", "Гостомель", "Блиставиця", "Луб'янка"], [23, 12, 3, None, 0], "uk",
                           what="Правопорушення", suppress=True)
    assert text.startswith("Правопорушення: найбільше — Буча (23), Ворзель (12).")
    assert "Гостомель" not in text and "(3)" not in text and "Ще в 2" in text
    prosecutor = ranking_summary(["Буча", "Гостомель"], [23, 3], "uk", what="Правопорушення", suppress=False)
    assert "Гостомель (3)" in prosecutor


def test_figure_summary_leaves_out_small_counts_for_a_role_that_has_them_hidden():
    fig = go.Figure(go.Bar(x=["Крадіжки", "Шахрайство"], y=[3, 8]))
    fig.update_layout(title="За категоріями")
    assert figure_summary(fig, "uk", suppress=True) == "За категоріями. Найбільше — 8 (Шахрайство)."
    small = go.Figure(go.Bar(x=["Крадіжки", "Грабежі"], y=[3, 4]))
    assert "4" not in figure_summary(small, "uk", suppress=True)
    assert "4 (Грабежі)" in figure_summary(small, "uk", suppress=False)


def test_figure_summary_reads_shares_and_lines():
    share = go.Figure(go.Scatter(x=[0.36, 0.52], y=["Поліція", "Суд"], name="Хвиля 07.2026"))
    share.update_layout(xaxis_tickformat=".0%")
    assert figure_summary(share, "en", suppress=True) == "Хвиля 07.2026: highest 52% (Суд)."
    line = go.Figure(go.Scatter(x=pd.to_datetime(["2026-11-02", "2026-11-09"]), y=[12, 20], name="Offences"))
    assert figure_summary(line, "en", suppress=True) == "Offences: latest 20 (09/11/2026); highest 20 (09/11/2026)."
