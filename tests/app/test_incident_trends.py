"""The trends page: weekly line with the same weeks a year earlier, day × hour heat map and
composition charts, in both languages; per-category panels for the prosecutor; war separately."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from display.incident_charts import composition, dow_hour_grid, weekly_series
from tests.app.charts import chart_specs
from tests.app.page_sections import EVERY_SECTION

TRENDS = "pages/trends.py"


def _charts(at) -> list[dict]:
    return chart_specs(at)


def _lines(fig: dict) -> list[dict]:
    """The line traces of a figure, without the expected-range band and the flag markers."""
    return [d for d in fig["data"] if d.get("mode") != "markers" and d.get("line", {}).get("width", 1) != 0]


def _title(fig: dict) -> str:
    return (fig["layout"].get("title") or {}).get("text") or ""


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_trends_render_line_heatmap_and_composition(open_page, lang):
    at = open_page(TRENDS, lang=lang, params={"section": EVERY_SECTION["trends"]})
    assert not at.exception
    assert len(at.multiselect[0].value) == 5  # the five largest categories by default
    charts = _charts(at)
    assert len(charts) == 4  # partner: total line, heat map, by category, by severity
    line, heat, by_cat, by_sev = charts
    lines = _lines(line)
    assert len(lines) == 2 and lines[1]["line"].get("dash") is None
    assert lines[0]["line"]["dash"] == "dot"  # the same weeks a year earlier
    assert len(lines[1]["x"]) == 156
    band = [d for d in line["data"] if d.get("fill") == "tonexty"]
    assert len(band) == 1 and band[0]["name"] == ("Звичайний діапазон" if lang == "uk" else "Expected range")
    days = heat["data"][0]["y"]
    assert days == (["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"] if lang == "uk"
                    else ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    severities = set(by_sev["data"][0]["y"])
    if lang == "uk":
        assert "Тяжкий злочин" in severities and "Крадіжка" in by_cat["data"][0]["y"]
        assert _title(by_cat) == "За категоріями"
    else:
        assert "Grave crime" in severities and "Theft" in by_cat["data"][0]["y"]
    texts = by_cat["data"][0]["text"]
    assert not any(t in {"1", "2", "3", "4"} for t in texts)  # partner: 1–4 read "< 5"


def test_prosecutor_gets_one_panel_per_category(open_page):
    at = open_page(TRENDS, role="prosecutor", params={"section": EVERY_SECTION["trends"]})
    assert not at.exception
    charts = _charts(at)
    assert len(charts) == 5
    panels = charts[1]
    titles = [a["text"] for a in panels["layout"]["annotations"]]
    assert len(titles) == 5 and "Крадіжка" in titles


def test_war_related_shown_separately_and_kept_out_of_community(open_page):
    at = open_page(TRENDS)
    before = _charts(at)
    community_week = _lines(before[0])[1]["y"]
    at.toggle(key="trends_war").set_value(True).run()
    assert not at.exception
    after = _charts(at)
    assert len(after) > len(before)
    assert _lines(after[0])[1]["y"] == community_week  # community totals unchanged
    war_labels = {y for fig in after[len(before):] for trace in fig["data"]
                  if isinstance(trace.get("y"), list) for y in trace["y"] if isinstance(y, str)}
    assert "Виявлення вибухонебезпечних предметів" in war_labels


def test_no_category_chosen_says_what_to_do(open_page):
    at = open_page(TRENDS)
    at.multiselect(key="trends_categories").set_value([]).run()
    assert not at.exception
    assert "Виберіть хоча б одну категорію" in " ".join(i.value for i in at.info)


def test_weeks_before_the_data_are_gaps_not_zeros():
    df = pd.DataFrame({"week": [date(2026, 1, 12)], "category": ["theft"], "count": [7]})
    out = weekly_series(df, date(2025, 12, 29), date(2026, 1, 25), data_start=date(2026, 1, 6), suppress=False)
    assert np.isnan(out["count"].iloc[0])  # week of 29 Dec: before the data
    assert out["count"].tolist()[1:] == [0, 7, 0]
    hidden = weekly_series(df.assign(count=3), date(2026, 1, 5), date(2026, 1, 18), data_start=date(2026, 1, 5),
                           suppress=True)
    assert hidden["count"].iloc[0] == 0 and np.isnan(hidden["count"].iloc[1])


def test_composition_and_heat_grid_hide_small_counts_recoverable_from_the_total():
    cross = pd.DataFrame({"category": ["theft", "fraud", "drugs"], "severity": ["minor"] * 3, "count": [20, 3, 9]})
    comp = composition(cross, "category", {"theft": "Крадіжка"}, suppress=True, lang="uk")
    assert comp["text"].tolist() == ["20", "…", "< 5"]  # 9 hidden too: 32 − 20 − 9 would give 3 away
    assert comp["label"].tolist() == ["Крадіжка", "drugs", "fraud"]  # hidden ones last, alphabetically
    z, text = dow_hour_grid(pd.DataFrame({"dow": [1, 1, 7], "hour": [0, 20, 23], "count": [2, 30, 6]}),
                            suppress=True)
    assert text[0, 0] == "< 5" and np.isnan(z[0, 0]) and text[6, 23] == "…"
    z_all, _ = dow_hour_grid(pd.DataFrame({"dow": [1], "hour": [0], "count": [2]}), suppress=False)
    assert z_all[0, 0] == 2 and z_all.sum() == 2


def test_partner_band_is_never_drawn_next_to_a_hidden_week(open_page):
    """A small category (robbery, well under one a week) has many hidden weeks for a partner: the
    expected range is drawn only where the four weeks before are shown, and no hidden week is marked."""
    from tests.app.test_overview import check_band

    at = open_page(TRENDS, lang="en")
    at.multiselect(key="trends_categories").set_value(["robbery"]).run()
    assert not at.exception
    weeks, with_band, hidden = check_band(_charts(at)[0]["data"])
    assert hidden > 10 and 0 < with_band < weeks
