"""Steps every reports command shares: messages in both languages, the review week, a ready
database and the hromada (:func:`open_review` takes all three from the common arguments, which
:func:`review_parser` declares), and writing the output file. Each step says why (in
Ukrainian and English) when the command must stop."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from analytics.periods import last_complete_week_end
from data_access.engine import make_engine
from data_access.incidents import hromada_by_code
from data_access.places import hromadas
from data_access.status import database_state, freshness
from domain.dates import KYIV, iso_week_monday, week_start

EXIT_BAD_INPUT = 2
EXIT_DATABASE = 3


def say(uk: str, en: str) -> None:
    """A message on stderr in Ukrainian and English."""
    print(f"{uk} / {en}", file=sys.stderr)


def review_week(week: str | None) -> date | None:
    """The Monday of ``--week`` (ISO, e.g. 2026-W47), or of the last complete week by default."""
    if not week:
        return week_start(last_complete_week_end(datetime.now(KYIV).date()))
    try:
        return iso_week_monday(week)
    except ValueError:
        say(f"Неправильний тиждень «{week}»: потрібен ISO-тиждень на кшталт 2026-W47.",
            f"Bad week {week!r}: expected an ISO week like 2026-W47.")
        return None


def ready_engine(database_url: str | None):
    """An engine on a database that can serve (schema at head, reference data loaded)."""
    engine = make_engine(database_url)
    state = database_state(engine)
    if state.state != "ready":
        say(f"База даних не готова ({state.state}). Виконайте: python -m data_access init",
            f"The database is not ready ({state.state}). Run: python -m data_access init")
        return None
    return engine


def find_selection(engine, args) -> dict | None:
    """The hromadas of ``args``: one (``--hromada CODE``, the first one without it) as :func:`find_hromada`, or a
    selection (``--hromada CODE,CODE…``, ``--raion '<oblast>|<raion>'``, ``--oblast NAME``) as a dict whose ``id``
    is the tuple of their ids (what data functions take as ``hromada_id``), ``code`` the first one's, ``codes`` all,
    and ``name_uk``/``name_en`` what the selection is."""
    if not hasattr(args, "raion"):  # a command about one hromada only
        return find_hromada(engine, args.hromada)
    codes = [c.strip() for c in (args.hromada or "").split(",") if c.strip()]
    raion, oblast = getattr(args, "raion", None), getattr(args, "oblast", None)
    if not raion and not oblast and len(codes) <= 1:
        return find_hromada(engine, codes[0] if codes else None)
    known = hromadas(engine)
    if raion:
        oblast_uk, _, raion_uk = raion.partition("|")
        chosen = known[(known["oblast_uk"] == oblast_uk) & (known["raion_uk"] == raion_uk)]
        what_uk, what_en = raion_uk, (chosen["raion_en"].iloc[0] if len(chosen) else raion_uk)
    elif oblast:
        chosen = known[known["oblast_uk"] == oblast]
        what_uk, what_en = oblast, (chosen["oblast_en"].iloc[0] if len(chosen) else oblast)
    else:
        chosen = known[known["code"].isin(codes)]
        unknown = [c for c in codes if c not in set(chosen["code"])]
        if unknown:
            say(f"Громад з кодами {', '.join(unknown)} немає в базі даних.", f"No hromada {', '.join(unknown)} in the database.")
            return None
        what_uk, what_en = "вибрані громади", "chosen hromadas"
    if chosen.empty:
        say(f"У базі даних немає громад для «{raion or oblast}» (район пишуть як «Область|Район»).",
            f"No hromada in the database for {raion or oblast!r} (a raion is written 'Oblast|Raion').")
        return None
    n = len(chosen)
    return {"id": tuple(int(i) for i in chosen["id"]), "code": str(chosen["code"].iloc[0]),
            "codes": tuple(chosen["code"]), "name_uk": f"{what_uk}, громад: {n}", "name_en": f"{what_en}, {n} hromadas"}


def find_hromada(engine, code: str | None) -> dict | None:
    """The hromada with KATOTTG ``code`` (the first one when None)."""
    hromada = hromada_by_code(engine, code=code)
    if hromada is None:
        say(f"Громаду з кодом «{code}» не знайдено в базі даних.", f"No hromada with code {code!r} in the database.")
    return hromada


@dataclass(frozen=True)
class Review:
    """What a reports command works on: the review week's Monday, a ready database's engine and the
    hromada (a dict with id, code, name_uk, name_en)."""

    monday: date
    engine: object
    hromada: dict


def hromada_parser(sub, name: str, *, help: str, selection: bool = False):
    """The parser of a reports command about one hromada, with ``--hromada`` (``--database-url``
    comes from the command frame); the command adds its own arguments. ``selection``: the command also takes
    several hromadas, a raion or an oblast (:func:`find_selection`)."""
    parser = sub.add_parser(name, help=help)
    if not selection:
        parser.add_argument("--hromada", default=None, help="KATOTTG code of the hromada (default: the first one)")
        return parser
    parser.add_argument("--hromada", default=None,
                        help="KATOTTG code of the hromada, or several separated by commas (default: the first one)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--raion", default=None, help="every hromada of a raion, written 'Oblast|Raion' in Ukrainian, "
                                                      "e.g. 'Київська область|Бучанський район'")
    where.add_argument("--oblast", default=None, help="every hromada of an oblast (its Ukrainian name)")
    return parser


def review_parser(sub, name: str, *, help: str, selection: bool = False):
    """:func:`hromada_parser` with ``--week``, for a command about one review week."""
    parser = hromada_parser(sub, name, help=help, selection=selection)
    parser.add_argument("--week", default=None, help="ISO week, e.g. 2026-W47 (default: the last complete week)")
    return parser


def add_csv_output(parser) -> None:
    """``--format csv`` and ``--out FILE`` (``-`` for standard output), as :func:`emit_csv` writes them."""
    parser.add_argument("--format", choices=["csv"], default="csv")
    parser.add_argument("--out", required=True, help="output file, or - for standard output")


def open_hromada(args) -> tuple[object, dict] | int:
    """A ready database and the hromada (or selection: :func:`find_selection`) of ``args``, or the exit code after
    saying why not:
    EXIT_DATABASE for a database that is not ready, EXIT_BAD_INPUT for an unknown hromada."""
    engine = ready_engine(args.database_url)
    if engine is None:
        return EXIT_DATABASE
    hromada = find_selection(engine, args)
    if hromada is None:
        return EXIT_BAD_INPUT
    return engine, hromada


def open_review(args) -> Review | int:
    """The review week and :func:`open_hromada`'s database and hromada, or the exit code after saying
    why not (EXIT_BAD_INPUT for a bad week)."""
    monday = review_week(args.week)
    if monday is None:
        return EXIT_BAD_INPUT
    opened = open_hromada(args)
    if isinstance(opened, int):
        return opened
    return Review(monday, *opened)


def emit_csv(engine, text: str, out: str) -> bool:
    """Write a command's CSV to ``out`` (``-``: standard output), after a warning when the database
    holds demo data; False after saying why the file could not be written."""
    if freshness(engine).has_demo:
        say("УВАГА: база даних містить демо-дані; цифри не описують реальних подій.",
            "WARNING: the database holds demo data; the figures describe no real events.")
    if out == "-":
        sys.stdout.write(text)
        return True
    return write_output(Path(out), text)


def write_output(path: Path, content: bytes | str) -> bool:
    """Write ``content`` to ``path`` (text as UTF-8); False after saying why it could not be written."""
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as exc:
        say(f"Не вдається записати файл {path}: {exc.strerror}.", f"Cannot write {path}: {exc.strerror}.")
        return False
    return True
