"""The meeting pack's slides for every file format: the plan (:func:`slide_plan`: which slides, what each
says, all translated and formatted) and the layout (:func:`lay_out`: where every title, KPI tile, side
list, picture, table, note and footer goes, in inches on a 16:9 slide).

A canvas (reports/pptx_pack.py, reports/pdf_pack.py) only draws primitives, so both files carry the
same shapes at the same places: ``new_slide()``, ``rect(x, y, w, h, fill=, line=)``,
``text(x, y, w, h, text, size=, bold=, colour=, align=, note=, note_size=, note_colour=)`` (``note``:
a second, smaller paragraph in the same box), ``picture(png, x, y, w, h)`` (the exact box: see
:func:`fit_picture`) and ``table(table, x, y, w, h)`` (cells aligned by :func:`cell_align`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from display import palette
from display.formats import fmt_date
from display.palette import rgb
from domain.i18n import translate
from domain.visibility import suppresses_small_counts
from reports.figures import REVIEW_COLUMNS, footer_text, kpi, kpi_tile_texts, period_display
from reports.text_fit import fitting_size

Colour = tuple[int, int, int]

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
MARGIN = 0.45
TITLE_H = 0.85
FOOTER_H = 0.4
PICTURE_SHARE = 0.6
NOTE_PT = 11
NOTE_LINE_H = 0.5  # room for a note of up to two lines
LEFT, CENTER, RIGHT = "L", "C", "R"
# Colours (RGB): text; a rise and a fall (tile changes, review flags, priority status); fills
# (display.palette: the screen's colours; a rise/worse orange, a fall/better blue, never red vs green)
BLUE, DARK, GREY, AMBER = rgb(palette.CHART["primary"]), rgb(palette.TEXT), rgb(palette.NEUTRAL), rgb(palette.AMBER)
WORSE, BETTER = rgb(palette.WORSE), rgb(palette.BETTER)
UP_FILL, DOWN_FILL = rgb(palette.WORSE_FILL), rgb(palette.BETTER_FILL)
HEAD_FILL, WHITE = rgb(palette.TABLE_HEAD_FILL), rgb(palette.WHITE)
TILE_FILL, TILE_LINE = rgb(palette.TILE_FILL), rgb(palette.TILE_LINE)  # a KPI tile
STATUS_COLOURS = {status: rgb(colour) for status, colour in palette.STATUS.items()}


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


class Canvas(Protocol):
    """What :func:`lay_out` draws with; every length is in inches from the slide's top left corner."""

    def new_slide(self) -> None: ...

    def rect(self, x: float, y: float, w: float, h: float, *, fill: Colour, line: Colour | None) -> None: ...

    def text(self, x: float, y: float, w: float, h: float, text: str, *, size: float, bold: bool = False,
             colour: Colour = DARK, align: str = LEFT, note: str = "", note_size: float = 0,
             note_colour: Colour = GREY) -> None: ...

    def picture(self, png: bytes, x: float, y: float, w: float, h: float) -> None: ...

    def table(self, table: Table, x: float, y: float, w: float, h: float) -> None: ...


# --------------------------------------------------------------------------- the plan


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
            colours[(r_i, len(header) - 1)] = WORSE if flag == "up" else BETTER
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
    """The slides of the pack, in order (every format draws the same list)."""
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
    left_out = figures["review"].get("left_out")  # packs stored before coarse dates have none
    slides.append(Slide("table", _t("review_slide", lang), table=_review_table(figures),
                        lines=[_t("review_note", lang)] + ([_t("review_left_out", lang, n=figures["review"]["left_out_display"])]
                                                           if left_out else [])))
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
    count = kpi(figures, "activities")["display"]
    notes = [] if acts["rows"] else [_t("no_activities", lang)]
    if acts["more"]:
        notes.append(_t("activities_more", lang, n=acts["more"]))
    slides.append(Slide("table", _t("activities_slide", lang, n=count), table=_activities_table(figures), lines=notes))
    return slides


# --------------------------------------------------------------------------- the layout


