"""Entry point: page config, navigation, global filters, language, demo banner (DESIGN.md)."""

from pathlib import Path

import streamlit as st

from components.a11y import document_language
from components.auth import enforce_session, sidebar_account
from components.data import start_run
from components.filters import language_switch, sidebar_filters
from components.shell import (
    demo_banner_and_freshness,
    end_legacy_multipage_mode,
    outage_guard,
    require_database,
    sidebar_navigation,
)
from components.state import current_lang, current_role, current_user, public_access_now, t
from display.navigation import PAGES
from domain.roles import opens_dashboard, opens_public_pages

ROOT = Path(__file__).resolve().parent

st.set_page_config(
    page_title="Прокурор громади",
    page_icon=str(ROOT / "assets" / "logo.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)


def _sidebar_language() -> None:
    with st.sidebar:
        language_switch()


with outage_guard():  # the database going away mid-run: the outage notice, never a traceback
    document_language(current_lang())  # <html lang="uk|en"> and the contrast fixes (components/a11y.py)
    end_legacy_multipage_mode()  # every page runs inside this frame (components.shell.page_in_frame)
    require_database(on_error=_sidebar_language)
    start_run()  # the data version this run's cached queries are keyed on (components/data.py)
    enforce_session()  # sign out an idle session before the role decides what opens
    role = current_role()  # nobody signed in: what PUBLIC_ACCESS allows a visitor (components/state.py)
    if st.query_params.get("mode") == "present" and opens_dashboard(role):  # shared screen: partner-safe slideshow
        from components.slideshow import run_presentation

        _sidebar_language()
        run_presentation()
        st.stop()

    if opens_dashboard(role):
        sections: dict[str, list] = {}
        specs = [s for s in PAGES if role in s.roles and (ROOT / s.file).exists()]
        for spec in specs:  # the role's first page opens at "/"
            sections.setdefault(t(spec.section), []).append(
                st.Page(str(ROOT / spec.file), title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path,
                        default=spec is specs[0])
            )
        page = st.navigation(sections, position="hidden")
        sidebar_navigation(sections)  # links, not Streamlit's list markup (components/shell.py)
    else:  # every other address shows the sign-in page, so a bookmark opens its page right after signing in
        sign_in = next(s.file for s in PAGES if role in s.roles)
        public = opens_public_pages(public_access_now())  # the residents' report card, unless PUBLIC_ACCESS = none

        def _file(spec) -> str:
            return spec.file if spec.public and public and (ROOT / spec.file).exists() else sign_in

        page = st.navigation([st.Page(str(ROOT / _file(s)), title=t(s.title_key if _file(s) != sign_in else "nav.welcome"),
                                      url_path=s.url_path, default=s.file == sign_in) for s in PAGES],
                             position="hidden")

    on_public_page = any(s.public and s.url_path == page.url_path for s in PAGES)
    if on_public_page and current_user() is None:
        language_switch()  # a resident's page: no sidebar at all (components/public_view.py), the language on top
    else:
        with st.sidebar:
            language_switch()
            sidebar_account()  # after require_database: it reads app_user
        if opens_dashboard(role) and not on_public_page:
            st.session_state["filters"] = sidebar_filters()
            demo_banner_and_freshness(st.session_state["filters"].selection)
    page.run()
