"""``add-hromada``: write ``assets/hromadas/<code>/`` (hromada.toml, settlements.csv and, when a
boundary source or a shipped file is at hand, boundaries.geojson + SOURCE.md) from the codifier.

Nothing is invented: names, codes and kinds come from the codifier, English names from the official
transliteration, coordinates from the OSM outlines (centroids) or OSM nodes; populations are not in
either source and stay empty, with a note saying so (assets/hromadas/README.md).
"""

from __future__ import annotations

import csv
import json
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from data_access.hromada_assets.boundaries import FILE_NAME, build_boundaries, positions_from, write_boundaries
from data_access.hromada_assets.codifier import KINDS, HromadaRecord, edition, find_hromada
from data_access.hromada_assets.geo_source import SOURCE_NAME, GeoSource
from data_access.reference import HROMADAS_DIR
from domain import polygons
from domain.translit import transliterate

SETTLEMENT_COLUMNS = ["code", "name_uk", "name_en", "kind", "population", "population_date",
                      "population_includes_idp", "lat", "lon", "source"]
# The kind of a hromada follows its administrative centre (a city, a селище, a village).
HROMADA_TYPES = {"city": ("міська", "urban"), "settlement": ("селищна", "settlement"), "village": ("сільська", "rural")}
POPULATION_NOTE = ("Population: not in the codifier or the boundary source — left empty; fill it from the State "
                   "Statistics Service estimate or the hromada's register (assets/hromadas/README.md)")


class AddHromadaError(Exception):
    """The hromada cannot be added as asked (message says why and what to do)."""


@dataclass
class Added:
    """What ``add_hromada`` wrote."""

    folder: Path
    code: str
    name_uk: str
    settlements: list[dict]
    boundaries: str  # "built from <source>", "shipped file", or "none: <why>"
    notes: list[str] = field(default_factory=list)


def _centre(rec: HromadaRecord) -> dict | None:
    """The settlement the hromada is named after: the longest shared opening with the hromada's
    name (at least 3 letters: Буча/Бучанська), a city before a селище before a village."""
    stem = rec.hromada.name.casefold()
    rank = {"M": 0, "X": 1, "T": 1, "C": 2}

    def shared(name: str) -> int:
        n = 0
        for a, b in zip(name.casefold(), stem, strict=False):
            if a != b:
                break
            n += 1
        return n

    best = sorted(((-shared(s.name), rank.get(s.category, 3), s.code, s) for s in rec.settlements
                   if shared(s.name) >= 3), key=lambda t: t[:3])
    return best[0][3] if best else None


def _known_names(hromadas_dir: Path) -> dict[str, tuple[str, str]]:
    """raion_uk / oblast_uk -> English name as the hromadas already in assets spell them."""
    out = {}
    for path in sorted(list(hromadas_dir.glob("*/hromada.toml")) + list(HROMADAS_DIR.glob("*/hromada.toml"))):
        with path.open("rb") as fh:
            meta = tomllib.load(fh)
        for level in ("raion", "oblast"):
            if meta.get(f"{level}_uk") and meta.get(f"{level}_en"):
                out.setdefault(meta[f"{level}_uk"], meta[f"{level}_en"])
    return out


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def _boundaries(rec: HromadaRecord, folder: Path, settlements: list[dict], geo_source: Path | None,
                hromada_names: dict) -> tuple[dict | None, str]:
    shipped = [p for p in (folder / FILE_NAME, HROMADAS_DIR / rec.hromada.code / FILE_NAME) if p.is_file()]
    if geo_source is not None:
        result = build_boundaries(GeoSource(geo_source), hromada={
            "code": rec.hromada.code, **hromada_names, "oblast_uk": rec.oblast.name, "raion_uk": rec.raion.name},
            settlements=settlements)
        write_boundaries(folder, result, names={s["code"]: s["name_uk"] for s in settlements})
        return result.collection, f"built from a local copy of {SOURCE_NAME}"
    if shipped:
        if shipped[0].parent != folder:
            folder.mkdir(parents=True, exist_ok=True)
            for name in (FILE_NAME, "SOURCE.md"):
                if (shipped[0].parent / name).is_file():
                    shutil.copyfile(shipped[0].parent / name, folder / name)
        return (json.loads((folder / FILE_NAME).read_text(encoding="utf-8")),
                f"the file shipped in assets/hromadas/{rec.hromada.code}/ (see its SOURCE.md)")
    return None, (f"none: no boundary file is shipped for {rec.hromada.code}; pass --geo-source PATH "
                  f"(a local copy of {SOURCE_NAME}) to bring its outlines")


