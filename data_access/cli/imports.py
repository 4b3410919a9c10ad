"""CLI command ``import``: load a CSV/XLSX file for scheduled loads; exit 0 all stored, 1 some rows
rejected (kept), 2 the file refused as a whole (nothing stored)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from data_access.cli import operator
from data_access.engine import make_engine
from data_access.importing.fields import Settings
from data_access.importing.kinds import KINDS, import_kind
from data_access.importing.messages import withheld_text
from data_access.importing.profile import GENERATE_IDS, KEEP_PERSONAL, TIMEZONE, Profile, load_mapping_file
from data_access.importing.results import ImportResult
from domain.i18n import translate
from domain.roles import Role


def _refuse(uk: str, en: str) -> None:
    """Why the file was refused as a whole, in English and Ukrainian (exit code 2 follows)."""
    print(f"refused: {en}\nвідмовлено: {uk}", file=sys.stderr)


def _mapping_hint(result: ImportResult) -> None:
    """After a refusal for missing columns: how to map them (``--mapping``), with the columns guessed
    (file column -> field) and those that matched no field, in English and Ukrainian."""
    guessed = ", ".join(f"{c} -> {f}" for f, c in result.mapping.items()) or "—"
    unmatched = ", ".join(result.ignored_columns) or "—"
    for lang in ("en", "uk"):
        print(translate("imp.cli.mapping_hint", lang, guessed=guessed, unmatched=unmatched))


def _confirm_hint(result: ImportResult) -> None:
    """Columns withheld because their header looks personal although mapped to a field: how to keep them."""
    for col, field in result.to_confirm.items():
        for lang in ("en", "uk"):
            print(translate("imp.cli.confirm_personal", lang, column=col, field=field))


def _dest(option: str) -> str:
    return option.removeprefix("--").replace("-", "_")


def _settings(settings: Settings, args: argparse.Namespace) -> dict | None:
    """The kind's settings from their options (a missing text falls back to its ``cli_default``);
    None, after saying why, when a period's option is not a YYYY-MM-DD date."""
    values: dict = {}
    for setting in settings.items:
        given = [getattr(args, _dest(option)) for option in setting.options]
        if setting.type == "period":
            try:
                values.update(zip(setting.keys, [date.fromisoformat(v) if v else None for v in given], strict=True))
            except ValueError as exc:
                _refuse(translate(setting.invalid, "uk", error=exc), translate(setting.invalid, "en", error=exc))
                return None
        else:
            values[setting.keys[0]] = given[0] or (values[setting.cli_default] if setting.cli_default else None)
    return values


