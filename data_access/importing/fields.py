"""What an import kind asks for: the fields its file's columns map to, and settings besides the file."""

from __future__ import annotations

from dataclasses import dataclass

# code: a reference list's key or label; partner: a partner's external id or name; list: partners separated by ";"
TYPES = frozenset({"id", "datetime", "date", "text", "number", "int", "bool", "code", "settlement_code", "settlement",
                   "partner", "list"})
# Columns mapped to these are parsed, so they are not scanned for phone and tax numbers:
STRUCTURED = frozenset({"id", "datetime", "date", "number", "int", "bool", "code", "settlement_code"})
# Free text, stored as written once personal data in it is masked; a column whose header names personal
# data is never stored as free text, while one the user maps to any other type is (it is checked as that type):
FREE_TEXT = frozenset({"text"})


@dataclass(frozen=True)
class Field:
    """A field of an import kind; its label is the catalog message ``imp.field.<name>``."""

    name: str
    type: str
    required: bool = False
    ref: str | None = None  # the reference list (assets/reference/<ref>.csv) of a "code" field
    future: bool = False  # a date that may lie in the future (a term, not an event)
    coarse: bool = False  # a date that may be only a month or a year (its precision is kept)


RECORD_ID = Field("external_id", "id", True)  # with the source, what makes a re-import update a record
PLACE = (Field("settlement_code", "settlement_code"), Field("settlement", "settlement"))
POINT = (Field("lat", "number"), Field("lon", "number"))


@dataclass(frozen=True)
class Setting:
    """A value an import needs besides the file: a ``text`` (one key) or a ``period`` (a first and a
    last day: one date range on the page, two command-line options)."""

    type: str
    keys: tuple[str, ...]  # the keys of the settings dict handed to the kind's commit
    label: str  # catalog key of the page's label
    options: tuple[str, ...]  # command-line options, one per key
    help: tuple[str, ...]  # their help texts
    cli_default: str | None = None  # CLI: the key whose value stands in when the option is not given
    invalid: str | None = None  # catalog key of the CLI's message for a period option that is no date


@dataclass(frozen=True)
class Settings:
    """What else an import of a kind asks for (the survey's wave): a section of the import page
    (``title``, ``note``: catalog keys) and options of the ``import`` command."""

    title: str
    note: str
    items: tuple[Setting, ...]
