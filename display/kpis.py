"""The KPI registry: every headline figure of the overview tiles, the shared screen and the meeting pack,
defined once — its label and help, the data function(s) it reads, how its value is derived, formatted
and suppressed, which direction is good, and which comparisons its tile shows.

Pure: no Streamlit call, so reports can use it from cron. The same computation serves the dashboard
and the pack: a spec's ``compute`` gets ``call(func, **kwargs)``, which runs the data_access function
``func(engine, **kwargs)`` — ``components.data.cached`` on a page, :func:`direct_call` in reports.

    window = KpiWindow(query={"hromada_id": 1, "settlement_ids": None}, period=week, previous=...,
                       year_ago=..., today=...)
    fig = spec.figure(call, window, lang="uk", suppress=suppresses_small_counts(role))

Each surface draws the figure its own way — the dashboard tile in components/ui.py (``show_kpi``),
the pack's stored figures and tiles in reports/figures.py (``pack_kpi``, ``kpi_tile_texts``, drawn by
reports/pack_layout.py and by the shared screen, components/slideshow.py) — with the sentences named
here, next to the comparison or note they word (:data:`PREVIOUS`, :data:`NOTES`, …), put around the
numbers by :func:`tile_texts`.

Adding a KPI (three files, plus tests):

1. its data function in ``data_access/`` (module level, the engine first, keyword-only filters
   ``hromada_id``, ``settlement_ids`` and the period's ``start``/``end`` or ``today``);
2. its entry in :data:`KPIS` below (key, catalog keys, computation, format, suppression,
   direction, comparisons) — its place in the tuple is its place on every surface;
3. its messages in ``assets/i18n/common.toml`` under ``[kpi.<key>]``: ``label``, and ``help`` /
   ``pack_label`` when it has them.

The overview page, the presentation screen, reports.figures and both pack formats loop over KPIS;
nothing else names a KPI (the pack's activities slide reads the ``activities`` figure for its title).
The benchmark records the data functions each page calls while it runs: nothing to list there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from analytics.periods import Period, change_ratio
from analytics.survey_estimates import share_from_sums
from data_access import overview as ov
from display.formats import fmt_date, fmt_int, fmt_num, fmt_pct
from domain.i18n import translate
from domain.visibility import display_count, is_small

Call = Callable[..., Any]  # call(func, **kwargs) -> func(engine, **kwargs)


def direct_call(engine) -> Call:
    """``call`` for reports and CLIs: each data function runs on ``engine``, uncached."""
    def call(func: Callable, /, **kwargs):
        return func(engine, **kwargs)
    return call


class Suppression(StrEnum):
    """What a KPI's value may give away, and so what hides it (domain.visibility)."""

    PEOPLE = "people"  # a count of people's records: 1–4 hidden outside the prosecutor role, with its changes
    PUBLIC = "public"  # a count of public events that identifies nobody (partner activities): never hidden
    SAMPLE = "sample"  # a survey estimate: not shown under 30 respondents (analytics.survey_estimates), any role


@dataclass(frozen=True)
class Comparison:
    """A comparison a tile shows and the sentences that word it; ``{change}`` is the figure's
    ``change_display`` (``as_delta``: the tile's delta, an arrow on the dashboard and the coloured
    line in the pack) or its ``year_ago_display`` (a line under the value)."""

    key: str
    as_delta: bool
    dashboard: str  # catalog key on the dashboard tile
    pack: str | None  # catalog key on the pack's tile and the shared screen; None: the change text alone
    dashboard_missing: str | None = None  # the dashboard's line when there is nothing to compare with


PREVIOUS = Comparison("previous", True, "kpi.vs_previous", "pack.vs_previous")
YEAR_AGO = Comparison("year_ago", False, "kpi.vs_year_ago", "pack.vs_year_ago", "kpi.vs_year_ago_na")
PREVIOUS_WAVE = Comparison("previous_wave", True, "kpi.vs_previous_wave", None)


@dataclass(frozen=True)
class Texts:
    """One message on each surface (None: that surface shows no such line)."""

    dashboard: str | None
    pack: str | None


