"""Entry point: page config, navigation, global filters, language, demo banner (DESIGN.md)."""

from pathlib import Path

import streamlit as st

from components.auth import enforce_session, sidebar_account
from components.filters import language_switch, sidebar_filters
from components.shell import demo_banner_and_freshness, require_database
from components.state import current_role, t
from display.navigation import PAGES

ROOT = Path(__file__).resolve().parent

st.set_page_config(
    page_title="Прокурор громади",
    page_icon=str(ROOT / "assets" / "logo.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

with st.sidebar:
    language_switch()
require_database()
if st.query_params.get("mode") == "present":  # shared screen: partner-safe slideshow, no sidebar
    from components.slideshow import run_presentation

    run_presentation()
    st.stop()
enforce_session()  # sign out an idle session before the role decides the navigation
with st.sidebar:
    sidebar_account()  # after require_database: it reads app_user

role = current_role()
sections: dict[str, list] = {}
for spec in PAGES:
    if role in spec.roles and (ROOT / spec.file).exists():
        sections.setdefault(t(spec.section), []).append(
            st.Page(str(ROOT / spec.file), title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path,
                    default=spec.url_path == "home")
        )
page = st.navigation(sections, position="sidebar")

st.session_state["filters"] = sidebar_filters()
demo_banner_and_freshness(st.session_state["filters"].hromada_id)
page.run()
