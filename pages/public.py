"""The residents' public report card (issue 22): /public?hromada=CODE[&lang=en] — no sign-in,
read-only, for every resident (PUBLIC_ACCESS public_page or partner_view; docs/privacy.md)."""

import streamlit as st

from components.data import cached
from components.filters import kyiv_today
from components.public_view import page_style, show_public_card
from components.shell import page_in_frame
from components.state import current_lang, current_user, t
from components.ui import md_text
from data_access.incidents import hromada_by_code
from data_access.places import hromadas
from display.public_card import public_card
from domain.roles import Role
from domain.visibility import reporting_day

page_in_frame()  # a page file run without app.py reruns through it
lang = current_lang()
page_style(hide_sidebar=current_user() is None)

known = cached(hromadas)
code = st.query_params.get("hromada")  # none given: the first hromada
hromada = cached(hromada_by_code, code=code)
if hromada is None:
    st.title(t("public.title"))
    st.warning(t("public.unknown_hromada"))
    st.markdown("\n".join(f"- [{md_text(row[f'name_{lang}'])}](?hromada={row['code']}&lang={lang})"
                          for row in known.to_dict("records")))
    st.stop()

card = public_card(lambda func, /, **kw: cached(func, **kw), hromada=hromada, lang=lang,
                   as_of=reporting_day(kyiv_today(), Role.PUBLIC))  # the same card for everybody, weekly
show_public_card(card)
