"""Open a page's closed sections (components/sections.py) in an AppTest, through the URL as a link would."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components.sections import SECTION_PARAM

SWITCH_PREFIX = "section_"


def section_names(at: AppTest) -> list[str]:
    """The sections the page drew (open or closed), in page order: their URL values."""
    return [str(s.key).removeprefix(SWITCH_PREFIX) for s in at.toggle if str(s.key or "").startswith(SWITCH_PREFIX)]


def open_sections(at: AppTest, *names: str) -> AppTest:
    """Run the page again with ``?section=`` naming ``names`` (every section of the page when none given)."""
    at.query_params[SECTION_PARAM] = ",".join(names or section_names(at))
    at.run()
    return at


# Every section of the pages that have them, by URL path (the priorities' are the demo priorities' ids):
# tests that look at a page's whole content (records, points, accessibility) open them all.
EVERY_SECTION = {
    "map": "table",
    "partnership": "top,network,partners,activities,did",
    "resident-requests": "types,topics,channels,map,deadlines,repeated,linked",
    "trends": "panels,hours,composition,orders",
    "trust-survey": "institutions,breakdown,awareness",
    "safety-priorities": "priority-1,priority-2,priority-3,priority-4,priority-5,edit",
}
