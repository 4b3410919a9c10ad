"""The incidents kind: its row checks and its writer (police and ЄРДР exports into ``incident``)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from data_access import schema
from data_access.importing.aliases import accepted_values
from data_access.importing.checks import Checker
from data_access.importing.parse import dt_or_none
from data_access.importing.store import Batch, checked_rows, int_or_none, number_or_none, upsert
from data_access.records import incident_values
from data_access.reference import determined_article_severity, reference_table


def check(c: Checker) -> None:
    """Fields, place, coordinates and dates; category from the legal article when missing; severity
    from the article part (КК art. 12), else as given, else the category's usual class; status
    defaults to registered."""
    c.parse_all()
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


def write(conn: Connection, values: pd.DataFrame, batch: Batch) -> None:
    """Insert or update the good rows in ``incident``."""
    upsert(conn, schema.incident, [incident_values(
        occurred_at=dt_or_none(r.occurred_at), reported_at=dt_or_none(r.reported_at),
        lat=number_or_none(r.lat), lon=number_or_none(r.lon), external_id=r.external_id,
        settlement_id=int_or_none(r.settlement_id), category=r.category, category_group=r.category_group,
        legal_article=r.legal_article, severity=r.severity, status=r.status,
        domestic_violence=bool(r.domestic_violence), minors_involved=bool(r.minors_involved),
        description=r.description, **batch.columns) for r in checked_rows(values)])
