"""The weekly review table against an independent calculation (plain Python; flags from
tests/independent_flags.py) on hand-made daily counts: a year boundary, a week with zero counts,
week 53 and a leap day."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from scipy.stats import binomtest, norm, t

from analytics.review import (
    add_rates,
    occupation_touches,
    review_periods,
    same_week_last_year,
    suppress_review,
    weekly_review,
)
from domain.visibility import SECONDARY, SMALL
from tests.independent_flags import expected_flags


def _counts(spec: dict[str, dict[date, int]]) -> pd.DataFrame:
    rows = [{"day": d, "category": cat, "count": n} for cat, days in spec.items() for d, n in days.items()]
    return pd.DataFrame(rows, columns=["day", "category", "count"])


def _with_total(specs: dict[str, dict[date, int]], keys: list[str]) -> dict[str, dict[date, int]]:
    """The table's rows in order (keys, then the total 'all') with their daily counts."""
    total: dict[date, int] = {}
    for days in specs.values():
        for d, n in days.items():
            total[d] = total.get(d, 0) + n
    return {**{k: specs.get(k, {}) for k in keys}, "all": total}


def _expected(spec: dict[date, int], monday: date, ytd_start: date, ytd_end: date, ly_start: date, ly_end: date,
              ly_monday: date, *, table: dict[str, dict[date, int]] | None = None, key: str | None = None) -> dict:
    """Independent: sum the days by hand; the flags of row ``key`` of ``table`` (all rows, total
    included) from tests/independent_flags.py (without ``table``: the changes only)."""
    def between(a, b):
        return sum(n for d, n in spec.items() if a <= d <= b)

    sunday = monday + timedelta(days=6)
    this = between(monday, sunday)
    prev = between(monday - timedelta(days=7), monday - timedelta(days=1))
    four = between(monday - timedelta(days=28), monday - timedelta(days=1))
    ytd, ytd_ly = between(ytd_start, ytd_end), between(ly_start, ly_end)
    flags = {} if table is None else expected_flags(table, monday, ytd=(ytd_start, ytd_end),
                                                    ytd_last_year=(ly_start, ly_end))[key]
    flags.pop("phi", None)
    return {
        "this_week": this, "previous_week": prev, "avg_4_weeks": four / 4,
        "same_week_last_year": between(ly_monday, ly_monday + timedelta(days=6)),
        "ytd": ytd, "ytd_last_year": ytd_ly,
        "change_vs_previous_pct": None if prev == 0 else round((this - prev) / prev * 100, 1),
        "change_vs_ytd_last_year_pct": None if ytd_ly == 0 else round((ytd - ytd_ly) / ytd_ly * 100, 1),
        **flags,
    }


def _assert_row(row: pd.Series, expected: dict) -> None:
    for column, value in expected.items():
        got = row[column]
        if value is None:
            assert got is None, column
        elif isinstance(value, float) and column[:2] in ("p_", "q_"):
            assert got == pytest.approx(value, rel=1e-9), column
        else:
            assert got == value, column


def test_year_boundary_week_2026_w01():
    """2026-W01 runs 29.12.2025–04.01.2026: YTD is only 1–4 January; the 4 weeks before lie in 2025."""
    monday = date(2025, 12, 29)
    theft = {
        date(2025, 12, 29): 3, date(2025, 12, 31): 4, date(2026, 1, 1): 2, date(2026, 1, 4): 5,  # this week: 14
        date(2025, 12, 22): 1, date(2025, 12, 1): 2,  # previous week 1; 4 weeks (1.12–28.12) 3
        date(2024, 12, 30): 6, date(2025, 1, 2): 1,  # 2025-W01 = 30.12.2024–05.01.2025: 7; last YTD 1.1–4.1.2025: 1
        date(2025, 1, 5): 9,  # 2025-W01 but after 4 January: not in last YTD
    }
    table = weekly_review(_counts({"theft": theft}), monday, keys=["theft", "fraud"])
    expected = _expected(theft, monday, date(2026, 1, 1), date(2026, 1, 4), date(2025, 1, 1), date(2025, 1, 4),
                         date(2024, 12, 30), table=_with_total({"theft": theft}, ["theft", "fraud"]), key="theft")
    assert expected["this_week"] == 14 and expected["ytd"] == 7 and expected["ytd_last_year"] == 1
    _assert_row(table.set_index("category").loc["theft"], expected)
    # 14 against 3 over 4 weeks: flagged even though the year before was uneven (2025-W01 held 16, phi ≈ 8)
    theft_row = table.set_index("category").loc["theft"]
    assert theft_row["phi"] > 5 and theft_row["flag_week"]


