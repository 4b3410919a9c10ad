"""How a file's headers and values are recognised: header aliases, personal-data headers, value aliases."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from data_access.reference import ASSETS, reference_table

ALIASES_DIR = ASSETS / "import_aliases"
HEADERS = ALIASES_DIR / "headers.csv"  # kind,field,alias: other headers accepted for a kind's field


_PUNCT = re.compile(r"[_\-./:()№#\"«»*]+")
_APOS = re.compile(r"[’ʼ‘`´]")
_SPACES = re.compile(r"\s+")


def norm(text: object) -> str:
    """Lower case, one kind of apostrophe, punctuation as spaces, single spaces."""
    s = _APOS.sub("'", str(text)).lower()
    s = _PUNCT.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


def norm_value(text: object) -> str:
    """Like :func:`norm` for cell values, but keeps dashes and dots (codes like KK-185-4, e-mail)."""
    s = _APOS.sub("'", str(text)).lower().replace("\u00a0", " ")
    return _SPACES.sub(" ", s).strip()


def norm_values(texts: Iterable[object]) -> list[str]:
    """:func:`norm_value` of each text, the whole list at once (one pass of each step over the texts
    joined by NUL, which no step changes or crosses; ten times faster for 100,000 record ids)."""
    texts = [str(t) for t in texts]
    joined = "\x00".join(texts)
    if joined.count("\x00") != max(len(texts) - 1, 0):  # a NUL inside a text: one by one
        return [norm_value(t) for t in texts]
    s = _SPACES.sub(" ", _APOS.sub("'", joined).lower().replace("\u00a0", " "))
    return [part.strip() for part in s.split("\x00")] if texts else []


@lru_cache(maxsize=4)
def _alias_rows(path: Path) -> tuple[tuple[str, str, str], ...]:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tuple(table[["kind", "field", "alias"]].itertuples(index=False, name=None))


def listed_aliases(path: Path | None, kind: str) -> list[tuple[str, str]]:
    """(field, alias) rows of ``kind`` in the alias file ``path``, in the file's order."""
    return [(field, alias) for k, field, alias in (_alias_rows(path) if path else ()) if k == kind]


@lru_cache(maxsize=16)
def header_aliases(kind: str, field_names: tuple[str, ...], path: Path | None) -> dict[str, str]:
    """{normalised header: field} for a kind: its field names, then the aliases listed for it in ``path``."""
    out = {norm(name): name for name in field_names}
    for field, alias in listed_aliases(path, kind):
        out.setdefault(norm(alias), field)
    return out


@lru_cache(maxsize=1)
def personal_data_headers() -> frozenset[str]:
    table = pd.read_csv(ALIASES_DIR / "personal_data_headers.csv", dtype=str, keep_default_na=False)
    return frozenset(norm(a) for a in table["alias"])


@lru_cache(maxsize=32)
def value_lookup(name: str) -> dict[str, str]:
    """normalised key / label / alias -> key for a reference list."""
    table = reference_table(name)
    key_col = "key" if "key" in table.columns else table.columns[0]
    out: dict[str, str] = {}
    aliases = pd.read_csv(ALIASES_DIR / "values.csv", dtype=str, keep_default_na=False)
    for row in aliases[aliases["list"] == name].itertuples(index=False):
        out[norm_value(row.alias)] = row.key
    for col in ("label_en", "label_uk"):
        if col in table.columns:
            for key, label in zip(table[key_col], table[col], strict=True):
                out[norm_value(label)] = key
    for key in table[key_col]:
        out[norm_value(key)] = key
    return out


def accepted_values(name: str, lang: str) -> str:
    """The accepted values of a reference list for a message: "key (label), ..."."""
    table = reference_table(name)
    key_col = "key" if "key" in table.columns else table.columns[0]
    label_col = f"label_{lang}" if f"label_{lang}" in table.columns else None
    if label_col is None:
        return ", ".join(table[key_col])
    return ", ".join(f"{k} ({v})" for k, v in zip(table[key_col], table[label_col], strict=True))


@lru_cache(maxsize=1)
def place_headers() -> tuple[str, ...]:
    """Normalised phrases that name a place, not a person (place_headers.csv), longest first."""
    table = pd.read_csv(ALIASES_DIR / "place_headers.csv", dtype=str, keep_default_na=False)
    return tuple(sorted({norm(p) for p in table["phrase"] if p.strip()}, key=len, reverse=True))


def is_personal_header(header: str) -> bool:
    """True when the header names personal data: after normalising (case, punctuation, underscores)
    it is, or contains as whole words, an alias of personal_data_headers.csv ("ПІБ потерпілого",
    "Телефон заявника", "Victim name") once the phrases naming a place (place_headers.csv: "LSOA
    name", "street name", "назва населеного пункту") are taken out of it."""
    h = f" {norm(header)} "
    for phrase in place_headers():
        h = h.replace(f" {phrase} ", " ")
    return any(f" {alias} " in h for alias in personal_data_headers())


def guess_mapping(aliases: dict[str, str], columns: list[str]) -> dict[str, str]:
    """field -> file column, guessed from a kind's header ``aliases`` (first matching column wins)."""
    out: dict[str, str] = {}
    for col in columns:
        field = aliases.get(norm(col))
        if field and field not in out:
            out[field] = col
    return out
