"""domain.visibility's closed form for separate sums (one column of counts with a public total) gives
exactly what the linear programmes give: the same cells pinned down, so the same cells hidden."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import domain.visibility as visibility
from domain.visibility import SMALL_COUNT_LIMIT, suppression_flags


def _random_sums(rng: random.Random):
    """Unknowns in 1–3 separate plain sums; small ones bounded 1–4, the others >= 0; right-hand sides
    from true values (as a real table's totals are), sometimes off by a little (no solution)."""
    n = rng.randint(1, 9)
    bounds = [(1, SMALL_COUNT_LIMIT - 1) if rng.random() < 0.6 else (0, None) for _ in range(n)]
    truth = [rng.randint(lo, 4) if hi else rng.choice([0, 1, 5, 9, 30]) for lo, hi in bounds]
    lines = rng.randint(1, 3)
    member = [rng.randrange(lines + 1) for _ in range(n)]  # lines + 1 = in no sum
    a_eq, b_eq = [], []
    for line in range(lines):
        row = [1.0 if member[k] == line else 0.0 for k in range(n)]
        if any(row):
            a_eq.append(row)
            b_eq.append(sum(truth[k] for k in range(n) if member[k] == line) + (rng.choice([0, 0, 0, -1, 3])))
    targets = [k for k in range(n) if bounds[k][1] is not None]
    return a_eq, b_eq, bounds, targets


@pytest.mark.parametrize("seed", range(300))
def test_closed_form_pins_the_same_unknowns_as_the_linear_programmes(seed):
    a_eq, b_eq, bounds, targets = _random_sums(random.Random(seed))
    if not a_eq:
        return
    fast = visibility._pinned_in_separate_sums(a_eq, b_eq, bounds, targets)
    assert fast is not None
    assert sorted(fast) == sorted(visibility._pinned_by_linear_programmes(a_eq, b_eq, bounds, targets))


def test_shared_unknowns_or_a_hidden_total_go_to_the_linear_programmes():
    bounds = [(1, 4), (1, 4), (0, None)]
    assert visibility._pinned_in_separate_sums([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]], [3.0, 8.0], bounds, [0, 1]) is None
    assert visibility._pinned_in_separate_sums([[1.0, 1.0, -1.0]], [0.0], bounds, [0, 1]) is None


def test_two_small_counts_summing_to_two_are_both_given_away():
    # 1 + 1 = 2: each must be 1, so each is pinned down (the rule then hides one more cell beside them)
    assert sorted(visibility._pinned_in_separate_sums([[1.0, 1.0]], [2.0], [(1, 4), (1, 4)], [0, 1])) == [0, 1]


@pytest.mark.parametrize("seed", range(40))
def test_whole_tables_hide_the_same_cells_either_way(seed, monkeypatch):
    rng = random.Random(seed)
    column = pd.DataFrame({"count": [rng.choice([0, 1, 2, 3, 4, 5, 7, 12, 40]) for _ in range(rng.randint(2, 30))]})
    fast = suppression_flags(column, ["count"])
    monkeypatch.setattr(visibility, "_pinned_in_separate_sums", lambda *args: None)
    slow = suppression_flags(column, ["count"])
    assert list(fast["count"]) == list(slow["count"])
