"""Which data functions each page calls (kept next to the pages: update it when a page changes).

The benchmark opens each page once with AppTest under its default filters (partner role,
Ukrainian), records every ``cached(func, **kwargs)`` call the page makes, and then calls exactly
those functions with exactly those arguments on a fresh engine, timing the SQL. A recorded call
of a function that is not listed here is reported as drift, so this list cannot silently rot.
"""

from __future__ import annotations

from dataclasses import dataclass

from display.navigation import PAGES


@dataclass(frozen=True)
class BenchPage:
    url_path: str  # "home" is served at "/"
    file: str
    data_functions: tuple[str, ...]  # module.function called through components.data.cached
    has_map: bool = False

    @property
    def url(self) -> str:
        return "" if self.url_path == "home" else self.url_path


# The frame (app.py, components/filters.py, components/shell.py) on every page.
FRAME_FUNCTIONS = (
    "data_access.places.hromadas",
    "data_access.places.settlements",
    "data_access.status.freshness",
)

DATA_FUNCTIONS: dict[str, tuple[tuple[str, ...], bool]] = {
    "home": ((
        "data_access.overview.incident_count",
        "data_access.overview.request_counts",
        "data_access.overview.open_overdue_now",
        "data_access.overview.trust_share_by_wave",
        "data_access.overview.activity_count",
        "data_access.overview.weekly_incident_counts",
    ), False),
    "weekly-review": ((
        "data_access.incidents.daily_incident_counts",
        "data_access.places.settlements",
    ), False),
    "map": ((
        "data_access.incident_geo.settlement_counts",
        "data_access.incident_geo.cell_counts",
        "data_access.incident_geo.unlocated_count",
        "data_access.incident_geo.category_severity_counts",
    ), True),
    "trends": ((
        "data_access.incident_geo.incident_date_range",
        "data_access.incident_geo.category_severity_counts",
        "data_access.incident_geo.weekly_category_counts",
        "data_access.incident_geo.dow_hour_counts",
    ), False),
    "resident-requests": ((
        "data_access.requests.period_counts",
        "data_access.requests.answer_days",
        "data_access.requests.backlog_on",
        "data_access.requests.daily_flow",
        "data_access.requests.topic_windows",
        "data_access.requests.counts_by",
        "data_access.requests.topic_settlement_days",
        "data_access.requests.requests_and_incidents",
        "data_access.places.settlements",
    ), True),
    "trust-survey": ((
        "data_access.surveys.survey_waves",
        "data_access.surveys.survey_questions",
        "data_access.surveys.answer_sums",
        "data_access.places.settlements",
    ), True),
    "partnership": ((
        "data_access.partners.activity_by_day_kind",
        "data_access.partners.partner_activity_counts",
        "data_access.partners.partner_directory",
        "data_access.partners.partner_pairs",
        "data_access.partners.activity_list",
        "data_access.partners.place_based_activities",
        "data_access.partners.incident_date_range",
        "data_access.partners.incidents_near_daily",
        "data_access.priorities.priority_list",
        "data_access.places.settlements",
    ), True),
    "safety-priorities": ((
        "data_access.priorities.priority_list",
        "data_access.priorities.indicator_list",
        "data_access.priorities.indicator_data",
        "data_access.priorities.indicator_weekly",
        "data_access.priorities.indicator_waves",
        "data_access.partners.activity_list",
    ), False),
}


def bench_pages() -> list[BenchPage]:
    """The pages a partner sees (the default role), in navigation order."""
    out = []
    for spec in PAGES:
        if "partner" not in spec.roles or spec.url_path not in DATA_FUNCTIONS:
            continue
        functions, has_map = DATA_FUNCTIONS[spec.url_path]
        out.append(BenchPage(spec.url_path, spec.file, functions, has_map))
    return out


def missing_pages() -> list[str]:
    """Partner-visible pages that have no entry here (drift)."""
    return [s.url_path for s in PAGES if "partner" in s.roles and s.url_path not in DATA_FUNCTIONS]
