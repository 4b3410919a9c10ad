"""The frame around every page: database checks, demo banner, data freshness."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.data import cached, engine
from components.state import current_lang, t
from data_access.engine import describe_url
from data_access.status import database_state, freshness
from display.formats import fmt_date, fmt_datetime
from domain.dates import kyiv_local

FIX_COMMAND = "python -m data_access init && python -m data_access seed-demo"


def _legacy_multipage_mode() -> bool:
    from streamlit.runtime.pages_manager import PagesManager

    return bool(PagesManager.uses_pages_directory)


def end_legacy_multipage_mode() -> None:
    """Streamlit 1.67 started with plain ``streamlit run app.py`` treats ``pages/`` as its old
    multipage folder until some run calls st.navigation: a fresh server's first deep link runs the
    page file alone, without app.py (no sign-in, no filters). app.py ends that mode on its first
    run, whatever the run does (the presentation mode never calls st.navigation)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def page_in_frame() -> None:
    """At the top of every page: a page file that Streamlit's old multipage mode ran on its own
    ends that mode and reruns, so app.py runs and opens the same address as its page (the page
    files are named as their addresses: display/navigation.py)."""
    if _legacy_multipage_mode():
        end_legacy_multipage_mode()
        st.rerun()


def require_database(on_error: Callable[[], None] | None = None) -> None:
    """Stop with a clear page (and the command that fixes it) when the database cannot serve;
    ``on_error`` draws what that page needs besides (app.py: the language switch)."""
    state = database_state(engine())
    if state.state == "ready":
        return
    if on_error is not None:
        on_error()
    st.title(t("app.title"))
    st.error(t(f"shell.db_{state.state}"), icon=":material/database:")
    st.markdown(t("shell.db_fix"))
    st.code(FIX_COMMAND if state.state != "outdated" else "python -m data_access init", language="bash")
    st.caption(t("shell.db_url", url=describe_url(str(engine().url))))
    if state.detail:
        st.caption(state.detail)
    st.stop()


def demo_banner_and_freshness(hromada_id: int) -> None:
    """The demo-data banner (when any demo batch is loaded) and "data as of" line."""
    f = cached(freshness, hromada_id=hromada_id)
    if f.has_demo:
        st.warning(t("shell.demo_banner"), icon=":material/science:")
    parts = []
    newest = max((d for d in (f.newest_incident, f.newest_request) if d is not None), default=None)
    lang = current_lang()
    if newest:
        parts.append(t("shell.data_as_of", date=fmt_date(newest, lang)))
    if f.last_import_at:
        parts.append(t("shell.last_import", when=fmt_datetime(kyiv_local(f.last_import_at), lang)))
    if parts:
        st.caption(" · ".join(parts))