def add_hromada(query: str, *, hromadas_dir: Path = HROMADAS_DIR, geo_source: Path | None = None,
                force: bool = False) -> Added:
    """Write the assets of the hromada named by ``query`` (code or name) into ``hromadas_dir``."""
    rec = find_hromada(query)
    folder = hromadas_dir / rec.hromada.code
    if (folder / "hromada.toml").exists() and not force:
        raise AddHromadaError(f"{folder / 'hromada.toml'} exists already (curated data is never overwritten "
                              f"silently); use --force to rebuild it from the codifier")
    source_note = f"Code/kind/names: {edition()}; name_en: official transliteration (CMU Resolution No. 55 of 27.01.2010)"
    settlements = [{"code": s.code, "name_uk": s.name, "name_en": transliterate(s.name), "kind": KINDS[s.category]}
                   for s in rec.settlements]
    centre = _centre(rec)
    kind = KINDS.get(centre.category) if centre else None
    type_uk, type_en = HROMADA_TYPES.get(kind, ("", ""))
    centre_en = transliterate(centre.name) if centre else transliterate(rec.hromada.name)
    names = {"name_uk": " ".join(filter(None, [rec.hromada.name, type_uk, "територіальна громада"])),
             "name_en": " ".join(filter(None, [centre_en, type_en, "hromada"]))}
    collection, how = _boundaries(rec, folder, settlements, geo_source, names)
    positions = positions_from(collection or {})
    for s in settlements:
        lat, lon, where = positions.get(s["code"], ("", "", None))
        s.update(population="", population_date="", population_includes_idp="", lat=lat, lon=lon,
                 source=f"{source_note}. {POPULATION_NOTE}. Coordinates: "
                        + (f"{where} ({SOURCE_NAME}, © OpenStreetMap contributors, ODbL)" if where
                           else "NOT FOUND in the codifier or the boundary source — left empty"))
    known = _known_names(hromadas_dir)
    raion_uk, oblast_uk = f"{rec.raion.name} район", (rec.oblast.name if rec.oblast.category == "K"
                                                       else f"{rec.oblast.name} область")
    centre_pos = positions.get(centre.code) if centre else None
    outline = next((f["geometry"] for f in (collection or {}).get("features", [])
                    if f["properties"].get("level") == "hromada"), None)
    spot = (centre_pos[:2] if centre_pos else polygons.label_point(outline)) or None
    meta = {
        "code": rec.hromada.code, **names,
        "raion_uk": raion_uk, "raion_en": known.get(raion_uk, f"{transliterate(rec.raion.name)} raion"),
        "oblast_uk": oblast_uk,
        "oblast_en": known.get(oblast_uk, transliterate(rec.oblast.name) + ("" if rec.oblast.category == "K" else " oblast")),
        "population_includes_idp": False,
        "population_source": "not in the codifier — left empty: the hromada's population is unknown until the office "
                             "enters the State Statistics Service estimate or its register figure",
    }
    if spot:
        meta.update(center_lat=round(float(spot[0]), 6), center_lon=round(float(spot[1]), 6))
    meta["notes"] = (f"Created by `python -m data_access add-hromada` from the codifier: {edition()}. "
                     f"Hromada type ({type_uk or 'unknown'}) from its administrative centre "
                     f"{centre.name if centre else '(not identified)'}; centre coordinates: "
                     + ("the centre settlement's" if centre_pos else "the outline's label point" if spot else "unknown")
                     + f". Boundaries: {how}.")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hromada.toml").write_text(
        f"# {names['name_uk']} — reference data written by add-hromada; see assets/hromadas/README.md.\n"
        + "".join(f"{k} = {_toml_value(v)}\n" for k, v in meta.items()), encoding="utf-8")
    with (folder / "settlements.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=SETTLEMENT_COLUMNS)
        writer.writeheader()
        writer.writerows(settlements)
    notes = [f"{sum(1 for s in settlements if s['lat'] == '')} of {len(settlements)} settlements without coordinates",
             "populations left empty (not in the codifier)"]
    return Added(folder, rec.hromada.code, names["name_uk"], settlements, how, notes)
