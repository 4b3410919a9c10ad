"""Parsing cell text: dates and times (Kyiv local), numbers with a decimal comma, legal articles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

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


# A month or a year only (police.uk's `Month` column is "2024-12"): precision "month" / "year"
COARSE_FORMATS = (("%Y-%m", "month"), ("%m.%Y", "month"), ("%m/%Y", "month"), ("%Y", "year"))
HAS_TIME = re.compile(r"\d{1,2}:\d{2}|^\d+[.,]\d*[1-9]\d*$")  # a clock time, or an Excel serial with a fraction
KYIV_ZONE = "Europe/Kyiv"


@dataclass(frozen=True)
class ParsedDates:
    """Cell texts read as dates: ``at`` naive Kyiv local datetimes (a coarse date at the first day of
    its month or year, 00:00), ``bad`` filled cells that are no date, ``precision`` "day" / "month" /
    "year" (None where empty or bad), ``time_known`` True where the text gave a time of day."""

    at: pd.Series
    bad: pd.Series
    precision: pd.Series
    time_known: pd.Series


def parse_dates(values: pd.Series, *, coarse: bool = False, timezone: str = KYIV_ZONE) -> ParsedDates:
    """Text -> :class:`ParsedDates`. Accepts dd.mm.yyyy[ HH:MM[:SS]], ISO (with an offset: converted to
    Kyiv time), dd/mm/yyyy and Excel serial numbers; with ``coarse`` also yyyy-mm, mm.yyyy, mm/yyyy and
    yyyy (a month or a year only). A day with a time but no offset is a time in ``timezone`` (an IANA
    name, e.g. Europe/London: data recorded elsewhere) and is converted to Kyiv time; a date without a
    time, or a coarser one, is not shifted. A time that occurs twice on the night clocks go back counts
    as the first (summer) one; one skipped when they go forward moves on to the next valid time.

    Each distinct text is read once (an export repeats its dates: a registration date or a date without a
    time takes a few hundred values in 100,000 rows, and every format tried costs ~0.1 s per 100,000 texts
    that are not cached); a text's result depends on that text alone, so each row gets what reading it
    on its own gives."""
    s = values.astype(str).str.strip()
    codes, distinct = pd.factorize(s, use_na_sentinel=False)
    parsed = _parse_distinct(pd.Series(distinct, dtype=s.dtype), coarse=coarse, timezone=timezone)

    def spread(column: pd.Series) -> pd.Series:
        return pd.Series(column.to_numpy()[codes], index=s.index, dtype=column.dtype)

    return ParsedDates(spread(parsed.at), spread(parsed.bad), spread(parsed.precision), spread(parsed.time_known))


def _parse_distinct(s: pd.Series, *, coarse: bool, timezone: str) -> ParsedDates:
    """:func:`parse_dates` of stripped texts, each format tried on every text still unread (in the order of
    ``DATE_FORMATS``, then an offset, then ``COARSE_FORMATS``, then an Excel serial number)."""
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    precision = pd.Series(None, index=s.index, dtype=object)
    offset_given = pd.Series(False, index=s.index)
    todo = s != ""

    def take(parsed: pd.Series, level: str) -> None:
        ok = parsed.dropna()
        if len(ok):
            out.loc[ok.index] = ok.astype("datetime64[ns]")
            precision.loc[ok.index] = level
            todo.loc[ok.index] = False

    for fmt in DATE_FORMATS:
        if not todo.any():
            break
        take(pd.to_datetime(s[todo], format=fmt, errors="coerce"), "day")
    if todo.any():
        with_tz = s[todo][s[todo].str.contains(TZ_SUFFIX)]
        if len(with_tz):
            parsed = pd.to_datetime(with_tz, format="ISO8601", utc=True, errors="coerce").dropna()
            take(parsed.dt.tz_convert(KYIV_ZONE).dt.tz_localize(None), "day")
            offset_given.loc[parsed.index] = True
    for fmt, level in COARSE_FORMATS if coarse else ():
        if not todo.any():
            break
        take(pd.to_datetime(s[todo], format=fmt, errors="coerce"), level)
    if todo.any():
        serial = pd.to_numeric(s[todo].str.replace(",", ".", regex=False), errors="coerce")
        serial = serial[(serial > 1) & (serial < 100000)]
        if len(serial):
            take(pd.Timestamp("1899-12-30") + pd.to_timedelta(serial * 86400, unit="s").dt.round("s"), "day")
    time_known = (precision == "day") & s.str.contains(HAS_TIME)
    shift = time_known & ~offset_given
    if timezone != KYIV_ZONE and shift.any():
        local = out[shift].dt.tz_localize(timezone, ambiguous=True, nonexistent="shift_forward")
        out.loc[shift] = local.dt.tz_convert(KYIV_ZONE).dt.tz_localize(None).astype("datetime64[ns]")
    return ParsedDates(out, todo, precision, time_known)


def parse_datetimes(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Text -> naive Kyiv local datetimes; returns (parsed, bad) where bad marks filled cells that
    are no date (:func:`parse_dates` without coarse dates, Kyiv time)."""
    parsed = parse_dates(values)
    return parsed.at, parsed.bad


def timezone_names() -> list[str]:
    """The IANA time zones this machine knows, Europe/Kyiv first (the import page's choice)."""
    return [KYIV_ZONE, *sorted(z for z in available_timezones() if z != KYIV_ZONE and "/" in z)]


def valid_timezone(name: str) -> bool:
    """True when ``name`` is an IANA time zone this machine knows (Europe/London)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


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
