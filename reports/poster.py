"""The residents' report card as a printable poster (PDF, A4 or A3, portrait): the same texts as the
public page (display.public_card), DejaVu Sans embedded for Cyrillic, and a QR code to the page.

The QR code is drawn from ``segno``'s module matrix (pure Python, BSD) as filled squares, so it stays
sharp at any print size; the address is printed under it as well.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from fpdf import FPDF

from display.public_card import Item, PublicCard
from domain.i18n import translate
from reports.pdf_pack import font_files

PAPER = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
BODY_SIZES = (10.0, 9.0, 8.0, 7.0, 6.0)  # the largest that fits on one sheet is used
MONTHS_ON_POSTER = 3
DARK, GREY, ACCENT, WARN = (20, 30, 45), (90, 96, 105), (0, 87, 183), (170, 60, 0)
STATUS_COLOUR = {"on_track": (0, 120, 60), "off_track": (190, 90, 0), "no_data": GREY}


def page_url(base_url: str, *, hromada_code: str, lang: str) -> str:
    """The public page's address: ``<base>/public?hromada=CODE`` (``&lang=en`` for English)."""
    query = {"hromada": hromada_code, **({"lang": lang} if lang != "uk" else {})}
    return f"{base_url.rstrip('/')}/public?{urlencode(query)}"


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code of ``text`` (error correction M) as rows of dark (True) / light modules, quiet
    zone excluded."""
    code = segno.make_qr(text, error="m")
    return [[bool(v) for v in row] for row in code.matrix]


class _Poster:
    def __init__(self, card: PublicCard, *, url: str, paper: str, body: float):
        self.card, self.url, self.lang = card, url, card.lang
        width, height = PAPER[paper]
        self.scale = width / PAPER["A4"][0]  # A3 is A4 enlarged
        self.body = body * self.scale
        self.pdf = FPDF(orientation="P", unit="mm", format=(width, height))
        regular, bold = font_files()
        self.pdf.add_font("DejaVu", "", str(regular))
        self.pdf.add_font("DejaVu", "B", str(bold))
        margin = 12 * self.scale
        self.pdf.set_margins(margin, margin, margin)
        self.pdf.set_auto_page_break(True, margin)
        self.pdf.set_title(translate("public.title", self.lang))
        self.pdf.set_lang("uk-UA" if self.lang == "uk" else "en-GB")
        self.pdf.add_page()

    def _t(self, key: str, **params) -> str:
        return translate(key, self.lang, **params)

    def text(self, text: str, *, size: float | None = None, bold: bool = False, colour=DARK, gap: float = 0.5) -> None:
        size = size or self.body
        self.pdf.set_font("DejaVu", "B" if bold else "", size)
        self.pdf.set_text_color(*colour)
        self.pdf.multi_cell(0, size * 0.42, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(gap * self.scale)

    def heading(self, text: str) -> None:
        self.pdf.ln(1.5 * self.scale)
        self.text(text, size=self.body * 1.35, bold=True, colour=ACCENT, gap=0.3)
        y = self.pdf.get_y()
        self.pdf.set_draw_color(*ACCENT)
        self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.ln(1.2 * self.scale)

    def items(self, items, *, empty: str = "") -> None:
        if not items and empty:
            self.text(empty, colour=GREY)
        for item in items:
            self.text("• " + _line(item))

    def draw(self) -> None:
        card = self.card
        self.text(self._t("public.title"), size=self.body * 1.9, bold=True)
        self.text(self._t("public.subtitle", hromada=card.hromada_name, date=card.as_of), colour=GREY)
        if card.is_demo:
            self.text(self._t("public.demo"), bold=True, colour=WARN)
        self.text(self._t("public.privacy_note"), size=self.body * 0.85, colour=GREY)

        self.heading(self._t("public.section_said"))
        self.text(self._t("public.section_concerns"), bold=True)
        self.items(card.concerns)
        self.text(card.concerns_note, size=self.body * 0.85, colour=GREY)
        self.text(self._t("public.section_topics"), bold=True)
        self.items(card.topics)
        self.text(card.topics_note, size=self.body * 0.85, colour=GREY)

        self.heading(self._t("public.section_agreed"))
        if not card.priorities:
            self.text(self._t("public.no_priorities"), colour=GREY)
        for block in card.priorities:
            self.text(block.title, bold=True, size=self.body * 1.1, gap=0.2)
            self.text(f"{self._t('public.how_going')}: {block.status_text}", bold=True,
                      colour=STATUS_COLOUR[block.status], gap=0.2)
            self.text(f"{block.agreed} · {block.period}", size=self.body * 0.85, colour=GREY)
            self.items(block.indicators)
            done = "; ".join(f"{m.label} — {m.value}" for m in block.months[:MONTHS_ON_POSTER])
            self.text(f"{self._t('public.done')}: {done or self._t('public.no_events')}", size=self.body * 0.9)
            self.pdf.ln(1 * self.scale)

        self.heading(self._t("public.section_contacts"))
        self.contacts_and_qr()

    def contacts_and_qr(self) -> None:
        c, pdf = self.card.contacts, self.pdf
        qr_side = 42 * self.scale
        if pdf.get_y() + qr_side > pdf.h - pdf.b_margin:
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_right_margin(pdf.r_margin + qr_side + 6 * self.scale)  # the contacts run left of the code
        if c is None:
            self.text(self._t("public.no_contacts"), colour=GREY)
        else:
            if c.demo:
                self.text(self._t("public.contacts_demo"), bold=True, colour=WARN)
            for key, value in (("office", c.office), ("address", c.address), ("phone", c.phone), ("email", c.email)):
                self.text(f"{self._t('public.' + key)}: {value}")
            self.text(self._t("public.reception"), bold=True, gap=0.2)
            self.items(c.reception)
            self.text(self._t("public.mobile_reception"), bold=True, gap=0.2)
            self.items(c.mobile)
        pdf.set_right_margin(12 * self.scale)
        self.qr(pdf.w - pdf.r_margin - qr_side, top, qr_side)

    def qr(self, x: float, y: float, side: float) -> None:
        pdf = self.pdf
        pdf.set_font("DejaVu", "", self.body * 0.85)
        pdf.set_text_color(*DARK)
        pdf.set_xy(x, y)
        pdf.multi_cell(side, self.body * 0.38, self._t("public.poster_scan"), align="C")
        y = pdf.get_y() + 1
        matrix = qr_matrix(self.url)
        module = side / len(matrix)
        pdf.set_fill_color(0, 0, 0)
        for r, row in enumerate(matrix):
            for col, dark in enumerate(row):
                if dark:
                    pdf.rect(x + col * module, y + r * module, module, module, style="F")
        pdf.set_font("DejaVu", "", self.body * 0.7)
        pdf.set_xy(x, y + side + 1)
        pdf.multi_cell(side, self.body * 0.32, self.url, align="C")


def _line(item: Item) -> str:
    text = item.label + (f": {item.value}" if item.value else "")
    return text + (f" ({item.note})" if item.note else "")


def build_poster(card: PublicCard, *, url: str, paper: str = "A4") -> bytes:
    """The poster as PDF bytes: one sheet of ``paper`` (A4 or A3) at the largest body size that
    fits (6 pt on A4 at the smallest; a card longer than that runs onto a second sheet)."""
    if paper not in PAPER:
        raise ValueError(f"paper must be one of {tuple(PAPER)}, not {paper!r}")
    for body in BODY_SIZES:
        poster = _Poster(card, url=url, paper=paper, body=body)
        poster.draw()
        if poster.pdf.pages_count == 1:
            break
    return bytes(poster.pdf.output())
