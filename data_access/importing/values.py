"""The value step of an import: each distinct value of a file's coded columns (reference-list codes and
settlements) with the key it is taken for, so the user can confirm or choose it (saved in the profile)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, select

from data_access import schema
from data_access.importing.aliases import norm_value
from data_access.importing.checks import code_key
from data_access.importing.kinds import import_kind
from data_access.importing.results import Prepared
from data_access.reference import labels

MAX_LISTED = 60  # a column with more distinct values is not listed value by value (it is no code list)
SETTLEMENT_TYPES = ("settlement", "settlement_code")


@dataclass(frozen=True)
class ValueColumn:
    """One mapped coded column: ``values`` has columns value (as written), rows (how many rows hold it),
    guess (the key it is taken for: the profile's choice, else recognised; None when unknown), most
    frequent first; ``options`` key -> label of everything it may be mapped to. ``values`` is empty
    when the column has more than MAX_LISTED distinct values (``distinct`` says how many)."""

    field: str
    column: str
    values: pd.DataFrame
    options: dict[str, str]
    distinct: int


def _settlements(engine: Engine, hromada_id: int, lang: str) -> dict[str, str]:
    """KATOTTG code -> name in ``lang`` of the hromada's settlements."""
    s = schema.settlement
    with engine.connect() as conn:
        rows = conn.execute(select(s.c.code, s.c.name_uk, s.c.name_en).where(s.c.hromada_id == hromada_id)
                            .order_by(s.c.name_uk)).all()
    return {r.code: (r.name_en if lang == "en" else r.name_uk) or r.name_uk for r in rows}


def value_columns(engine: Engine, prepared: Prepared, *, hromada_id: int, lang: str) -> list[ValueColumn]:
    """The mapped coded columns of ``prepared`` in the kind's field order (see :class:`ValueColumn`)."""
    spec = import_kind(prepared.kind)
    out: list[ValueColumn] = []
    settlements: dict[str, str] | None = None
    for f in spec.fields:
        column = prepared.mapping.get(f.name)
        if column is None or not (f.type == "code" or f.type in SETTLEMENT_TYPES):
            continue
        if f.type == "code":
            options = labels(f.ref, lang)
            guess_of = lambda v, ref=f.ref: code_key(ref, v)  # noqa: E731
        else:
            settlements = settlements if settlements is not None else _settlements(engine, hromada_id, lang)
            options = settlements
            guess_of = _settlement_guesser(engine, hromada_id)
        cells = prepared.sheet.frame[column].astype(str).str.strip()
        counts = cells[cells != ""].value_counts()
        chosen = {norm_value(k): v for k, v in prepared.values.get(f.name, {}).items()}
        listed = pd.DataFrame(columns=["value", "rows", "guess"])
        if len(counts) <= MAX_LISTED:
            listed = pd.DataFrame({"value": counts.index, "rows": counts.to_numpy()})
            listed["guess"] = [_known(chosen.get(norm_value(v)), options, guess_of) or guess_of(v)
                               for v in listed["value"]]
        out.append(ValueColumn(f.name, column, listed, options, len(counts)))
    return out


def _known(choice: str | None, options: dict[str, str], guess_of) -> str | None:
    """A saved choice as a key of ``options`` (it may be written as a label), else None."""
    if choice is None:
        return None
    return choice if choice in options else guess_of(choice)


def _settlement_guesser(engine: Engine, hromada_id: int):
    """value -> the KATOTTG code of the hromada's settlement it names (code or name, uk or en), or None."""
    s = schema.settlement
    with engine.connect() as conn:
        rows = conn.execute(select(s.c.code, s.c.name_uk, s.c.name_en).where(s.c.hromada_id == hromada_id)).all()
    by_key = {}
    for r in rows:
        for key in (r.name_uk, r.name_en, r.code):
            if key:
                by_key[norm_value(key)] = r.code
    return lambda v: by_key.get(norm_value(v))