def _import(args: argparse.Namespace) -> int:
    from data_access.importing.log import import_profile, save_import_profile
    from data_access.importing.pipeline import import_file
    from data_access.importing.place import hromada_id_for

    spec = import_kind(args.kind)
    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        _refuse(f"не вдається прочитати файл {path}: {exc.strerror}", f"cannot read {path}: {exc.strerror}")
        return 2
    engine = make_engine(args.database_url)
    source = args.source or spec.default_source
    hromada_id = hromada_id_for(engine, args.hromada)
    if hromada_id is None:
        _refuse(f"громади з кодом «{args.hromada}» немає в базі даних", f"no hromada with code {args.hromada}")
        return 2
    if args.mapping:
        try:
            profile = load_mapping_file(args.mapping)
        except (OSError, ValueError, KeyError) as exc:
            _refuse(f"не вдається прочитати файл відповідності стовпців {args.mapping}: {exc}",
                    f"cannot read the mapping file {args.mapping}: {exc}")
            return 2
    else:
        profile = import_profile(engine, kind=args.kind, source=source) or Profile()
    if args.generate_ids:
        profile.options[GENERATE_IDS] = True
    if args.keep_personal:
        profile.options[KEEP_PERSONAL] = sorted({*profile.keep_personal, *args.keep_personal})
    if args.timezone:
        profile.options[TIMEZONE] = args.timezone
    settings = _settings(spec.settings, args) if spec.settings else None
    if spec.settings and settings is None:
        return 2
    # the command runs as the server's operator: the prosecutor's rights, the operating-system account as actor
    result = import_file(engine, role=Role.PROSECUTOR, kind=args.kind, content=content, file_name=path.name,
                         source=source, hromada_id=hromada_id, mapping=profile,
                         created_by=operator(), settings=settings)
    if result.refused is not None:
        print(f"refused: {result.refused.message_en}")
        print(f"відмовлено: {result.refused.message_uk}")
        if result.refused.code == "missing_columns":
            _mapping_hint(result)
        _confirm_hint(result)
        return 2
    print(result.summary())
    if args.save_profile:
        # the columns as the user gave them (a column withheld until confirmed stays mapped), else as guessed
        columns = profile.columns if profile.columns is not None or not spec.mapped else dict(result.mapping)
        save_import_profile(engine, kind=args.kind, source=source,
                            profile=Profile(columns, profile.values, profile.options))
        for lang in ("en", "uk"):
            print(translate("imp.cli.profile_saved", lang, source=source))
    for other, n in result.other_sources.items():
        for lang in ("en", "uk"):
            print(translate("imp.opt.other_source", lang, n=n, other=other, source=source))
    if result.personal_columns:
        print("personal-data columns not stored: " + withheld_text(result.personal_columns, result.personal_reasons, "en"))
    _confirm_hint(result)
    if result.spared_columns:
        print("stored although the header looks personal (kept as confirmed): " + ", ".join(
            f"{c} -> {f}" for c, f in result.spared_columns.items()))
    if result.ignored_columns:
        print("columns not stored (no matching field): " + ", ".join(result.ignored_columns))
    if result.masked_cells:
        print(f"personal data removed from text: {result.masked_cells} cells")
    if result.blank_lines:
        print(f"blank lines skipped: {result.blank_lines}")
    return result.exit_code


def register(sub) -> None:
    p = sub.add_parser("import", help=f"import a CSV/XLSX file ({', '.join(KINDS)})")
    p.add_argument("--kind", required=True, choices=list(KINDS))
    p.add_argument("file", help="the CSV or XLSX file")
    p.add_argument("--source", default=None, help="data source name; re-importing with the same source updates rows "
                   f"(default: {' / '.join(k.default_source for k in KINDS.values())})")
    p.add_argument("--mapping", default=None, help='a profile: JSON {"columns": {"file column": "field"}, '
                   '"values": {"field": {"file value": "key"}}, "options": {...}}, the flat JSON {"file column": '
                   '"field"} or CSV column,field (default: the saved profile of the kind and source, else guesses '
                   "from the headers)")
    p.add_argument("--save-profile", action="store_true",
                   help="save the mapping used (columns, values, options) as the profile of the kind and source; "
                   "later imports of that kind and source use it without --mapping")
    p.add_argument("--generate-ids", action="store_true",
                   help="rows without an ID get one made from their content and their place among identical "
                   "rows, so a re-import updates them (saved with --save-profile)")
    p.add_argument("--keep-personal", action="append", default=[], metavar="COLUMN",
                   help="keep this column although its header looks like personal data (it must be mapped to a "
                   "checked field, e.g. settlement); may be repeated; saved with --save-profile")
    p.add_argument("--hromada", default=None, help="KATOTTG code of the hromada (default: the first in the database)")
    p.add_argument("--timezone", default=None, help="where the file's times of day were recorded, e.g. Europe/London: "
                   "converted to Kyiv time (default: Europe/Kyiv; dates without a time are not shifted)")
    for spec in KINDS.values():
        for setting in spec.settings.items if spec.settings else ():
            for option, text in zip(setting.options, setting.help, strict=True):
                p.add_argument(option, default=None, help=f"{spec.key}: {text}")
    p.set_defaults(handler=_import)
