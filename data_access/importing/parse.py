"""Parsing cell text: dates and times (Kyiv local), numbers with a decimal comma, legal articles."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd

from data_access.reference import reference_table

DATE_FORMATS = (
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%y %H:%M", "%d.%m.%y",
)
TRUE = {"true", "1", "так", "т", "yes", "y", "+", "x", "х", "да"}
FALSE = {"false", "0", "ні", "н", "no", "n", "-", ""}
TZ_SUFFIX = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")
ARTICLE = re.compile(r"(\d{1,3}(?:-\d)?)")
PART = re.compile(r"(?:ч\.?|частин[аи]|part|p\.)\s*(\d)", re.IGNORECASE)


def parse_datetimes(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Text -> naive Kyiv local datetimes; returns (parsed, bad) where bad marks filled cells that
    are no date. Accepts dd.mm.yyyy[ HH:MM[:SS]], ISO (with an offset: converted to Kyiv time),
    dd/mm/yyyy and Excel serial numbers."""
    s = values.astype(str).str.strip()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    todo = s != ""
    for fmt in DATE_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(s[todo], format=fmt, errors="coerce")
        ok = parsed.dropna()
        if len(ok):
            out.loc[ok.index] = ok.astype("datetime64[ns]")
            todo.loc[ok.index] = False
    if todo.any():
        with_tz = s[todo][s[todo].str.contains(TZ_SUFFIX)]
        if len(with_tz):
            parsed = pd.to_datetime(with_tz, format="ISO8601", utc=True, errors="coerce").dropna()
            if len(parsed):
                out.loc[parsed.index] = parsed.dt.tz_convert("Europe/Kyiv").dt.tz_localize(None).astype("datetime64[ns]")
                todo.loc[parsed.index] = False
    if todo.any():
        serial = pd.to_numeric(s[todo].str.replace(",", ".", regex=False), errors="coerce")
        serial = serial[(serial > 1) & (serial < 100000)]
        if len(serial):
            stamps = pd.Timestamp("1899-12-30") + pd.to_timedelta(serial * 86400, unit="s").dt.round("s")
            out.loc[stamps.index] = stamps.astype("datetime64[ns]")
            todo.loc[stamps.index] = False
    return out, todo


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Text with a decimal comma or point (spaces as thousands separators) -> float; (parsed, bad)."""
    s = values.astype(str).str.strip().str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace(",", ".", regex=False)
    parsed = pd.to_numeric(s, errors="coerce")
    bad = (s != "") & parsed.isna()
    return parsed, bad


def article_code(text: str) -> str | None:
    """A legal article written freely ("ст. 185 ч. 4 КК", "173-2 КУпАП") -> a code of legal_articles.csv."""
    known = set(reference_table("legal_articles")["code"])
    low = text.lower()
    law = "KUpAP" if any(w in low for w in ("купап", "kupap", "адм", "коап")) else "KK"
    found = ARTICLE.search(re.sub(PART, " ", low))
    if not found:
        return None
    article = found.group(1)
    part = PART.search(low)
    # "ч. 1" of a plain article is its bare code (KK-185); an article with a dash in its number
    # has a code per part, part 1 included (KK-111-1-1), and a bare code for "part not stated"
    for code in ([f"{law}-{article}-{part.group(1)}"] if part else []) + [f"{law}-{article}"]:
        if code in known:
            return code
    return None


def date_or_none(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def dt_or_none(value) -> datetime | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()
