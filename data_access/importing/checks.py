"""Row checks for imports, vectorised with pandas: parse every mapped field, collect each row's errors.

A row is stored only when it has no error; otherwise it is kept in ``rejected_row`` with the
reasons. Nothing here writes to the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from data_access.importing.aliases import (
    FIELDS,
    accepted_values,
    error,
    norm_value,
    value_lookup,
)
from data_access.importing.read import ROW_COL
from data_access.reference import reference_table

EARLIEST = pd.Timestamp("2000-01-01")
EXPAND_KM = 5.0
KM_PER_DEG_LAT = 111.0
DATE_FORMATS = (
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%y %H:%M", "%d.%m.%y",
)
TRUE = {"true", "1", "так", "т", "yes", "y", "+", "x", "х", "да"}
FALSE = {"false", "0", "ні", "н", "no", "n", "-", ""}
TZ_SUFFIX = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")
ARTICLE = re.compile(r"(\d{1,3}(?:-\d)?)")
PART = re.compile(r"(?:ч\.?|частин[аи]|part|p\.)\s*(\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """What the checks need to know about the hromada being imported into."""

    hromada_id: int
    settlement_by_code: dict[str, int]
    settlement_by_name: dict[str, int]
    settlement_names: str  # accepted names for messages
    bounds: tuple[float, float, float, float] | None  # south, west, north, east (expanded)
    partner_by_key: dict[str, int] = field(default_factory=dict)  # normalised external id or name -> id


def bounds_of(points: list[tuple[float, float]], expand_km: float = EXPAND_KM):
    """The bounding box of ``points`` expanded by ``expand_km`` on each side (None without points)."""
    pts = [(a, b) for a, b in points if a is not None and b is not None]
    if not pts:
        return None
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    dlat = expand_km / KM_PER_DEG_LAT
    dlon = expand_km / (KM_PER_DEG_LAT * np.cos(np.radians(np.mean(lats))))
    return (min(lats) - dlat, min(lons) - dlon, max(lats) + dlat, max(lons) + dlon)


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


class Checker:
    """Parses the mapped columns of one file for one kind and collects row errors."""

    def __init__(self, kind: str, frame: pd.DataFrame, mapping: dict[str, str], place: Place, now: datetime) -> None:
        self.kind = kind
        self.frame = frame
        self.mapping = {f: c for f, c in mapping.items() if c in frame.columns}
        self.place = place
        self.now = pd.Timestamp(now)
        self.errors: dict[int, list[dict]] = {}
        self.values = pd.DataFrame(index=frame.index)

    # -- helpers -------------------------------------------------------------------------------
    def label(self, name: str) -> str:
        col = self.mapping.get(name)
        return f"{name} («{col}»)" if col else name

    def raw(self, name: str) -> pd.Series:
        col = self.mapping.get(name)
        if col is None:
            return pd.Series("", index=self.frame.index, dtype=object)
        return self.frame[col].astype(str).str.strip()

    def add(self, mask: pd.Series, name: str, code: str, **params) -> None:
        """Add an error to every row in ``mask``; params may be callables of the row's raw value."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        raw = self.raw(name)
        for idx in mask[mask].index:
            p = {k: (v(raw.at[idx]) if callable(v) else v) for k, v in params.items()}
            self.errors.setdefault(idx, []).append(error(name, code, field=self.label(name), **p))

    def has(self, name: str) -> bool:
        return name in self.mapping

    # -- field types ---------------------------------------------------------------------------
    def parse_all(self) -> None:
        for f in FIELDS[self.kind]:
            raw = self.raw(f.name)
            empty = raw == ""
            if f.required:
                self.add(empty, f.name, "missing_value")
            if f.type in ("id", "text", "settlement_code", "settlement", "list", "partner"):
                val = raw.where(~empty, None)
                if f.type == "id":
                    val = val.str.replace(r"^(\d+)\.0$", r"\1", regex=True)
                self.values[f.name] = val
            elif f.type in ("datetime", "date"):
                parsed, bad = parse_datetimes(raw)
                self.add(bad, f.name, "bad_date", value=lambda v: v)
                if f.type == "date":
                    self.values[f.name] = parsed.dt.normalize()
                else:
                    self.values[f.name] = parsed
                ok = parsed.notna()
                self.add(ok & (parsed > self.now), f.name, "future_date", value=lambda v: v)
                self.add(ok & (parsed < EARLIEST), f.name, "too_old", value=lambda v: v)
            elif f.type in ("number", "int"):
                parsed, bad = parse_numbers(raw)
                self.add(bad, f.name, "bad_number", value=lambda v: v)
                if f.type == "int":
                    frac = parsed.notna() & (parsed != parsed.round())
                    self.add(frac, f.name, "bad_int", value=lambda v: v)
                self.values[f.name] = parsed
            elif f.type == "bool":
                low = raw.str.lower()
                bad = ~low.isin(TRUE | FALSE)
                self.add(bad, f.name, "bad_bool", value=lambda v: v)
                self.values[f.name] = low.isin(TRUE)
            elif f.type == "code":
                self.values[f.name] = self.codes(f.name, f.ref, raw)

    def codes(self, name: str, ref: str, raw: pd.Series) -> pd.Series:
        lookup = value_lookup(ref)
        uniques = {v: lookup.get(norm_value(v)) for v in raw.unique() if v != ""}
        if ref == "legal_articles":
            uniques = {v: k or article_code(v) for v, k in uniques.items()}
        keys = raw.map(uniques)
        bad = (raw != "") & keys.isna()
        accepted = {"uk": accepted_values(ref, "uk"), "en": accepted_values(ref, "en")}
        if ref == "legal_articles":
            self.add(bad, name, "unknown_article", value=lambda v: v)
        else:
            self.add(bad, name, "unknown_code", value=lambda v: v, accepted=accepted)
        return keys.where(keys.notna(), None)

    # -- place ---------------------------------------------------------------------------------
    def settlements(self) -> None:
        code = self.raw("settlement_code")
        name = self.raw("settlement")
        codes = {v: self.place.settlement_by_code.get(v.upper(), self.place.settlement_by_name.get(norm_value(v)))
                 for v in code.unique() if v}
        names = {v: self.place.settlement_by_name.get(norm_value(v)) for v in name.unique() if v}
        by_code = code.map(codes)
        by_name = name.map(names)
        self.add((code != "") & by_code.isna(), "settlement_code", "unknown_settlement_code", value=lambda v: v)
        self.add((code == "") & (name != "") & by_name.isna(), "settlement", "unknown_settlement",
                 value=lambda v: v, accepted=self.place.settlement_names)
        self.values["settlement_id"] = by_code.where(by_code.notna(), by_name)

    def coordinates(self) -> None:
        if not (self.has("lat") or self.has("lon")):
            self.values["lat"] = np.nan
            self.values["lon"] = np.nan
            return
        lat = self.values.get("lat", pd.Series(np.nan, index=self.frame.index))
        lon = self.values.get("lon", pd.Series(np.nan, index=self.frame.index))
        one = lat.notna() ^ lon.notna()
        self.add(one, "lat", "one_coordinate")
        both = lat.notna() & lon.notna()
        impossible = both & ((lat.abs() > 90) | (lon.abs() > 180))
        self.add(impossible, "lat", "impossible_coordinates")
        b = self.place.bounds
        if b is not None:
            south, west, north, east = b
            inside = lat.between(south, north) & lon.between(west, east)
            swapped = lon.between(south, north) & lat.between(west, east)
            self.add(both & ~impossible & ~inside & swapped, "lat", "swapped_coordinates")
            outside = both & ~impossible & ~inside & ~swapped
            for idx in outside[outside].index:
                self.errors.setdefault(idx, []).append(error(
                    "lat", "outside_hromada", field=self.label("lat"),
                    lat=f"{lat.at[idx]:.5f}", lon=f"{lon.at[idx]:.5f}"))
        self.values["lat"] = lat
        self.values["lon"] = lon

    def duplicates(self) -> None:
        ids = self.values.get("external_id")
        if ids is None:
            return
        dup = ids.notna() & ids.duplicated(keep="first")
        if dup.any():
            firsts = ~ids.duplicated(keep="first") & ids.notna()
            first_row = dict(zip(ids[firsts], self.frame.loc[firsts, ROW_COL], strict=True))
            for idx in dup[dup].index:
                self.errors.setdefault(idx, []).append(error(
                    "external_id", "duplicate_in_file", field=self.label("external_id"),
                    value=ids.at[idx], row=int(first_row.get(ids.at[idx], 0))))

    def order(self, start: str, end: str) -> None:
        a, b = self.values.get(start), self.values.get(end)
        if a is None or b is None:
            return
        self.add(a.notna() & b.notna() & (b < a), end, "end_before_start", other=self.label(start))

    def ok_index(self) -> pd.Index:
        return self.frame.index[~self.frame.index.isin(list(self.errors))]


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
    for code in ([f"{law}-{article}-{part.group(1)}"] if part and part.group(1) != "1" else []) + [f"{law}-{article}"]:
        if code in known:
            return code
    return None


