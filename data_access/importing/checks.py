"""Row checks for imports, vectorised with pandas: parse every mapped field, collect each row's errors.

A row is stored only when it has no error; otherwise it is kept in ``rejected_row`` with the
reasons. A kind's own checks (its module's ``check``) call these; nothing here writes to the database.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import numpy as np
import pandas as pd

from data_access.importing.aliases import accepted_values, norm_value, value_lookup
from data_access.importing.fields import Field
from data_access.importing.messages import error
from data_access.importing.parse import FALSE, KYIV_ZONE, TRUE, ParsedDates, article_code, parse_dates, parse_numbers
from data_access.importing.personal import mask_text
from data_access.importing.place import Place
from data_access.importing.read import ROW_COL

EARLIEST = pd.Timestamp("2000-01-01")


def code_key(ref: str, value: str) -> str | None:
    """The key of reference list ``ref`` a file value names (its key, a label or a listed alias;
    a legal article also as written, "ст. 185 ч. 4 КК"), or None."""
    key = value_lookup(ref).get(norm_value(value))
    if key is None and ref == "legal_articles":
        key = article_code(value)
    return key


def generated_ids(frame: pd.DataFrame) -> pd.Series:
    """A stable ID for each row from its content: a hash of its cells (normalised: case, spaces) and
    its position among identical rows ("gen-<16 hex>-<n>"), so the same file imported again gives
    the same IDs (its rows update) and identical rows are each kept."""
    content = pd.Series("", index=frame.index, dtype=object)
    for n, name in enumerate(frame.columns):
        cells = frame[name].astype(str)
        cells = cells.map({v: norm_value(v) for v in cells.unique()})  # each distinct cell normalised once
        content = cells if n == 0 else content + "\x1f" + cells
    digest = content.map(lambda text: hashlib.sha256(text.encode("utf-8")).hexdigest()[:16])
    position = digest.groupby(digest).cumcount() + 1
    return "gen-" + digest + "-" + position.astype(str)


class Checker:
    """Parses the mapped columns of one file for one kind's ``fields`` and collects row errors."""

    def __init__(self, fields: tuple[Field, ...], frame: pd.DataFrame, mapping: dict[str, str], place: Place,
                 now: datetime, *, values: dict[str, dict[str, str]] | None = None, generate_ids: bool = False,
                 timezone: str = KYIV_ZONE) -> None:
        self.fields = fields
        # the user's value mapping: field -> {normalised file value: key (or label, or a settlement's code/name)}
        self.chosen = {f: {norm_value(k): v for k, v in m.items()} for f, m in (values or {}).items()}
        self.generate_ids = generate_ids
        self.types = {f.name: f.type for f in fields}
        self.frame = frame
        self.mapping = {f: c for f, c in mapping.items() if c in frame.columns}
        self.place = place
        self.now = pd.Timestamp(now)
        self.errors: dict[int, list[dict]] = {}
        self.values = pd.DataFrame(index=frame.index)
        self.timezone = timezone  # where the file's times of day were recorded (converted to Kyiv time)
        self.dates: dict[str, ParsedDates] = {}  # each date field's parsed values with their precision

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
        """Add an error to every row in ``mask``; params may be callables of the row's raw value
        (shown with personal data masked, but for the record number)."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        raw = self.raw(name)
        shown = str if self.types.get(name) == "id" else mask_text
        for idx in mask[mask].index:
            p = {k: (shown(str(v(raw.at[idx]))) if callable(v) else v) for k, v in params.items()}
            self.errors.setdefault(idx, []).append(error(name, code, field=self.label(name), **p))

    def has(self, name: str) -> bool:
        return name in self.mapping

    # -- field types ---------------------------------------------------------------------------
    def parse_all(self) -> None:
        for f in self.fields:
            raw = self.raw(f.name)
            if f.type == "id" and self.generate_ids:
                raw = raw.where(raw != "", self.generated_ids())
            empty = raw == ""
            if f.required:
                self.add(empty, f.name, "missing_value")
            if f.type in ("id", "text", "settlement_code", "settlement", "list", "partner"):
                val = raw.where(~empty, None)
                if f.type == "id":
                    val = val.str.replace(r"^(\d+)\.0$", r"\1", regex=True)
                self.values[f.name] = val
            elif f.type in ("datetime", "date"):
                dates = parse_dates(raw, coarse=f.coarse, timezone=self.timezone if f.type == "datetime" else KYIV_ZONE)
                self.dates[f.name] = dates
                parsed, bad = dates.at, dates.bad
                coarse = (bad & parse_dates(raw.where(bad, ""), coarse=True).precision.notna()) if bad.any() else bad
                self.add(coarse, f.name, "date_needs_day", value=lambda v: v)
                self.add(bad & ~coarse, f.name, "bad_date", value=lambda v: v)
                if f.type == "date":
                    self.values[f.name] = parsed.dt.normalize()
                else:
                    self.values[f.name] = parsed
                ok = parsed.notna()
                if not f.future:
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

    def generated_ids(self) -> pd.Series:
        """Each row's ID made from its content (``generated_ids``) for rows whose ID cell is empty."""
        cols = [c for f, c in self.mapping.items() if self.types.get(f) != "id"]
        return generated_ids(self.frame[cols])

    def codes(self, name: str, ref: str, raw: pd.Series) -> pd.Series:
        chosen = self.chosen.get(name, {})
        uniques = {v: code_key(ref, chosen.get(norm_value(v), v)) for v in raw.unique() if v != ""}
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
        codes = {v: self._settlement_id("settlement_code", v) for v in code.unique() if v}
        names = {v: self._settlement_id("settlement", v) for v in name.unique() if v}
        by_code = code.map(codes)
        by_name = name.map(names)
        self.add((code != "") & by_code.isna(), "settlement_code", "unknown_settlement_code", value=lambda v: v)
        self.add((code == "") & (name != "") & by_name.isna(), "settlement", "unknown_settlement",
                 value=lambda v: v, accepted=self.place.settlement_names)
        self.values["settlement_id"] = by_code.where(by_code.notna(), by_name)

    def _settlement_id(self, name: str, value: str) -> int | None:
        """The settlement a cell names: the user's choice for the value, else the value itself, as a
        KATOTTG code or a name (Ukrainian or English)."""
        target = self.chosen.get(name, {}).get(norm_value(value), value)
        return self.place.settlement_by_code.get(target.upper(), self.place.settlement_by_name.get(norm_value(target)))

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
        if self.place.outline is not None or self.place.bounds is not None:
            # In the hromada: its outline with a margin (place.py), else its widened settlement box.
            check = both & ~impossible
            la, lo = lat[check].to_numpy(dtype=float), lon[check].to_numpy(dtype=float)
            inside = pd.Series(False, index=lat.index)
            swapped = pd.Series(False, index=lat.index)
            inside[check] = self.place.inside(la, lo)
            swapped[check] = self.place.inside(lo, la)
            self.add(check & ~inside & swapped, "lat", "swapped_coordinates")
            outside = check & ~inside & ~swapped
            code, params = ("outside_outline", {"margin": f"{self.place.margin_m:.0f}"}) \
                if self.place.outline is not None else ("outside_hromada", {})
            for idx in outside[outside].index:
                self.errors.setdefault(idx, []).append(error(
                    "lat", code, field=self.label("lat"), lat=f"{lat.at[idx]:.5f}", lon=f"{lon.at[idx]:.5f}", **params))
            self._settlement_from_point(lat, lon, check & inside)
        self.values["lat"] = lat
        self.values["lon"] = lon

    def _settlement_from_point(self, lat: pd.Series, lon: pd.Series, located: pd.Series) -> None:
        """A row that names no settlement gets the settlement whose outline contains its point."""
        if "settlement_id" not in self.values or not self.place.settlement_outlines:
            return
        none = located & self.values["settlement_id"].isna() & (self.raw("settlement_code") == "") \
            & (self.raw("settlement") == "")
        if none.any():
            found = pd.Series(self.place.settlement_at(lat[none].to_numpy(dtype=float),
                                                       lon[none].to_numpy(dtype=float)), index=none[none].index)
            found = found.dropna()
            self.values["settlement_id"] = self.values["settlement_id"].astype(object)
            self.values.loc[found.index, "settlement_id"] = found.astype(int).astype(object)

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