# The line under a value that says what it stands on, by kind of note. "Now" tiles say the day they
# are taken on: today for the prosecutor, this week's Monday for other roles (domain.visibility.
# reporting_day); the pack's are about the Monday after its week.
AS_OF, INTERVAL, NO_SURVEY, TOO_FEW = "as_of", "interval", "no_survey", "too_few"
PER_HROMADA = "per_hromada"  # a selection of several hromadas: survey estimates are not pooled
NOTES = {
    PER_HROMADA: Texts("kpi.survey_per_hromada", "pack.survey_per_hromada"),
    AS_OF: Texts("kpi.as_of", "pack.kpi_as_of"),  # {date}
    INTERVAL: Texts("kpi.interval", "pack.kpi_interval"),  # {low}, {high}, {date}
    NO_SURVEY: Texts("kpi.no_survey", "pack.no_survey"),
    TOO_FEW: Texts("survey.too_few", "pack.too_few"),
}

DASHBOARD, PACK = "dashboard", "pack"  # the surfaces: the dashboard's tiles; the pack's tiles and the shared screen


def tile_texts(comparisons: tuple[Comparison, ...], *, change: str, year_ago: str, note: str, lang: str,
               surface: str) -> tuple[str, list[str]]:
    """The words around a tile's value on ``surface`` (DASHBOARD or PACK): the delta — the change
    against the previous period or wave, worded; "" when none is shown — and the lines under it
    (a year ago, then ``note``). ``change`` and ``year_ago`` are a figure's ``change_display`` and
    ``year_ago_display``."""
    delta, lines = "", []
    for comparison in comparisons:
        shown = change if comparison.as_delta else year_ago
        if shown:
            key = comparison.dashboard if surface == DASHBOARD else comparison.pack
            text = translate(key, lang, change=shown) if key else shown
        elif surface == DASHBOARD and comparison.dashboard_missing:
            text = translate(comparison.dashboard_missing, lang)
        else:
            continue
        if comparison.as_delta:
            delta = text
        else:
            lines.append(text)
    return delta, lines + ([note] if note else [])


@dataclass(frozen=True)
class KpiWindow:
    """What a KPI is computed for: the filters, the period with its comparison periods, and the day
    of "now" figures (the dashboard: today; the pack: the Monday after its week)."""

    query: Mapping[str, Any]  # hromada_id, settlement_ids: every data function's filters
    period: Period
    previous: Period
    year_ago: Period
    today: date


@dataclass(frozen=True)
class KpiNumbers:
    """What a computation found, before suppression and formatting."""

    value: float | None
    previous: float | None = None  # the previous period's (or survey wave's) value
    year_ago: float | None = None
    low: float | None = None  # 95 % interval of an estimate
    high: float | None = None
    as_of: date | None = None  # the day a "now" count or an estimate's survey refers to
    missing: str | None = None  # why there is no value: NO_SURVEY, TOO_FEW


@dataclass(frozen=True)
class KpiFigure:
    """A KPI as shown, in one language for one role. Raw numbers are None where the tile does not
    show them (a hidden small count, no comparison given, a zero base); texts are "" where nothing
    is shown. ``change`` is a ratio for counts and percentage points for shares."""

    value: float | None  # the count or share, None when hidden or not estimated
    display: str  # "1 234", "< 5", "48%", "—"
    previous: float | None  # the previous period's count (wave's share), None when hidden or not given
    previous_display: str  # "" when not given
    change: float | None  # (value − previous) / previous; share − previous share in points
    change_display: str  # "+25%", "−10%", "+5,0 в. п.", ""
    year_ago_change: float | None  # (value − year_ago) / year_ago
    year_ago_display: str  # "+25%", ""
    low: float | None = None
    high: float | None = None
    note: str | None = None  # a key of NOTES
    note_params: Mapping[str, str] = field(default_factory=dict)  # formatted, for the note's message


