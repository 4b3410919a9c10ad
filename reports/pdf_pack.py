"""The meeting pack as PDF (fpdf2): the slides of reports/pack_layout.py, as the PowerPoint has them, on
landscape 16:9 pages, DejaVu Sans embedded so Cyrillic never turns into boxes."""

from __future__ import annotations

import io
import os
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from reports.pack_layout import (
    DARK,
    GREY,
    HEAD_FILL,
    LEFT,
    MARGIN,
    SLIDE_H,
    SLIDE_W,
    Table,
    cell_align,
    lay_out,
    slide_plan,
)

FONT_DIRS = (os.environ.get("PACK_FONT_DIR"), "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
             "/usr/local/share/fonts")
PT_PER_IN = 72


class FontMissingError(RuntimeError):
    """No Unicode font for Cyrillic (Debian: apt-get install fonts-dejavu-core)."""


def font_files() -> tuple[Path, Path]:
    """DejaVuSans.ttf and DejaVuSans-Bold.ttf, or FontMissingError with the fix."""
    for folder in FONT_DIRS:
        if not folder:
            continue
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    raise FontMissingError(
        "Немає шрифту DejaVu Sans для кирилиці: встановіть пакет fonts-dejavu-core або вкажіть PACK_FONT_DIR. / "
        "DejaVu Sans (needed for Cyrillic) is missing: install fonts-dejavu-core or set PACK_FONT_DIR."
    )


class _PdfCanvas:
    """pack_layout's drawing primitives on an fpdf2 document (in inches)."""

    def __init__(self, pdf: FPDF):
        self.pdf = pdf

    def new_slide(self) -> None:
        self.pdf.add_page()

    def rect(self, x, y, w, h, *, fill, line) -> None:
        self.pdf.set_fill_color(*fill)
        if line is not None:
            self.pdf.set_draw_color(*line)
        self.pdf.rect(x, y, w, h, style="F" if line is None else "DF")

    def text(self, x, y, w, h, text: str, *, size: float, bold: bool = False, colour=DARK, align: str = LEFT,
             note: str = "", note_size: float = 0, note_colour=GREY) -> None:
        self._cell(x, y, w, text, size=size, bold=bold, colour=colour, align=align)
        if note:  # the next paragraph, right under the text
            self._cell(x, self.pdf.get_y(), w, note, size=note_size, bold=False, colour=note_colour, align=LEFT)

    def _cell(self, x, y, w, text: str, *, size: float, bold: bool, colour, align: str) -> None:
        self.pdf.set_font("DejaVu", "B" if bold else "", size)
        self.pdf.set_text_color(*colour)
        self.pdf.set_xy(x, y)
        self.pdf.multi_cell(w, size / PT_PER_IN * 1.25, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def picture(self, png: bytes, x, y, w, h) -> None:
        self.pdf.image(io.BytesIO(png), x=x, y=y, w=w, h=h)

    def table(self, table: Table, x, y, w, h) -> None:
        pdf = self.pdf
        n_rows = len(table.rows) + 1
        size = table.font_pt
        pdf.set_font("DejaVu", "", size)
        pdf.set_xy(x, y)
        total = sum(table.widths)
        widths = tuple(w * v / total for v in table.widths)
        pdf.set_text_color(*DARK)
        pad = 0.03
        line_h = min(h / (n_rows + 1) - 2 * pad, size / PT_PER_IN * 1.4)  # + 1: a header may take two lines
        with pdf.table(col_widths=widths, width=w, align="LEFT", line_height=line_h,
                       first_row_as_headings=True, headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
                       borders_layout="HORIZONTAL_LINES", padding=pad, v_align="MIDDLE") as t:
            head = t.row()
            for j, text in enumerate(table.header):
                head.cell(text, align=cell_align(0, j, text))
            for i, values in enumerate(table.rows):
                fill = table.fills[i] if i < len(table.fills) else None
                bold = table.bold[i] if i < len(table.bold) else False
                row = t.row()
                for j, text in enumerate(values):
                    style = FontFace(emphasis="BOLD" if bold else None, color=table.colours.get((i, j), DARK),
                                     fill_color=fill)
                    row.cell(text, align=cell_align(i + 1, j, text), style=style)


def build_pdf(figures: dict, images: dict[str, bytes]) -> bytes:
    """The meeting pack as a PDF with the same slides as the PowerPoint (the same lay_out)."""
    regular, bold = font_files()
    lang = figures["lang"]
    pdf = FPDF(orientation="L", unit="in", format=(SLIDE_H, SLIDE_W))
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    plan = slide_plan(figures, images)
    pdf.set_title(plan[0].title)
    pdf.set_lang("uk-UA" if lang == "uk" else "en-GB")
    lay_out(plan, figures, _PdfCanvas(pdf))
    return bytes(pdf.output())
