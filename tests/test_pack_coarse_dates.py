"""The meeting pack's review slide says how many records known only to their month or year the weekly
review left out (issue 18); a pack without such records has no such line."""

from __future__ import annotations

from datetime import date, datetime

from reports.figures import pack_figures
from reports.pack_layout import slide_plan
from tests.factories import BUCHA, add_incidents, ids

IMAGES = {"map": b"", "trend": b"", "flow": b"", "survey": b""}


def _review_lines(engine, lang: str) -> list[str]:
    figures = pack_figures(engine, hromada_id=ids(engine)[BUCHA], week_monday=date(2026, 11, 16), lang=lang,
                           role="prosecutor")
    slides = slide_plan(figures, IMAGES)
    return next(s for s in slides if s.table is not None and s.lines and "▲" in s.lines[0]).lines


def test_the_review_slide_counts_the_month_records_it_left_out(sqlite_engine):
    add_incidents(sqlite_engine, [{"occurred_at": datetime(2026, 11, 17, 10)}] * 2
                  + [{"occurred_at": datetime(2026, 11, 1), "precision": "month"}] * 7)
    assert _review_lines(sqlite_engine, "en")[1] == "Records left out: 7, whose date is known only to the month or year."
    assert _review_lines(sqlite_engine, "uk")[1].startswith("Не враховано записів: 7")


def test_no_line_without_coarse_records(sqlite_engine):
    add_incidents(sqlite_engine, [{"occurred_at": datetime(2026, 11, 17, 10)}] * 2)
    assert len(_review_lines(sqlite_engine, "en")) == 1
