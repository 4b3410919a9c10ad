"""The weekly review table (CompStat-style): this week against the weeks before, last year and
year to date, with flags for changes unlikely to be noise (analytics.flags, docs/flags.md).

One computation for the page, the CLI export and the meeting pack: :func:`weekly_review`.

Periods of a review week (ISO week, Monday ``week_monday`` to Sunday, Europe/Kyiv dates):

* ``this_week`` — the review week; ``previous_week`` — the ISO week before it;
* ``avg_4_weeks`` — the mean of the 4 ISO weeks before the review week (``sum_4_weeks`` / 4);
* ``same_week_last_year`` — the ISO week with the same number in the previous ISO year; for
  week 53 (which most years lack) week 52 of the previous ISO year is used;
* ``ytd`` — 1 January of the year of the review week's Sunday through that Sunday (24:00);
  ``ytd_last_year`` — the same calendar span one year earlier (a span ending on 29 February
  ends on 28 February a year earlier).

Flags (analytics.flags, docs/flags.md): ``p_week`` tests ``this_week`` against ``sum_4_weeks``
(1 week against 4), ``p_ytd`` tests ``ytd`` against ``ytd_last_year`` (weighted by their lengths in
days), each two-sided and widened by the row's dispersion ``phi`` (week-to-week variance over the
mean of its weekly counts in the 52 ISO weeks before the review week, with an allowance for
estimating it, at least 1; with ``phi`` = 1 the test is the exact binomial one). ``q_week`` / ``q_ytd`` are Benjamini–Hochberg adjusted across the rows of
the table (total included); ``flag_week`` / ``flag_ytd`` mean q < 0.05. Percent changes are empty
(None) where the base is 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.flags import HISTORY_WEEKS, dispersion, review_flags
from analytics.periods import Period
from analytics.rates import rate_per_10k
from domain.visibility import DERIVED, SECONDARY, VISIBLE, small_mask, suppresses_small_counts, suppression_flags

TOTAL_KEY = "all"
PCT_DIGITS = 1  # percent changes are rounded here, once, for the page and the CSV alike
RATE_DIGITS = 2  # rates per 10,000 residents, likewise

COUNT_COLUMNS = ("this_week", "previous_week", "sum_4_weeks", "same_week_last_year", "ytd", "ytd_last_year")
EXPORT_COLUMNS = (
    "category", "this_week", "previous_week", "avg_4_weeks", "same_week_last_year", "ytd", "ytd_last_year",
    "change_vs_previous_pct", "change_vs_ytd_last_year_pct", "flag_week", "flag_ytd",
    "p_week", "q_week", "p_ytd", "q_ytd",
)
# Which count columns each derived column is computed from (a derived cell is hidden with them).
DERIVED_FROM = {
    "avg_4_weeks": ("sum_4_weeks",),
    "change_vs_previous_pct": ("this_week", "previous_week"),
    "change_vs_ytd_last_year_pct": ("ytd", "ytd_last_year"),
    "flag_week": ("this_week", "sum_4_weeks"),
    "flag_ytd": ("ytd", "ytd_last_year"),
    "direction_week": ("this_week", "sum_4_weeks"),
    "direction_ytd": ("ytd", "ytd_last_year"),
    "p_week": ("this_week", "sum_4_weeks"),
    "p_ytd": ("ytd", "ytd_last_year"),
    "q_week": ("this_week", "sum_4_weeks"),
    "q_ytd": ("ytd", "ytd_last_year"),
    "phi": ("this_week", "sum_4_weeks", "ytd", "ytd_last_year"),
}


def _minus_one_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February -> 28 February
        return day.replace(year=day.year - 1, day=28)


def same_week_last_year(week_monday: date) -> date:
    """Monday of the ISO week with the same number in the previous ISO year (53 -> 52)."""
    iso_year, iso_week, _ = week_monday.isocalendar()
    try:
        return date.fromisocalendar(iso_year - 1, iso_week, 1)
    except ValueError:  # week 53 in a year after one with 52 weeks
        return date.fromisocalendar(iso_year - 1, 52, 1)


@dataclass(frozen=True)
class ReviewPeriods:
    """The date spans (inclusive Kyiv dates) behind every column of the review table."""

    this_week: Period
    previous_week: Period
    four_weeks: Period
    same_week_last_year: Period
    ytd: Period
    ytd_last_year: Period

    @property
    def history(self) -> Period:
        """The 52 ISO weeks before the review week: each row's dispersion is measured over them."""
        return Period(self.this_week.start - timedelta(weeks=HISTORY_WEEKS), self.this_week.start - timedelta(days=1))

    @property
    def span(self) -> Period:
        """Everything the table needs, for one query."""
        spans = (self.this_week, self.previous_week, self.four_weeks, self.same_week_last_year, self.ytd,
                 self.ytd_last_year, self.history)
        return Period(min(p.start for p in spans), max(p.end for p in spans))

    def by_column(self) -> dict[str, Period]:
        """Column name -> its period (for the drill-down)."""
        return {
            "this_week": self.this_week, "previous_week": self.previous_week, "sum_4_weeks": self.four_weeks,
            "same_week_last_year": self.same_week_last_year, "ytd": self.ytd, "ytd_last_year": self.ytd_last_year,
        }


