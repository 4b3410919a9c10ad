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


def test_the_pack_trend_starts_where_the_data_start(sqlite_engine):
    """As on the overview: no weeks of zeros before the first record (the data begin 3 weeks before the
    pack's week), and the year-ago line is a gap where its week lies before the data start."""
    add_incidents(sqlite_engine, [{"occurred_at": datetime(2026, 10, 27, 10)}] * 6
                  + [{"occurred_at": datetime(2026, 11, 17, 10)}] * 8)
    trend = pack_figures(sqlite_engine, hromada_id=ids(sqlite_engine)[BUCHA], week_monday=date(2026, 11, 16),
                         lang="uk", role="prosecutor")["trend"]
    assert trend["weeks"] == ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"]
    assert trend["counts"] == [6, 0, 0, 8]
    assert trend["year_ago"] == [None, None, None, None]


def test_the_pack_pictures_write_their_dates_in_the_pack_language(sqlite_engine):
    """A static picture gets no plotly.js locale: its date ticks are written out (Ukrainian months, not "Jan")."""
    from reports.images import flow_figure, trend_figure

    add_incidents(sqlite_engine, [{"occurred_at": datetime(2025, 12, 2, 10)}] * 3
                  + [{"occurred_at": datetime(2026, 11, 17, 10)}] * 2)
    for lang, month in (("uk", "січ 2026"), ("en", "Jan 2026")):
        figures = pack_figures(sqlite_engine, hromada_id=ids(sqlite_engine)[BUCHA], week_monday=date(2026, 11, 16),
                               lang=lang, role="prosecutor")
        trend, flow = (list(fig.layout.xaxis.ticktext) for fig in (trend_figure(figures), flow_figure(figures)))
        assert month in trend and flow[-1].endswith("2026")
        latin = [t[0].isascii() for t in trend + flow]
        assert all(latin) if lang == "en" else not any(latin)
