"""Reference data from ``assets/``: hromadas, settlements, code lists, survey questions.

Files (see assets/reference/README.md and assets/hromadas/README.md):
- ``assets/hromadas/<KATOTTG>/hromada.toml`` + ``settlements.csv`` (+ optional ``boundaries.geojson``)
- ``assets/reference/<name>.csv`` code lists with ``key``, ``label_uk``, ``label_en`` columns.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from data_access import schema
from data_access.data_version import writing
from domain.legal_terms import WorkCalendar, work_calendar

ASSETS = Path(__file__).resolve().parent.parent / "assets"
HROMADAS_DIR = ASSETS / "hromadas"
REFERENCE_DIR = ASSETS / "reference"


def hromada_dirs(hromadas_dir: Path | None = None) -> list[Path]:
    """Folders of the hromadas described in assets (one per KATOTTG code). A folder with only
    boundary files (shipped for ``add-hromada``) is not a hromada until it has its hromada.toml."""
    return sorted(p for p in (hromadas_dir or HROMADAS_DIR).iterdir() if (p / "hromada.toml").exists())


@lru_cache(maxsize=64)
def reference_table(name: str) -> pd.DataFrame:
    """A code list from ``assets/reference/<name>.csv`` as text columns (keys kept as written)."""
    path = REFERENCE_DIR / f"{name}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def labels(name: str, lang: str) -> dict[str, str]:
    """key -> label in ``lang`` for a code list (``label_uk`` / ``label_en``)."""
    table = reference_table(name)
    key_col = "key" if "key" in table.columns else table.columns[0]
    return dict(zip(table[key_col], table[f"label_{lang}"], strict=True))


def keys(name: str) -> list[str]:
    """The keys of a code list in file order."""
    table = reference_table(name)
    key_col = "key" if "key" in table.columns else table.columns[0]
    return table[key_col].tolist()


@lru_cache(maxsize=64)
def hromada_calendar(hromada_code: str | None) -> WorkCalendar:
    """The working-day calendar of a hromada: the reference holidays (none under martial law) and its
    ``move_deadline_off_weekend`` setting from hromada.toml (ЦК art. 254 part 5; false by default)."""
    path = HROMADAS_DIR / str(hromada_code) / "hromada.toml"
    move = False
    if hromada_code and path.exists():
        with path.open("rb") as fh:
            move = bool(tomllib.load(fh).get("move_deadline_off_weekend", False))
    return work_calendar(move)


@lru_cache(maxsize=64)
def occupation_periods(hromada_code: str) -> tuple[tuple[date, date], ...]:
    """The periods of occupation a hromada's reference file declares (``[[occupation]]`` with
    ``start``, ``end``, ``source`` in ``hromada.toml``), as (start, end) inclusive dates; () when none.
    Raises ValueError naming the file for an entry without dates or ending before it starts."""
    path = HROMADAS_DIR / hromada_code / "hromada.toml"
    if not path.exists():
        return ()
    with path.open("rb") as fh:
        entries = tomllib.load(fh).get("occupation", [])
    out = []
    for entry in entries:
        start, end = _parse_date(entry.get("start")), _parse_date(entry.get("end"))
        if start is None or end is None or end < start or not entry.get("source"):
            raise ValueError(f"{path}: an [[occupation]] needs start <= end and a source: {entry!r}")
        out.append((start, end))
    return tuple(out)


@lru_cache(maxsize=64)
def _boundaries_text(path: Path, mtime_ns: int) -> str:
    return path.read_text(encoding="utf-8")


def boundaries(hromada_code: str) -> dict | None:
    """The hromada's boundary GeoJSON from assets (a fresh copy: callers may change it), or None
    when no real boundaries are shipped."""
    path = HROMADAS_DIR / hromada_code / "boundaries.geojson"
    if not path.exists():
        return None
    return json.loads(_boundaries_text(path, path.stat().st_mtime_ns))


def boundaries_of(hromada_codes: tuple[str, ...]) -> dict | None:
    """The boundary GeoJSON of one hromada or of a selection: every shipped file's features in one collection
    (None when none of them ships boundaries)."""
    found = [b for b in (boundaries(code) for code in hromada_codes) if b]
    if not found:
        return None
    return {"type": "FeatureCollection", "features": [f for b in found for f in b.get("features", [])]}


def occupation_of(hromada_codes: tuple[str, ...]) -> tuple[tuple[date, date], ...]:
    """The periods of occupation of any hromada of a selection (:func:`occupation_periods` of each, merged where
    they overlap): a week counts as touched by occupation when any selected hromada was occupied in it."""
    spans = sorted(p for code in hromada_codes for p in occupation_periods(code))
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _parse_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _parse_bool(value) -> bool | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes", "так")


def _int_or_none(value) -> int | None:  # noqa: D103
    return None if value in (None, "") else int(float(value))


def _upsert(conn, table, key_col: str, rows: list[dict]) -> None:
    existing = dict(conn.execute(select(table.c[key_col], table.c.id)).all())
    for row in rows:
        if row[key_col] in existing:
            conn.execute(table.update().where(table.c.id == existing[row[key_col]]).values(**row))
        else:
            conn.execute(table.insert().values(**row))


def determined_article_severity() -> dict[str, str]:
    """Legal article code -> its class (КК art. 12) for every code whose class the part determines;
    part-less codes of articles whose parts differ (severity ``undetermined``) are left out."""
    arts = reference_table("legal_articles")
    return {code: sev for code, sev in zip(arts["code"], arts["severity"], strict=True) if sev != "undetermined"}


def reclassify_incidents(conn) -> int:
    """Give stored incidents the class of their legal article as the reference now states it
    (they keep their article). Incidents under a part-less code of an article whose parts differ
    keep their stored class: it may have come from the source file. Returns the rows changed."""
    changed = 0
    inc = schema.incident
    for code, severity in determined_article_severity().items():
        result = conn.execute(inc.update().where(inc.c.legal_article == code, inc.c.severity != severity)
                              .values(severity=severity))
        changed += result.rowcount or 0
    return changed


def load_reference(engine: Engine, hromadas_dir: Path | None = None) -> dict[str, int]:
    """Insert or update hromadas, settlements and survey questions from assets (hromadas from
    ``hromadas_dir``, default ``assets/hromadas``), and bring the class
    of stored incidents in line with the legal article list. Returns how many of each the assets
    describe and how many incidents changed class."""
    counts = {"hromada": 0, "settlement": 0, "survey_question": 0, "incident_reclassified": 0}
    with writing(engine) as conn:
        for folder in hromada_dirs(hromadas_dir):
            with (folder / "hromada.toml").open("rb") as fh:
                meta = tomllib.load(fh)
            _upsert(conn, schema.hromada, "code", [{
                "code": meta["code"],
                "name_uk": meta["name_uk"],
                "name_en": meta["name_en"],
                "raion_uk": meta.get("raion_uk"),
                "raion_en": meta.get("raion_en"),
                "oblast_uk": meta.get("oblast_uk"),
                "oblast_en": meta.get("oblast_en"),
                "population": _int_or_none(meta.get("population")),
                "population_date": _parse_date(meta.get("population_date")),
                "population_includes_idp": _parse_bool(meta.get("population_includes_idp")),
                "population_source": meta.get("population_source"),
                "center_lat": meta.get("center_lat"),
                "center_lon": meta.get("center_lon"),
            }])
            counts["hromada"] += 1
            hromada_id = conn.execute(
                select(schema.hromada.c.id).where(schema.hromada.c.code == meta["code"])
            ).scalar_one()
            settlements = pd.read_csv(folder / "settlements.csv", dtype=str, keep_default_na=False)
            rows = [{
                "hromada_id": hromada_id,
                "code": s["code"],
                "name_uk": s["name_uk"],
                "name_en": s["name_en"],
                "kind": s["kind"],
                "population": _int_or_none(s["population"]),
                "population_date": _parse_date(s["population_date"]),
                "population_includes_idp": _parse_bool(s["population_includes_idp"]),
                "population_source": s.get("source"),
                "lat": float(s["lat"]) if s["lat"] else None,
                "lon": float(s["lon"]) if s["lon"] else None,
            } for s in settlements.to_dict("records")]
            _upsert(conn, schema.settlement, "code", rows)
            counts["settlement"] += len(rows)
        questions = reference_table("survey_questions")
        rows = [{
            "code": q["code"],
            "text_uk": q["text_uk"],
            "text_en": q["text_en"],
            "theme": q["theme"],
            "institution": q.get("institution") or None,
            "scale": q["scale"],
            "scale_min": int(q["scale_min"]),
            "scale_max": int(q["scale_max"]),
            "positive_min": int(q["positive_min"]),
            "negative_max": _int_or_none(q.get("negative_max")),
        } for q in questions.to_dict("records")]
        _upsert(conn, schema.survey_question, "code", rows)
        counts["survey_question"] = len(rows)
        counts["incident_reclassified"] = reclassify_incidents(conn)
    return counts


def article_citations(lang: str) -> dict[str, str]:
    """Legal article code -> its citation: ``KK-185-4`` -> "ст. 185 ч. 4 КК" / "CC art. 185(4)",
    ``KUpAP-173-2`` -> "ст. 173-2 КУпАП" / "CAO art. 173-2"."""
    laws = {"KK": ("КК", "CC"), "KUpAP": ("КУпАП", "CAO")}
    out = {}
    for row in reference_table("legal_articles").to_dict("records"):
        law_uk, law_en = laws.get(row["law"], (row["law"], row["law"]))
        part = row.get("part", "")
        if lang == "uk":
            out[row["code"]] = f"ст. {row['article']}" + (f" ч. {part}" if part else "") + f" {law_uk}"
        else:
            out[row["code"]] = f"{law_en} art. {row['article']}" + (f"({part})" if part else "")
    return out