def review_periods(week_monday: date) -> ReviewPeriods:
    """The periods of the review week starting ``week_monday`` (must be a Monday)."""
    if week_monday.weekday() != 0:
        raise ValueError(f"not a Monday: {week_monday}")
    sunday = week_monday + timedelta(days=6)
    last_year = same_week_last_year(week_monday)
    ytd_start = date(sunday.year, 1, 1)
    return ReviewPeriods(
        this_week=Period(week_monday, sunday),
        previous_week=Period(week_monday - timedelta(days=7), week_monday - timedelta(days=1)),
        four_weeks=Period(week_monday - timedelta(days=28), week_monday - timedelta(days=1)),
        same_week_last_year=Period(last_year, last_year + timedelta(days=6)),
        ytd=Period(ytd_start, sunday),
        ytd_last_year=Period(date(sunday.year - 1, 1, 1), _minus_one_year(sunday)),
    )


def pct_change(current: float, base: float) -> float | None:
    """Percent change rounded to PCT_DIGITS, or None where the base is 0 (never ∞)."""
    if base is None or base == 0 or base != base or current is None or current != current:
        return None
    return round((current - base) / base * 100, PCT_DIGITS)


def _direction(current: float, expected: float) -> int:
    return int(np.sign(current - expected))


OCCUPATION_COLUMNS = ("this_week", "previous_week", "sum_4_weeks", "same_week_last_year", "ytd", "ytd_last_year",
                      "history")


def occupation_touches(periods: ReviewPeriods, occupied) -> tuple[str, ...]:
    """The comparisons of a review that touch a period of occupation (``occupied``: (start, end)
    inclusive dates, data_access.reference.occupation_periods): names from OCCUPATION_COLUMNS
    (``history`` = the 52 weeks the spread is measured over)."""
    spans = {**periods.by_column(), "history": periods.history}
    return tuple(c for c in OCCUPATION_COLUMNS
                 if any(spans[c].start <= end and start <= spans[c].end for start, end in occupied))


