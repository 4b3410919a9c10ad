"""Rates per 10,000 residents: the one place where a count is divided by a population."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from domain.visibility import SECONDARY, SMALL, VISIBLE, shown_texts, suppression_flags

PER = 10_000
HIDDEN_WEIGHT = 2.5  # heat weight of a hidden cell: the middle of 1–4


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


def settlement_rates(counts: pd.DataFrame, *, suppress: bool, fmt=str) -> pd.DataFrame:
    """Per-settlement figures for the map and its table, from ``count``, ``prev_count`` and
    ``population`` columns (data_access.incident_geo.settlement_counts).

    Adds: ``rate`` (per 10,000; NaN without population, and NaN when the count is hidden),
    ``change_pct`` (ratio against the previous period; NaN when the base is 0 or either count
    is hidden), ``hidden`` / ``prev_hidden`` (True when the count is not shown to this role),
    ``display_count`` / ``display_prev`` ("< 5" for 1–4, "…" for a count hidden so that a
    small one cannot be recovered from the totals — domain.visibility.suppression_flags —
    else ``fmt(count)``), ``rate_note`` ("small", "hidden", "no_population" or "").
    """
    out = counts.reset_index(drop=True).copy()
    count = pd.to_numeric(out["count"], errors="coerce").fillna(0).astype(int)
    prev = pd.to_numeric(out["prev_count"], errors="coerce").fillna(0).astype(int)
    out["count"], out["prev_count"] = count, prev
    flags = pd.DataFrame(VISIBLE, index=out.index, columns=["count", "prev_count"])
    if suppress and len(out):
        # Each column's total is public (the period's KPI tile and its change); a settlement's
        # count + previous count is not, so each column is protected on its own.
        for col in flags.columns:
            flags[col] = suppression_flags(out[[col]], [col])[col]
    hidden_now, hidden_prev = flags["count"] != VISIBLE, flags["prev_count"] != VISIBLE
    out["rate"] = rate_per_10k(count, out["population"]).where(~hidden_now)
    change = (count - prev) / prev.where(prev > 0)
    out["change_pct"] = change.where(~(hidden_now | hidden_prev)).astype(float)
    out["hidden"], out["prev_hidden"] = hidden_now, hidden_prev
    out["display_count"] = shown_texts(count, flags["count"], fmt)
    out["display_prev"] = shown_texts(prev, flags["prev_count"], fmt)
    no_pop = rate_per_10k(pd.Series(1, index=out.index), out["population"]).isna()
    out["rate_note"] = np.where(flags["count"] == SMALL, "small",
                                np.where(hidden_now, "hidden", np.where(no_pop, "no_population", "")))
    return out


def cells_for_role(cells: pd.DataFrame, *, suppress: bool, fmt=str) -> pd.DataFrame:
    """Grid cells (cell_row, cell_col, count) as a role may see them.

    Adds ``display_count`` ("< 5" for 1–4; "…" for a cell hidden so that the small ones cannot
    be recovered from the total, which other tiles show; else ``fmt(count)``) and ``weight``
    for the heat layer (the count; a hidden cell weighs 2.5, the middle of 1–4, so the heat
    does not give it away). A "…" cell's ``count`` becomes NaN, so no map colour hints at it.
    """
    out = cells.reset_index(drop=True).copy()
    count = pd.to_numeric(out["count"], errors="coerce").fillna(0).astype(int)
    if suppress and len(out):
        flags = suppression_flags(out.assign(count=count), ["count"])["count"]
    else:
        flags = pd.Series(VISIBLE, index=out.index)
    out["display_count"] = shown_texts(count, flags, fmt)
    out["count"] = count.astype(float).where(flags != SECONDARY)
    out["weight"] = count.astype(float).where(flags == VISIBLE, HIDDEN_WEIGHT)
    return out
