"""The weekly review flags on simulated data, with more reviews than the test suite runs:
``python -m benchmarks.flag_simulation`` prints the false-alarm rates and the detection rates of
docs/flags.md (same simulation as tests/unit/test_flag_simulation.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.unit.test_flag_simulation import (  # noqa: E402
    USUAL,
    YEAR_START,
    _history,
    _old_rule_flags,
    _review,
)


def noise(reviews: int, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    week = ytd = either = old = 0
    for _ in range(reviews):
        counts = _history(rng, USUAL, rng.uniform(1.5, 2.0, len(USUAL)))
        w = int(rng.integers(1, 53))
        tests = _review(counts, w)
        fw, fy = any(tests["flag_week"]), any(tests["flag_ytd"])
        week, ytd, either, old = week + fw, ytd + fy, either + (fw or fy), old + _old_rule_flags(counts, w)
    return {"week": week / reviews, "ytd": ytd / reviews, "any": either / reviews, "old_rule_week": old / reviews}


def spike(reviews: int, seed: int, row: int, usual: float) -> float:
    rng = np.random.default_rng(seed)
    means, found = USUAL.copy(), 0
    means[row] = usual
    for _ in range(reviews):
        counts = _history(rng, means, rng.uniform(1.5, 2.0, len(means)))
        w = int(rng.integers(1, 53))
        counts[row, YEAR_START + w - 1] = round(4 * usual)
        found += _review(counts, w)["flag_week"][row]
    return found / reviews


def ytd_rise(reviews: int, seed: int, row: int, usual: float) -> float:
    rng = np.random.default_rng(seed)
    means, found = USUAL.copy(), 0
    means[row] = usual
    for _ in range(reviews):
        phi = rng.uniform(1.5, 2.0, len(means))
        counts = _history(rng, means, phi)
        raised = usual * 1.4
        size = raised / (phi[row] - 1)
        counts[row, YEAR_START:] = rng.negative_binomial(size, size / (size + raised), size=52)
        found += _review(counts, int(rng.integers(40, 53)))["flag_ytd"][row]
    return found / reviews


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print("noise", n, noise(n, 1), flush=True)
    for usual in (2, 3, 4, 5, 6, 8, 10):
        print("week x4, usual", usual, spike(n // 4, 2, 15, usual), flush=True)
    for usual in (4, 6, 8, 10, 15):
        print("ytd +40%, usual", usual, ytd_rise(n // 4, 3, 15, usual), flush=True)