def weekly_review(counts: pd.DataFrame, week_monday: date, *, key_col: str = "category",
                  keys: list | None = None, total_key: str | None = TOTAL_KEY, occupied=()) -> pd.DataFrame:
    """The review table for the ISO week starting ``week_monday``.

    ``counts`` holds daily (or weekly, dated by Monday — enough for the week columns, not for
    year to date) counts: columns ``day`` (date), ``key_col`` and ``count``. ``keys`` lists the
    rows to show even with no counts, in order (default: the keys present, sorted); rows of
    ``counts`` whose key is not in ``keys`` still count towards the total and get a row, so
    nothing is dropped silently. ``total_key`` adds the total row last (None: no total row).

    Columns: ``key_col``, this_week, previous_week, sum_4_weeks, avg_4_weeks,
    same_week_last_year, ytd, ytd_last_year, change_vs_previous_pct,
    change_vs_ytd_last_year_pct (None where the base is 0), p_week, p_ytd (None without counts),
    q_week, q_ytd (Benjamini–Hochberg across the rows; None without counts), flag_week, flag_ytd
    (bool: q < 0.05), direction_week, direction_ytd (+1 up, −1 down, 0 same), phi (the row's
    dispersion over the 52 weeks before; ``counts`` must cover them — :attr:`ReviewPeriods.span`
    does), is_total.

    ``occupied``: periods of occupation of the hromada ((start, end) dates). Weeks of the 52 that
    overlap one are left out of the spread; when the year to date or last year's touches one, the
    year-to-date comparison is not tested (p_ytd, q_ytd None; flag_ytd False): counts under occupation
    and their late registration are not comparable with an ordinary year.
    """
    periods = review_periods(week_monday)
    frame = counts.copy()
    if frame.empty:
        frame = pd.DataFrame({"day": pd.Series(dtype="object"), key_col: pd.Series(dtype="object"),
                              "count": pd.Series(dtype="int64")})
    if frame[key_col].isna().any():
        raise ValueError(f"{key_col} has missing keys: give them a key of their own (nothing is dropped)")
    days = pd.to_datetime(frame["day"]).dt.date
    present = [k for k in frame[key_col].dropna().unique().tolist()]
    order = list(keys) if keys is not None else sorted(present, key=str)
    order += sorted((k for k in present if k not in order), key=str)
    rows = []
    for column, period in periods.by_column().items():
        inside = (days >= period.start) & (days <= period.end)
        sums = frame[inside].groupby(key_col)["count"].sum()
        rows.append(sums.rename(column))
    table = pd.concat(rows, axis=1).reindex(order).fillna(0).astype("int64") if order else pd.DataFrame(
        columns=list(COUNT_COLUMNS), dtype="int64")
    for column in COUNT_COLUMNS:
        if column not in table.columns:
            table[column] = 0
    table = table[list(COUNT_COLUMNS)]
    table.index.name = key_col
    table = table.reset_index()
    table["is_total"] = False
    if total_key is not None:
        total = {key_col: total_key, **{c: int(table[c].sum()) for c in COUNT_COLUMNS}, "is_total": True}
        table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    keys_of_rows = [None if t else k for k, t in zip(table[key_col], table["is_total"], strict=True)]
    for column, parts in _parts(periods).items():
        table[f"{column}{PART_SMALL}"] = _has_small_part(frame, days, key_col, keys_of_rows, parts)
    history = _weekly_history(frame, days, key_col, keys_of_rows, periods.history, occupied)
    table["phi"] = [dispersion(weeks) for weeks in history]
    touched = occupation_touches(periods, occupied)
    return _with_derived(table, week_monday, ytd_tested=not {"ytd", "ytd_last_year"} & set(touched))