def test_zero_week_gives_empty_change_not_infinity_and_no_flag():
    monday = date(2026, 11, 16)
    fraud = {date(2026, 11, 9): 4, date(2026, 10, 20): 2, date(2025, 6, 1): 3}  # nothing this week
    table = weekly_review(_counts({"fraud": fraud}), monday, keys=["fraud", "robbery"]).set_index("category")
    assert table.loc["fraud", "this_week"] == 0
    assert table.loc["fraud", "change_vs_previous_pct"] == -100.0
    robbery = table.loc["robbery"]  # nothing at all: every change empty, no test, no flag
    assert robbery["change_vs_previous_pct"] is None and robbery["change_vs_ytd_last_year_pct"] is None
    assert robbery["p_week"] is None and not robbery["flag_week"] and not robbery["flag_ytd"]
    expected = _expected(fraud, monday, date(2026, 1, 1), date(2026, 11, 22), date(2025, 1, 1), date(2025, 11, 22),
                         date(2025, 11, 17), table=_with_total({"fraud": fraud}, ["fraud", "robbery"]), key="fraud")
    _assert_row(table.loc["fraud"], expected)
    assert expected["change_vs_ytd_last_year_pct"] == 100.0  # 6 vs 3


def test_leap_day_sunday_maps_last_ytd_to_28_february():
    """2032-W09 ends on Sunday 29.02.2032: last YTD is 1.1–28.2.2031."""
    monday = date(2032, 2, 23)
    periods = review_periods(monday)
    assert periods.ytd.end == date(2032, 2, 29)
    assert periods.ytd_last_year.end == date(2031, 2, 28)
    spec = {date(2032, 2, 29): 10, date(2032, 1, 10): 30, date(2031, 2, 28): 7, date(2031, 3, 1): 50,
            date(2031, 1, 5): 5}
    table = weekly_review(_counts({"theft": spec}), monday).set_index("category")
    expected = _expected(spec, monday, date(2032, 1, 1), date(2032, 2, 29), date(2031, 1, 1), date(2031, 2, 28),
                         same_week_last_year(monday), table=_with_total({"theft": spec}, ["theft"]), key="theft")
    assert expected["ytd"] == 40 and expected["ytd_last_year"] == 12
    _assert_row(table.loc["theft"], expected)
    # 40 in 60 days vs 12 in 59, but the year before held weeks of 57 (24.2–2.3.2031) and 30: phi ≈ 34,
    # so the rise is within the spread of its own history (a Poisson test would flag it)
    assert table.loc["theft", "phi"] > 30 and binomtest(40, 52, 60 / 119).pvalue < 0.001
    assert not table.loc["theft", "flag_ytd"]


def test_leap_year_span_includes_29_february_a_year_earlier():
    """Review week ending Sunday 02.03.2025: last YTD (1.1–2.3.2024) contains 29 February."""
    monday = date(2025, 2, 24)
    spec = {date(2024, 2, 29): 8, date(2025, 3, 2): 1}
    row = weekly_review(_counts({"theft": spec}), monday).set_index("category").loc["theft"]
    assert row["ytd_last_year"] == 8 and row["ytd"] == 1


