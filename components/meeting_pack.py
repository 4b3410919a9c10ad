"""The overview's meeting-pack controls: the link that opens the shared-screen slideshow
(components/slideshow.py), this week's partner-safe pack to download (built and recorded on click),
the stored packs to download again exactly as presented, and — on the weekly review — how a week's
figures moved since its latest stored pack."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from components.data import cached, engine
from components.downloads import audited_download
from components.state import current_user, t
from data_access.meeting_packs import pack_file, pack_list, packs_made_since
from display.formats import fmt_datetime
from domain.dates import iso_week_label, week_start
from reports.frozen import MIME, PACK_ROLE, changes_since_pack, make_pack
from reports.images import browser_problem

PACKS_PER_WINDOW = 10  # per user: each pack costs seconds of CPU and stores its file
PACK_WINDOW = timedelta(hours=1)


def present_link(filters) -> None:
    """A link that opens presentation mode in a new tab (same language and hromada)."""
    st.link_button(t("present.open"), url=f"/?mode=present&lang={filters.lang}&hromada={filters.hromada_code}",
                   icon=":material/slideshow:", help=t("present.open_help"))


def meeting_pack_section(filters) -> None:
    """Download buttons for this week's partner-safe pack (built and recorded on click) and the
    list of stored packs to download again exactly as presented."""
    monday = week_start(filters.period.end)
    week = iso_week_label(monday)
    st.header(t("pack.section"))
    st.caption(t("pack.section_caption", week=week))
    user = current_user()
    if not user:  # making a pack costs seconds of CPU and stores the file: signed-in users only
        st.info(t("pack.sign_in_to_make"), icon=":material/login:")
        return
    cols = st.columns([1, 1, 1, 2], vertical_alignment="bottom")
    pack_lang = cols[0].segmented_control(t("pack.lang_choice"), options=["uk", "en"], default=filters.lang,
                                          required=True, key="pack_lang",
                                          format_func=lambda c: {"uk": "Українська", "en": "English"}[c])
    pack_lang = pack_lang or filters.lang
    made = packs_made_since(engine(), created_by=user, since=datetime.now() - PACK_WINDOW)
    if made >= PACKS_PER_WINDOW:
        cols[3].warning(t("pack.limit", n=PACKS_PER_WINDOW, minutes=int(PACK_WINDOW.total_seconds() // 60)))

    no_browser = browser_problem()
    if no_browser is not None:
        st.warning(no_browser.message(filters.lang), icon=":material/warning:")

    def build(fmt: str):
        def _bytes() -> bytes:
            return make_pack(engine(), hromada_id=filters.hromada_id, week_monday=monday, lang=pack_lang, fmt=fmt,
                             created_by=user).content  # stored and audited as pack_made
        return _bytes

    for col, fmt, label in ((cols[1], "pptx", "pack.download_pptx"), (cols[2], "pdf", "pack.download_pdf")):
        with col:
            st.download_button(t(label), data=build(fmt), file_name=f"meeting_pack_{filters.hromada_code}_{week}_"
                               f"{pack_lang}.{fmt}", mime=MIME[fmt], icon=":material/download:", on_click="ignore",
                               key=f"pack_{fmt}", disabled=made >= PACKS_PER_WINDOW or no_browser is not None)
    stored = pack_list(engine(), hromada_id=filters.hromada_id, limit=20)
    if stored.empty:
        st.caption(t("pack.none_stored"))
        return
    labels = {int(r.id): t("pack.stored_row", week=r.week, lang=r.lang, format=r.format.upper(),
                           created=fmt_datetime(pd.Timestamp(r.created_at).to_pydatetime(), filters.lang),
                           as_of=fmt_datetime(pd.Timestamp(r.data_as_of).to_pydatetime(), filters.lang)[:10])
              for r in stored.itertuples()}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(t("pack.stored"), options=list(labels), format_func=labels.get, key="pack_stored",
                            placeholder=t("pack.pick_placeholder"))
    if chosen is not None:
        row = stored[stored["id"] == chosen].iloc[0]
        with right:
            audited_download(t("pack.redownload"), lambda: pack_file(engine(), pack_id=int(chosen))[0],
                             file_name=f"meeting_pack_{filters.hromada_code}_{row.week}_{row.lang}_{chosen}."
                             f"{row.format}", what="stored_meeting_pack", detail={"pack_id": int(chosen)},
                             icon=":material/history:", key="pack_redownload")


def pack_changes_note(filters, week: str) -> None:
    """On the weekly review: how this week's figures moved since its latest stored pack."""
    stored = pack_list(engine(), hromada_id=filters.hromada_id, week=week, limit=1)
    if stored.empty:
        return
    pack_id = int(stored.iloc[0]["id"])
    made = fmt_datetime(pd.Timestamp(stored.iloc[0]["created_at"]).to_pydatetime(), filters.lang)
    changes = cached(changes_since_pack, pack_id=pack_id, role=PACK_ROLE)
    if changes.empty:
        st.caption(t("pack.unchanged_since", date=made))
        return
    columns = {"this_week": t("pack.col_this_week"), "ytd": t("pack.col_ytd")}
    items = []
    for r in changes.itertuples():
        diff = "" if r.diff is None or r.diff != r.diff else ("+" if r.diff > 0 else "") + str(int(r.diff)).replace(
            "-", "−")
        items.append(t("pack.change_item", label=f"{r.label} ({columns[r.column]})", old=r.old_display,
                       new=r.new_display, diff=diff or "…"))
    st.warning(t("pack.changed_since", date=made, changes="; ".join(items)), icon=":material/history:")
