"""Steps every reports command shares: messages in both languages, the review week, a ready
database and the hromada. Each returns None (after saying why) when the command must stop."""

from __future__ import annotations

import sys
from datetime import date, datetime

from analytics.periods import last_complete_week_end
from data_access.engine import make_engine
from data_access.incidents import hromada_by_code
from data_access.status import database_state
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


def find_hromada(engine, code: str | None) -> dict | None:
    """The hromada with KATOTTG ``code`` (the first one when None)."""
    hromada = hromada_by_code(engine, code=code)
    if hromada is None:
        say(f"Громаду з кодом «{code}» не знайдено в базі даних.", f"No hromada with code {code!r} in the database.")
    return hromada
