"""The frame around every page: database checks, demo banner, data freshness."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from components.data import cached, engine
from components.state import current_lang, t
from data_access.engine import describe_url
from data_access.status import OUTAGE_ERRORS, database_state, freshness, refused_permission
from display.formats import fmt_date, fmt_datetime
from domain.dates import kyiv_local
from domain.roles import AccessDenied

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


RETRY_SECONDS = 10


def require_database(on_error: Callable[[], None] | None = None) -> None:
    """Stop with a clear page (and the command that fixes it) when the database cannot serve;
    an unreachable database gets the outage notice, which retries on its own. ``on_error`` draws
    what that page needs besides (app.py: the language switch)."""
    state = database_state(engine())
    if state.state == "ready":
        return
    if on_error is not None:
        on_error()
    if state.state == "unreachable":
        database_outage()
    st.title(t("app.title"))
    st.error(t(f"shell.db_{state.state}"), icon=":material/database:")
    st.markdown(t("shell.db_fix"))
    st.code(FIX_COMMAND if state.state != "outdated" else "python -m data_access init", language=None)  # plain: bash highlighting fails 4.5:1 contrast
    st.caption(t("shell.db_url", url=describe_url(str(engine().url))))
    if state.detail:
        st.caption(state.detail)
    st.stop()


def database_outage() -> None:
    """The outage notice instead of the page (what happened, what to do), then stop; a fragment
    checks the database every RETRY_SECONDS and reruns the whole page once it answers again."""
    st.title(t("app.title"))
    st.error(t("shell.db_down", seconds=RETRY_SECONDS), icon=":material/cloud_off:")
    st.markdown(t("shell.db_down_what"))
    st.caption(t("shell.db_url", url=describe_url(str(engine().url))))
    _retry_when_back()
    st.stop()


@st.fragment(run_every=RETRY_SECONDS)
def _retry_when_back() -> None:
    st.caption(t("shell.db_down_checked", time=datetime.now().strftime("%H:%M:%S")))
    if st.session_state.pop("_outage_shown", False) and database_state(engine()).state != "unreachable":
        st.rerun()
    st.session_state["_outage_shown"] = True


class outage_guard:  # noqa: N801 - used as ``with outage_guard():``
    """Around the frame and the page (app.py): the database going away in the middle of a run shows
    the outage notice, and a write this server's database role may not make (the pages' role of
    docs/deploy.md) says where that is done instead — never a traceback."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, _tb) -> bool:  # noqa: ANN001
        if exc is not None and isinstance(exc, OUTAGE_ERRORS):
            database_outage()
        if exc is not None and refused_permission(exc):
            st.error(t("shell.db_read_only"), icon=":material/lock:")
            st.stop()
        if isinstance(exc, AccessDenied):  # e.g. a hromada outside the account's scope (data_access.scopes)
            st.error(t("shell.out_of_scope"), icon=":material/lock:")
            st.stop()
        return False


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


def sidebar_navigation(sections: dict[str, list]) -> None:
    """The pages a role may open (``{section title: [st.Page]}``), as links in the sidebar under
    their section's name. Streamlit's own sidebar navigation puts its links in ``<div>``s inside a
    ``<ul>`` (axe-core: ``list`` and ``listitem``, both serious); plain links (st.page_link, the
    current page marked by Streamlit) have no list to break. app.py calls st.navigation hidden."""
    with st.sidebar.container(key="page_nav"):
        for section, pages in sections.items():
            st.markdown(f"**{section}**")
            for page in pages:
                st.page_link(page, label=page.title, icon=page.icon)
