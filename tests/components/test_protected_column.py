"""components.request_tables.protected_column shows what domain.visibility.suppress_table shows for a column
whose sum is public (its flags come from a cache), for every role."""

import pandas as pd
import pytest

from components.request_tables import protected_column
from domain.roles import Role
from domain.visibility import suppress_table


def _fmt(value) -> str:
    return f"n={int(value)}"


@pytest.mark.parametrize("role", [Role.PROSECUTOR, Role.PARTNER, Role.LEADERSHIP, Role.PUBLIC])
@pytest.mark.parametrize("counts", [
    [12, 3, 40, 7],  # one small count: a second cell hidden, or the sum gives the 3 away
    [2, 3, 9, 11, 30],  # two small ones hide each other
    [0, 1, 0, 25],
    [50, 60, 70],  # nothing small
])
def test_same_texts_as_suppress_table(role, counts):
    column = pd.Series(counts, index=[f"r{i}" for i in range(len(counts))], name="requests")
    expected = suppress_table(column.to_frame(), ["requests"], role=role, fmt=_fmt)["requests"]
    shown = protected_column(column, role=role, fmt=_fmt)
    assert list(shown) == list(expected)
    assert list(shown.index) == list(column.index)
    if role == Role.PARTNER and 3 in counts:
        assert "< 5" in list(shown) and "n=3" not in list(shown)


def test_a_second_table_with_other_counts_is_not_served_the_first_ones_flags():
    first = protected_column(pd.Series([12, 3, 40, 7], name="c"), role=Role.PARTNER, fmt=_fmt)
    second = protected_column(pd.Series([12, 30, 40, 7], name="c"), role=Role.PARTNER, fmt=_fmt)
    assert "< 5" in list(first)
    assert list(second) == ["n=12", "n=30", "n=40", "n=7"]