def test_week_53_compares_with_week_52_of_the_previous_iso_year():
    monday = date.fromisocalendar(2026, 53, 1)  # 28.12.2026
    assert same_week_last_year(monday) == date.fromisocalendar(2025, 52, 1)
    assert same_week_last_year(date.fromisocalendar(2027, 5, 1)) == date.fromisocalendar(2026, 5, 1)
    periods = review_periods(monday)
    assert periods.ytd.start == date(2027, 1, 1) and periods.ytd.end == date(2027, 1, 3)


def test_total_row_sums_categories_and_is_tested_on_its_own():
    monday = date(2026, 11, 16)
    spec = {
        "theft": {monday: 6, monday - timedelta(days=10): 4},
        "fraud": {monday + timedelta(days=2): 9, date(2025, 11, 18): 2},
    }
    table = weekly_review(_counts(spec), monday, keys=["theft", "fraud", "homicide"])
    assert list(table["category"]) == ["theft", "fraud", "homicide", "all"]
    total = table.set_index("category").loc["all"]
    merged = {d: spec["theft"].get(d, 0) + spec["fraud"].get(d, 0) for d in {*spec["theft"], *spec["fraud"]}}
    _assert_row(total, _expected(merged, monday, date(2026, 1, 1), date(2026, 11, 22), date(2025, 1, 1),
                                 date(2025, 11, 22), date(2025, 11, 17),
                                 table=_with_total(spec, ["theft", "fraud", "homicide"]), key="all"))
    assert total["this_week"] == 15 and total["same_week_last_year"] == 2


def test_unknown_key_is_kept_not_dropped():
    monday = date(2026, 11, 16)
    table = weekly_review(_counts({"new_kind": {monday: 2}}), monday, keys=["theft"])
    assert "new_kind" in set(table["category"]) and table.iloc[-1]["this_week"] == 2


def test_missing_key_is_refused():
    df = pd.DataFrame({"day": [date(2026, 11, 16)], "category": [None], "count": [1]})
    with pytest.raises(ValueError):
        weekly_review(df, date(2026, 11, 16))


def _weekly_history(monday: date, per_week: list[int]) -> dict[date, int]:
    """One count on the Wednesday of each of the 52 weeks before ``monday`` (cycling through ``per_week``)."""
    return {monday - timedelta(weeks=k) + timedelta(days=2): per_week[k % len(per_week)] for k in range(1, 53)}


def test_regular_history_is_tested_exactly_as_binomial():
    """A history as regular as Poisson (phi floored at 1): p = binomtest(9, 21, 0.2), and one row with
    its total is two identical tests, so the correction leaves q = p."""
    monday = date(2026, 11, 16)
    spec = {**_weekly_history(monday, [3]), monday: 9}
    row = weekly_review(_counts({"theft": spec}), monday).set_index("category").loc["theft"]
    p = binomtest(9, 21, 0.2).pvalue
    assert row["phi"] == 1.0 and row["sum_4_weeks"] == 12
    assert row["p_week"] == pytest.approx(p) and row["q_week"] == pytest.approx(p)
    assert row["flag_week"] == (p < 0.05) and row["direction_week"] == 1


def test_overdispersed_history_widens_the_test():
    """The same week (10 against 3 a week) after a history that swings 0, 6, 0, 6 … (week-to-week variance
    18 = half of 6², over the mean 3: phi = 6 before the allowance for estimating it from 52 weeks):
    flagged against a Poisson history, not against this one."""
    monday = date(2026, 11, 16)
    steady = {**_weekly_history(monday, [3]), monday: 10}
    swinging = {**_weekly_history(monday, [0, 6, 0, 6]), monday: 10}
    calm = weekly_review(_counts({"theft": steady}), monday).set_index("category").loc["theft"]
    wild = weekly_review(_counts({"theft": swinging}), monday).set_index("category").loc["theft"]
    assert calm["flag_week"] and calm["p_week"] == pytest.approx(binomtest(10, 22, 0.2).pvalue)
    df = 2 * 51 ** 2 / (3 * 52 - 4)  # successive differences of 52 weeks (von Neumann): 34.2 degrees of freedom
    allowance = (t.ppf(1 - 0.0025 / 2, df) / norm.ppf(1 - 0.0025 / 2)) ** 2
    assert wild["phi"] == pytest.approx(6 * allowance)
    assert wild["p_week"] > 5 * calm["p_week"] and not wild["flag_week"]


