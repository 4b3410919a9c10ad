"""display.static_chart: a figure drawn as HTML and SVG shows every value its plotly figure holds, the
same gaps, in the page's language — and refuses what it cannot draw rather than leave it out."""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta
from html import unescape

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from display.charts import tv_readable, weekly_trend_chart
from display.partner_charts import monthly_activity_chart
from display.request_charts import backlog_chart, flow_chart, share_bar_chart
from display.static_chart import static_chart
from display.survey_charts import trend_chart as survey_trend_chart


def _tips(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'title="([^"]*)"', html)]


def _svg(html: str) -> str:
    """The plot area's SVG (an <img> with a data: URI)."""
    (data,) = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    return base64.b64decode(data).decode("utf-8")


def _weeks(values) -> pd.DataFrame:
    start = date(2026, 1, 5)
    return pd.DataFrame({"week": [start + timedelta(weeks=i) for i in range(len(values))],
                         "count": pd.array(values, dtype="float")})


def test_every_point_of_a_line_is_drawn_and_a_hidden_week_is_a_gap():
    values = [12, 15, np.nan, 9, 11, 30, np.nan, np.nan, 14, 1234]
    html = static_chart(weekly_trend_chart(_weeks(values), "uk", title="Тижні", value_label="Правопорушення"), "uk")
    assert html is not None
    tips = [t for t in _tips(html) if t.startswith("Правопорушення")]
    shown = [v for v in values if v == v]
    assert len(tips) == len(shown)
    assert tips[0] == "Правопорушення: 05.01.2026: 12"
    assert tips[-1].endswith("1\xa0234") or tips[-1].endswith("1\u202f234")  # Ukrainian thousands
    # three runs of weeks with data: three pieces of line, never drawn across a hidden week
    assert _svg(html).count("<polyline") == 3
    assert "Тижні" in html and "Тиждень (з понеділка)" in html


def test_english_and_ukrainian_month_ticks():
    weeks = _weeks(list(range(1, 60)))
    uk = static_chart(weekly_trend_chart(weeks, "uk", value_label="n"), "uk")
    en = static_chart(weekly_trend_chart(weeks, "en", value_label="n"), "en")
    assert "бер 2026" in uk and "Mar 2026" in en  # 13 months: a tick every second month
    assert "Mar" not in uk and "бер" not in en


def test_band_and_year_ago_line_are_drawn_with_their_values():
    weeks = _weeks([10, 12, 11, 14])
    band = pd.DataFrame({"week": weeks["week"], "low": [5.0, 6.0, 5.5, 7.0], "high": [15.0, 16.5, 16.0, 17.0],
                         "flag": [0, 0, 0, 1]})
    ago = _weeks([9, 8, np.nan, 13])
    html = static_chart(weekly_trend_chart(weeks, "en", value_label="Offences", last_year=ago, band=band), "en")
    tips = _tips(html)
    assert "Expected range: 05/01/2026: 5.0–15.0" not in tips  # dates are dd.mm.yyyy in both languages
    assert any(t.startswith("Expected range: 05.01.2026: 5") and "–15" in t for t in tips)
    assert _svg(html).count("<polygon") == 1  # the band, one piece
    assert "stroke-dasharray" in _svg(html)  # the year-ago line is dotted
    assert sum(t.startswith("Same weeks a year ago") for t in tips) == 3  # its hidden week left out
    assert "▲" in html  # the flagged week's marker


def test_stacked_bars_hold_every_value_and_stack_to_the_total():
    monthly = pd.DataFrame({"month": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-02-01"]),
                            "kind_label": ["Зустріч", "Патруль", "Зустріч"], "activities": [4, 6, 3]})
    html = static_chart(monthly_activity_chart(monthly, "uk", title="Заходи"), "uk")
    tips = _tips(html)
    assert sorted(tips) == ["Зустріч: 01.2026: 4", "Зустріч: 02.2026: 3", "Патруль: 01.2026: 6"]
    rects = [(float(x), float(y), float(h)) for x, y, h in
             re.findall(r'<rect x="([^"]*)" y="([^"]*)" width="[^"]*" height="([^"]*)"', _svg(html))]
    january = sorted(r for r in rects if r[0] == min(r[0] for r in rects))
    assert len(january) == 2
    (_, top_a, h_a), (_, top_b, h_b) = sorted(january, key=lambda r: -r[1])  # bottom piece first
    assert top_a + h_a == pytest.approx(1000.0, abs=0.2)  # stands on zero
    assert top_b + h_b == pytest.approx(top_a, abs=0.2)  # the second piece sits on the first
    assert h_a / h_b == pytest.approx(4 / 6, rel=0.01)


