"""The meeting pack's slides — one plan (:func:`slide_plan`) drawn as PowerPoint here (python-pptx,
16:9, native tables, pictures for charts and the map, a footer on every slide) and as PDF in
reports/pdf_pack.py, so both files carry the same slides and the same figures."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from display.formats import fmt_date
from domain.i18n import translate
from domain.visibility import suppresses_small_counts
from reports.figures import footer_text, period_display

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
MARGIN = 0.45
TITLE_H = 0.85
FOOTER_H = 0.4
BLUE = (0x1F, 0x4E, 0x79)
DARK = (0x1B, 0x26, 0x31)
GREY = (0x5D, 0x6D, 0x7E)
RED = (0xC0, 0x39, 0x2B)
GREEN = (0x1E, 0x84, 0x49)
AMBER = (0xB9, 0x77, 0x0E)
UP_FILL = (0xFD, 0xE0, 0xDC)
DOWN_FILL = (0xDC, 0xEF, 0xDC)
HEAD_FILL = (0xE8, 0xEE, 0xF4)
PICTURE_SHARE = 0.6
NOTE_PT = 11
NOTE_LINE_H = 0.5  # room for a note of up to two lines
REVIEW_COLUMNS = ("this_week", "previous_week", "avg_4_weeks", "same_week_last_year", "ytd", "ytd_last_year",
                  "change_vs_previous_pct", "change_vs_ytd_last_year_pct")
STATUS_COLOURS = {"on_track": GREEN, "off_track": RED, "no_data": GREY}


def _t(key: str, lang: str, **params) -> str:
    return translate(f"pack.{key}", lang, **params)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative
    fills: list[tuple | None] = field(default_factory=list)  # per row
    bold: list[bool] = field(default_factory=list)  # per row
    colours: dict[tuple[int, int], tuple] = field(default_factory=dict)  # (row, col) -> text colour
    font_pt: float = 12


@dataclass
class Slide:
    """One slide: a title and what goes under it (everything already translated and formatted)."""

    kind: str  # title / kpis / table / image / image_side
    title: str
    subtitle: str = ""
    lines: list[str] = field(default_factory=list)  # title slide lines, or notes under the body
    kpis: list[dict] = field(default_factory=list)
    table: Table | None = None
    image: bytes | None = None
    image_key: str = ""
    side: list[tuple[str, str, str]] = field(default_factory=list)  # (label, value, note) beside a picture


def _review_table(figures: dict) -> Table:
    lang = figures["lang"]
    header = [_t("col_category", lang), *[_t(f"col_c_{c}", lang) for c in REVIEW_COLUMNS], _t("col_flag", lang)]
    rows, fills, bold, colours = [], [], [], {}
    for r_i, r in enumerate(figures["review"]["rows"]):
        flags = [f for f in (r["flag_week"], r["flag_ytd"]) if f]
        flag = flags[0] if flags else ""
        rows.append([r["label"], *[r[f"{c}_display"] for c in REVIEW_COLUMNS],
                     _t(f"flag_{flag}", lang) if flag else ""])
        fills.append(UP_FILL if flag == "up" else DOWN_FILL if flag == "down" else None)
        bold.append(r["is_total"])
        if flag:
            colours[(r_i, len(header) - 1)] = RED if flag == "up" else GREEN
    return Table(header, rows, [4.1, 0.85, 0.8, 0.95, 0.9, 0.95, 0.9, 0.85, 1.2, 1.3], fills, bold, colours,
                 font_pt=10)


def _priorities_table(figures: dict) -> Table:
    lang = figures["lang"]
    rows = [[p["title"], p["period_display"], str(p["indicators"]), p["status_label"]] for p in figures["priorities"]]
    colours = {(i, 3): STATUS_COLOURS.get(p["status"], GREY) for i, p in enumerate(figures["priorities"])}
    return Table([_t("col_priority", lang), _t("col_period", lang), _t("col_indicators", lang), _t("col_status", lang)],
                 rows, [6.0, 3.0, 1.4, 2.0], bold=[False] * len(rows), colours=colours, font_pt=16)


def _activities_table(figures: dict) -> Table:
    lang = figures["lang"]
    rows = [[a["date_display"], a["kind"], a["title"], a["settlement"], a["partners"], a["participants"]]
            for a in figures["activities"]["rows"]]
    return Table([_t("col_date", lang), _t("col_kind", lang), _t("col_title", lang), _t("col_settlement", lang),
                  _t("col_partners", lang), _t("col_participants", lang)], rows, [1.2, 2.2, 3.4, 1.6, 3.6, 1.1],
                 bold=[False] * len(rows), font_pt=11 if len(rows) > 6 else 13)


def slide_plan(figures: dict, images: dict[str, bytes]) -> list[Slide]:
    """The slides of the pack, in order (the PDF draws the same list)."""
    lang = figures["lang"]
    made = datetime.fromisoformat(figures["generated_at"])
    as_of = date.fromisoformat(figures["data_as_of"]) if figures.get("data_as_of") else None
    place = figures["hromada"]["name"] + (" · " + ", ".join(figures["settlements"]) if figures.get("settlements") else "")
    title_lines = [_t("made", lang, date=fmt_date(made, lang), as_of=fmt_date(as_of, lang) if as_of else "—"),
                   _t("safe_note", lang) if suppresses_small_counts(figures["role"]) else ""]
    if figures.get("is_demo"):
        title_lines.append(_t("demo_long", lang))
    slides = [Slide("title", _t("title", lang), subtitle=_t("subtitle", lang, hromada=place,
                                                              period=period_display(figures)),
                    lines=[x for x in title_lines if x])]
    slides.append(Slide("kpis", _t("kpi_slide", lang), kpis=figures["kpis"]))
    slides.append(Slide("table", _t("review_slide", lang), table=_review_table(figures),
                        lines=[_t("review_note", lang)]))
    mp = figures["map"]
    period = f"{fmt_date(date.fromisoformat(mp['start']), lang, 'short')} – " \
             f"{fmt_date(date.fromisoformat(mp['end']), lang, 'short')}"
    missing = [s["name"] for s in mp["settlements"] if s["code"] and (s["lat"] is None or s["lon"] is None)]
    top = sorted((s for s in mp["settlements"] if s["count"] is not None), key=lambda s: -s["count"])[:6]
    map_lines = [_t("map_caption", lang, total=mp["total_display"], unlocated=mp["unlocated_display"])]
    if missing:
        map_lines.append(_t("map_missing", lang, names=", ".join(missing)))
    map_lines.insert(0, period)
    slides.append(Slide("image_side", _t("map_slide", lang), image=images["map"], image_key="map",
                        side=[(s["name"], s["display_count"], "") for s in top], lines=map_lines,
                        subtitle=_t("map_top", lang)))
    slides.append(Slide("image", _t("trend_slide", lang), image=images["trend"], image_key="trend",
                        lines=[_t("trend_note", lang)]))
    req = figures["requests"]
    slides.append(Slide("image_side", _t("requests_slide", lang), image=images["flow"], image_key="flow",
                        side=[(i["label"], i["display"], i["previous_display"]) for i in req["items"]],
                        lines=[_t("req_as_of", lang, date=fmt_date(date.fromisoformat(req["as_of"]), lang, "short"))]))
    sv = figures["survey"]
    if sv["wave"] is None:
        slides.append(Slide("table", _t("survey_slide", lang), lines=[_t("no_survey", lang)]))
    else:
        wave = _t("survey_wave", lang, name=sv["wave"]["name"],
                  start=fmt_date(date.fromisoformat(sv["wave"]["start"]), lang, "short"),
                  end=fmt_date(date.fromisoformat(sv["wave"]["end"]), lang, "short"), n=sv["wave"]["n_display"])
        slides.append(Slide("image_side", _t("survey_slide", lang), image=images.get("survey"), image_key="survey",
                            side=[(i["label"], i["display"], i["interval_display"] + (
                                "; " + i["change_display"] if i["change_display"] else "")) for i in sv["indices"]],
                            lines=[wave]))
    slides.append(Slide("table", _t("priorities_slide", lang), table=_priorities_table(figures),
                        lines=[] if figures["priorities"] else [_t("no_priorities", lang)]))
    acts = figures["activities"]
    count = next(k for k in figures["kpis"] if k["key"] == "activities")["display"]
    notes = [] if acts["rows"] else [_t("no_activities", lang)]
    if acts["more"]:
        notes.append(_t("activities_more", lang, n=acts["more"]))
    slides.append(Slide("table", _t("activities_slide", lang, n=count), table=_activities_table(figures), lines=notes))
    return slides


# --------------------------------------------------------------------------- PowerPoint


def _rgb(c: tuple) -> RGBColor:
    return RGBColor(*c)


def _text(slide, x, y, w, h, text: str, *, size: float, bold: bool = False, colour=DARK, align=PP_ALIGN.LEFT,
          wrap: bool = True):
    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    tf = box.text_frame
    tf.word_wrap = wrap
    for attr in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, attr, Emu(0))
    lines = text.split("\n")
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = "DejaVu Sans"
        run.font.color.rgb = _rgb(colour)
    return box


def _picture(slide, png: bytes, x, y, w, h):
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        iw, ih = img.size
    scale = min(w / iw, h / ih)
    pw, ph = iw * scale, ih * scale
    slide.shapes.add_picture(io.BytesIO(png), Inches(x + (w - pw) / 2), Inches(y + (h - ph) / 2), Inches(pw),
                             Inches(ph))


def _table(slide, table: Table, x, y, w, h):
    n_rows = len(table.rows) + 1
    row_h = min(h / n_rows, 0.5)
    shape = slide.shapes.add_table(n_rows, len(table.header), Inches(x), Inches(y), Inches(w), Inches(row_h * n_rows))
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
            para.alignment = PP_ALIGN.LEFT if j == 0 or (i > 0 and not _numeric(text)) else PP_ALIGN.RIGHT
            if i == 0:
                para.alignment = PP_ALIGN.LEFT if j == 0 else PP_ALIGN.CENTER
            para.font.size = Pt(table.font_pt)  # the paragraph's own size sets the row height
            for run in para.runs:
                run.font.size = Pt(table.font_pt)
                run.font.name = "DejaVu Sans"
                run.font.bold = i == 0 or (table.bold[i - 1] if i - 1 < len(table.bold) else False)
                colour = table.colours.get((i - 1, j)) if i else None
                run.font.color.rgb = _rgb(colour or DARK)
            fill = HEAD_FILL if i == 0 else (table.fills[i - 1] if i - 1 < len(table.fills) else None)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(fill or (0xFF, 0xFF, 0xFF))


def _numeric(text: str) -> bool:
    return bool(text) and (text[0].isdigit() or text[0] in "+−-<×…")


def _footer(slide, figures: dict, number: int, total: int) -> None:
    _text(slide, MARGIN, SLIDE_H - FOOTER_H, SLIDE_W - 2 * MARGIN - 1.0, 0.3, footer_text(figures), size=11,
          colour=GREY)
    _text(slide, SLIDE_W - MARGIN - 1.0, SLIDE_H - FOOTER_H, 1.0, 0.3, f"{number} / {total}", size=11, colour=GREY,
          align=PP_ALIGN.RIGHT)
    if figures.get("is_demo"):
        _text(slide, SLIDE_W - MARGIN - 2.2, 0.2, 2.2, 0.3, _t("demo_label", figures["lang"]).upper(), size=12,
              bold=True, colour=AMBER, align=PP_ALIGN.RIGHT)


def _kpi_tiles(slide, kpis: list[dict], lang: str) -> None:
    n = len(kpis)
    gap = 0.25
    w = (SLIDE_W - 2 * MARGIN - gap * (n - 1)) / n
    y, h = 1.6, 4.6
    for i, k in enumerate(kpis):
        x = MARGIN + i * (w + gap)
        box = slide.shapes.add_shape(1, Inches(x), Inches(y), Inches(w), Inches(h))
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb((0xF4, 0xF6, 0xF8))
        box.line.color.rgb = _rgb((0xD5, 0xDB, 0xE1))
        _text(slide, x + 0.15, y + 0.2, w - 0.3, 0.9, k["label"], size=14, bold=True, colour=GREY)
        _text(slide, x + 0.15, y + 1.15, w - 0.3, 1.3, k["display"], size=54, bold=True, colour=BLUE)
        lines = []
        colour = GREY
        if k["change_display"]:
            text = k["change_display"] if k["key"] == "trust" else _t("vs_previous", lang, change=k["change_display"])
            lines.append(text)
            good = (k["change"] or 0) > 0 if k["higher_is_better"] else (k["change"] or 0) < 0
            colour = GREEN if good and k["change"] else RED if k["change"] else GREY
        if k["year_ago_display"]:
            lines.append(_t("vs_year_ago", lang, change=k["year_ago_display"]))
        if k.get("note"):
            lines.append(k["note"])
        if lines:
            _text(slide, x + 0.15, y + 2.6, w - 0.3, 1.9, lines[0], size=15, bold=bool(k["change_display"]),
                  colour=colour)
        if len(lines) > 1:
            _text(slide, x + 0.15, y + 3.35, w - 0.3, 1.2, "\n".join(lines[1:]), size=13, colour=GREY)


def _side_list(slide, items, x, y, w, h, heading: str = "") -> None:
    top = y
    if heading:
        _text(slide, x, top, w, 0.4, heading, size=16, bold=True, colour=GREY)
        top += 0.5
    step = min((h - (top - y)) / max(len(items), 1), 0.95)
    for label, value, note in items:
        box = _text(slide, x, top, w * 0.7, step, label, size=14, colour=DARK)
        if note:
            p = box.text_frame.add_paragraph()
            run = p.add_run()
            run.text = note
            run.font.size = Pt(10)
            run.font.name = "DejaVu Sans"
            run.font.color.rgb = _rgb(GREY)
        _text(slide, x + w * 0.7, top - 0.05, w * 0.3, step, value, size=26, bold=True, colour=BLUE,
              align=PP_ALIGN.RIGHT)
        top += step


def lay_out(plan: list[Slide], figures: dict, canvas) -> None:
    """Place every slide of ``plan`` on ``canvas`` — the one layout both the PowerPoint and the PDF
    use. ``canvas`` draws in inches: new_slide(), band(), text(x, y, w, h, text, size=, bold=,
    colour=), picture(png, x, y, w, h), table(table, x, y, w, h), kpis(kpis), side(items, x, y, w,
    h, heading), footer(number, total)."""
    body_y, body_h = MARGIN + TITLE_H, SLIDE_H - MARGIN - TITLE_H - FOOTER_H - 0.2
    full_w = SLIDE_W - 2 * MARGIN
    for n, spec in enumerate(plan, start=1):
        canvas.new_slide()
        if spec.kind == "title":
            canvas.band()
            canvas.text(MARGIN + 0.3, 2.0, full_w - 0.6, 1.2, spec.title, size=40, bold=True, colour=BLUE)
            canvas.text(MARGIN + 0.3, 3.3, full_w - 0.6, 0.8, spec.subtitle, size=24, colour=DARK)
            canvas.text(MARGIN + 0.3, 4.4, full_w - 0.6, 1.8, "\n".join(spec.lines), size=16, colour=GREY)
            canvas.footer(n, len(plan))
            continue
        canvas.text(MARGIN, MARGIN, full_w - 2.4, TITLE_H, spec.title, size=30, bold=True, colour=BLUE)
        notes_h = NOTE_LINE_H * len(spec.lines) if spec.kind != "image_side" else 0.0
        if spec.kind == "kpis":
            canvas.kpis(spec.kpis)
        elif spec.kind == "table" and spec.table is not None and spec.table.rows:
            canvas.table(spec.table, MARGIN, body_y, full_w, body_h - notes_h)
        elif spec.kind == "image":
            canvas.picture(spec.image, MARGIN, body_y, full_w, body_h - notes_h)
        elif spec.kind == "image_side":
            pic_w = full_w * PICTURE_SHARE
            if spec.image is not None:
                canvas.picture(spec.image, MARGIN, body_y, pic_w, body_h - 0.5)
            canvas.side(spec.side, MARGIN + pic_w + 0.35, body_y, full_w - pic_w - 0.35, body_h - 0.5, spec.subtitle)
            canvas.text(MARGIN, SLIDE_H - FOOTER_H - 0.55, full_w, 0.45, "  ".join(spec.lines), size=12, colour=GREY)
        if spec.lines and spec.kind != "image_side":
            canvas.text(MARGIN, SLIDE_H - FOOTER_H - 0.05 - notes_h, full_w, notes_h, "\n".join(spec.lines),
                        size=NOTE_PT, colour=GREY)
        canvas.footer(n, len(plan))


class _PptxCanvas:
    """lay_out's drawing calls on a python-pptx presentation."""

    def __init__(self, prs, figures: dict):
        self.prs, self.figures, self.slide = prs, figures, None

    def new_slide(self) -> None:
        self.slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])

    def band(self) -> None:
        band = self.slide.shapes.add_shape(1, 0, 0, self.prs.slide_width, Inches(0.35))
        band.fill.solid()
        band.fill.fore_color.rgb = _rgb(BLUE)
        band.line.fill.background()

    def text(self, x, y, w, h, text: str, **style) -> None:
        _text(self.slide, x, y, w, h, text, **style)

    def picture(self, png: bytes, x, y, w, h) -> None:
        _picture(self.slide, png, x, y, w, h)

    def table(self, table: Table, x, y, w, h) -> None:
        _table(self.slide, table, x, y, w, h)

    def kpis(self, kpis: list[dict]) -> None:
        _kpi_tiles(self.slide, kpis, self.figures["lang"])

    def side(self, items, x, y, w, h, heading: str) -> None:
        _side_list(self.slide, items, x, y, w, h, heading)

    def footer(self, number: int, total: int) -> None:
        _footer(self.slide, self.figures, number, total)


def build_pptx(figures: dict, images: dict[str, bytes]) -> bytes:
    """The meeting pack as a 16:9 PowerPoint file."""
    lang = figures["lang"]
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    plan = slide_plan(figures, images)
    lay_out(plan, figures, _PptxCanvas(prs, figures))
    buf = io.BytesIO()
    prs.core_properties.title = plan[0].title
    prs.core_properties.language = "uk-UA" if lang == "uk" else "en-GB"
    prs.save(buf)
    return buf.getvalue()
