"""The meeting pack as PDF (fpdf2): the same slides as the PowerPoint (reports.pptx_pack.slide_plan),
landscape 16:9 pages, DejaVu Sans embedded so Cyrillic never turns into boxes."""

from __future__ import annotations

import io
import os
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from reports.figures import footer_text
from reports.pptx_pack import (
    AMBER,
    BLUE,
    DARK,
    FOOTER_H,
    GREEN,
    GREY,
    HEAD_FILL,
    MARGIN,
    RED,
    SLIDE_H,
    SLIDE_W,
    Slide,
    Table,
    _t,
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


class _Pdf(FPDF):
    pass


def _colour(pdf: FPDF, c: tuple) -> None:
    pdf.set_text_color(*c)


def _text(pdf: FPDF, x, y, w, h, text: str, *, size: float, bold: bool = False, colour=DARK, align: str = "L") -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    _colour(pdf, colour)
    pdf.set_xy(x, y)
    pdf.multi_cell(w, size / PT_PER_IN * 1.25, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _image(pdf: FPDF, png: bytes, x, y, w, h) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        iw, ih = img.size
    scale = min(w / iw, h / ih)
    pw, ph = iw * scale, ih * scale
    pdf.image(io.BytesIO(png), x=x + (w - pw) / 2, y=y + (h - ph) / 2, w=pw, h=ph)


def _table(pdf: FPDF, table: Table, x, y, w, h) -> None:
    n_rows = len(table.rows) + 1
    size = table.font_pt
    pdf.set_font("DejaVu", "", size)
    pdf.set_xy(x, y)
    total = sum(table.widths)
    widths = tuple(w * v / total for v in table.widths)
    _colour(pdf, DARK)
    pad = 0.03
    line_h = min(h / (n_rows + 1) - 2 * pad, size / PT_PER_IN * 1.4)  # + 1: a header may take two lines
    with pdf.table(col_widths=widths, width=w, align="LEFT", line_height=line_h,
                   first_row_as_headings=True, headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
                   borders_layout="HORIZONTAL_LINES", padding=pad, v_align="MIDDLE") as t:
        head = t.row()
        for j, text in enumerate(table.header):
            head.cell(text, align="L" if j == 0 else "C")
        for i, values in enumerate(table.rows):
            fill = table.fills[i] if i < len(table.fills) else None
            bold = table.bold[i] if i < len(table.bold) else False
            row = t.row()
            for j, text in enumerate(values):
                colour = table.colours.get((i, j), DARK)
                style = FontFace(emphasis="BOLD" if bold else None, color=colour, fill_color=fill)
                numeric = bool(text) and (text[0].isdigit() or text[0] in "+−-<×…")
                row.cell(text, align="R" if numeric and j > 0 else "L", style=style)


def _footer(pdf: FPDF, figures: dict, number: int, total: int) -> None:
    _text(pdf, MARGIN, SLIDE_H - FOOTER_H, SLIDE_W - 2 * MARGIN - 1.0, 0.3, footer_text(figures), size=11, colour=GREY)
    _text(pdf, SLIDE_W - MARGIN - 1.0, SLIDE_H - FOOTER_H, 1.0, 0.3, f"{number} / {total}", size=11, colour=GREY,
          align="R")
    if figures.get("is_demo"):
        _text(pdf, SLIDE_W - MARGIN - 2.2, 0.2, 2.2, 0.3, _t("demo_label", figures["lang"]).upper(), size=12, bold=True,
              colour=AMBER, align="R")


def _kpis(pdf: FPDF, kpis: list[dict], lang: str) -> None:
    n = len(kpis)
    gap = 0.25
    w = (SLIDE_W - 2 * MARGIN - gap * (n - 1)) / n
    y, h = 1.6, 4.6
    for i, k in enumerate(kpis):
        x = MARGIN + i * (w + gap)
        pdf.set_fill_color(0xF4, 0xF6, 0xF8)
        pdf.set_draw_color(0xD5, 0xDB, 0xE1)
        pdf.rect(x, y, w, h, style="DF")
        _text(pdf, x + 0.15, y + 0.2, w - 0.3, 0.9, k["label"], size=14, bold=True, colour=GREY)
        _text(pdf, x + 0.15, y + 1.15, w - 0.3, 1.3, k["display"], size=54, bold=True, colour=BLUE)
        lines, colour = [], GREY
        if k["change_display"]:
            lines.append(k["change_display"] if k["key"] == "trust" else _t("vs_previous", lang, change=k["change_display"]))
            good = (k["change"] or 0) > 0 if k["higher_is_better"] else (k["change"] or 0) < 0
            colour = GREEN if good and k["change"] else RED if k["change"] else GREY
        if k["year_ago_display"]:
            lines.append(_t("vs_year_ago", lang, change=k["year_ago_display"]))
        if k.get("note"):
            lines.append(k["note"])
        if lines:
            _text(pdf, x + 0.15, y + 2.6, w - 0.3, 0.7, lines[0], size=15, bold=bool(k["change_display"]), colour=colour)
        if len(lines) > 1:
            _text(pdf, x + 0.15, y + 3.35, w - 0.3, 1.2, "\n".join(lines[1:]), size=13, colour=GREY)


def _side(pdf: FPDF, items, x, y, w, h, heading: str) -> None:
    top = y
    if heading:
        _text(pdf, x, top, w, 0.4, heading, size=16, bold=True, colour=GREY)
        top += 0.5
    step = min((h - (top - y)) / max(len(items), 1), 0.95)
    for label, value, note in items:
        _text(pdf, x, top, w * 0.7, step, label, size=14)
        if note:
            _text(pdf, x, pdf.get_y(), w * 0.7, step, note, size=10, colour=GREY)
        _text(pdf, x + w * 0.7, top - 0.05, w * 0.3, step, value, size=26, bold=True, colour=BLUE, align="R")
        top += step


class _PdfCanvas:
    """lay_out's drawing calls on an fpdf2 document."""

    def __init__(self, pdf: FPDF, figures: dict):
        self.pdf, self.figures = pdf, figures

    def new_slide(self) -> None:
        self.pdf.add_page()

    def band(self) -> None:
        self.pdf.set_fill_color(*BLUE)
        self.pdf.rect(0, 0, SLIDE_W, 0.35, style="F")

    def text(self, x, y, w, h, text: str, **style) -> None:
        _text(self.pdf, x, y, w, h, text, **style)

    def picture(self, png: bytes, x, y, w, h) -> None:
        _image(self.pdf, png, x, y, w, h)

    def table(self, table: Table, x, y, w, h) -> None:
        _table(self.pdf, table, x, y, w, h)

    def kpis(self, kpis: list[dict]) -> None:
        _kpis(self.pdf, kpis, self.figures["lang"])

    def side(self, items, x, y, w, h, heading: str) -> None:
        _side(self.pdf, items, x, y, w, h, heading)

    def footer(self, number: int, total: int) -> None:
        _footer(self.pdf, self.figures, number, total)


def build_pdf(figures: dict, images: dict[str, bytes]) -> bytes:
    """The meeting pack as a PDF with the same slides as the PowerPoint (the same lay_out)."""
    regular, bold = font_files()
    lang = figures["lang"]
    pdf = _Pdf(orientation="L", unit="in", format=(SLIDE_H, SLIDE_W))
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    plan: list[Slide] = slide_plan(figures, images)
    pdf.set_title(plan[0].title)
    pdf.set_lang("uk-UA" if lang == "uk" else "en-GB")
    lay_out(plan, figures, _PdfCanvas(pdf, figures))
    return bytes(pdf.output())
