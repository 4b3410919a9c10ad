"""The numbers and texts of one count KPI tile — one computation for the dashboard's tiles
(components.ui.kpi_tile) and the meeting pack / presentation screens (reports.figures).

Pure: no Streamlit call, so reports can use it from cron.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.periods import change_ratio
from display.formats import fmt_int, fmt_pct
from domain.visibility import display_count, is_small


@dataclass(frozen=True)
class CountKpi:
    """A count tile as shown. Raw numbers are None where the tile does not show them (a hidden
    small count, no comparison given, a zero base); texts are "" where nothing is shown."""

    value: float | None  # the count, None when hidden ("< 5")
    display: str  # "1 234", "< 5"
    previous: float | None  # the previous period's count, None when hidden or not given
    previous_display: str  # "" when not given
    change: float | None  # (value − previous) / previous
    change_display: str  # "+25 %", "−10 %", ""
    year_ago_change: float | None  # (value − year_ago) / year_ago
    year_ago_display: str  # "+25 %", ""


def count_kpi(value: float | None, *, lang: str, suppress: bool, previous: float | None = None,
              year_ago: float | None = None, sensitive: bool = True) -> CountKpi:
    """The displayed value and the changes vs the previous period and vs a year ago.

    ``suppress`` is the role's rule (True outside the prosecutor role): a count of 1–4 reads
    "< 5", and a change computed from a hidden count is not shown (neither vs the previous
    period when the value or the previous count is hidden, nor vs a year ago when the value,
    the previous or the year-ago count is hidden). ``sensitive=False`` marks a count that
    identifies no one (public events such as partner activities): it is never suppressed,
    whatever the role. A change against a base of 0 or a missing base is not shown."""
    suppress = suppress and sensitive

    def fmt(v) -> str:
        return fmt_int(v, lang)

    def hidden_count(v) -> bool:
        return suppress and is_small(v)

    hidden = hidden_count(value) or hidden_count(previous)
    ratio = None if hidden or previous is None else change_ratio(value, previous)
    ratio_y = None if hidden or year_ago is None or hidden_count(year_ago) else change_ratio(value, year_ago)
    return CountKpi(
        value=None if hidden_count(value) else value,
        display=display_count(value, suppress=suppress, fmt=fmt),
        previous=None if previous is None or hidden_count(previous) else previous,
        previous_display="" if previous is None else display_count(previous, suppress=suppress, fmt=fmt),
        change=ratio,
        change_display="" if ratio is None else fmt_pct(ratio, lang, signed=True),
        year_ago_change=ratio_y,
        year_ago_display="" if ratio_y is None else fmt_pct(ratio_y, lang, signed=True),
    )