def check_incidents(c: Checker) -> None:
    c.parse_all()
    c.settlements()
    c.coordinates()
    c.order("occurred_at", "reported_at")
    arts = reference_table("legal_articles")
    cats = reference_table("incident_categories")
    art_category = dict(zip(arts["code"], arts["category"], strict=True))
    art_severity = dict(zip(arts["code"], arts["severity"], strict=True))
    cat_severity = {k: v for k, v in zip(cats["key"], cats["default_severity"], strict=True) if v}
    cat_group = dict(zip(cats["key"], cats["group"], strict=True))
    art = c.values["legal_article"] if "legal_article" in c.values else pd.Series(None, index=c.frame.index)
    cat = c.values["category"] if "category" in c.values else pd.Series(None, index=c.frame.index)
    cat = cat.where(cat.notna(), art.map(art_category))
    no_cat = cat.isna() & (c.raw("category") == "") & (c.raw("legal_article") == "")
    c.add(no_cat, "category", "category_missing")
    sev = c.values["severity"] if "severity" in c.values else pd.Series(None, index=c.frame.index)
    sev = sev.where(sev.notna(), art.map(art_severity))
    sev = sev.where(sev.notna(), cat.map(cat_severity))
    c.add(sev.isna() & cat.notna() & (c.raw("severity") == ""), "severity", "severity_missing",
          accepted={"uk": accepted_values("severity", "uk"), "en": accepted_values("severity", "en")})
    c.values["category"] = cat.where(cat.notna(), None)
    c.values["category_group"] = cat.map(cat_group)
    c.values["severity"] = sev.where(sev.notna(), None)
    status = c.values["status"] if "status" in c.values else pd.Series(None, index=c.frame.index)
    c.values["status"] = status.where(status.notna(), "registered")
    c.duplicates()