def test_flow_and_backlog_charts_with_the_period_marked():
    weeks = pd.DataFrame({"week": pd.date_range("2026-06-01", periods=8, freq="W-MON"),
                          "received": [20, 22, 3, 25, 18, 19, 21, 24], "answered": [18, 20, 4, 2, 19, 17, 22, 20]})
    html = static_chart(flow_chart(weeks, "uk", title="Потік", period=(date(2026, 7, 13), date(2026, 7, 26)),
                                   suppress=True), "uk")
    tips = _tips(html)
    assert sum(t.startswith("Отримано") for t in tips) == 7  # 3 hidden (< 5): a gap, not a bar of 3
    assert sum(t.startswith("Надано відповідей") for t in tips) == 6
    assert "вибраний період" in html
    backlog = pd.DataFrame({"week": weeks["week"], "as_of": weeks["week"] + pd.Timedelta(days=6),
                            "open": [40, 42, 45, 41, 39, 38, 44, 46]})
    html = static_chart(backlog_chart(backlog, "en", title="Backlog"), "en")
    assert _svg(html).count("<polygon") == 1 and len(_tips(html)) == 8


def test_horizontal_bars_show_every_label_and_text_largest_on_top():
    counts = pd.DataFrame({"label": ["Відповідь надано", "Переслано", "<b>Інше</b>"], "count": [40, 3, 12],
                           "display": ["40", "< 5", "12"]})
    html = static_chart(share_bar_chart(counts, "uk", title="Результати"), "uk")
    labels = [unescape(x) for x in re.findall(r'class="sc-hlabel">([^<]*)<', html)]
    assert labels == ["Відповідь надано", "<b>Інше</b>", "Переслано"]
    assert "&lt;b&gt;" in html and "<b>Інше" not in html  # data is text, never markup
    assert "< 5" in [unescape(x) for x in re.findall(r"<span>([^<]*)</span>", html)]
    widths = re.findall(r'<i style="width:([0-9.]+)%', html)
    assert float(widths[2]) == 0.0  # the hidden count draws no bar


def test_survey_bands_and_percent_axis():
    est = pd.DataFrame({"series": ["Безпечно"] * 3, "end_date": pd.to_datetime(["2025-01-31", "2025-07-31",
                                                                              "2026-01-31"]),
                        "wave_label": ["1", "2", "3"], "value": [0.41, np.nan, 0.47],
                        "low": [0.37, np.nan, 0.43], "high": [0.45, np.nan, 0.51]})
    html = static_chart(survey_trend_chart(est, "uk"), "uk")
    assert html is not None
    tips = _tips(html)
    assert tips == ["Безпечно: 01.2025: 41%", "Безпечно: 01.2026: 47%"]  # a wave without estimate: a gap
    assert ">100%<" in html and ">0%<" in html


def test_the_shared_screen_size_is_kept():
    html = static_chart(tv_readable(weekly_trend_chart(_weeks([1, 2, 3]), "uk", value_label="n")), "uk")
    assert "font-size:28px" in html


@pytest.mark.parametrize("fig", [
    go.Figure(go.Heatmap(z=[[1, 2], [3, 4]])),
    make_subplots(rows=2, cols=1).add_trace(go.Scatter(x=[1, 2], y=[1, 2]), row=2, col=1),
    go.Figure(go.Scatter(x=pd.to_datetime(["2026-01-01", "2026-02-01"]), y=[1, 2], error_y={"array": [0.1, 0.2]})),
    go.Figure(go.Scatter(x=pd.to_datetime(["2026-01-01", "2026-02-01"]), y=[1, 2], error_x={"array": [0.1, 0.2]})),
    go.Figure(go.Bar(x=[1, 2], y=[3, 4])),
    go.Figure(go.Scatter(x=pd.to_datetime(["2026-01-01", "2026-02-01"]), y=[1, 2])).add_vline(x="2026-01-15"),
    go.Figure(go.Scatter(x=[1.0, 2.0], y=[1, 2], mode="markers")).add_vrect(x0=1.2, x1=1.5),
    go.Figure(go.Scatter(x=pd.to_datetime(["2026-01-01", "2026-02-01"]), y=[1, 2])).add_annotation(
        x="2026-01-01", y=1, text="note"),
    go.Figure(go.Scatter(x=["a", "b"], y=[1, 2])),
], ids=["heatmap", "subplots", "error bars", "whiskers over dates", "bars over numbers",
                          "a vertical line over dates", "a rectangle over numbers", "annotation", "category axis"])
