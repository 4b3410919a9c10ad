"""The residents' public report card drawn with Streamlit (display.public_card makes its texts):
plain headings and lists that wrap on a 390 px phone, no tables or charts that scroll sideways,
a print style sheet for a paper copy."""

from __future__ import annotations

import streamlit as st

from components.ui import md_text
from display.palette import ST_STATUS
from display.public_card import Item, PriorityBlock, PublicCard
from domain.i18n import translate

STATUS_STYLE = {"on_track": (ST_STATUS["on_track"], ":material/check_circle:"),
                "off_track": (ST_STATUS["off_track"], ":material/schedule:"),
                "no_data": (ST_STATUS["no_data"], ":material/help:")}

# Mobile first: narrow side padding on a phone; no element wider than the screen. Print: no
# Streamlit chrome, black on white, a block never split over two sheets.
PAGE_CSS = """
<style>
@media (max-width: 640px) {
  .block-container, [data-testid="stMainBlockContainer"] { padding: 2.5rem 1rem 2rem 1rem; }
  h1 { font-size: 1.75rem !important; }
  h2 { font-size: 1.45rem !important; }
  h3 { font-size: 1.15rem !important; }
}
[data-testid="stMainBlockContainer"] { max-width: 52rem; }
.public-card p, .public-card li { overflow-wrap: anywhere; }
@page { size: A4; margin: 14mm; }
@media print {
  header, footer, [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stButtonGroup"], [data-testid="stDownloadButton"], .no-print { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none; }
  [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stVerticalBlock"] > div { break-inside: avoid; }
  body, .stApp { background: #fff !important; color: #000 !important; }
  a { color: #000 !important; text-decoration: none; }
}
</style>
"""

# A visitor who has not signed in reads the card without any sidebar (navigation, sign-in).
NO_SIDEBAR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none !important; }
</style>
"""


def page_style(*, hide_sidebar: bool) -> None:
    st.html(PAGE_CSS + (NO_SIDEBAR_CSS if hide_sidebar else ""))


def _t(key: str, lang: str, **params) -> str:
    return translate(key, lang, **params)


def _line(item: Item) -> str:
    text = f"**{md_text(item.label)}**"
    if item.value:
        text += f": {md_text(item.value)}"
    if item.note:
        text += f" ({md_text(item.note)})" if item.value and len(item.note) < 40 else f"  \n{md_text(item.note)}"
    return "- " + text


def _list(items, empty: str | None = None) -> None:
    if items:
        st.markdown("\n".join(_line(i) for i in items))
    elif empty:
        st.caption(empty)


def _priority(block: PriorityBlock, lang: str) -> None:
    with st.container(border=True):
        st.subheader(md_text(block.title))
        colour, icon = STATUS_STYLE[block.status]
        st.badge(_t("public.how_going", lang) + ": " + block.status_text, icon=icon, color=colour)
        st.caption(md_text(block.agreed) + " · " + md_text(block.period))
        _list(block.indicators)
        st.markdown(f"**{_t('public.done', lang)}**")
        _list(block.months, _t("public.no_events", lang))


def show_public_card(card: PublicCard) -> None:
    """The card: title, demo label, what residents said, the priorities, the contacts."""
    lang = card.lang
    st.title(_t("public.title", lang))
    st.caption(_t("public.subtitle", lang, hromada=md_text(card.hromada_name), date=card.as_of))
    if card.is_demo:
        st.warning(_t("public.demo", lang), icon=":material/science:")
    st.caption(_t("public.privacy_note", lang))

    st.header(_t("public.section_said", lang), divider="gray")
    st.subheader(_t("public.section_concerns", lang))
    _list(card.concerns)
    st.caption(md_text(card.concerns_note))
    st.subheader(_t("public.section_topics", lang))
    _list(card.topics)
    st.caption(md_text(card.topics_note))

    st.header(_t("public.section_agreed", lang), divider="gray")
    if not card.priorities:
        st.info(_t("public.no_priorities", lang))
    for block in card.priorities:
        _priority(block, lang)

    st.header(_t("public.section_contacts", lang), divider="gray")
    c = card.contacts
    if c is None:
        st.info(_t("public.no_contacts", lang))
        return
    if c.demo:
        st.warning(_t("public.contacts_demo", lang), icon=":material/science:")
    st.markdown("\n".join([
        f"- **{_t('public.office', lang)}**: {md_text(c.office)}",
        f"- **{_t('public.address', lang)}**: {md_text(c.address)}",
        f"- **{_t('public.phone', lang)}**: {md_text(c.phone)}",
        f"- **{_t('public.email', lang)}**: {md_text(c.email)}",
    ]))
    st.markdown(f"**{_t('public.reception', lang)}**")
    _list(c.reception)
    st.markdown(f"**{_t('public.mobile_reception', lang)}**")
    _list(c.mobile)
