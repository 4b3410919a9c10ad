"""Entry point: page config, navigation, global filters, language, demo banner (DESIGN.md)."""

from pathlib import Path

import streamlit as st

from components.auth import enforce_session, sidebar_account
from components.data import start_run
from components.filters import language_switch, sidebar_filters
from components.shell import demo_banner_and_freshness, end_legacy_multipage_mode, outage_guard, require_database
from components.state import current_role, t
from display.navigation import PAGES
from domain.roles import opens_dashboard

ROOT = Path(__file__).resolve().parent

st.set_page_config(
    page_title="Прокурор громади",
    page_icon=str(ROOT / "assets" / "logo.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

with outage_guard():  # the database going away mid-run: the outage notice, never a traceback
    end_legacy_multipage_mode()  # every page runs inside this frame (components.shell.page_in_frame)
    with st.sidebar:
        language_switch()
    require_database()
    start_run()  # the data version this run's cached queries are keyed on (components/data.py)
    enforce_session()  # sign out an idle session before the role decides what opens
    role = current_role()  # nobody signed in: what PUBLIC_ACCESS allows a visitor (components/state.py)
    if st.query_params.get("mode") == "present" and opens_dashboard(role):  # shared screen: partner-safe slideshow
        from components.slideshow import run_presentation

        run_presentation()
        st.stop()
    with st.sidebar:
        sidebar_account()  # after require_database: it reads app_user

    if opens_dashboard(role):
        sections: dict[str, list] = {}
        specs = [s for s in PAGES if role in s.roles and (ROOT / s.file).exists()]
        for spec in specs:  # the role's first page opens at "/"
            sections.setdefault(t(spec.section), []).append(
                st.Page(str(ROOT / spec.file), title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path,
                        default=spec is specs[0])
            )
        page = st.navigation(sections, position="sidebar")
    else:  # every address shows the sign-in page, so a bookmark opens its page right after signing in
        sign_in = next(s.file for s in PAGES if role in s.roles)
        page = st.navigation([st.Page(str(ROOT / sign_in), title=t("nav.welcome"), url_path=s.url_path,
                                      default=s.file == sign_in) for s in PAGES], position="hidden")

    if opens_dashboard(role):
        st.session_state["filters"] = sidebar_filters()
        demo_banner_and_freshness(st.session_state["filters"].hromada_id)
    page.run()
