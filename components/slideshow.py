"""The shared-screen slideshow (``?mode=present[&interval=20][&lang=uk]``) for a meeting-room TV.

The screens read the same figures as the meeting pack (reports.figures.pack_figures), always in
the partner-safe view, whoever is signed in: no record, no point, counts 1–4 as "< 5". No
sidebar, no widgets, large type, charts without modebars; the screens advance on their own every
``interval`` seconds (a fragment with ``run_every``) and with the ← → keys (a small same-origin
script clicks two hidden buttons).
"""

from __future__ import annotations

import time
from datetime import date, datetime

import streamlit as st
import streamlit.components.v1 as components

from analytics.periods import last_complete_week_end
from components.data import account_hromadas, cached, data_changed
from components.map_view import show_map
from components.state import current_lang, t
from components.ui import show_chart
from display.charts import tv_readable
from display.formats import fmt_date
from display.maps import tv_readable_map
from display.palette import ST_NEUTRAL, ST_STATUS, st_direction_colour
from display.summaries import ranking_summary
from domain.dates import KYIV, week_start
from domain.roles import Role
from reports.figures import footer_text, kpi_tile_texts, pack_figures

SCREENS = ("overview", "review", "map", "requests", "survey", "priorities")
DEFAULT_INTERVAL = 20
MIN_INTERVAL, MAX_INTERVAL = 5, 600
PRESENT_ROLE = Role.PARTNER  # a shared screen is always partner-safe
TOP_REVIEW_ROWS = 6
KPIS_PER_ROW = 3

