"""Import date parsing reads each distinct text once and spreads the result over its rows: every row gets
exactly what reading the whole column text by text gives (the accepted formats and precisions unchanged)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data_access.importing.parse import _parse_distinct, parse_dates

TEXTS = [
    "17.12.2024 23:10", "17.12.2024 23:10:05", "17.12.2024", "1.2.2024", " 5.06.2024 ", "17.12.24", "17.12.24 08:05",
    "2024-12-17", "2024-12-17 14:00", "2024-12-17T14:00", "2024-12-17 14:00:59", "2024-12-17T14:00:59",
    "17/12/2024", "17/12/2024 10:00", "2024-12-17T14:00:00+02:00", "2024-12-17 14:00Z", "2024-06-01T10:00:00+0100",
    "2024-12", "12.2024", "12/2024", "2024", "1999", "2024-13", "13.2024",
    "45658", "45658,5", "45658.25", "0,5", "100001", "1",
    "", "  ", "32.13.2024", "29.02.2023", "29.02.2024", "31.04.2024", "2024-02-30", "вчора", "17.12.2024 25:00",
    "26.10.2025 03:30", "30.03.2025 03:30", "2024-10-27 01:30", "31.03.2024 01:30", "17.12.2024 23:10 ", "nan",
]


def _frame(seed: int, n: int = 3000) -> pd.Series:
    """``n`` cells drawn from TEXTS (most repeated, as exports repeat dates), a few missing, on a shuffled index."""
    rng = np.random.default_rng(seed)
    cells = pd.Series(rng.choice(np.array(TEXTS, dtype=object), size=n), dtype=object)
    cells[rng.random(n) < 0.02] = None
    return pd.Series(cells.to_numpy(), index=rng.permutation(n) + 1000, dtype="str")


@pytest.mark.parametrize("coarse", [False, True])
@pytest.mark.parametrize("timezone", ["Europe/Kyiv", "Europe/London"])
@pytest.mark.parametrize("seed", [1, 2])
def test_each_row_gets_what_reading_the_column_text_by_text_gives(coarse, timezone, seed):
    cells = _frame(seed)
    got = parse_dates(cells, coarse=coarse, timezone=timezone)
    expected = _parse_distinct(cells.astype(str).str.strip(), coarse=coarse, timezone=timezone)
    for name in ("at", "bad", "precision", "time_known"):
        a, b = getattr(got, name), getattr(expected, name)
        assert a.index.equals(cells.index), name
        assert a.dtype == b.dtype, name
        pd.testing.assert_series_equal(a, b, check_names=False, obj=name)
        assert [type(v) for v in a] == [type(v) for v in b], name  # None stays None, NaN NaN
    # the comparison covers what it claims to: every kind of result occurs
    assert set(got.precision.dropna()) == ({"day", "month", "year"} if coarse else {"day"})
    assert got.bad.any() and got.time_known.any() and (~got.time_known & got.at.notna()).any()


def test_the_formats_give_what_they_gave():
    got = parse_dates(pd.Series(["2024-12", "12.2024", "12/2024", "2024", "32.13.2024", "45658", "17.12.24 08:05",
                                 "2024-12-17T14:00:00+02:00", "2024-12"]), coarse=True)
    assert got.precision.fillna("-").tolist() == ["month", "month", "month", "year", "-", "day", "day", "day", "month"]
    assert got.at.tolist()[:4] == [pd.Timestamp("2024-12-01"), pd.Timestamp("2024-12-01"), pd.Timestamp("2024-12-01"),
                                   pd.Timestamp("2024-01-01")]
    assert got.at.iloc[5] == pd.Timestamp("2025-01-01") and got.at.iloc[6] == pd.Timestamp("2024-12-17 08:05")
    assert got.at.iloc[7] == pd.Timestamp("2024-12-17 14:00") and got.at.iloc[8] == pd.Timestamp("2024-12-01")
    assert got.bad.tolist() == [False, False, False, False, True, False, False, False, False]
    assert got.time_known.tolist() == [False, False, False, False, False, False, True, True, False]