def count_kpi(value: float | None, *, lang: str, suppress: bool, previous: float | None = None,
              year_ago: float | None = None, sensitive: bool = True,
              fmt: Callable[[float, str], str] = fmt_int) -> KpiFigure:
    """The displayed count and its changes vs the previous period and vs a year ago.

    ``suppress`` is the role's rule (True outside the prosecutor role): a count of 1–4 reads
    "< 5", and a change computed from a hidden count is not shown (neither vs the previous
    period when the value or the previous count is hidden, nor vs a year ago when the value,
    the previous or the year-ago count is hidden). ``sensitive=False`` marks a count that
    identifies no one (public events such as partner activities): it is never suppressed,
    whatever the role. A change against a base of 0 or a missing base is not shown."""
    suppress = suppress and sensitive

    def text(v) -> str:
        return fmt(v, lang)

    def hidden_count(v) -> bool:
        return suppress and is_small(v)

    hidden = hidden_count(value) or hidden_count(previous)
    ratio = None if hidden or previous is None else change_ratio(value, previous)
    ratio_y = None if hidden or year_ago is None or hidden_count(year_ago) else change_ratio(value, year_ago)
    return KpiFigure(
        value=None if hidden_count(value) else value,
        display=display_count(value, suppress=suppress, fmt=text),
        previous=None if previous is None or hidden_count(previous) else previous,
        previous_display="" if previous is None else display_count(previous, suppress=suppress, fmt=text),
        change=ratio,
        change_display="" if ratio is None else fmt_pct(ratio, lang, signed=True),
        year_ago_change=ratio_y,
        year_ago_display="" if ratio_y is None else fmt_pct(ratio_y, lang, signed=True),
    )


# --------------------------------------------------------------------------- computations


class _Count:
    """A count of records or events: suppressed by the spec's rule, changes as ratios."""

    interval = False  # no 95 % interval to keep with the figure

    def figure(self, spec: KpiSpec, n: KpiNumbers, *, lang: str, suppress: bool) -> KpiFigure:
        fig = count_kpi(n.value, lang=lang, suppress=suppress, previous=n.previous, year_ago=n.year_ago,
                        sensitive=spec.suppression is Suppression.PEOPLE, fmt=spec.fmt)
        if n.as_of is None:
            return fig
        return replace(fig, note=AS_OF, note_params={"date": fmt_date(n.as_of, lang, "short")})


@dataclass(frozen=True)
class PeriodCount(_Count):
    """``func(**query, start=, end=)`` over the period and each comparison period (PREVIOUS,
    YEAR_AGO); ``with_today`` adds ``today=`` (the day overdue is judged on), ``column`` picks one
    entry of a dict result."""

    func: Callable
    column: str | None = None
    with_today: bool = False

    def __call__(self, call: Call, window: KpiWindow, comparisons: tuple[Comparison, ...]) -> KpiNumbers:
        def count(p: Period):
            extra = {"today": window.today} if self.with_today else {}
            result = call(self.func, **window.query, start=p.start, end=p.end, **extra)
            return result if self.column is None else result[self.column]

        return KpiNumbers(count(window.period),
                          previous=count(window.previous) if PREVIOUS in comparisons else None,
                          year_ago=count(window.year_ago) if YEAR_AGO in comparisons else None)


@dataclass(frozen=True)
class CountOn(_Count):
    """``func(**query, today=)``: a count on the window's "now" day (no comparison)."""

    func: Callable

    def __call__(self, call: Call, window: KpiWindow, comparisons: tuple[Comparison, ...]) -> KpiNumbers:
        return KpiNumbers(call(self.func, **window.query, today=window.today), as_of=window.today)


@dataclass(frozen=True)
class SurveyShare:
    """The weighted share of positive answers to ``question`` in the latest survey wave that ended by
    the period's end, with its 95 % interval, against the wave before (PREVIOUS_WAVE).

    ``func(**query, question_code=, until=)`` returns one row per wave (end_date, n, sum_w, sum_w2,
    positive_w); analytics.survey_estimates.share_from_sums gives the estimate, None under 30
    respondents (TOO_FEW). No wave at all: NO_SURVEY. A selection of several hromadas: PER_HROMADA (the
    survey page shows each hromada's own estimate; waves are weighted per hromada and are not pooled)."""

    func: Callable
    question: str
    interval = True  # the figure keeps its 95 % interval

    def __call__(self, call: Call, window: KpiWindow, comparisons: tuple[Comparison, ...]) -> KpiNumbers:
        if isinstance(window.query.get("hromada_id"), tuple):  # each wave is weighted to its own hromada
            return KpiNumbers(None, missing=PER_HROMADA)
        waves = call(self.func, **window.query, question_code=self.question, until=window.period.end)
        if waves.empty:
            return KpiNumbers(None, missing=NO_SURVEY)

        def estimate(row):
            return share_from_sums(row.positive_w, row.sum_w, row.sum_w2, int(row.n))

        last = waves.iloc[-1]
        est = estimate(last)
        if est.share is None:
            return KpiNumbers(None, missing=TOO_FEW)
        previous = estimate(waves.iloc[-2]).share if PREVIOUS_WAVE in comparisons and len(waves) > 1 else None
        return KpiNumbers(est.share, previous=previous, low=est.low, high=est.high, as_of=last.end_date)

    def figure(self, spec: KpiSpec, n: KpiNumbers, *, lang: str, suppress: bool) -> KpiFigure:
        if n.value is None:
            return KpiFigure(value=None, display="—", previous=None, previous_display="", change=None,
                             change_display="", year_ago_change=None, year_ago_display="", note=n.missing)
        points = None if n.previous is None else (n.value - n.previous) * 100
        change = "" if points is None else translate(
            "kpi.points", lang, change=("+" if points > 0 else "") + fmt_num(points, lang, 1).replace("-", "−"))
        return KpiFigure(value=n.value, display=spec.fmt(n.value, lang), previous=n.previous, previous_display="",
                         change=points, change_display=change, year_ago_change=None, year_ago_display="",
                         low=n.low, high=n.high, note=INTERVAL,
                         note_params={"low": fmt_pct(n.low, lang), "high": fmt_pct(n.high, lang),
                                      "date": fmt_date(n.as_of, lang, "short")})


