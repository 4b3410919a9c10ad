"""The dashboard's pages: URL path (= the file's name in pages/), title key, icon, roles, section,
and whether a visitor who has not signed in may open it (the residents' public pages)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.roles import ROLES, Role


@dataclass(frozen=True)
class PageSpec:
    url_path: str  # the page's address, and its file's name: pages/<url_path>.py
    title_key: str  # i18n key
    icon: str  # Material icon
    roles: tuple[str, ...] = ROLES
    section: str = "nav.section.review"
    public: bool = False  # opens for a visitor who has not signed in where PUBLIC_ACCESS allows public pages

    @property
    def file(self) -> str:
        """The page's script, relative to the repository root. Named as its address because a
        fresh server started with plain ``streamlit run app.py`` resolves its first request in
        Streamlit's old multipage mode, by file name: /map then runs pages/map.py, which reruns
        through app.py (components.shell.page_in_frame) and opens /map with no "page not found"."""
        return f"pages/{self.url_path}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("sign-in", "nav.welcome", ":material/login:", roles=(Role.PUBLIC,),
             section="nav.section.start"),
    PageSpec("home", "nav.overview", ":material/dashboard:"),
    PageSpec("weekly-review", "nav.weekly_review", ":material/table_chart:"),
    PageSpec("map", "nav.incidents_map", ":material/map:"),
    PageSpec("trends", "nav.incident_trends", ":material/trending_up:"),
    PageSpec("compare", "nav.compare", ":material/leaderboard:"),
    PageSpec("resident-requests", "nav.requests", ":material/forum:"),
    PageSpec("trust-survey", "nav.survey", ":material/groups:"),
    PageSpec("partnership", "nav.partners", ":material/handshake:", section="nav.section.partnership"),
    PageSpec("safety-priorities", "nav.priorities", ":material/flag:", section="nav.section.partnership"),
    PageSpec("public", "nav.public", ":material/campaign:", roles=(*ROLES, Role.PUBLIC),
             section="nav.section.partnership", public=True),
    PageSpec("import", "nav.import", ":material/upload_file:", roles=(Role.PROSECUTOR,), section="nav.section.data"),
    PageSpec("import-log", "nav.import_log", ":material/history:", roles=(Role.PROSECUTOR, Role.ADMIN), section="nav.section.data"),
    PageSpec("users-audit", "nav.admin", ":material/admin_panel_settings:", roles=(Role.ADMIN,), section="nav.section.data"),
)
