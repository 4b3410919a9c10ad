"""The residents' poster (reports/poster.py) as a download on the overview: the public report card
of the chosen hromada on one A4 sheet with a QR code to its page (/public)."""

from __future__ import annotations

import streamlit as st

from components.data import cached
from components.downloads import audited_download
from components.state import current_user, t
from data_access.incidents import hromada_by_code
from data_access.settings import deployment_setting
from display.public_card import public_card
from domain.roles import Role
from domain.visibility import reporting_day
from reports.poster import build_poster, page_url


def public_base_url() -> str:
    """The address residents reach the dashboard at: PUBLIC_BASE_URL, else this browser's address."""
    return deployment_setting("PUBLIC_BASE_URL") or (st.context.url or "http://localhost:8501")


def poster_download(filters) -> None:
    """A link to the residents' page and, for a signed-in user, a button that builds the poster when
    clicked (audited as an export, like every download)."""
    url = page_url(public_base_url(), hromada_code=filters.hromada_code, lang=filters.lang)

    def _bytes() -> bytes:
        hromada = cached(hromada_by_code, code=filters.hromada_code)
        card = public_card(lambda func, /, **kw: cached(func, **kw), hromada=hromada, lang=filters.lang,
                           as_of=reporting_day(filters.today, Role.PUBLIC))  # the same card as the page
        return build_poster(card, url=url)

    left, right = st.columns(2, vertical_alignment="bottom")
    left.link_button(t("public.open_page"), url=url, icon=":material/campaign:")
    if not current_user():  # a poster costs a second of CPU: signed-in users make it (as the meeting pack)
        return
    with right:
        audited_download(t("public.poster_button"), _bytes, file_name=f"poster_{filters.hromada_code}_{filters.lang}.pdf",
                         what="public_poster", detail={"hromada": filters.hromada_code}, icon=":material/print:",
                         key="public_poster")
    st.caption(t("public.poster_help"))
