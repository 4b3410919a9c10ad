"""The meeting pack as PowerPoint (python-pptx, 16:9): the slides of reports/pack_layout.py drawn with
native shapes, text boxes and tables, and pictures for the charts and the map."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from reports.pack_layout import (
    DARK,
    GREY,
    HEAD_FILL,
    LEFT,
    SLIDE_H,
    SLIDE_W,
    WHITE,
    Table,
    cell_align,
    lay_out,
    slide_plan,
)

ALIGN = {"L": PP_ALIGN.LEFT, "C": PP_ALIGN.CENTER, "R": PP_ALIGN.RIGHT}
FONT = "DejaVu Sans"
RECTANGLE = 1  # MSO_SHAPE.RECTANGLE


def _rgb(c: tuple) -> RGBColor:
    return RGBColor(*c)


class _PptxCanvas:
    """pack_layout's drawing primitives on a python-pptx presentation."""

    def __init__(self, prs):
        self.prs, self.slide = prs, None

    def new_slide(self) -> None:
        self.slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])

    def rect(self, x, y, w, h, *, fill, line) -> None:
        box = self.slide.shapes.add_shape(RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h))
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(fill)
        if line is None:
            box.line.fill.background()
        else:
            box.line.color.rgb = _rgb(line)

    def text(self, x, y, w, h, text: str, *, size: float, bold: bool = False, colour=DARK, align: str = LEFT,
             note: str = "", note_size: float = 0, note_colour=GREY) -> None:
        box = self.slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        tf = box.text_frame
        tf.word_wrap = True
        for attr in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(tf, attr, Emu(0))
        for i, line in enumerate(text.split("\n")):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.alignment = ALIGN[align]
            run = p.add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = FONT
            run.font.color.rgb = _rgb(colour)
        if note:
            run = tf.add_paragraph().add_run()
            run.text = note
            run.font.size = Pt(note_size)
            run.font.name = FONT
            run.font.color.rgb = _rgb(note_colour)

    def picture(self, png: bytes, x, y, w, h) -> None:
        self.slide.shapes.add_picture(io.BytesIO(png), Inches(x), Inches(y), Inches(w), Inches(h))

    def table(self, table: Table, x, y, w, h) -> None:
        n_rows = len(table.rows) + 1
        row_h = min(h / n_rows, 0.5)
        shape = self.slide.shapes.add_table(n_rows, len(table.header), Inches(x), Inches(y), Inches(w),
                                            Inches(row_h * n_rows))
        tbl = shape.table
        total = sum(table.widths)
        for j, width in enumerate(table.widths):
            tbl.columns[j].width = Inches(w * width / total)
        for i in range(n_rows):
            tbl.rows[i].height = Inches(row_h)
            for j in range(len(table.header)):
                cell = tbl.cell(i, j)
                cell.margin_left = cell.margin_right = Inches(0.05)
                cell.margin_top = cell.margin_bottom = Inches(0.01)
                text = table.header[j] if i == 0 else table.rows[i - 1][j]
                cell.text = text
                para = cell.text_frame.paragraphs[0]
                para.alignment = ALIGN[cell_align(i, j, text)]
                para.font.size = Pt(table.font_pt)  # the paragraph's own size sets the row height
                for run in para.runs:
                    run.font.size = Pt(table.font_pt)
                    run.font.name = FONT
                    run.font.bold = i == 0 or (table.bold[i - 1] if i - 1 < len(table.bold) else False)
                    colour = table.colours.get((i - 1, j)) if i else None
                    run.font.color.rgb = _rgb(colour or DARK)
                fill = HEAD_FILL if i == 0 else (table.fills[i - 1] if i - 1 < len(table.fills) else None)
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(fill or WHITE)


def build_pptx(figures: dict, images: dict[str, bytes]) -> bytes:
    """The meeting pack as a 16:9 PowerPoint file."""
    lang = figures["lang"]
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    plan = slide_plan(figures, images)
    lay_out(plan, figures, _PptxCanvas(prs))
    buf = io.BytesIO()
    prs.core_properties.title = plan[0].title
    prs.core_properties.language = "uk-UA" if lang == "uk" else "en-GB"
    prs.save(buf)
    return buf.getvalue()