def test_many_rows_a_lone_p_of_one_percent_is_not_flagged():
    """18 rows: one at raw p ≈ 0.01 is noise after Benjamini–Hochberg (q = p·18/1 > 0.05)."""
    monday = date(2026, 11, 16)
    specs = {f"c{i}": _weekly_history(monday, [2]) | {monday: 2} for i in range(18)}
    specs["c0"] = _weekly_history(monday, [2]) | {monday: 7}
    table = weekly_review(_counts(specs), monday, keys=list(specs), total_key=None).set_index("category")
    p = binomtest(7, 15, 0.2).pvalue
    assert 0.005 < p < 0.05 and table.loc["c0", "p_week"] == pytest.approx(p)
    assert table.loc["c0", "q_week"] == pytest.approx(min(1.0, p * 18)) and not table["flag_week"].any()


# --- suppression -----------------------------------------------------------------------------------
def _table():
    monday = date(2026, 11, 16)
    spec = {"theft": {monday: 3}, "fraud": {monday: 12}, "drugs": {monday: 20}, "homicide": {}}
    return weekly_review(_counts(spec), monday, keys=["theft", "fraud", "drugs", "homicide"])


def test_prosecutor_sees_everything():
    values, mask = suppress_review(_table(), role="prosecutor")
    assert (mask == "").all().all() and values.set_index("category").loc["theft", "this_week"] == 3


def test_partner_sees_small_counts_hidden_with_what_is_computed_from_them():
    values, mask = suppress_review(_table(), role="partner")
    mask = mask.set_index(_table()["category"])
    values = values.set_index("category")
    assert mask.loc["theft", "this_week"] == SMALL and values.loc["theft", "this_week"] is None
    for column in ("change_vs_previous_pct", "flag_week", "p_week"):
        assert values.loc["theft", column] is None
    # one hidden cell in the column: the next-smallest non-zero one is hidden too (12, not 0 or 20)
    assert mask.loc["fraud", "this_week"] == SECONDARY and values.loc["fraud", "this_week"] is None
    assert mask.loc["drugs", "this_week"] == "" and mask.loc["homicide", "this_week"] == ""
    assert values.loc["all", "this_week"] == 35  # the total is fine: 35 is not 1–4


def test_small_total_is_hidden_too():
    monday = date(2026, 11, 16)
    table = weekly_review(_counts({"theft": {monday: 2}}), monday, keys=["theft", "fraud"])
    _, mask = suppress_review(table, role="leadership")
    # domain.visibility treats a column's sum as known even where its total cell is hidden,
    # so the one hidden body cell gets a hidden neighbour (here the zero: no other cell is left)
    assert list(mask["this_week"]) == [SMALL, SECONDARY, SMALL]


def test_rates_per_10000_rounded_to_two_digits_and_none_without_population():
    table = weekly_review(_counts({"1": {date(2026, 11, 16): 3}, "2": {date(2026, 11, 17): 5},
                                   "3": {date(2026, 1, 5): 40}}).rename(columns={"category": "settlement"}),
                          date(2026, 11, 16), key_col="settlement", keys=["1", "2", "3"])
    out = add_rates(table, pd.Series({"1": 37321, "2": None, "3": 0, "all": None}, dtype="object"))
    rows = out.set_index("settlement")
    assert rows.at["1", "population"] == 37321
    assert rows.at["1", "rate_this_week"] == round(3 / 37321 * 10_000, 2) == 0.8
    assert rows.at["3", "ytd"] == 40 and pd.isna(rows.at["3", "rate_ytd"])  # 0 residents: no rate
    for key in ("2", "all"):  # population unknown
        assert rows.loc[key, ["population", "rate_this_week", "rate_ytd", "rate_ytd_last_year"]].isna().all()