def fit_picture(png: bytes, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    """The box a picture takes inside (x, y, w, h): as large as fits, its aspect kept, centred."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        iw, ih = img.size
    scale = min(w / iw, h / ih)
    pw, ph = iw * scale, ih * scale
    return x + (w - pw) / 2, y + (h - ph) / 2, pw, ph


def is_numeric(text: str) -> bool:
    """A table cell that holds a number (or a hidden one): aligned right."""
    return bool(text) and (text[0].isdigit() or text[0] in "+−-<×…")


def cell_align(row: int, col: int, text: str) -> str:
    """LEFT, CENTER or RIGHT for a table cell; ``row`` 0 is the header."""
    if row == 0:
        return LEFT if col == 0 else CENTER
    return RIGHT if col > 0 and is_numeric(text) else LEFT


def kpi_tiles(canvas: Canvas, kpis: list[dict], lang: str) -> None:
    """One tile per KPI across the slide: label, value, the change (green when good, red when bad)
    and the further lines (a year ago, the note)."""
    n = len(kpis)
    gap = 0.25
    w = (SLIDE_W - 2 * MARGIN - gap * (n - 1)) / n
    y, h = 1.6, 4.6
    for i, k in enumerate(kpis):
        x = MARGIN + i * (w + gap)
        canvas.rect(x, y, w, h, fill=TILE_FILL, line=TILE_LINE)
        inner = w - 0.3  # a word never breaks in the middle: the font shrinks until the longest fits
        canvas.text(x + 0.15, y + 0.2, inner, 0.9, k["label"], size=fitting_size(k["label"], inner, size=14, bold=True),
                    bold=True, colour=GREY)
        canvas.text(x + 0.15, y + 1.15, inner, 1.3, k["display"],
                    size=fitting_size(k["display"], inner, size=54, bold=True), bold=True, colour=BLUE)
        change, more = kpi_tile_texts(k, lang)
        colour = GREY
        if change:
            good = (k["change"] or 0) > 0 if k["higher_is_better"] else (k["change"] or 0) < 0
            colour = BETTER if good and k["change"] else WORSE if k["change"] else GREY
        lines = ([change] if change else []) + more
        if lines:
            canvas.text(x + 0.15, y + 2.6, inner, 1.9, lines[0], size=fitting_size(lines[0], inner, size=15, bold=True),
                        bold=bool(change), colour=colour)
        if len(lines) > 1:
            rest = "\n".join(lines[1:])
            canvas.text(x + 0.15, y + 3.35, inner, 1.2, rest, size=fitting_size(rest, inner, size=13, bold=False),
                        colour=GREY)


def side_list(canvas: Canvas, items, x: float, y: float, w: float, h: float, heading: str = "") -> None:
    """(label, value, note) rows beside a picture: the label with its note on the left, the value large
    on the right."""
    top = y
    if heading:
        canvas.text(x, top, w, 0.4, heading, size=16, bold=True, colour=GREY)
        top += 0.5
    step = min((h - (top - y)) / max(len(items), 1), 0.95)
    for label, value, note in items:
        canvas.text(x, top, w * 0.7, step, label, size=fitting_size(label, w * 0.7, size=14, bold=False), colour=DARK,
                    note=note, note_size=fitting_size(note, w * 0.7, size=10, bold=False), note_colour=GREY)
        canvas.text(x + w * 0.7, top - 0.05, w * 0.3, step, value, size=fitting_size(value, w * 0.3, size=26, bold=True),
                    bold=True, colour=BLUE, align=RIGHT)
        top += step


def footer(canvas: Canvas, figures: dict, number: int, total: int) -> None:
    """Period, data date and demo label at the bottom, the slide number on the right, and a demo mark
    at the top right."""
    canvas.text(MARGIN, SLIDE_H - FOOTER_H, SLIDE_W - 2 * MARGIN - 1.0, 0.3, footer_text(figures), size=11,
                colour=GREY)
    canvas.text(SLIDE_W - MARGIN - 1.0, SLIDE_H - FOOTER_H, 1.0, 0.3, f"{number} / {total}", size=11, colour=GREY,
                align=RIGHT)
    if figures.get("is_demo"):
        canvas.text(SLIDE_W - MARGIN - 2.2, 0.2, 2.2, 0.3, _t("demo_label", figures["lang"]).upper(), size=12,
                    bold=True, colour=AMBER, align=RIGHT)


def _picture(canvas: Canvas, png: bytes, x: float, y: float, w: float, h: float) -> None:
    canvas.picture(png, *fit_picture(png, x, y, w, h))


def lay_out(plan: list[Slide], figures: dict, canvas: Canvas) -> None:
    """Place every slide of ``plan`` on ``canvas`` — the one layout of every pack format."""
    lang = figures["lang"]
    body_y, body_h = MARGIN + TITLE_H, SLIDE_H - MARGIN - TITLE_H - FOOTER_H - 0.2
    full_w = SLIDE_W - 2 * MARGIN
    for n, spec in enumerate(plan, start=1):
        canvas.new_slide()
        if spec.kind == "title":
            canvas.rect(0, 0, SLIDE_W, 0.35, fill=BLUE, line=None)
            canvas.text(MARGIN + 0.3, 2.0, full_w - 0.6, 1.2, spec.title, size=40, bold=True, colour=BLUE)
            canvas.text(MARGIN + 0.3, 3.3, full_w - 0.6, 0.8, spec.subtitle, size=24, colour=DARK)
            canvas.text(MARGIN + 0.3, 4.4, full_w - 0.6, 1.8, "\n".join(spec.lines), size=16, colour=GREY)
            footer(canvas, figures, n, len(plan))
            continue
        canvas.text(MARGIN, MARGIN, full_w - 2.4, TITLE_H, spec.title, size=30, bold=True, colour=BLUE)
        notes_h = NOTE_LINE_H * len(spec.lines) if spec.kind != "image_side" else 0.0
        if spec.kind == "kpis":
            kpi_tiles(canvas, spec.kpis, lang)
        elif spec.kind == "table" and spec.table is not None and spec.table.rows:
            canvas.table(spec.table, MARGIN, body_y, full_w, body_h - notes_h)
        elif spec.kind == "image":
            _picture(canvas, spec.image, MARGIN, body_y, full_w, body_h - notes_h)
        elif spec.kind == "image_side":
            pic_w = full_w * PICTURE_SHARE
            if spec.image is not None:
                _picture(canvas, spec.image, MARGIN, body_y, pic_w, body_h - 0.5)
            side_list(canvas, spec.side, MARGIN + pic_w + 0.35, body_y, full_w - pic_w - 0.35, body_h - 0.5,
                      spec.subtitle)
            canvas.text(MARGIN, SLIDE_H - FOOTER_H - 0.55, full_w, 0.45, "  ".join(spec.lines), size=12, colour=GREY)
        if spec.lines and spec.kind != "image_side":
            canvas.text(MARGIN, SLIDE_H - FOOTER_H - 0.05 - notes_h, full_w, notes_h, "\n".join(spec.lines),
                        size=NOTE_PT, colour=GREY)
        footer(canvas, figures, n, len(plan))
