"""Rates per 10,000 residents: the one place where a count is divided by a population."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

PER = 10_000


def _valid_population(population) -> bool:
    if population is None:
        return False
    try:
        value = float(population)
    except (TypeError, ValueError):
        return False
    return math.isfinite(value) and value > 0


def rate_per_10k(count, population):
    """``count`` per 10,000 residents of ``population``.

    Scalars give a float; pandas Series / numpy arrays give the same shape element-wise.
    The result is NaN where the population is missing, zero, negative or not a number (a rate
    is never invented), and where the count itself is missing.
    """
    if isinstance(count, pd.Series | np.ndarray) or isinstance(population, pd.Series | np.ndarray):
        c = pd.to_numeric(pd.Series(count) if not isinstance(count, pd.Series) else count, errors="coerce")
        p = pd.to_numeric(pd.Series(population) if not isinstance(population, pd.Series) else population,
                          errors="coerce")
        if isinstance(count, pd.Series):
            p.index = c.index
        elif isinstance(population, pd.Series):
            c.index = p.index
        c = c.astype(float)
        p = p.astype(float).where(p > 0)
        return c * PER / p
    if not _valid_population(population) or count is None:
        return math.nan
    try:
        c = float(count)
    except (TypeError, ValueError):
        return math.nan
    return c * PER / float(population) if math.isfinite(c) else math.nan


def settlement_rates(counts: pd.DataFrame, *, suppress: bool, fmt=str, small_limit: int = 5) -> pd.DataFrame:
    """Per-settlement figures for the map and its table, from ``count``, ``prev_count`` and
    ``population`` columns (data_access.incident_geo.settlement_counts).

    Adds: ``rate`` (per 10,000; NaN without population, and NaN when the count is hidden),
    ``change_pct`` (ratio against the previous period; NaN when the base is 0 or either count
    is hidden), ``small`` (True for a count of 1–4 hidden from this role), ``display_count``
    ("< 5" or ``fmt(count)``), ``rate_note`` ("no_population", "small" or "").
    """
    out = counts.copy()
    count = pd.to_numeric(out["count"], errors="coerce").fillna(0).astype(int)
    prev = pd.to_numeric(out["prev_count"], errors="coerce").fillna(0).astype(int)
    small_now = count.between(1, small_limit - 1) if suppress else pd.Series(False, index=out.index)
    small_prev = prev.between(1, small_limit - 1) if suppress else pd.Series(False, index=out.index)
    rate = rate_per_10k(count, out["population"])
    out["rate"] = rate.where(~small_now)
    change = (count - prev) / prev.where(prev > 0)
    out["change_pct"] = change.where(~(small_now | small_prev)).astype(float)
    out["small"] = small_now
    out["display_count"] = [f"< {small_limit}" if s else fmt(int(c)) for c, s in zip(count, small_now, strict=True)]
    no_pop = rate_per_10k(pd.Series(1, index=out.index), out["population"]).isna()
    out["rate_note"] = np.where(small_now, "small", np.where(no_pop, "no_population", ""))
    return out


def cells_for_role(cells: pd.DataFrame, *, suppress: bool, fmt=str, small_limit: int = 5) -> pd.DataFrame:
    """Grid cells (cell_row, cell_col, count) as a role may see them: ``display_count`` is
    "< 5" for 1–4 when ``suppress``, else ``fmt(count)`` (the cell is still drawn, in its own "< 5" class)."""
    out = cells.copy()
    count = pd.to_numeric(out["count"], errors="coerce").fillna(0).astype(int)
    small = count.between(1, small_limit - 1) if suppress else pd.Series(False, index=out.index)
    out["display_count"] = [f"< {small_limit}" if s else fmt(int(c)) for c, s in zip(count, small, strict=True)]
    return out
