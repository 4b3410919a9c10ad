"""The incidents kind: its row checks and its writer (police and ЄРДР exports into ``incident``)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from data_access import schema
from data_access.importing.aliases import accepted_values
from data_access.importing.checks import Checker
from data_access.importing.store import Batch, checked_column, int_or_none, upsert_columns
from data_access.records import incident_columns
from data_access.reference import determined_article_severity, reference_table
from domain.dates import coarsest


def check(c: Checker) -> None:
    """Fields, place, coordinates and dates; category from the legal article when missing; severity
    from the article part (КК art. 12), else as given, else the category's usual class; status
    defaults to registered."""
    c.parse_all()
    occurred_precision(c)
    c.settlements()
    c.coordinates()
    c.order("occurred_at", "reported_at")
    arts = reference_table("legal_articles")
    cats = reference_table("incident_categories")
    art_category = dict(zip(arts["code"], arts["category"], strict=True))
    art_severity = determined_article_severity()
    cat_severity = {k: v for k, v in zip(cats["key"], cats["default_severity"], strict=True) if v}
    cat_group = dict(zip(cats["key"], cats["group"], strict=True))
    art = c.values["legal_article"] if "legal_article" in c.values else pd.Series(None, index=c.frame.index)
    cat = c.values["category"] if "category" in c.values else pd.Series(None, index=c.frame.index)
    cat = cat.where(cat.notna(), art.map(art_category))
    no_cat = cat.isna() & (c.raw("category") == "") & (c.raw("legal_article") == "")
    c.add(no_cat, "category", "category_missing")
    # the class of an article part is fixed by its sanction (КК art. 12): it wins over a class in the
    # file; a class in the file counts where the article's part is not stated, else the category's usual one
    given = c.values["severity"] if "severity" in c.values else pd.Series(None, index=c.frame.index)
    sev = art.map(art_severity)
    sev = sev.where(sev.notna(), given)
    sev = sev.where(sev.notna(), art.map(dict(zip(arts["code"], arts["severity"], strict=True))))
    sev = sev.where(sev.notna(), cat.map(cat_severity))
    c.add(sev.isna() & cat.notna() & (c.raw("severity") == ""), "severity", "severity_missing",
          accepted={"uk": accepted_values("severity", "uk"), "en": accepted_values("severity", "en")})
    c.values["category"] = cat.where(cat.notna(), None)
    c.values["category_group"] = cat.map(cat_group)
    c.values["severity"] = sev.where(sev.notna(), None)
    status = c.values["status"] if "status" in c.values else pd.Series(None, index=c.frame.index)
    c.values["status"] = status.where(status.notna(), "registered")
    c.duplicates()


def occurred_precision(c: Checker) -> None:
    """How exactly each row's occurrence is known: the coarser of what its date gives (``2024-12`` is a
    month, ``2024`` a year) and its precision column, when mapped (a "month" beside ``2024-12-17`` keeps
    only December). A coarse date stands for the first day of its month or year, without a time."""
    dates = c.dates["occurred_at"]
    given = c.values["occurred_precision"] if "occurred_precision" in c.values else pd.Series(None, index=c.frame.index)
    parsed = dates.precision.where(dates.precision.notna(), "day")
    level = [coarsest(a, b) if isinstance(b, str) else a for a, b in zip(parsed, given, strict=True)]
    c.values["occurred_precision"] = level
    c.values["occurred_time_known"] = dates.time_known & (pd.Series(level, index=c.frame.index) == "day")


def write(conn: Connection, values: pd.DataFrame, batch: Batch) -> None:
    """Insert or update the good rows in ``incident``, the whole batch column by column
    (``incident_columns``: the values ``incident_values`` gives row by row)."""
    if values.empty:
        return
    n = len(values)
    plain = {name: checked_column(values[name]) for name in (
        "external_id", "settlement_id", "category", "category_group", "legal_article", "severity", "status",
        "domestic_violence", "minors_involved", "description")}
    upsert_columns(conn, schema.incident, {
        **plain,
        "settlement_id": [int_or_none(v) for v in plain["settlement_id"]],
        "domestic_violence": [bool(v) for v in plain["domestic_violence"]],
        "minors_involved": [bool(v) for v in plain["minors_involved"]],
        **{name: [value] * n for name, value in batch.columns.items()},
        **incident_columns(occurred_at=values["occurred_at"], reported_at=values["reported_at"],
                           precision=values["occurred_precision"], time_known=values["occurred_time_known"],
                           lat=values["lat"], lon=values["lon"])}, updates=batch.updates)