# --- periods of occupation (issue 16, part 4) -------------------------------------------------------
OCCUPIED = ((date(2022, 2, 27), date(2022, 3, 31)),)  # Bucha hromada (assets/hromadas/…/hromada.toml)


def test_bucha_reference_file_declares_its_occupation_with_a_source():
    from data_access.reference import occupation_periods

    assert occupation_periods("UA32080070000050759") == OCCUPIED
    assert occupation_periods("UA99999999999999999") == ()


def test_comparisons_touching_the_occupation_are_named():
    in_2023 = review_periods(date(2023, 3, 6))  # 2023-W10: last year's YTD and week 10 of 2022 fall in it
    assert occupation_touches(in_2023, OCCUPIED) == ("same_week_last_year", "ytd_last_year", "history")
    during = review_periods(date(2022, 3, 14))
    assert occupation_touches(during, OCCUPIED) == (
        "this_week", "previous_week", "sum_4_weeks", "ytd", "history")
    assert occupation_touches(review_periods(date(2026, 11, 16)), OCCUPIED) == ()


def test_year_to_date_against_the_occupation_is_not_flagged():
    """2023-W20: 160 so far this year against 65 in the same span of 2022 (little was registered under
    occupation) — flagged without the declared occupation, not with it; the week test is unchanged."""
    monday = date(2023, 5, 15)
    spec = {date(2023, 1, 2) + timedelta(weeks=k): 8 for k in range(19)} | {monday: 8}
    spec |= {date(2022, 1, 3) + timedelta(weeks=k): 3 for k in range(19)}
    spec |= {date(2022, 5, 16) + timedelta(weeks=k): 8 for k in range(33)}  # after 16 May 2022 as usual
    plain = weekly_review(_counts({"theft": spec}), monday).set_index("category").loc["theft"]
    noted = weekly_review(_counts({"theft": spec}), monday, occupied=OCCUPIED).set_index("category").loc["theft"]
    assert plain["flag_ytd"] and plain["ytd"] == noted["ytd"] == 160 and noted["ytd_last_year"] == 65
    assert not noted["flag_ytd"] and noted["p_ytd"] is None and noted["q_ytd"] is None
    assert noted["p_week"] == pytest.approx(plain["p_week"])  # the weeks of 2023 hold no occupation


def test_weeks_of_occupation_are_left_out_of_the_spread():
    """A history with nothing registered under occupation and a catch-up week after it: the spread
    is that of the other weeks (week-to-week differences that touch an occupied week dropped)."""
    monday = date(2022, 11, 14)
    start = monday - timedelta(weeks=52)
    weekly = [0 if date(2022, 2, 21) <= start + timedelta(weeks=k) <= date(2022, 3, 28) else 5 for k in range(52)]
    weekly[weekly.index(0) + 6] = 40  # the week after the occupation: late registrations
    spec = {start + timedelta(weeks=k, days=2): n for k, n in enumerate(weekly) if n}
    row = weekly_review(_counts({"theft": spec}), monday, occupied=OCCUPIED).set_index("category").loc["theft"]
    occupied = {k for k in range(52) if start + timedelta(weeks=k) <= date(2022, 3, 31)
                and date(2022, 2, 27) <= start + timedelta(weeks=k, days=6)}
    kept = [None if k in occupied else n for k, n in enumerate(weekly)]
    pairs = [(a, b) for a, b in zip(kept, kept[1:], strict=False) if a is not None and b is not None]
    shown = [v for v in kept if v is not None]
    df = 2 * len(pairs) ** 2 / (3 * (len(pairs) + 1) - 4)
    allowance = (t.ppf(1 - 0.0025 / 2, df) / norm.ppf(1 - 0.0025 / 2)) ** 2
    expected = sum((b - a) ** 2 for a, b in pairs) / len(pairs) / 2 / (sum(shown) / len(shown)) * allowance
    assert len(occupied) == 6 and row["phi"] == pytest.approx(max(1.0, expected))
