"""The meeting pack's KPI tiles and side lists never break a word in the middle (issue 21: a tile's
title came out as «Правопорушенн / я»): every word of every text fits its box at the size drawn."""

from __future__ import annotations

import pytest

from display.kpis import KPIS
from domain.i18n import translate
from reports.pack_layout import kpi_tiles, side_list
from reports.text_fit import fitting_size, word_width_in

LONG_LABEL = "Правопорушення, зареєстровані поліцією за тиждень"


class Recorder:
    """A canvas that keeps every text box: (width in inches, text, size, bold)."""

    def __init__(self):
        self.texts: list[tuple[float, str, float, bool]] = []

    def rect(self, *args, **kwargs) -> None:
        pass

    def text(self, x, y, w, h, text, *, size, bold=False, note="", note_size=0, **_kwargs) -> None:
        self.texts.append((w, text, size, bold))
        if note:
            self.texts.append((w, note, note_size, False))


def _tile(label: str, key: str) -> dict:
    return {"key": key, "label": label, "display": "1 234", "change": -0.08, "change_display": "−8%",
            "year_ago_display": "+6%", "higher_is_better": False, "note": ""}


def _broken_words(canvas: Recorder) -> list[str]:
    return [f"«{word}» ({size} pt) wider than {w:.2f} in"
            for w, text, size, bold in canvas.texts for word in text.split()
            if word_width_in(word, size=size, bold=bold) > w]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_kpi_tiles_fit_every_word(lang):
    tiles = [_tile(translate(s.pack_label or s.label, lang), s.key) for s in KPIS]
    tiles[0] = _tile(LONG_LABEL, KPIS[0].key)
    canvas = Recorder()
    kpi_tiles(canvas, tiles, lang)
    assert canvas.texts and not _broken_words(canvas), _broken_words(canvas)
    label_sizes = [size for _w, text, size, _b in canvas.texts if text == LONG_LABEL]
    assert label_sizes and label_sizes[0] < 14  # shrunk from the tile's 14 pt: «Правопорушення» is 1.96 in there


def test_side_list_fits_every_word():
    canvas = Recorder()
    side_list(canvas, [(LONG_LABEL, "1 234 567", "Найвідповідальніших"), ("Крадіжки", "12", "")], 9.0, 1.5, 3.2, 4.0)
    assert not _broken_words(canvas), _broken_words(canvas)


def test_fitting_size_keeps_the_size_when_the_word_fits_and_shrinks_when_not():
    assert fitting_size("Крадіжки", 3.0, size=14, bold=True) == 14
    assert fitting_size("Правопорушення", 1.5, size=14, bold=True) < 14
    assert fitting_size("", 1.0, size=14, bold=True) == 14