# --------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class KpiSpec:
    """One KPI. ``label``, ``help`` and ``pack_label`` are catalog keys: ``pack_label`` only where the
    pack's tiles and the shared screen word it differently (shorter tiles; a past week, so no "now")."""

    key: str  # the figure's key in the pack's figures ("incidents")
    label: str
    compute: PeriodCount | CountOn | SurveyShare  # the data function(s) and how the value is derived
    fmt: Callable[[float, str], str]  # the value's format: fmt_int, fmt_pct
    suppression: Suppression
    higher_is_better: bool
    comparisons: tuple[Comparison, ...]  # shown in this order: the delta, then the lines under it
    help: str | None = None
    pack_label: str | None = None

    def numbers(self, call: Call, window: KpiWindow) -> KpiNumbers:
        """The raw figures: the data functions run through ``call``."""
        return self.compute(call, window, self.comparisons)

    def figure(self, call: Call, window: KpiWindow, *, lang: str, suppress: bool) -> KpiFigure:
        """The KPI as shown in ``lang``; ``suppress`` is the role's small-count rule."""
        return self.shown(self.numbers(call, window), lang=lang, suppress=suppress)

    def shown(self, numbers: KpiNumbers, *, lang: str, suppress: bool) -> KpiFigure:
        """``numbers`` formatted and suppressed as this KPI is shown."""
        return self.compute.figure(self, numbers, lang=lang, suppress=suppress)


KPIS: tuple[KpiSpec, ...] = (
    KpiSpec(key="incidents", label="kpi.incidents.label", help="kpi.incidents.help",
            compute=PeriodCount(ov.incident_count), fmt=fmt_int, suppression=Suppression.PEOPLE,
            higher_is_better=False, comparisons=(PREVIOUS, YEAR_AGO)),
    KpiSpec(key="requests", label="kpi.requests.label",
            compute=PeriodCount(ov.request_counts, column="received", with_today=True), fmt=fmt_int,
            suppression=Suppression.PEOPLE, higher_is_better=True, comparisons=(PREVIOUS, YEAR_AGO)),
    KpiSpec(key="overdue_now", label="kpi.overdue_now.label", pack_label="kpi.overdue_now.pack_label",
            help="kpi.overdue_now.help", compute=CountOn(ov.open_overdue_now), fmt=fmt_int,
            suppression=Suppression.PEOPLE, higher_is_better=False, comparisons=()),
    KpiSpec(key="trust", label="kpi.trust.label", help="kpi.trust.help",
            compute=SurveyShare(ov.trust_share_by_wave, question="trust_police"), fmt=fmt_pct,
            suppression=Suppression.SAMPLE, higher_is_better=True, comparisons=(PREVIOUS_WAVE,)),
    KpiSpec(key="activities", label="kpi.activities.label", pack_label="kpi.activities.pack_label",
            compute=PeriodCount(ov.activity_count), fmt=fmt_int, suppression=Suppression.PUBLIC,
            higher_is_better=True, comparisons=(PREVIOUS, YEAR_AGO)),
)


def kpi_spec(key: str) -> KpiSpec:
    """The registry entry of ``key`` (KeyError for an unknown key)."""
    for spec in KPIS:
        if spec.key == key:
            return spec
    raise KeyError(key)