def test_what_it_cannot_draw_is_left_to_plotly(fig):
    assert static_chart(fig, "uk") is None


def test_bars_keep_their_own_width_and_place():
    weeks = pd.DataFrame({"week": pd.date_range("2026-06-01", periods=6, freq="W-MON"),
                          "received": [20, 22, 13, 25, 18, 19], "answered": [18, 20, 14, 12, 19, 17]})
    svg = _svg(static_chart(flow_chart(weeks, "uk"), "uk"))
    rects = [(float(x), float(w)) for x, w in re.findall(r'<rect x="([^"]*)" y="[^"]*" width="([^"]*)"', svg)]
    assert len(rects) == 6 and len({w for _, w in rects}) == 1  # one width for every week's bar
    assert all(b[0] >= a[0] + a[1] for a, b in zip(rects, rects[1:], strict=False))  # side by side, no overlap


def test_a_reversed_axis_keeps_the_first_row_on_top():
    from display.incident_charts import composition_chart

    comp = pd.DataFrame({"key": ["theft", "fraud", "other"], "label": ["Крадіжка", "Шахрайство", "Інше"],
                         "shown": [30.0, np.nan, 7.0], "text": ["30", "< 5", "7"]})
    html = static_chart(composition_chart(comp, "uk", title="Склад", value_label="Правопорушень"), "uk")
    assert re.findall(r'class="sc-hlabel">([^<]*)<', html) == ["Крадіжка", "Шахрайство", "Інше"]


def test_dot_and_whisker_rows_keep_their_names_values_and_intervals():
    from display.survey_charts import dot_whisker_chart

    frame = pd.DataFrame({"label": ["Бучанська", "Ірпінська", "Гостомельська"], "value": [0.52, np.nan, 0.47],
                          "low": [0.48, np.nan, 0.40], "high": [0.56, np.nan, 0.54],
                          "note": ["", "замало відповідей", ""]})
    html = static_chart(dot_whisker_chart(frame, "uk", title="Довіра"), "uk")
    assert html is not None
    assert _tips(html) == ["Бучанська: 52% (48%–56%)", "Гостомельська: 47% (40%–54%)"]
    assert "замало відповідей" in html  # a row without an estimate says why, as on plotly's chart
    labels = re.findall(r'class="sc-yt" style="top:([0-9.]+)%">([^<]*)<', html)
    assert [name for _, name in sorted(labels, key=lambda x: float(x[0]))] == ["Бучанська", "Ірпінська",
                                                                              "Гостомельська"]  # first on top
    assert _svg(html).count("<line") >= 2  # the whiskers


def test_funnel_plot_on_a_log_axis_names_every_hromada():
    from analytics.funnel import funnel_curves
    from display.compare_charts import funnel_chart

    rows = pd.DataFrame({"name_uk": ["Буча", "Ірпінь", "Гостомель"], "population": [30_000, 60_000, 17_000],
                         "rate": [25.0, 31.5, 18.2], "position": ["within", "high", "low"]})
    fig = funnel_chart(rows, funnel_curves(26.0, rows["population"], 1.0), 26.0, "uk", title="Воронка")
    html = static_chart(fig, "uk")
    assert html is not None
    labels = [unescape(x) for x in re.findall(r'class="sc-label"[^>]*>([^<]*)<', html)]
    assert sorted(labels) == sorted(["Буча", "Гостомель", "Ірпінь"])
    tips = _tips(html)
    assert len(tips) == 3 and any(t.startswith("Ірпінь:") and "31,5" in t and "60" in t for t in tips)
    ticks = [unescape(x) for x in re.findall(r'class="sc-xt"[^>]*>([^<]*)<', html)]
    assert "20\xa0000" in ticks or "20\u202f000" in ticks or "20 000" in ticks
    assert _svg(html).count("<polyline") >= 5  # four limits and the average


def test_the_legend_shows_each_trace_as_it_is_drawn():
    from analytics.funnel import funnel_curves
    from display.compare_charts import funnel_chart

    rows = pd.DataFrame({"name_en": ["A", "B"], "population": [30_000, 60_000], "rate": [25.0, 40.0],
                         "position": ["within", "high"]})
    html = static_chart(funnel_chart(rows, funnel_curves(26.0, rows["population"], 1.0), 26.0, "en"), "en")
    legend = html[html.index('class="sc-legend"'):html.index("</div>", html.index('class="sc-legend"'))]
    assert "dashed" in legend and "dotted" in legend  # the 99.8 % and the 95 % limits told apart
    assert "▲</b>" in legend  # a marker trace shows its marker, not a line
