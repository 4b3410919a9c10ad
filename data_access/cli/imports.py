"""CLI command ``import``: load a CSV/XLSX file for scheduled loads; exit 0 all stored, 1 some rows
rejected (kept), 2 the file refused as a whole (nothing stored)."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

from data_access.engine import make_engine
from data_access.importing.aliases import DEFAULT_SOURCES, KINDS


def _refuse(uk: str, en: str) -> None:
    """Why the file was refused as a whole, in English and Ukrainian (exit code 2 follows)."""
    print(f"refused: {en}\nвідмовлено: {uk}", file=sys.stderr)


def _import(args: argparse.Namespace) -> int:
    from data_access.importing.log import load_mapping_file, mapping_profile
    from data_access.importing.pipeline import hromada_id_for, import_file

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        _refuse(f"не вдається прочитати файл {path}: {exc.strerror}", f"cannot read {path}: {exc.strerror}")
        return 2
    engine = make_engine(args.database_url)
    source = args.source or DEFAULT_SOURCES[args.kind]
    hromada_id = hromada_id_for(engine, args.hromada)
    if hromada_id is None:
        _refuse(f"громади з кодом «{args.hromada}» немає в базі даних", f"no hromada with code {args.hromada}")
        return 2
    mapping = None
    if args.mapping:
        try:
            mapping = load_mapping_file(args.mapping)
        except (OSError, ValueError, KeyError) as exc:
            _refuse(f"не вдається прочитати файл відповідності стовпців {args.mapping}: {exc}",
                    f"cannot read the mapping file {args.mapping}: {exc}")
            return 2
    elif args.kind != "survey":
        mapping = mapping_profile(engine, kind=args.kind, source=source)
    survey = None
    if args.kind == "survey":
        try:
            survey = {"wave_code": args.wave_code, "name_uk": args.wave_name or args.wave_code,
                      "name_en": args.wave_name_en or args.wave_name or args.wave_code,
                      "start_date": date.fromisoformat(args.wave_start) if args.wave_start else None,
                      "end_date": date.fromisoformat(args.wave_end) if args.wave_end else None}
        except ValueError as exc:
            _refuse(f"дати хвилі мають бути у форматі РРРР-ММ-ДД ({exc})", f"wave dates must be YYYY-MM-DD ({exc})")
            return 2
    result = import_file(engine, kind=args.kind, content=content, file_name=path.name, source=source,
                         hromada_id=hromada_id, mapping=mapping, created_by=args.user or f"cli:{getpass.getuser()}",
                         survey=survey)
    if result.refused is not None:
        print(f"refused: {result.refused.message_en}")
        print(f"відмовлено: {result.refused.message_uk}")
        return 2
    print(result.summary())
    if result.personal_columns:
        print("personal-data columns not stored: " + ", ".join(result.personal_columns))
    if result.ignored_columns:
        print("columns not stored (no matching field): " + ", ".join(result.ignored_columns))
    if result.masked_cells:
        print(f"phone/tax numbers removed from text: {result.masked_cells} cells")
    if result.blank_lines:
        print(f"blank lines skipped: {result.blank_lines}")
    return result.exit_code


def register(sub) -> None:
    p = sub.add_parser("import", help="import a CSV/XLSX file (incidents, requests, survey, activities, partners)")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("file", help="the CSV or XLSX file")
    p.add_argument("--source", default=None, help="data source name; re-importing with the same source updates rows "
                   "(default: police / hromada_register / survey / activities / partners)")
    p.add_argument("--mapping", default=None, help='JSON {"file column": "field"} or CSV column,field '
                   "(default: the saved profile of the source, else guesses from the headers)")
    p.add_argument("--hromada", default=None, help="KATOTTG code of the hromada (default: the first in the database)")
    p.add_argument("--user", default=None, help="who runs the import (for the import log)")
    p.add_argument("--wave-code", default=None, help="survey: wave code")
    p.add_argument("--wave-name", default=None, help="survey: wave name in Ukrainian")
    p.add_argument("--wave-name-en", default=None, help="survey: wave name in English")
    p.add_argument("--wave-start", default=None, help="survey: first day YYYY-MM-DD")
    p.add_argument("--wave-end", default=None, help="survey: last day YYYY-MM-DD")
    p.set_defaults(handler=_import)