def _weekly_history(frame: pd.DataFrame, days: pd.Series, key_col: str, rows: list, history: Period,
                    occupied=()) -> list[np.ndarray]:
    """For each row (a key, or None for the total), its weekly counts over ``history`` (0 for a week
    without counts, NaN for a week that overlaps a period of ``occupied``)."""
    weeks = (history.end - history.start).days // 7 + 1
    mondays = [history.start + timedelta(weeks=k) for k in range(weeks)]
    left_out = [k for k, m in enumerate(mondays)
                if any(m <= end and start <= m + timedelta(days=6) for start, end in occupied)]
    inside = (days >= history.start) & (days <= history.end)
    week_no = pd.Series([(d - history.start).days // 7 for d in days[inside]], index=days[inside].index, dtype="int64")
    by_key = frame[inside].groupby([frame.loc[inside, key_col], week_no])["count"].sum()
    out = []
    for key in rows:
        series = np.zeros(weeks)
        part = by_key if key is None else (by_key.xs(key, level=0) if key in by_key.index.get_level_values(0) else None)
        if part is not None and len(part):
            sums = part.groupby(level=-1).sum()
            series[sums.index.to_numpy(dtype="int64")] = sums.to_numpy(dtype="float64")
        series[left_out] = np.nan
        out.append(series)
    return out


PART_SMALL = "__part_small"  # column suffix: a week inside this figure was 1–4 (analytics.review.suppress_review)


def _parts(periods: ReviewPeriods) -> dict[str, list[Period]]:
    """The spans a multi-week column is made of, as a reader could tell them apart by comparing the
    tables of consecutive review weeks: the four weeks of ``sum_4_weeks``; for ``ytd`` the days from
    1 January to the first Sunday and then each ISO week; for ``ytd_last_year`` the same a year
    earlier."""
    sunday = periods.this_week.end
    four = [Period(periods.four_weeks.start + timedelta(weeks=k), periods.four_weeks.start + timedelta(weeks=k, days=6))
            for k in range(4)]

    def year_parts(start: date, ends: list[date]) -> list[Period]:
        out, begin = [], start
        for end in ends:
            if end >= begin:
                out.append(Period(begin, end))
                begin = end + timedelta(days=1)
        return out

    sundays = [sunday - timedelta(weeks=k) for k in range(54)][::-1]
    sundays = [d for d in sundays if d.year == sunday.year]
    return {"sum_4_weeks": four,
            "ytd": year_parts(periods.ytd.start, sundays),
            "ytd_last_year": year_parts(periods.ytd_last_year.start, [_minus_one_year(d) for d in sundays])}


def _has_small_part(frame: pd.DataFrame, days: pd.Series, key_col: str, rows: list, parts: list[Period]) -> list[bool]:
    """For each row (a key, or None for the total of all keys): does any of ``parts`` hold 1–4?"""
    if not parts or frame.empty:
        return [False] * len(rows)
    label = pd.Series(pd.NA, index=frame.index, dtype="object")
    for k, part in enumerate(parts):
        label[(days >= part.start) & (days <= part.end)] = k
    inside = label.notna()
    by_key = frame[inside].groupby([frame.loc[inside, key_col], label[inside]])["count"].sum()
    by_part = frame[inside].groupby(label[inside])["count"].sum()
    small_keys = set(by_key[small_mask(by_key).to_numpy()].index.get_level_values(0))
    total_small = bool(small_mask(by_part).any())
    return [total_small if key is None else key in small_keys for key in rows]


def _days(period: Period) -> int:
    return (period.end - period.start).days + 1


def _with_derived(table: pd.DataFrame, week_monday: date, *, ytd_tested: bool = True) -> pd.DataFrame:
    out = table.copy()
    for column in COUNT_COLUMNS:
        out[column] = out[column].astype("int64")
    out["avg_4_weeks"] = out["sum_4_weeks"] / 4
    out["change_vs_previous_pct"] = [pct_change(a, b) for a, b in zip(out.this_week, out.previous_week, strict=True)]
    out["change_vs_ytd_last_year_pct"] = [pct_change(a, b) for a, b in zip(out.ytd, out.ytd_last_year, strict=True)]
    periods = review_periods(week_monday)
    tests = review_flags(this_week=out.this_week, sum_4_weeks=out.sum_4_weeks, ytd=out.ytd,
                         ytd_last_year=out.ytd_last_year, phi=out.phi, ytd_weeks=_days(periods.ytd) / 7,
                         ytd_last_year_weeks=_days(periods.ytd_last_year) / 7)
    for column, values in tests.items():
        out[column] = values
    if not ytd_tested:
        out["p_ytd"], out["q_ytd"], out["flag_ytd"] = None, None, False
    out["direction_week"] = [_direction(a, b / 4) for a, b in zip(out.this_week, out.sum_4_weeks, strict=True)]
    out["direction_ytd"] = [_direction(a, b) for a, b in zip(out.ytd, out.ytd_last_year, strict=True)]
    for column in ("change_vs_previous_pct", "change_vs_ytd_last_year_pct", "p_week", "p_ytd", "q_week", "q_ytd"):
        out[column] = out[column].astype("object").where(out[column].notna(), None)
    key_col = out.columns[0]
    parts = [c for c in out.columns if c.endswith(PART_SMALL)]
    return out[[key_col, "this_week", "previous_week", "sum_4_weeks", "avg_4_weeks", "same_week_last_year", "ytd",
                "ytd_last_year", "change_vs_previous_pct", "change_vs_ytd_last_year_pct", "p_week", "p_ytd",
                "q_week", "q_ytd", "flag_week", "flag_ytd", "direction_week", "direction_ytd", "phi",
                "is_total", *parts]]


def add_rates(table: pd.DataFrame, population: pd.Series, *, key_col: str = "settlement") -> pd.DataFrame:
    """Add ``population`` and rates per 10,000 residents (``rate_this_week``, ``rate_ytd``,
    ``rate_ytd_last_year``) to a review table; None where the population is unknown or 0.
    ``population`` is indexed by the same keys (the total row needs the total population, which
    is unknown when any settlement's population is unknown)."""
    out = table.copy()
    pop = out[key_col].map(population)
    out["population"] = [None if (p is None or p != p or p <= 0) else int(p) for p in pop]
    for column in ("this_week", "ytd", "ytd_last_year"):
        rates = rate_per_10k(out[column], out["population"])
        out[f"rate_{column}"] = [None if p is None else round(r, RATE_DIGITS)
                                 for r, p in zip(rates, out["population"], strict=True)]
    return out


def add_rates_with_total(table: pd.DataFrame, population: dict, *, key_col: str,
                         total_key: str = TOTAL_KEY) -> pd.DataFrame:
    """:func:`add_rates` for rows keyed like ``population`` (key -> residents, None or NaN when unknown); the total
    row gets the sum when every row's population is known, else no rate."""
    known = [p for p in population.values() if p is not None and p == p]
    full = {**population, total_key: sum(known)} if len(known) == len(population) else dict(population)
    return add_rates(table, pd.Series(full, dtype="object"), key_col=key_col)


# --- small-count suppression (partner-safe views) -------------------------------------------------


def suppress_review(table: pd.DataFrame, *, role: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A review table as a role may see it: ``(values, mask)``.

    Counts go through :func:`domain.visibility.suppression_flags`, one period column at a
    time with the total row (``is_total``) as that column's total: the columns are different
    periods, so a row's sum across them is no figure anyone publishes. ``mask`` has the table's
    columns with "" (shown), ``"small"`` (1–4, shown as "< 5"), ``"secondary"`` (hidden so that a
    small count cannot be worked out from the total, shown as "…") or ``"derived"`` (a change,
    flag, p-value, average or rate computed from a hidden count). ``values`` has every hidden
    cell set to None. The prosecutor sees everything.
    """
    mask = pd.DataFrame(VISIBLE, index=table.index, columns=table.columns)
    if not suppresses_small_counts(role):
        return table.astype("object"), mask
    totals = table.index[table["is_total"].astype(bool)] if "is_total" in table.columns else []
    total_row = totals[0] if len(totals) else None
    for column in COUNT_COLUMNS:
        # A sum of weeks (year to date, the four weeks before) is hidden too where a week inside it was
        # 1–4: the tables of two consecutive weeks would otherwise give that week away by subtraction.
        part_small = table.get(f"{column}{PART_SMALL}")
        also = None if part_small is None else part_small.astype(bool).to_frame(column)
        mask[column] = suppression_flags(table, [column], total_row=total_row, also_hidden=also)[column]
    for column, sources in DERIVED_FROM.items():
        if column in mask.columns:
            hidden = np.logical_or.reduce([mask[s] != VISIBLE for s in sources])
            mask.loc[hidden, column] = DERIVED
    # The mean of four weeks reads "≤ 1" only where their sum is 1–4; a sum hidden for another reason, "…".
    mask.loc[mask["sum_4_weeks"] == SECONDARY, "avg_4_weeks"] = SECONDARY
    for column in ("this_week", "ytd", "ytd_last_year"):
        if f"rate_{column}" in mask.columns:
            mask.loc[mask[column] != VISIBLE, f"rate_{column}"] = DERIVED
    values = table.astype("object").where(mask == VISIBLE, None)
    return values, mask


def isnan(value) -> bool:
    """True for None or NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))
