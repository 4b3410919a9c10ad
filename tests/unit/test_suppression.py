"""Small-count suppression: primary "< 5", complementary suppression checked against a linear
programme (scipy) that tries to recover every hidden cell from the row and column totals."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from domain.roles import Role
from domain.visibility import (
    SECONDARY_TEXT,
    SMALL_TEXT,
    display_count,
    is_small,
    suppress_table,
    suppresses_small_counts,
    suppression_flags,
    survey_group_hidden,
)


def _recoverable_cells(values: np.ndarray, hidden: np.ndarray) -> list[tuple[int, int]]:
    """Hidden cells whose value an attacker pins down exactly, knowing every visible cell, every
    row and column sum, that "< 5" cells are 1–4 and that others are >= 0 (LP, scipy)."""
    cells = list(zip(*np.nonzero(hidden), strict=True))
    if not cells:
        return []
    index = {cell: k for k, cell in enumerate(cells)}
    a_eq, b_eq = [], []
    rows, cols = values.shape
    for r in range(rows):
        line = [(r, c) for c in range(cols)]
        a_eq.append([1.0 if cell in line else 0.0 for cell in cells])
        b_eq.append(sum(values[cell] for cell in line if cell in index))
    for c in range(cols):
        line = [(r, c) for r in range(rows)]
        a_eq.append([1.0 if cell in line else 0.0 for cell in cells])
        b_eq.append(sum(values[cell] for cell in line if cell in index))
    bounds = [(1, 4) if is_small(values[cell]) else (0, None) for cell in cells]
    out = []
    for cell in cells:
        objective = np.zeros(len(cells))
        objective[index[cell]] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds).fun
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        upper = -high.fun if high.status == 0 else np.inf
        if abs(upper - low) < 1e-6:
            out.append(cell)
    return out


def test_single_counts():
    assert [is_small(v) for v in (0, 1, 4, 5, None, float("nan"))] == [False, True, True, False, False, False]
    assert display_count(3, suppress=True) == "< 5"
    assert display_count(3, suppress=False) == "3"
    assert display_count(12, suppress=True) == "12"


def test_only_the_prosecutor_sees_small_counts():
    assert [r for r in Role if not suppresses_small_counts(r)] == [Role.PROSECUTOR]
    assert suppresses_small_counts("nobody")  # an unknown role is treated as partner-safe
    assert suppresses_small_counts(None)


def test_prosecutor_sees_every_count():
    df = pd.DataFrame({"settlement": ["Буча", "Ворзель"], "n": [3, 40]})
    out = suppress_table(df, ["n"], role="prosecutor")
    assert out["n"].tolist() == ["3", "40"]
    assert out["settlement"].tolist() == ["Буча", "Ворзель"]


def test_a_total_row_does_not_give_a_hidden_cell_away():
    # Буча 40, Ворзель 3, Гостомель 12, total 55: with only Ворзель hidden, 55-40-12 = 3.
    df = pd.DataFrame({"n": [40, 3, 12, 55]}, index=["Буча", "Ворзель", "Гостомель", "total"])
    out = suppress_table(df, ["n"], role="partner", total_row="total")
    assert out["n"].tolist() == ["40", SMALL_TEXT, SECONDARY_TEXT, "55"]  # next smallest (12) hidden


def test_two_small_cells_need_no_extra_hiding():
    df = pd.DataFrame({"n": [40, 3, 2, 45]}, index=["a", "b", "c", "total"])
    out = suppress_table(df, ["n"], role="leadership", total_row="total")
    assert out["n"].tolist() == ["40", SMALL_TEXT, SMALL_TEXT, "45"]


def test_cross_table_with_totals_leaves_nothing_recoverable():
    df = pd.DataFrame(
        {"theft": [20, 3, 9], "fraud": [7, 11, 6], "violence": [15, 8, 2]},
        index=["Буча", "Ворзель", "Гостомель"],
    )
    flags = suppression_flags(df, list(df.columns))
    hidden = (flags != "").to_numpy()
    assert hidden.sum() >= 4  # two primaries need partners in rows and columns
    per_row = hidden.sum(axis=1)
    per_col = hidden.sum(axis=0)
    assert all(n != 1 for n in per_row) and all(n != 1 for n in per_col)
    assert _recoverable_cells(df.to_numpy(dtype=float), hidden) == []


@pytest.mark.parametrize("seed", range(20))
def test_random_tables_never_reveal_a_small_count(seed):
    rng = np.random.default_rng(seed)
    values = rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 30], size=(4, 3))
    df = pd.DataFrame(values, columns=["a", "b", "c"])
    flags = suppression_flags(df, ["a", "b", "c"])
    hidden = (flags != "").to_numpy()
    small = np.vectorize(is_small)(values)
    assert (hidden | ~small).all()  # every 1–4 is hidden
    recovered = {cell for cell in _recoverable_cells(values.astype(float), hidden) if small[cell]}
    # Only what no suppression can protect while every line sum stays public (a row [0, 0, 1]
    # sums to 1, a row [4, 4, 4] to the largest sum "< 5" allows) may remain recoverable.
    inherent = set(_recoverable_cells(values.astype(float), np.ones_like(hidden)))
    assert recovered <= inherent


def test_a_hidden_total_protects_its_line():
    # Row b = 4 + 4 with a shown total 8 would give both fours away; with the total column in
    # the table, hiding that total protects them.
    df = pd.DataFrame({"x": [10, 4, 14], "y": [8, 4, 12], "total": [18, 8, 26]}, index=["a", "b", "all"])
    flags = suppression_flags(df, ["x", "y", "total"], total_row="all", total_column="total")
    assert flags.loc["b", "x"] == "small" and flags.loc["b", "y"] == "small"
    assert flags.loc["b", "total"] != ""


def test_total_column_and_total_row():
    df = pd.DataFrame({"x": [10, 2, 12], "y": [8, 9, 17], "total": [18, 11, 29]}, index=["a", "b", "all"])
    flags = suppression_flags(df, ["x", "y", "total"], total_row="all", total_column="total")
    # b.x is small; row b: hide b.y; column x: hide a.x; column y: hide a.y ...
    inner = flags.loc[["a", "b"], ["x", "y"]]
    assert inner.loc["b", "x"] == "small"
    for line in itertools.chain(inner.itertuples(index=False), inner.T.itertuples(index=False)):
        assert sum(flag != "" for flag in line) != 1


def test_display_of_missing_and_formatting():
    df = pd.DataFrame({"n": [1200, None, 7, 30]})
    out = suppress_table(df, ["n"], role="partner", fmt=lambda v: "—" if v != v else f"{int(v):,}")
    assert out["n"].tolist() == ["1,200", "—", "7", "30"]


def test_bad_arguments_are_reported():
    df = pd.DataFrame({"n": [1, 2]})
    with pytest.raises(KeyError):
        suppress_table(df, ["m"], role="partner")
    with pytest.raises(KeyError):
        suppress_table(df, ["n"], role="partner", total_row="total")


def test_survey_groups_under_30_are_hidden():
    assert [survey_group_hidden(n) for n in (0, 29, 29.9, 30, 250, None)] == [True, True, True, False, False, True]


def test_a_published_sum_of_weeks_gets_a_second_hidden_week():
    """A 4-week tile of 29 beside a line 10, < 5, 9, 8 gives the hidden week away (29 − 27 = 2):
    one more week of that window is hidden, and no window's sum pins a small week down."""
    from domain.visibility import SMALL, VISIBLE, series_flags

    weeks = [12, 11, 10, 2, 9, 8]
    plain = series_flags(weeks, [])
    assert list(plain).count(VISIBLE) == 5  # only the small week: the tile would give it away
    flags = series_flags(weeks, [(2, 5), (5, 5)])
    assert flags[3] == SMALL and list(flags[2:6]).count(VISIBLE) == 2
    hidden = [w for w, f in zip(weeks, flags, strict=True) if f != VISIBLE]
    assert len(hidden) >= 2 and 2 in hidden


def test_the_weekly_line_is_protected_against_every_fixed_periods_tile():
    from datetime import date, timedelta

    import pandas as pd

    from analytics.series import suppress_trend

    mondays = [date(2024, 11, 25) + timedelta(weeks=k) for k in range(156)]
    counts = [7] * 156
    counts[-3] = 2  # in the last 4 and 13 and 52 weeks, each tile published
    now = pd.DataFrame({"week": mondays[52:], "count": counts[52:]})
    ago = pd.DataFrame({"week": [m + timedelta(weeks=52) for m in mondays[:104]], "count": counts[:104]})
    shown_now, _ = suppress_trend(now, ago, suppress=True)
    last4 = shown_now["count"].iloc[-4:]
    assert last4.isna().sum() >= 2  # the small week and one more: 28 − 21 no longer gives 2 (tile 23)
    unchanged, _ = suppress_trend(now, ago, suppress=False)
    assert unchanged["count"].iloc[-3] == 2
