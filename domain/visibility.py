"""Who sees what: the one place for the visibility rules (DESIGN.md "The numbers must be honest").

Every page, chart, map, export and pack asks this module; no other module compares a count with
the limit or a role with a role name (tests/test_layers.py fails on such a check elsewhere).

* Roles: the prosecutor sees every count and exact points; every other role sees counts 1–4 as
  "< 5" (``suppresses_small_counts``) and locations generalised to ~500 m cells or settlements
  (``location_precision``).
* One count at a time (a KPI tile, a tooltip, a chart point): ``is_small``, ``display_count``,
  ``hide_small`` (a series for a chart: 1–4 become gaps), ``is_hidden_text`` (a display text
  that carries no number), ``share_hidden`` and ``median_hidden`` (a share or a median over
  fewer than 5 cases says too much).
* Differencing (a determined visitor subtracts two published figures): outside the prosecutor
  role figures come only from fixed periods of whole ISO weeks (``picks_dates``, ``reporting_day``)
  and whole hromadas or the settlement tables (``picks_settlements``), and "did it help?" only for
  the radius, window and categories planned in advance (``picks_did_choice``); a figure for a
  part of a table whose remainder would be 1–4 is hidden too (``suppression_flags(..., also_hidden=…)``). The model is
  the practice of the Office for National Statistics and police.uk: publish fixed, non-
  overlapping areas and periods, suppress small cells and their complements (docs/privacy.md).
* A whole table: ``suppress_table`` / ``suppression_flags``, with complementary (secondary)
  suppression so that no hidden cell can be recovered from a row or column total.
* Survey groups with an effective (Kish) sample size under 30 are not shown at all
  (``survey_group_hidden``, given n_eff = (Σw)² / Σw²).

How ``suppress_table`` decides (documented rule, tested in tests/unit/test_suppression.py):

1. Primary: every count of 1–4 is hidden and shown as "< 5" (``SMALL_TEXT``).
2. Secondary: the sum of every row (over the count columns) and of every column (over the
   rows) is treated as known — it may be printed as a total, shown as a KPI or added up by a
   reader. A line in which exactly ONE cell is hidden would give that cell away (total minus
   the visible cells), so the next smallest visible cell with a count above zero in that line
   is hidden too and shown as "…" (``SECONDARY_TEXT``: "not published"). Zeros are taken
   only when no such cell exists (hiding a zero still makes the sum ambiguous). This repeats
   until every line has zero or at least two hidden cells.
3. ``total_row`` / ``total_column`` name a row / column that holds totals. Their cells are
   themselves counts (a total of 1–4 is hidden as well) but they take no part in the lines'
   sums; when a line has exactly one hidden cell and no other cell to hide, its total cell is
   hidden instead.
4. Audit: the line rule alone can leave interlocking hidden cells solvable, so the table is
   then attacked as a reader would: a linear programme (scipy) over every line sum, with hidden
   small counts known to be 1–4 and other hidden cells >= 0. Any small count whose minimum
   equals its maximum gets one more neighbour hidden, until none can be pinned down.

Limit: a line sum that is public outside the table and itself gives the cells away (a row
[0, 0, 1] sums to 1; [4, 4, 4] sums to 12 = 3 × 4) cannot be protected by hiding cells; pass
such totals through this function too (``total_row`` / ``total_column``), where they are hidden.

Prosecutors (``suppresses_small_counts(role)`` false) get every count unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd

from domain.roles import allowed, sees_records

SMALL_COUNT_LIMIT = 5
SMALL_TEXT = f"< {SMALL_COUNT_LIMIT}"
SECONDARY_TEXT = "…"

# How a cell is shown: visible; a small count ("< 5"); hidden so that a small one cannot be
# recovered from a total ("…"); derived from a hidden count (a change, a flag, a rate, a mean).
VISIBLE, SMALL, SECONDARY, DERIVED = "", "small", "secondary", "derived"
HIDDEN_TEXTS = {SMALL: SMALL_TEXT, SECONDARY: SECONDARY_TEXT}


def suppresses_small_counts(role: str | None) -> bool:
    """Every role but the prosecutor sees counts 1–4 as "< 5" (DESIGN.md)."""
    return not sees_records(role)


def location_precision(role: str | None) -> str:
    """``"point"`` for the prosecutor; ``"cell"`` (a ~500 m grid cell or a settlement) otherwise."""
    return "point" if allowed(role, "exact_points") else "cell"


def picks_settlements(role: str | None) -> bool:
    """Only the prosecutor filters by a set of settlements: for everybody else two sets that differ
    by one settlement ("all" and "all but Ворзель") would give that settlement's small counts away.
    They see whole hromadas, and settlements in the tables that suppress with their totals."""
    return not suppresses_small_counts(role)


def picks_hromada_sets(role: str | None) -> bool:
    """Only the prosecutor chooses several hromadas, a raion or an oblast: for everybody else a raion and the raion
    without one hromada (or the raion and its other hromadas one by one) would give that hromada's small counts
    away, as two sets of settlements would (:func:`picks_settlements`). They see one hromada at a time, and
    hromadas side by side only in the comparison, which suppresses them together."""
    return not suppresses_small_counts(role)


def reporting_day(today: date, role: str | None) -> date:
    """The day "now" figures (open and overdue requests) are taken on: today for the prosecutor;
    for everybody else the Monday that began this ISO week, so that the figures change once a week
    and yesterday's minus today's tells nothing about one request."""
    return today if not suppresses_small_counts(role) else today - timedelta(days=today.weekday())


def picks_dates(role: str | None) -> bool:
    """Only the prosecutor picks any date range: two ranges that differ by a day (or a week) would
    give away what happened on it, however small. Everybody else chooses among fixed periods of
    whole ISO weeks that end with the last complete week (analytics.periods.PRESET_WEEKS)."""
    return not suppresses_small_counts(role)


def picks_count_date(role: str | None) -> bool:
    """Only the prosecutor switches between counting incidents by occurrence and by registration
    (to reconcile with the official reports): the same week counted both ways differs by the
    incidents registered late, a set that is often 1–4. Everybody else sees occurrence dates."""
    return not suppresses_small_counts(role)


def picks_did_choice(role: str | None) -> bool:
    """Only the prosecutor chooses the radius, window and categories of "did it help?": two radii
    (or windows, or category sets) differ by a ring (a week, a category) whose small count their
    difference would give away. Everybody else gets the choice recorded when the activity was
    planned (analytics.did.planned_choice) and nothing else."""
    return not suppresses_small_counts(role)


def is_small(count: float | None) -> bool:
    """A count of 1–4: small enough to point at a person."""
    return count is not None and count == count and 0 < count < SMALL_COUNT_LIMIT


def publicly_listed(count: float | None) -> bool:
    """A count the residents' public report card may show (a request topic in its list, an
    indicator's 13-week count behind a value and a status): 5 or more. A count of 0–4 is not
    named at all — not even as "< 5" — so that adding or removing one request or one incident
    in a small cell changes nothing on the public page (tests/data/test_public_card.py)."""
    return count is not None and count == count and count >= SMALL_COUNT_LIMIT


# Partner activities the public report card lists (public events, docs/privacy.md rule 9): not
# working meetings between officials, not joint patrols or raids (operational, not announced),
# not "other" (unknown what it was). Keys of assets/reference/activity_kinds.csv.
PUBLIC_EVENT_KINDS = ("residents_meeting", "reception_day", "prevention_event", "school_lecture", "safety_audit",
                      "lighting", "cctv", "environment_improvement", "demining_awareness", "training",
                      "media_campaign", "survey")


def small_mask(values) -> pd.Series:
    """True where a count (Series or array) is 1–4."""
    v = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    return (v > 0) & (v < SMALL_COUNT_LIMIT)


def display_count(count: float | None, *, suppress: bool, fmt=str) -> str:
    """The count as shown: "< 5" for 1–4 when ``suppress``, else ``fmt(count)``."""
    if suppress and is_small(count):
        return SMALL_TEXT
    return fmt(count)


def hide_small(values, *, suppress: bool) -> pd.Series:
    """Counts as floats, with 1–4 turned into NaN (a gap in a chart) when ``suppress``."""
    v = pd.to_numeric(values if isinstance(values, pd.Series) else pd.Series(values), errors="coerce").astype(float)
    return v.where(~small_mask(v).to_numpy()) if suppress else v


def share_hidden(part: float | None, whole: float | None, *, suppress: bool) -> bool:
    """A share is a count in disguise: 41 received and "5 % forwarded" is 2 forwarded. It is not
    shown when the cases behind it (``whole``), the ones it counts (``part``) or the ones it does
    not (``whole − part``) number 1–4."""
    if not suppress:
        return False
    rest = None if part is None or whole is None else whole - part
    return is_small(whole) or is_small(part) or is_small(rest)


def median_hidden(n: int | None, *, suppress: bool) -> bool:
    """A median or percentile of fewer than 5 values is nearly a value itself (a median partner
    answer time over 2 answers): not shown."""
    return suppress and (n is None or n < SMALL_COUNT_LIMIT)


def is_hidden_text(text) -> bool:
    """A display text that stands for a hidden count ("< 5", "…"), not a number."""
    return str(text).strip().startswith((SMALL_TEXT[0], SECONDARY_TEXT))


def is_small_text(text) -> bool:
    """The display text of a small count ("< 5")."""
    return str(text).strip() == SMALL_TEXT


def shown_texts(values, flags, fmt) -> list[str]:
    """Each count as shown, from its flag (``suppression_flags``): "< 5", "…" or ``fmt(int(count))``."""
    return [HIDDEN_TEXTS[flag] if flag in HIDDEN_TEXTS else fmt(int(v)) for v, flag in zip(values, flags, strict=True)]


def small_flags(values) -> np.ndarray:
    """``SMALL`` for each count of 1–4, ``VISIBLE`` for the rest (no complementary suppression)."""
    return np.where(small_mask(values).to_numpy(), SMALL, VISIBLE)


def _plain(value) -> str:
    if value is None or value != value:
        return "—"
    return str(int(round(value)))


def suppression_flags(
    df: pd.DataFrame,
    count_columns: Sequence[Hashable],
    *,
    total_row: Hashable | None = None,
    total_column: Hashable | None = None,
    also_hidden: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """For each cell of ``df[count_columns]``: ``""`` (shown), ``"small"`` (a count of 1–4) or
    ``"secondary"`` (hidden so that a small count cannot be recovered from a total).

    ``total_row`` is the index label of a row of column totals, ``total_column`` the name of a
    column of row totals (it must be one of ``count_columns``). ``also_hidden`` (True/False, same
    shape) hides more cells from the start, e.g. a settlement's count whose remainder in the whole
    hromada is 1–4 (:func:`remainder_small`). Same index and columns as ``df[count_columns]``."""
    columns = list(count_columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"count columns not in the table: {missing}")
    if total_column is not None and total_column not in columns:
        raise KeyError(f"total column {total_column!r} must be one of the count columns")
    if total_row is not None and total_row not in df.index:
        raise KeyError(f"total row {total_row!r} is not in the table")
    if not df.index.is_unique:
        raise ValueError("suppress_table needs a table with a unique index")

    values = df[columns].apply(pd.to_numeric, errors="coerce")
    flags = pd.DataFrame(VISIBLE, index=df.index, columns=columns, dtype=object)
    for col in columns:
        flags.loc[values[col].map(is_small).astype(bool), col] = SMALL
    if also_hidden is not None:
        extra = also_hidden.reindex(index=df.index, columns=columns).fillna(False).astype(bool)
        flags = flags.mask(extra & (flags == VISIBLE), SECONDARY)

    inner_rows = [r for r in df.index if r != total_row]
    inner_cols = [c for c in columns if c != total_column]

    # Lines: (cells of the line, the line's total cell or None).
    lines: list[Line] = []
    for r in df.index:  # every row over the inner columns (incl. the total row)
        total_cell = (r, total_column) if total_column is not None else None
        lines.append(([(r, c) for c in inner_cols], total_cell))
    for c in columns:  # every column over the inner rows (incl. the total column)
        total_cell = (total_row, c) if total_row is not None else None
        lines.append(([(r, c) for r in inner_rows], total_cell))

    _protect(flags, values, lines)
    return flags


def series_flags(values: Sequence[float], windows: Sequence[tuple[int, int]]) -> np.ndarray:
    """The flag of each count of a series (weeks, oldest first) whose sums over ``windows`` — (first,
    last) positions, inclusive — are published too, e.g. the KPI tiles of the fixed periods beside
    a weekly chart: 1–4 hidden, plus complementary weeks so that no hidden week follows from a sum."""
    frame = pd.DataFrame({"count": pd.to_numeric(pd.Series(list(values), dtype="float64"), errors="coerce")})
    flags = pd.DataFrame(VISIBLE, index=frame.index, columns=["count"], dtype=object)
    flags.loc[frame["count"].map(is_small).astype(bool), "count"] = SMALL
    n = len(frame)
    lines: list[Line] = [([(i, "count") for i in range(max(a, 0), min(b, n - 1) + 1)], None)
                         for a, b in windows if min(b, n - 1) >= max(a, 0)]
    # A one-week window is that week's own tile, shown unless small: hiding it as a complement hides nothing.
    fixed = frozenset(cells[0] for cells, _ in lines if len(cells) == 1)
    _protect(flags, frame, lines, fixed)
    return flags["count"].to_numpy(dtype=object)


def _protect(flags: pd.DataFrame, values: pd.DataFrame, lines: list[Line], fixed: frozenset = frozenset()) -> None:
    """Complementary suppression over ``lines`` (cells whose sum is public): no line keeps exactly one
    hidden cell, then an attacker's audit (a linear programme over every line sum) hides one more
    cell next to any small count that can still be pinned down, until none can."""
    _hide_single_cells(flags, values, lines, fixed)
    for _ in range(flags.size):
        exposed = _exposed_small_cells(flags, values, lines)
        if not exposed:
            break
        if not _hide_next_to(exposed[0], flags, values, lines, fixed):
            break
        _hide_single_cells(flags, values, lines, fixed)


Cell = tuple[Hashable, Hashable]
Line = tuple[list[Cell], Cell | None]


def _pick(cells: list[Cell], flags: pd.DataFrame, values: pd.DataFrame, fixed: frozenset = frozenset()) -> Cell | None:
    """The smallest visible cell with a count above zero, else the smallest visible zero."""
    visible = [cell for cell in cells
               if flags.at[cell] == VISIBLE and values.at[cell] == values.at[cell] and cell not in fixed]
    positive = [cell for cell in visible if values.at[cell] > 0]
    candidates = positive or visible
    return min(candidates, key=lambda cell: (values.at[cell], str(cell))) if candidates else None


def _hide_single_cells(flags: pd.DataFrame, values: pd.DataFrame, lines: list[Line],
                       fixed: frozenset = frozenset()) -> None:
    """Rule 2: no line may keep exactly one hidden cell."""
    changed = True
    while changed:
        changed = False
        for cells, total_cell in lines:
            if len(cells) < 2:
                continue
            hidden = [cell for cell in cells if flags.at[cell] != VISIBLE]
            if len(hidden) != 1:
                continue
            pick = _pick(cells, flags, values, fixed)
            if pick is None and total_cell is not None and flags.at[total_cell] == VISIBLE:
                pick = total_cell
            if pick is None:
                continue
            flags.at[pick] = SECONDARY
            changed = True


def _exposed_small_cells(flags: pd.DataFrame, values: pd.DataFrame, lines: list[Line]) -> list[Cell]:
    """Hidden counts of 1–4 whose exact value follows from the visible cells and line sums.

    Unknowns: the hidden cells (a small one is known to be 1–4, any other >= 0). A line's sum is
    known when its total cell is visible, or when the table has no total cell for it (it may be
    shown elsewhere); a hidden total cell is one more unknown. Each cell is minimised and
    maximised; equal bounds mean the cell is given away."""
    hidden = [(r, c) for c in flags.columns for r in flags.index if flags.at[r, c] != VISIBLE]
    small = [cell for cell in hidden if flags.at[cell] == SMALL]
    if not small:
        return []
    position = {cell: k for k, cell in enumerate(hidden)}
    a_eq, b_eq = [], []
    for cells, total_cell in lines:
        if len(cells) < 2:
            continue
        row = [0.0] * len(hidden)
        rhs = 0.0
        for cell in cells:
            value = values.at[cell]
            if cell in position:
                row[position[cell]] += 1.0
            elif value == value:
                rhs -= float(value)
        if total_cell is not None and total_cell in position:
            row[position[total_cell]] -= 1.0
        else:
            line_values = [values.at[cell] for cell in cells]
            if any(v != v for v in line_values):
                continue  # a missing value: this sum tells nothing
            rhs += float(sum(line_values))
        if any(row):
            a_eq.append(row)
            b_eq.append(rhs)
    if not a_eq:
        return []
    bounds = [(1, SMALL_COUNT_LIMIT - 1) if flags.at[cell] == SMALL else (0, None) for cell in hidden]
    targets = [position[cell] for cell in small]
    exposed = _pinned_in_separate_sums(a_eq, b_eq, bounds, targets)
    if exposed is None:
        exposed = _pinned_by_linear_programmes(a_eq, b_eq, bounds, targets)
    return [hidden[k] for k in exposed]


def _pinned_by_linear_programmes(a_eq: list[list[float]], b_eq: list[float], bounds: list[tuple], targets: list[int]
                                 ) -> list[int]:
    """The ``targets`` (unknowns' positions) whose value the equations and bounds fix: each is minimised
    and maximised (two linear programmes); equal bounds mean it is given away."""
    from scipy.optimize import linprog

    exposed = []
    for k in targets:
        objective = [0.0] * len(bounds)
        objective[k] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        objective[k] = -1.0
        high = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if low.status == 0 and high.status == 0 and abs(-high.fun - low.fun) < 0.5:
            exposed.append(k)
    return exposed


def _pinned_in_separate_sums(a_eq: list[list[float]], b_eq: list[float], bounds: list[tuple], targets: list[int]
                             ) -> list[int] | None:
    """The same answer as :func:`_pinned_by_linear_programmes` when every equation is a plain sum (all
    coefficients 1) and no unknown is in two of them — one column of counts whose total is public, the
    commonest table. Then an unknown's range is exact: ``x`` in a sum ``x + rest = b`` lies between
    ``max(lo, b - rest's highest)`` and ``min(hi, b - rest's lowest)``. None when the equations share an
    unknown or hold another coefficient (the linear programmes decide then). Thousands of grid cells of an
    oblast took ~50 s as linear programmes (benchmarks, issue 23)."""
    line_of: dict[int, int] = {}
    for n, row in enumerate(a_eq):
        for k, coefficient in enumerate(row):
            if coefficient == 0:
                continue
            if coefficient != 1.0 or k in line_of:
                return None
            line_of[k] = n
    low_sum = [0.0] * len(a_eq)
    high_sum = [0.0] * len(a_eq)  # of the finite upper bounds
    unbounded = [0] * len(a_eq)  # unknowns with no upper bound
    for k, n in line_of.items():
        lo, hi = bounds[k]
        low_sum[n] += lo
        if hi is None:
            unbounded[n] += 1
        else:
            high_sum[n] += hi
    if any(low_sum[n] > b_eq[n] or (not unbounded[n] and high_sum[n] < b_eq[n]) for n in range(len(a_eq))):
        return []  # no solution at all: the linear programmes fail and nothing is pinned
    exposed = []
    for k in targets:
        if k not in line_of:
            continue  # in no sum: anywhere between its bounds
        n = line_of[k]
        lo, hi = bounds[k]
        others_unbounded = unbounded[n] - (hi is None)
        others_high = math.inf if others_unbounded else high_sum[n] - (hi or 0)
        least = max(lo, b_eq[n] - others_high)
        most = min(math.inf if hi is None else hi, b_eq[n] - (low_sum[n] - lo))
        if most - least < 0.5:
            exposed.append(k)
    return exposed


def _hide_next_to(cell: Cell, flags: pd.DataFrame, values: pd.DataFrame, lines: list[Line],
                  fixed: frozenset = frozenset()) -> bool:
    """Hide one more cell in a line through ``cell`` (row first); False when none is left."""
    for cells, _total in lines:
        if cell in cells and len(cells) >= 2:
            pick = _pick(cells, flags, values, fixed)
            if pick is not None:
                flags.at[pick] = SECONDARY
                return True
    everything = [c for cells, _t in lines for c in cells]
    pick = _pick(everything, flags, values, fixed)
    if pick is None:
        return False
    flags.at[pick] = SECONDARY
    return True


def suppress_table(
    df: pd.DataFrame,
    count_columns: Sequence[Hashable],
    *,
    role: str,
    total_row: Hashable | None = None,
    total_column: Hashable | None = None,
    fmt: Callable[[float], str] | None = None,
) -> pd.DataFrame:
    """``df`` with ``count_columns`` turned into display strings for ``role``.

    For the prosecutor every count is ``fmt(count)``. For every other role counts of 1–4 read
    "< 5" and, where a total would give a hidden count away, one more cell reads "…" (rule in
    the module docstring). Other columns are returned unchanged. ``fmt`` formats a visible
    count (e.g. ``lambda v: fmt_int(v, lang)``); missing values read "—" by default.

    Use ``suppression_flags`` for the underlying mask (e.g. to grey cells or to hide map cells).
    """
    fmt = fmt or _plain
    out = df.copy()
    columns = list(count_columns)
    if not suppresses_small_counts(role):
        for col in columns:
            out[col] = [fmt(v) for v in df[col]]
        return out
    flags = suppression_flags(df, columns, total_row=total_row, total_column=total_column)
    for col in columns:
        out[col] = [HIDDEN_TEXTS.get(flag) or fmt(value) for value, flag in zip(df[col], flags[col], strict=True)]
    return out


def remainder_small(part: pd.Series, whole: pd.Series) -> pd.Series:
    """True where ``whole − part`` is 1–4: a part (a settlement) whose count subtracted from the
    whole (the hromada, published elsewhere) would give away a small count of the rest."""
    rest = pd.to_numeric(whole, errors="coerce").reindex(part.index).fillna(0) - pd.to_numeric(part, errors="coerce")
    return small_mask(rest).set_axis(part.index)


def flags_in_total(values, *, suppress: bool) -> np.ndarray:
    """The flag of each entry of a set of counts (any shape) whose grand total is public: "small"
    for 1–4 and "secondary" for complementary cells, so that none of the small ones can be
    recovered from the total; all visible when not ``suppress``."""
    shape = np.shape(values)
    flat = pd.DataFrame({"count": np.asarray(values, dtype=float).ravel()})
    if not suppress or flat.empty:
        return np.full(shape, VISIBLE, dtype=object)
    return suppression_flags(flat, ["count"])["count"].to_numpy(dtype=object).reshape(shape)


MIN_SURVEY_GROUP = 30


def survey_group_hidden(n: float | None) -> bool:
    """A survey group whose effective sample size ``n`` (Kish's n_eff = (Σw)² / Σw², DESIGN.md)
    is under 30 is not shown at all."""
    return n is None or n != n or n < MIN_SURVEY_GROUP
