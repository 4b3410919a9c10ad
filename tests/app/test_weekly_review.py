"""The weekly review page on the demo data: the table in both languages, small counts hidden
outside the prosecutor role, the drill-down for the prosecutor only, and the same figures as
the CLI export."""

from __future__ import annotations

import csv
import io
import math

import pytest

from data_access.reference import reference_table
from reports.__main__ import main

WEEK = "2026-W47"
PAGE = "pages/weekly-review.py"
NUMBER_COLUMNS = ("this_week", "previous_week", "avg_4_weeks", "same_week_last_year", "ytd", "ytd_last_year",
                  "change_vs_previous_pct", "change_vs_ytd_last_year_pct")


def _texts(at) -> str:
    return " ".join([c.value for c in at.caption] + [i.value for i in at.info] + [s.value for s in at.subheader])


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_table_renders_with_a_row_per_category_and_a_total(open_page, lang):
    at = open_page(PAGE, lang=lang, params={"week": WEEK})
    assert not at.exception
    table = at.dataframe[0].value
    community = int((reference_table("incident_categories")["group"] == "community").sum())
    assert community == 20 and len(table) == community + 1  # one row per community category + the total
    first, total = ("Крадіжка", "Усього") if lang == "uk" else ("Theft", "Total")
    assert table["row"].iloc[0] == first and table["row"].iloc[-1] == total
    assert table["ytd"].iloc[-1] > 100  # the demo data fills the year
    texts = _texts(at)
    assert ("точний біноміальний тест, p < 0,05" if lang == "uk" else "exact binomial test, p < 0.05") in texts
    assert at.selectbox(key="week").value == WEEK
    # partner view (nobody signed in): no record list, a note instead
    assert len(at.dataframe) == 1
    assert ("лише в ролі прокурора" if lang == "uk" else "prosecutor role only") in texts


def test_partner_sees_small_counts_hidden(open_page):
    at = open_page(PAGE, lang="uk", params={"week": WEEK})
    table = at.dataframe[0].value
    body = table.iloc[:-1]
    # no count from 1 to 4 reaches the browser; hidden cells are sent as -inf
    for column in ("this_week", "previous_week", "same_week_last_year", "ytd", "ytd_last_year"):
        assert not body[column].between(1, 4).any(), column
    assert (body["this_week"] == -math.inf).any()
    assert "«< 5»" in _texts(at)


def _cli_rows(url: str, tmp_path, capsys) -> dict[str, dict]:
    out = tmp_path / "review.csv"
    assert main(["weekly-review", "--week", WEEK, "--out", str(out), "--database-url", url]) == 0
    capsys.readouterr()
    return {r["category"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_prosecutor_page_matches_the_cli_export_figure_for_figure(open_page, demo_db_url, tmp_path, capsys, lang):
    at = open_page(PAGE, lang=lang, role="prosecutor", params={"week": WEEK})
    assert not at.exception
    shown = at.dataframe[0].value
    cli = _cli_rows(demo_db_url, tmp_path, capsys)
    assert len(shown) == len(cli)
    for (_, row), (key, expected) in zip(shown.iterrows(), cli.items(), strict=True):
        for column in NUMBER_COLUMNS:
            value = row[column]
            if expected[column] == "":
                assert value == -math.inf, (key, column)  # empty change (base 0)
            else:
                assert value == pytest.approx(float(expected[column]), abs=1e-9), (key, column)
        for flag in ("flag_week", "flag_ytd"):
            marked = "▲" in row[flag] or "▼" in row[flag]
            assert marked == (expected[flag] == "true"), (key, flag)


def test_prosecutor_drills_down_to_escaped_records(open_page):
    at = open_page(PAGE, lang="uk", role="prosecutor", params={"week": WEEK})
    at.selectbox(key="drill_row_uk").select("community:all")
    at.selectbox(key="drill_period_uk").select("this_week")
    at.run()
    assert not at.exception
    total = int(at.dataframe[0].value["this_week"].iloc[-1])
    records = at.dataframe[1].value
    assert len(records) == total > 0
    assert set(records.columns) == {"occurred_at", "settlement", "category", "article", "status", "description"}
    assert records["description"].str.len().max() <= 120
    cited = records["article"][records["article"] != ""]
    assert len(cited) > 0 and cited.str.match(r"^ст\. \d+(-\d+)?( ч\. \d+)? (КК|КУпАП)$").all(), cited.tolist()
    assert any(f"Записів: {total}" in c.value for c in at.caption)
    assert at.get("download_button")


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_settlement_table_has_rates_and_says_why_some_are_missing(open_page, lang):
    at = open_page(PAGE, lang=lang, role="leadership", params={"week": WEEK, "rows": "settlement"})
    assert not at.exception
    table = at.dataframe[0].value
    assert "rate_ytd" in table.columns and len(table) >= 15  # 14 settlements (+ none) + total
    bucha = table.set_index("row").loc["Буча" if lang == "uk" else "Bucha"]
    assert bucha["rate_ytd"] == pytest.approx(round(bucha["ytd"] / 37321 * 10_000, 2))
    texts = _texts(at)
    assert ("немає офіційних даних про чисельність" if lang == "uk" else "no official population figure") in texts


def test_war_toggle_adds_its_own_table(open_page):
    at = open_page(PAGE, lang="en", role="prosecutor", params={"week": WEEK})
    at.toggle(key="war").set_value(True)
    at.run()
    assert not at.exception
    war = at.dataframe[1].value
    assert list(war["row"])[-1] == "Total" and "Explosive objects found" in set(war["row"])
    assert "War-related cases" in _texts(at)
