"""CLI command add-hromada: a hromada's reference entry from the codifier, with its boundaries."""

from __future__ import annotations

import argparse
from pathlib import Path

from data_access.db_setup import upgrade_to_head
from data_access.engine import make_engine
from data_access.hromada_assets.add import AddHromadaError, add_hromada
from data_access.hromada_assets.codifier import CodifierError, edition
from data_access.hromada_assets.geo_source import SOURCE_NAME, GeoSourceError
from data_access.reference import HROMADAS_DIR, load_reference
from data_access.settings import deployment_setting


def _add_hromada(args: argparse.Namespace) -> int:
    source = args.geo_source or deployment_setting("UKRAINE_GEO_DATA")
    try:
        added = add_hromada(args.hromada, hromadas_dir=Path(args.assets_dir), force=args.force,
                            geo_source=Path(source) if source else None)
    except (CodifierError, AddHromadaError, GeoSourceError) as exc:
        print(f"add-hromada: {exc}")
        return 1
    print(f"{added.name_uk} ({added.code}) -> {added.folder}")
    print(f"codifier: {edition()}")
    for s in added.settlements:
        print(f"  {s['code']}  {s['kind']:10}  {s['name_uk']} / {s['name_en']}"
              + ("" if s["lat"] != "" else "  (no coordinates)"))
    print(f"boundaries: {added.boundaries}" + (f" ({source})" if source else ""))
    for note in added.notes:
        print(f"note: {note}")
    if not args.no_load:
        engine = make_engine(args.database_url)
        upgrade_to_head(engine)
        counts = load_reference(engine, Path(args.assets_dir))
        print("reference loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def register(sub) -> None:
    p = sub.add_parser("add-hromada", help="add a hromada by name or KATOTTG code from the official codifier "
                                           "(settlements, names, boundaries) and load it")
    p.add_argument("hromada", help="«Ірпінська», «Ірпінська міська територіальна громада» or UA32080150000035443")
    p.add_argument("--geo-source", default=None,
                   help=f"a local copy of {SOURCE_NAME} (checked-out folder or its git folder) to bring the "
                        "outlines from (default: UKRAINE_GEO_DATA; else the file shipped in assets, if any)")
    p.add_argument("--assets-dir", default=str(HROMADAS_DIR), help="where the hromada folders are (default: assets/hromadas)")
    p.add_argument("--force", action="store_true", help="rebuild a hromada whose hromada.toml exists")
    p.add_argument("--no-load", action="store_true", help="write the files only; do not load them into the database")
    p.set_defaults(handler=_add_hromada)
