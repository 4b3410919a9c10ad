"""Weekly review export: the review table as CSV (fixed columns, dot decimals, true/false flags)
for the scheduled job and the page (no Streamlit). Record lists go through reports.exports."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.review import EXPORT_COLUMNS, TOTAL_KEY, isnan, review_periods, weekly_review
from data_access.incidents import daily_incident_counts
from data_access.places import hromadas, selection_ids
from data_access.reference import occupation_of, reference_table
from reports.exports import csv_text


def category_keys(group: str) -> list[str]:
    """Category keys of a group (``community`` / ``war``) in the reference order."""
    cats = reference_table("incident_categories")
    cats = cats[cats["group"] == group].copy()
    cats["order"] = cats["order"].astype(int)
    return cats.sort_values("order")["key"].tolist()


def review_table(engine, *, hromada_id: int | tuple[int, ...], week_monday: date, group: str = "community",
                 settlement_ids: tuple[int, ...] | None = None, count_by: str = "occurred") -> pd.DataFrame:
    """The category review table of a hromada (or a selection of them) for one ISO week (the CLI's table; the page builds
    the same one from the same query and :func:`analytics.review.weekly_review`); ``count_by``:
    incidents counted on the day they occurred (default) or were registered."""
    span = review_periods(week_monday).span
    counts = daily_incident_counts(engine, hromada_id=hromada_id, start=span.start, end=span.end,
                                   settlement_ids=settlement_ids, group=group, count_by=count_by)
    return weekly_review(counts, week_monday, keys=category_keys(group), total_key=TOTAL_KEY,
                         occupied=hromada_occupation(engine, hromada_id))


def hromada_occupation(engine, hromada_id) -> tuple[tuple[date, date], ...]:
    """The periods of occupation declared in the reference files of a hromada or of a selection (merged: a week is
    touched when any selected hromada was occupied in it; none for unknown ids)."""
    found = hromadas(engine)
    codes = found.loc[found["id"].isin(selection_ids(hromada_id)), "code"]
    return occupation_of(tuple(str(c) for c in codes))


def _number(value, digits: int | None) -> str:
    if isnan(value):
        return ""
    if digits is None:
        return str(int(value))
    return f"{float(value):.{digits}f}"


def _flag(value) -> str:
    return "true" if bool(value) else "false"


COLUMN_FORMATS = {
    "avg_4_weeks": 2, "change_vs_previous_pct": 1, "change_vs_ytd_last_year_pct": 1,
}


P_DIGITS = 6  # significant digits of p- and q-values (p_week, q_week, p_ytd, q_ytd)


def export_value(column: str, value) -> str:
    """One cell of the review CSV as written (the page's test compares against this)."""
    if column.startswith("flag_"):
        return _flag(value)
    if column[:2] in ("p_", "q_"):
        return "" if isnan(value) else f"{float(value):.{P_DIGITS}g}"
    if column == "category":
        return str(value)
    return _number(value, COLUMN_FORMATS.get(column))


def review_csv(table: pd.DataFrame) -> str:
    """The review table as CSV text with exactly :data:`analytics.review.EXPORT_COLUMNS`
    (reports.exports.csv_text: every field quoted)."""
    return csv_text(EXPORT_COLUMNS, ([export_value(c, row[c]) for c in EXPORT_COLUMNS]
                                     for row in table.to_dict("records")))
