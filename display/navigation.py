"""The dashboard's pages: file, URL path, title key and icon (used by app.py and the tests)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.roles import ROLES, Role

# A URL path must never equal a file name in pages/: until st.navigation has run once on a fresh
# server, Streamlit's legacy multipage mode would run pages/<name>.py for /<name> without app.py.


@dataclass(frozen=True)
class PageSpec:
    file: str  # path relative to the repository root
    url_path: str
    title_key: str  # i18n key
    icon: str  # Material icon
    roles: tuple[str, ...] = ROLES
    section: str = "nav.section.review"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/welcome.py", "sign-in", "nav.welcome", ":material/login:", roles=(Role.PUBLIC,),
             section="nav.section.start"),
    PageSpec("pages/overview.py", "home", "nav.overview", ":material/dashboard:"),
    PageSpec("pages/weekly_review.py", "weekly-review", "nav.weekly_review", ":material/table_chart:"),
    PageSpec("pages/incidents_map.py", "map", "nav.incidents_map", ":material/map:"),
    PageSpec("pages/incident_trends.py", "trends", "nav.incident_trends", ":material/trending_up:"),
    PageSpec("pages/requests.py", "resident-requests", "nav.requests", ":material/forum:"),
    PageSpec("pages/survey.py", "trust-survey", "nav.survey", ":material/groups:"),
    PageSpec("pages/partners.py", "partnership", "nav.partners", ":material/handshake:", section="nav.section.partnership"),
    PageSpec("pages/priorities.py", "safety-priorities", "nav.priorities", ":material/flag:", section="nav.section.partnership"),
    PageSpec("pages/data_import.py", "import", "nav.import", ":material/upload_file:", roles=(Role.PROSECUTOR,), section="nav.section.data"),
    PageSpec("pages/import_log.py", "import-log", "nav.import_log", ":material/history:", roles=(Role.PROSECUTOR, Role.ADMIN), section="nav.section.data"),
    PageSpec("pages/admin.py", "users-audit", "nav.admin", ":material/admin_panel_settings:", roles=(Role.ADMIN,), section="nav.section.data"),
)
