"""The weekly review page on the demo data: the table in both languages, small counts hidden
outside the prosecutor role, the drill-down for the prosecutor only, and the same figures as
the CLI export."""

from __future__ import annotations

import csv
import io
import math
import sqlite3
import zoneinfo
from datetime import UTC, date, datetime

import pytest

from data_access.reference import reference_table
from reports.__main__ import main
from tests.factories import BUCHA
from tests.independent_flags import expected_flags

WEEK = "2026-W47"
PAGE = "pages/weekly-review.py"
NUMBER_COLUMNS = ("this_week", "previous_week", "avg_4_weeks", "same_week_last_year", "ytd", "ytd_last_year",
                  "change_vs_previous_pct", "change_vs_ytd_last_year_pct")


def _texts(at) -> str:
    return " ".join([c.value for c in at.caption] + [i.value for i in at.info] + [s.value for s in [*at.header, *at.subheader]])


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_table_renders_with_a_row_per_category_and_a_total(open_page, lang):
    at = open_page(PAGE, lang=lang, params={"week": WEEK})
    assert not at.exception
    table = at.dataframe[0].value
    community = int((reference_table("incident_categories")["group"] == "community").sum())
    assert community == 21 and len(table) == community + 1  # one row per community category + the total
    first, total = ("Крадіжка", "Усього") if lang == "uk" else ("Theft", "Total")
    assert table["row"].iloc[0] == first and table["row"].iloc[-1] == total
    assert table["ytd"].iloc[-1] > 100  # the demo data fills the year
    texts = _texts(at)
    assert ("поправка Бенджаміні — Гохберга" if lang == "uk" else "Benjamini–Hochberg") in texts
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


def _demo_daily_counts(url: str) -> dict[str, dict]:
    """Community incidents of Bucha hromada per category and Kyiv day, read here with sqlite3 and
    zoneinfo from occurred_at (UTC), not through the application's queries."""
    path = url.removeprefix("sqlite:///")
    kyiv = zoneinfo.ZoneInfo("Europe/Kyiv")
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT i.category, i.occurred_at FROM incident i JOIN hromada h ON h.id = i.hromada_id "
            "WHERE h.code = ? AND i.category_group = 'community'", (BUCHA,)).fetchall()
    finally:
        con.close()
    out: dict[str, dict] = {}
    for category, occurred_at in rows:
        moment = datetime.fromisoformat(str(occurred_at)).replace(tzinfo=UTC)
        day = moment.astimezone(kyiv).date()
        out.setdefault(category, {})
        out[category][day] = out[category].get(day, 0) + 1
    return out


def test_cli_flags_match_an_independent_calculation_on_the_demo_data(demo_db_url, tmp_path, capsys):
    """p_week, q_week, p_ytd, q_ytd and both flags of the 2026-W47 CSV against tests/independent_flags.py
    (dispersion of each row's 52 weeks, beta-binomial / binomial tests, statsmodels' Benjamini–Hochberg)."""
    out = tmp_path / "review.csv"
    assert main(["weekly-review", "--week", WEEK, "--hromada", BUCHA, "--out", str(out),
                 "--database-url", demo_db_url]) == 0
    capsys.readouterr()
    cli = {r["category"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    daily = _demo_daily_counts(demo_db_url)
    rows = {key: daily.get(key, {}) for key in cli if key != "all"}
    total: dict = {}
    for days in rows.values():
        for d, n in days.items():
            total[d] = total.get(d, 0) + n
    rows["all"] = total
    expected = expected_flags(rows, date(2026, 11, 16), ytd=(date(2026, 1, 1), date(2026, 11, 22)),
                              ytd_last_year=(date(2025, 1, 1), date(2025, 11, 22)))
    assert list(expected) == list(cli)
    for key, want in expected.items():
        got = cli[key]
        for column in ("p_week", "q_week", "p_ytd", "q_ytd"):
            if want[column] is None:
                assert got[column] == "", (key, column)
            else:
                assert float(got[column]) == pytest.approx(want[column], rel=1e-5, abs=1e-300), (key, column)
        for column in ("flag_week", "flag_ytd"):
            assert got[column] == ("true" if want[column] else "false"), (key, column)
    # the demo data is overdispersed somewhere, so the widened test is exercised, not only the binomial one
    assert max(w["phi"] for w in expected.values()) > 1.2
    assert int(cli["all"]["ytd"]) == sum(n for d, n in total.items() if date(2026, 1, 1) <= d <= date(2026, 11, 22))


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_row_details_show_p_q_and_spread_of_the_flagged_row(open_page, demo_db_url, tmp_path, capsys, lang):
    """The details open on the first flagged row (the demo's planted fraud rise, year to date) with
    the CLI's p and q in the page's number format; another row can be chosen."""
    cli = _cli_rows(demo_db_url, tmp_path, capsys)
    flagged = [k for k, r in cli.items() if "true" in (r["flag_week"], r["flag_ytd"])]
    assert flagged[0] == "fraud"
    at = open_page(PAGE, lang=lang, role="prosecutor", params={"week": WEEK})
    assert not at.exception
    detail = at.selectbox(key="review_community_detail")
    texts = " ".join(m.value for m in at.markdown)
    fraud = cli["fraud"]
    sep = "," if lang == "uk" else "."
    q_text = f"{float(fraud['q_ytd']):.4f}".replace(".", sep)
    p_text = f"{float(fraud['p_ytd']):.4f}".replace(".", sep)
    assert ("Шахрайство" if lang == "uk" else "Fraud") in texts
    assert f"p = {p_text}" in texts and f"q = {q_text}" in texts
    assert ("позначено" if lang == "uk" else "flagged") in texts or "▲" in texts
    detail.select(len(cli) - 1)  # the total row
    at.run()
    texts = " ".join(m.value for m in at.markdown)
    assert ("Усього" if lang == "uk" else "Total") in texts and "φ = " in texts


def test_row_details_hide_what_small_counts_would_give_away(open_page):
    at = open_page(PAGE, lang="en", params={"week": WEEK})
    values = at.dataframe[0].value
    hidden = [i for i, v in enumerate(values["this_week"]) if v == -math.inf]
    assert hidden
    at.selectbox(key="review_community_detail").select(hidden[0])
    at.run()
    texts = " ".join(m.value for m in at.markdown)
    assert "Week: hidden (the row has small counts)" in texts and "φ = …" in texts


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_a_week_whose_comparisons_touch_the_occupation_carries_a_note(open_page, lang):
    """2023-W50 compares the year to date with 2022's, which holds Bucha's occupation (27.02–31.03.2022,
    assets/…/hromada.toml): a visible note names it and no year-to-date flag is shown; 2026-W47 has none."""
    at = open_page(PAGE, lang=lang, role="prosecutor", params={"week": "2023-W50"})
    assert not at.exception and at.selectbox(key="week").value == "2023-W50"
    notes = " ".join(w.value for w in at.warning)
    assert ("період окупації громади (27.02–31.03.2022)" if lang == "uk"
            else "period of occupation (27.02–31.03.2022)") in notes
    assert ("Торік за той самий період" if lang == "uk" else "Last year to date") in notes
    table = at.dataframe[0].value
    assert not table["flag_ytd"].str.contains("▲|▼").any()
    at = open_page(PAGE, lang=lang, role="prosecutor", params={"week": WEEK})
    assert not any("окупації" in w.value or "occupation" in w.value for w in at.warning)
