"""Font sizes at which no word breaks in the middle: the meeting pack's boxes are drawn in DejaVu Sans
(reports.pdf_pack.font_files) by PowerPoint / LibreOffice (PPTX) and fpdf2 (PDF); both wrap at spaces
but cut a word wider than its box in the middle («Правопорушенн / я»). A box's font shrinks until
its longest word fits."""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import ImageFont

MEASURE_PT = 100
PT_PER_IN = 72
SAFETY = 0.94  # renderers differ a little in spacing: keep a margin
STEP_PT = 0.5


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    from reports.pdf_pack import font_files  # the same font files the PDF embeds

    regular, heavy = font_files()
    return ImageFont.truetype(str(heavy if bold else regular), MEASURE_PT)


def word_width_in(word: str, *, size: float, bold: bool) -> float:
    """The width of ``word`` in inches at ``size`` points."""
    return _font(bold).getlength(word) / MEASURE_PT * size / PT_PER_IN


def fitting_size(text: str, width_in: float, *, size: float, bold: bool, min_size: float = 8.0) -> float:
    """The largest font size up to ``size`` (in half points, not under ``min_size``) at which the
    longest word of ``text`` fits in ``width_in`` inches."""
    longest = max((word_width_in(w, size=1, bold=bold) for w in text.split()), default=0.0)
    if longest <= 0:
        return size
    fit = math.floor(width_in * SAFETY / longest / STEP_PT) * STEP_PT
    return max(min_size, min(size, fit))