# Static CSS only (no data): hide the app's chrome, large high-contrast type for 4 m away.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
.st-key-present_prev, .st-key-present_next { display: none !important; }
.stMainBlockContainer, [data-testid="stMainBlockContainer"] { padding: 1.5rem 3rem 0.5rem 3rem; max-width: 100%; }
.stApp { background: #ffffff; color: #0b1a2a; }
h1 { font-size: 64px !important; color: #0b2a4a !important; line-height: 1.1 !important; padding: 0 0 0.6rem 0 !important; }
[data-testid="stMetric"] { padding: 1.2rem 1.4rem !important; border: 3px solid #c9d3dd !important; }
[data-testid="stMetricLabel"] p { font-size: 34px !important; font-weight: 700 !important; color: #23384d !important; }
[data-testid="stMetricValue"] { font-size: 96px !important; font-weight: 800 !important; color: #0b3c6b !important; }
[data-testid="stMetricDelta"] { font-size: 30px !important; font-weight: 700 !important; }
[data-testid="stMetricDelta"] svg { width: 30px !important; height: 30px !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 28px !important; color: #34495e !important; }
.st-key-present_footer [data-testid="stCaptionContainer"] p { font-size: 28px !important; color: #1b2631 !important; }
.st-key-present_priorities [data-testid="stText"], .st-key-present_priorities [data-testid="stText"] * { font-size: 40px !important; font-family: inherit !important; font-weight: 600 !important; color: #0b1a2a !important; white-space: normal !important; }
.st-key-present_priorities [data-testid="stMarkdownContainer"] span { font-size: 34px !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto !important; }
</style>
"""

# Arrow keys -> click the hidden prev/next buttons (same origin: the component iframe is srcdoc).
KEYS_HTML = """
<script>
const doc = window.parent.document;
if (!window.parent.__presentKeys) {
  window.parent.__presentKeys = true;
  doc.addEventListener('keydown', (e) => {
    const key = {ArrowRight: 'present_next', ArrowLeft: 'present_prev', PageDown: 'present_next',
                 PageUp: 'present_prev', ' ': 'present_next'}[e.key];
    if (!key) return;
    const button = doc.querySelector('.st-key-' + key + ' button');
    if (button) { e.preventDefault(); button.click(); }
  });
}
</script>
"""


def presentation_interval(raw: str | None) -> tuple[int, str | None]:
    """Seconds per screen from the URL, and a message key when the value was not usable."""
    if raw is None or raw == "":
        return DEFAULT_INTERVAL, None
    try:
        value = int(float(raw))  # "1e309" is inf and "nan" is nan: int() of either raises
    except (ValueError, OverflowError):
        return DEFAULT_INTERVAL, "present.bad_interval"
    if value < MIN_INTERVAL or value > MAX_INTERVAL:
        return min(max(value, MIN_INTERVAL), MAX_INTERVAL), "present.bad_interval"
    return value, None


def _week_monday(today: date) -> date:
    return week_start(last_complete_week_end(today))


def _step(delta: int) -> None:
    st.session_state["present_screen"] = (st.session_state.get("present_screen", 0) + delta) % len(SCREENS)
    st.session_state["present_changed"] = time.monotonic()


def _metric(k: dict, lang: str) -> None:
    """A KPI of the pack's figures, worded as on the pack's tile."""
    change, more = kpi_tile_texts(k, lang)
    delta = change.replace("−", "-") or None  # st.metric reads the arrow's direction from an ASCII minus
    st.metric(k["label"], k["display"], delta=delta, border=True,
              delta_color=st_direction_colour(k["change"], higher_is_better=k["higher_is_better"]))
    if more:
        st.caption(" · ".join(more))


def _screen_overview(fig: dict) -> None:
    """The KPIs of the registry in its order, KPIS_PER_ROW to a row."""
    st.title(t("present.overview_title", week=fig["week"]))
    kpis = fig["kpis"]
    for first in range(0, len(kpis), KPIS_PER_ROW):
        for col, k in zip(st.columns(KPIS_PER_ROW), kpis[first:first + KPIS_PER_ROW], strict=False):
            with col:
                _metric(k, fig["lang"])


def _screen_review(fig: dict) -> None:
    st.title(t("present.review_title"))
    rows = [r for r in fig["review"]["rows"] if not r["is_total"]]
    flagged = [r for r in rows if r["flag_week"] or r["flag_ytd"]]
    rest = sorted((r for r in rows if r not in flagged), key=lambda r: -(r["this_week"] or 0))
    shown = (flagged + rest)[:TOP_REVIEW_ROWS]
    total = next((r for r in fig["review"]["rows"] if r["is_total"]), None)
    cols = st.columns(3)
    for i, r in enumerate(shown):
        flag = r["flag_week"] or r["flag_ytd"] or ""
        delta = t(f"pack.flag_{flag}").lstrip("▲▼ ") if flag else None  # st.metric draws its own arrow
        with cols[i % 3]:
            st.metric(r["label"], r["this_week_display"], delta=delta, border=True,
                      delta_arrow="off" if not flag else ("up" if flag == "up" else "down"),
                      delta_color=st_direction_colour(1 if flag == "up" else -1 if flag else 0, higher_is_better=False))
            st.caption(t("pack.col_c_previous_week") + ": " + r["previous_week_display"]
                       + " · " + t("pack.col_c_ytd") + ": " + r["ytd_display"])
    if total is not None:
        st.caption(t("pack.total") + ": " + total["this_week_display"] + " · " + t("present.review_more"))
    if not flagged:
        st.caption(t("present.review_none"))


def _screen_map(fig: dict) -> None:
    from reports.images import pack_map

    st.title(t("present.map_title"))
    left, right = st.columns([3, 1])
    with left:
        settlements = fig["map"]["settlements"]
        show_map(tv_readable_map(pack_map(fig, height=680)), key="present_map", height=680,
                 summary=ranking_summary([s["name"] for s in settlements], [s["count"] for s in settlements],
                                         fig["lang"], what=t("present.map_title"), suppress=True))
    with right:
        top = sorted((s for s in fig["map"]["settlements"] if s["count"] is not None), key=lambda s: -s["count"])[:3]
        for s in top:
            st.metric(s["name"], s["display_count"], border=True)
        missing = [s["name"] for s in fig["map"]["settlements"] if s["code"] and (s["lat"] is None or s["lon"] is None)]
        if missing:
            st.caption(t("pack.map_missing", names=", ".join(missing)))


def _screen_requests(fig: dict) -> None:
    from reports.images import flow_figure

    st.title(t("present.requests_title"))
    items = {i["key"]: i for i in fig["requests"]["items"]}
    cols = st.columns(4)
    for col, key in zip(cols, ("received", "on_time", "open_now", "overdue_now"), strict=True):
        with col:
            st.metric(items[key]["label"], items[key]["display"], border=True)
    show_chart(tv_readable(flow_figure(fig, large=True).update_layout(height=480)), key="present_flow")
    st.caption(t("pack.req_as_of", date=fmt_date(date.fromisoformat(fig["requests"]["as_of"]), fig["lang"], "short")))


def _screen_survey(fig: dict) -> None:
    st.title(t("present.survey_title"))
    if fig["survey"]["wave"] is None:
        st.info(t("present.no_survey"))
        return
    cols = st.columns(3)
    for k, i in enumerate(fig["survey"]["indices"]):
        with cols[k % 3]:
            st.metric(i["label"], i["display"], border=True)
            st.caption(i["interval_display"])
            if i["change_display"]:
                st.caption(i["change_display"])
    st.caption(fig["survey"]["wave"]["name"])


def _screen_priorities(fig: dict) -> None:
    st.title(t("present.priorities_title"))
    if not fig["priorities"]:
        st.info(t("present.no_priorities"))
        return
    with st.container(key="present_priorities"):
        for p in fig["priorities"]:
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.text(p["title"])
            with right:
                st.badge(p["status_label"], color=ST_STATUS.get(p["status"], ST_NEUTRAL))


DRAW = {"overview": _screen_overview, "review": _screen_review, "map": _screen_map, "requests": _screen_requests,
        "survey": _screen_survey, "priorities": _screen_priorities}


def _hromada_id() -> int:
    h = account_hromadas()
    code = st.query_params.get("hromada")
    match = h[h["code"] == code] if code else h.iloc[0:0]
    return int((match if len(match) else h).iloc[0]["id"])


def run_presentation() -> None:
    """The shared-screen slideshow (called by app.py for ``?mode=present``)."""
    st.session_state["present"] = True
    st.html(PRESENT_CSS)
    interval, problem = presentation_interval(st.query_params.get("interval"))
    if problem:
        st.warning(t(problem, value=st.query_params.get("interval"), used=interval))
    today = datetime.now(KYIV).date()
    figures = cached(pack_figures, hromada_id=_hromada_id(), week_monday=_week_monday(today), lang=current_lang(),
                     role=PRESENT_ROLE)
    start = st.query_params.get("screen")
    if "present_screen" not in st.session_state:
        st.session_state["present_screen"] = SCREENS.index(start) if start in SCREENS else 0
        st.session_state["present_changed"] = time.monotonic()
    components.html(KEYS_HTML, height=0)

    @st.fragment(run_every=interval)
    def slideshow() -> None:
        if data_changed():  # new data from any server or job: the whole screen is drawn again
            st.rerun()
        now = time.monotonic()
        if now - st.session_state.get("present_changed", now) >= interval - 0.5:
            _step(+1)
        st.button(t("present.prev"), key="present_prev", on_click=_step, args=(-1,))
        st.button(t("present.next"), key="present_next", on_click=_step, args=(+1,))
        index = st.session_state["present_screen"]
        DRAW[SCREENS[index]](figures)
        with st.container(key="present_footer"):
            st.caption(footer_text(figures) + " · " + t("present.screen_of", n=index + 1, total=len(SCREENS))
                       + " · " + t("present.partner_safe"))

    slideshow()
