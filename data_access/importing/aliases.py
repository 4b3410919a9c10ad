"""What each import kind accepts: fields, header aliases, personal-data headers, value aliases, messages."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from data_access.reference import ASSETS, reference_table

ALIASES_DIR = ASSETS / "import_aliases"
CATALOG = ASSETS / "i18n" / "import.toml"
KINDS = ("incidents", "requests", "survey", "activities", "partners")
DEFAULT_SOURCES = {"incidents": "police", "requests": "hromada_register", "survey": "survey",
                   "activities": "activities", "partners": "partners"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # id / datetime / date / text / number / int / bool / code / settlement_code / settlement / list
    required: bool = False
    ref: str | None = None  # reference list for type "code"


FIELDS: dict[str, tuple[Field, ...]] = {
    "incidents": (
        Field("external_id", "id", True),
        Field("occurred_at", "datetime", True),
        Field("reported_at", "datetime"),
        Field("settlement_code", "settlement_code"),
        Field("settlement", "settlement"),
        Field("lat", "number"),
        Field("lon", "number"),
        Field("category", "code", ref="incident_categories"),
        Field("legal_article", "code", ref="legal_articles"),
        Field("severity", "code", ref="severity"),
        Field("status", "code", ref="incident_statuses"),
        Field("domestic_violence", "bool"),
        Field("minors_involved", "bool"),
        Field("description", "text"),
    ),
    "requests": (
        Field("external_id", "id", True),
        Field("received_at", "datetime", True),
        Field("channel", "code", True, ref="request_channels"),
        Field("type", "code", True, ref="request_types"),
        Field("topic", "code", True, ref="request_topics"),
        Field("settlement_code", "settlement_code"),
        Field("settlement", "settlement"),
        Field("status", "code", ref="request_statuses"),
        Field("answered_at", "datetime"),
        Field("forwarded_to", "partner"),
        Field("collective", "bool"),
        Field("deadline_days", "int"),
        Field("extended_due_date", "date"),
    ),
    "activities": (
        Field("external_id", "id", True),
        Field("date", "date", True),
        Field("kind", "code", True, ref="activity_kinds"),
        Field("title_uk", "text", True),
        Field("title_en", "text"),
        Field("settlement_code", "settlement_code"),
        Field("settlement", "settlement"),
        Field("location", "text"),
        Field("lat", "number"),
        Field("lon", "number"),
        Field("participants", "int"),
        Field("partners", "list"),
    ),
    "partners": (
        Field("external_id", "id", True),
        Field("name_uk", "text", True),
        Field("name_en", "text"),
        Field("kind", "code", True, ref="partner_kinds"),
        Field("active", "bool"),
    ),
    "survey": (),
}
# One of these must be mapped (incidents: a category or a legal article that implies one).
ONE_OF = {"incidents": (("category", "legal_article"),)}


def fields(kind: str) -> tuple[Field, ...]:
    return FIELDS[kind]


def field_names(kind: str) -> list[str]:
    return [f.name for f in FIELDS[kind]]


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


@lru_cache(maxsize=1)
def header_aliases() -> dict[str, dict[str, str]]:
    """kind -> {normalised header: field}."""
    table = pd.read_csv(ALIASES_DIR / "headers.csv", dtype=str, keep_default_na=False)
    out: dict[str, dict[str, str]] = {k: {norm(f.name): f.name for f in FIELDS[k]} for k in KINDS}
    for row in table.itertuples(index=False):
        out.setdefault(row.kind, {}).setdefault(norm(row.alias), row.field)
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


def is_personal_header(header: str) -> bool:
    """True when the header names personal data: it is, or contains as whole words, an alias of
    personal_data_headers.csv ("ПІБ потерпілого", "Телефон заявника")."""
    h = f" {norm(header)} "
    return any(f" {alias} " in h for alias in personal_data_headers())


def guess_mapping(kind: str, columns: list[str]) -> dict[str, str]:
    """field -> file column, guessed from the header aliases (first matching column wins)."""
    aliases = header_aliases().get(kind, {})
    out: dict[str, str] = {}
    for col in columns:
        field = aliases.get(norm(col))
        if field and field not in out:
            out[field] = col
    return out


@lru_cache(maxsize=1)
def _catalog() -> dict:
    with CATALOG.open("rb") as fh:
        return tomllib.load(fh)["imp"]


def message(code: str, lang: str, **params) -> str:
    """The text of an import message (``[imp.err]`` in assets/i18n/import.toml)."""
    return _catalog()["err"][code][lang].format(**params)


def error(field_name: str, code: str, /, **params) -> dict:
    """One row error as stored in rejected_row.errors."""
    uk_params = {k: (v["uk"] if isinstance(v, dict) else v) for k, v in params.items()}
    en_params = {k: (v["en"] if isinstance(v, dict) else v) for k, v in params.items()}
    return {"field": field_name, "code": code, "message_uk": message(code, "uk", **uk_params),
            "message_en": message(code, "en", **en_params)}


def kind_label(kind: str, lang: str) -> str:
    return _catalog()["kind"][kind][lang]


def catalog_path() -> Path:
    return CATALOG