def check_requests(c: Checker) -> None:
    c.parse_all()
    c.settlements()
    c.order("received_at", "answered_at")
    topics = reference_table("request_topics").set_index("key")
    days = c.values["deadline_days"] if "deadline_days" in c.values else pd.Series(np.nan, index=c.frame.index)
    c.add(days.notna() & ~days.isin([15, 30, 45]), "deadline_days", "bad_deadline_days", value=lambda v: v)
    default = c.values["topic"].map(lambda k: int(topics.at[k, "deadline_days"]) if isinstance(k, str) else 30)
    c.values["deadline_days"] = days.where(days.notna() & days.isin([15, 30]), default)
    ext = c.values.get("extended_due_date")
    if ext is not None:
        received = c.values["received_at"].dt.normalize()
        c.add(ext.notna() & received.notna() & (ext > received + pd.Timedelta(days=45)),
              "extended_due_date", "extended_too_long", value=lambda v: v)
        c.add(ext.notna() & received.notna() & (ext < received), "extended_due_date", "end_before_start",
              other=c.label("received_at"))
    forwarded = c.values.get("forwarded_to")
    if forwarded is not None:
        pid = forwarded.map(lambda v: c.place.partner_by_key.get(norm_value(v)) if isinstance(v, str) else None)
        c.add(forwarded.notna() & pid.isna(), "forwarded_to", "unknown_partner", value=lambda v: v)
        c.values["forwarded_partner_id"] = pid
    status = c.values["status"] if "status" in c.values else pd.Series(None, index=c.frame.index)
    answered = c.values["answered_at"] if "answered_at" in c.values else pd.Series(pd.NaT, index=c.frame.index)
    inferred = pd.Series(np.where(answered.notna(), "answered", "open"), index=c.frame.index)
    c.values["status"] = status.where(status.notna(), inferred)
    c.add((c.values["status"] == "answered") & answered.isna() & (c.raw("status") != ""), "answered_at",
          "answered_without_date")
    c.duplicates()


def check_activities(c: Checker) -> None:
    c.parse_all()
    c.settlements()
    c.coordinates()
    part = c.values.get("participants")
    if part is not None:
        c.add(part.notna() & ((part < 0) | (part > 100000)), "participants", "impossible_value", value=lambda v: v)
    partners = c.values.get("partners")
    if partners is not None:
        def resolve(text):
            if not isinstance(text, str):
                return ()
            names = [p.strip() for p in re.split(r"[;\n|]", text) if p.strip()]
            return tuple(c.place.partner_by_key.get(norm_value(n)) for n in names)
        ids = partners.map(resolve)
        c.add(ids.map(lambda t: any(x is None for x in t)), "partners", "unknown_partner", value=lambda v: v)
        c.values["partner_ids"] = ids
    c.duplicates()


def check_partners(c: Checker) -> None:
    c.parse_all()
    name_en = c.values.get("name_en")
    c.values["name_en"] = name_en.where(name_en.notna(), c.values["name_uk"]) if name_en is not None else c.values["name_uk"]
    if c.has("active"):
        c.values["active"] = c.values["active"] | (c.raw("active") == "")
    else:
        c.values["active"] = True
    c.duplicates()


CHECKS = {"incidents": check_incidents, "requests": check_requests, "activities": check_activities,
          "partners": check_partners}


def check(kind: str, frame: pd.DataFrame, mapping: dict[str, str], place: Place, now: datetime) -> Checker:
    """Parse and check every row of ``frame``; ``checker.errors`` holds the rejected rows."""
    c = Checker(kind, frame, mapping, place, now)
    CHECKS[kind](c)
    return c


def date_or_none(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def dt_or_none(value) -> datetime | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()


