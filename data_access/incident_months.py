"""Incidents per category for a monthly review: the month, the month before, the same month a year
earlier, the year to date and the same stretch a year earlier — counted in SQL, records known only
to their month counted in it, those known only to their year only where the whole year is in."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, case, func, select

from data_access import schema
from data_access.incidents import in_period
from data_access.places import HromadaSelection, in_hromadas, in_settlements
from data_access.reference import keys as reference_keys
from domain.dates import MONTH_PERIODS, month_periods

ALL = "all"  # the key of the row with every category


def monthly_category_counts(
    engine: Engine, *, hromada_id: HromadaSelection, month: date, settlement_ids: tuple[int, ...] | None = None,
) -> pd.DataFrame:
    """Incidents of the month holding ``month`` against the periods of domain.dates.month_periods, per
    category (every category of the reference list, in its order, 0 where none; both groups) and an
    ``all`` row last. An incident counts in a period when its date, or for a coarse date its whole month
    or year, lies in it (data_access.incidents.in_period): a month-only record counts in its month and
    the year to date, a year-only record only in a year to date that ends in December.
    Columns: category, this_month, previous_month, same_month_last_year, ytd, ytd_last_year (int)."""
    i = schema.incident
    periods = month_periods(month)
    sums = [func.coalesce(func.sum(case((in_period(start, end), 1), else_=0)), 0).label(name)
            for name, (start, end) in periods.items()]
    earliest = min(start for start, _end in periods.values())
    q = (
        select(i.c.category, *sums)
        .where(in_hromadas(i.c.hromada_id, hromada_id), i.c.occurred_date >= earliest,
               i.c.occurred_date <= periods["this_month"][1], in_settlements(i.c.settlement_id, settlement_ids))
        .group_by(i.c.category)
    )
    with engine.connect() as conn:
        counted = pd.DataFrame(conn.execute(q).all(), columns=["category", *MONTH_PERIODS]).set_index("category")
    keys = reference_keys("incident_categories")
    table = counted.reindex([*keys, *(k for k in counted.index if k not in keys)], fill_value=0).astype("int64")
    table.loc[ALL] = table.sum()
    return table.reset_index().rename(columns={"index": "category"})
