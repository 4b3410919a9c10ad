""""Did it help?" on the partners page (analytics.did): the activity, the choice made when it was
planned (the prosecutor alone may try others), the verdict with its threats, the four figures and
the ratio's interval, and the place's longer history — each as the role may see it."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics import did
from components.coarse_dates import left_out_note
from components.data import cached
from components.filters import Filters
from components.partner_tables import in_language
from components.state import t
from components.ui import show_chart
from data_access import partners as q
from data_access.incident_geo import incident_date_range
from data_access.reference import labels, reference_table
from display.formats import fmt_date, fmt_int, fmt_num
from display.partner_charts import did_chart
from domain.roles import sees_records
from domain.visibility import SECONDARY_TEXT, display_count, is_hidden_text, picks_did_choice, suppresses_small_counts

# "Did it help?": installations first (lighting, CCTV, space improvement), then patrols and walks
DID_KIND_RANK = {"lighting": 0, "cctv": 1, "environment_improvement": 2}


def did_figures(res, *, radius: int, lang: str, suppress: bool) -> bool:
    """The verdict and the four figures of "did it help?" as the role may see them: counts near the
    place of 1–4 read "< 5", and with them the rest of the hromada (their sum is public elsewhere)
    and every ratio, interval and p-value computed from them. Returns True when figures were hidden."""
    area = [display_count(v, suppress=suppress, fmt=lambda x: fmt_int(x, lang)) for v in (res.area_before,
                                                                                         res.area_after)]
    hidden = any(is_hidden_text(text) for text in area)
    rest = [SECONDARY_TEXT if hidden else fmt_int(v, lang) for v in (res.rest_before, res.rest_after)]
    n = display_count(res.area_before + res.area_after, suppress=suppress, fmt=lambda x: fmt_int(x, lang))
    verdict = t(f"prio.verdict_{res.verdict}", n=n, min=did.MIN_AREA_TOTAL)
    {"decreased": st.success, "increased": st.error, "no_clear_change": st.info, "too_few": st.warning}[res.verdict](
        verdict)
    m = st.columns(4)
    m[0].metric(t("prio.did_area_counts"), f"{area[0]} → {area[1]}", border=True,
                help=t("prio.did_area_help", m=fmt_int(radius, lang)))
    m[1].metric(t("prio.did_rest_counts"), f"{rest[0]} → {rest[1]}", border=True)
    m[2].metric(t("prio.did_ratio"), "—" if hidden else fmt_num(res.did_ratio, lang, 2), border=True,
                help=t("prio.did_ratio_help"))
    if not hidden and res.ratio_low is not None:
        m[2].caption(t("prio.did_ratio_interval", low=_bound(res.ratio_low, lang), high=_bound(res.ratio_high, lang)))
    m[3].metric(t("prio.did_expected"), "—" if hidden else fmt_num(res.expected_after, lang, 1), border=True,
                help=t("prio.did_expected_help"))
    return hidden


def _bound(value: float, lang: str) -> str:
    return "∞" if value == float("inf") else fmt_num(value, lang, 2)


def _categories_text(cats: tuple[str, ...], lang: str) -> str:
    names = labels("incident_categories", lang)
    return ", ".join(names.get(k, k) for k in cats).lower() if cats else t("prio.did_all_categories")


def _choice(plan: did.DidPlan, most: int, *, lang: str, aid: int) -> tuple[int, int, tuple[str, ...]]:
    """The prosecutor's radius, window and categories, the plan preselected (keys per activity, so
    another activity starts from its own plan)."""
    c2, c3 = st.columns(2)
    radii = sorted({*did.RADII_M, plan.radius_m})
    radius = c2.selectbox(t("prio.did_radius"), options=radii, index=radii.index(plan.radius_m),
                          format_func=lambda r: t("prio.did_metres", m=fmt_int(r, lang)), key=f"did_radius_{aid}")
    choices = sorted({w for w in (*did.WEEK_CHOICES, plan.weeks) if w <= most}) or [most]  # data for fewer weeks
    default = plan.weeks if plan.weeks in choices else choices[-1]
    weeks = c3.selectbox(t("prio.did_weeks"), options=choices, index=choices.index(default),
                         format_func=lambda w: t("prio.did_n_weeks", n=w), key=f"did_weeks_{aid}")
    cat_labels = labels("incident_categories", lang)
    cat_groups = reference_table("incident_categories").set_index("key")["group"]
    community = [k for k in cat_labels if cat_groups.get(k) == "community"]
    cats = st.multiselect(t("prio.did_categories"), options=community,
                          default=[k for k in plan.categories if k in community], format_func=cat_labels.get,
                          placeholder=t("prio.did_all_categories"), key=f"did_categories_{aid}")
    return int(radius), int(weeks), tuple(cats)


def _history(where: dict, *, before_start: date, res, weeks: int, data_start: date, lang: str,
             suppress: bool, hidden: bool) -> bool | None:
    """The place's 12 four-week periods before the comparison (1–4 as "< 5" by role); returns
    whether the window before was unusually high against them (regression to the mean)."""
    first, _last = did.history_window(before_start)
    blocks = cached(q.incidents_near_blocks, first=first, block_days=did.HISTORY_BLOCK_DAYS,
                    blocks=did.HISTORY_BLOCKS, **where)
    hist = did.history_blocks(blocks, data_start=data_start)
    spike = did.before_unusually_high(res.area_before, weeks * 7, hist)
    st.markdown(f"**{t('prio.did_history_title')}**")
    texts = [t("prio.did_history_no_data") if v != v else display_count(v, suppress=suppress,
                                                                          fmt=lambda x: fmt_int(x, lang))
             for v in hist["area"]]
    periods = [f"{fmt_date(s, lang, 'short')} – {fmt_date(e, lang, 'short')}"
               for s, e in zip(hist["block_start"], hist["block_end"], strict=True)]
    st.dataframe(pd.DataFrame({t("prio.did_history_period"): periods, t("prio.did_history_count"): texts}),
                 hide_index=True, width="stretch", height=260)
    if not hidden:
        per4 = res.area_before / weeks * 4 if weeks else float("nan")
        st.caption(t("prio.did_history_caption", n=weeks, before=fmt_int(res.area_before, lang),
                     per4=fmt_num(per4, lang, 1)))
    return spike


def _threats(found: tuple[str, ...]) -> None:
    if not found:
        return
    lines = "\n".join(f"- {t(f'prio.did_threat_{k}')}" for k in found)
    st.warning(f"{t('prio.did_threats')}\n\n{lines}", icon=":material/report:")


@st.fragment
def did_section(f: Filters) -> None:
    """Incidents around a place-based activity before and after it, against the rest of the hromada."""
    lang = f.lang
    st.caption(t("prio.did_intro"))
    kinds = reference_table("activity_kinds")
    place_kinds = tuple(kinds.loc[kinds["place_based"].str.lower() == "true", "key"])
    candidates = cached(q.place_based_activities, hromada_id=f.selection, kinds=place_kinds)
    if candidates.empty:
        st.info(t("prio.did_no_activities"))
        return
    candidates = candidates.assign(_r=candidates["kind"].map(DID_KIND_RANK).fillna(9)).sort_values(
        ["_r", "date"], ascending=[True, False])
    options = {int(r["id"]): r for r in candidates.to_dict("records")}
    kind_labels = labels("activity_kinds", lang)

    def _label(aid: int) -> str:
        r = options[aid]
        return (f"{fmt_date(r['date'], lang, 'short')} · {kind_labels.get(r['kind'], r['kind'])} · "
                f"{in_language(r, 'title', lang)}")

    aid = st.selectbox(t("prio.did_activity"), options=list(options), format_func=_label, key="did_activity")
    act = options[aid]
    plan = did.planned_choice(act["did_radius_m"], act["did_weeks"], act["did_categories"])
    first, last = cached(incident_date_range, hromada_id=f.selection, day_known=True)  # the days it counts
    if first is None:
        st.info(t("prio.did_no_incidents"))
        return
    most = did.max_weeks(act["date"], data_start=first, data_end=min(last, f.today - timedelta(days=1)))
    plan_text = t("prio.did_plan_recorded" if plan.recorded else "prio.did_plan_default",
                  m=fmt_int(plan.radius_m, lang), n=plan.weeks, cats=_categories_text(plan.categories, lang))
    st.caption(plan_text)
    if picks_did_choice(f.role):
        if most <= 0:
            st.info(t("prio.did_too_recent", date=fmt_date(act["date"], lang, "short")))
            return
        radius, weeks, cats = _choice(plan, most, lang=lang, aid=aid)
    else:
        st.caption(t("prio.did_plan_only"))
        short = did.short_side(act["date"], plan.weeks, data_start=first, data_end=min(last, f.today - timedelta(days=1)))
        if short == "after":
            ready = act["date"] + timedelta(weeks=plan.weeks)
            st.info(t("prio.did_plan_too_recent", n=plan.weeks, date=fmt_date(ready, lang, "short")))
            return
        if short == "before":
            st.info(t("prio.did_plan_no_history", n=plan.weeks, date=fmt_date(first, lang, "short")))
            return
        radius, weeks, cats = plan.radius_m, plan.weeks, plan.categories
    (b0, b1), (a0, a1) = did.windows(act["date"], weeks)
    where = {"hromada_id": f.selection, "lat": float(act["lat"]), "lon": float(act["lon"]), "radius_m": float(radius),
             "categories": tuple(cats) or None}
    suppress = suppresses_small_counts(f.role)
    table = None
    if sees_records(f.role):  # weekly counts near a named place: the prosecutor only
        daily = cached(q.incidents_near_daily, role=f.role, start=b0, end=a1, **where)
        table = did.indexed(did.periods(daily, act["date"], weeks))
        res = did.result_from_periods(table)
    else:
        res = did.did_result(**cached(q.incidents_near_totals, before=(b0, b1), after=(a0, a1), **where))
    hidden = did_figures(res, radius=radius, lang=lang, suppress=suppress)
    st.caption(t("prio.did_windows", b0=fmt_date(b0, lang, "short"),
                 b1=fmt_date(act["date"] - timedelta(days=1), lang, "short"),
                 a0=fmt_date(act["date"], lang, "short"), a1=fmt_date(a1, lang, "short"),
                 p="—" if res.p_value is None or hidden else fmt_num(res.p_value, lang, 3)))
    left_out_note(f, unit="day", start=b0, end=a1, categories=tuple(cats) or None,
                  group=None if cats else "community")
    left, right = st.columns([3, 2])
    with right:
        spike = _history(where, before_start=b0, res=res, weeks=weeks, data_start=first, lang=lang,
                         suppress=suppress, hidden=hidden)
    with left:
        _threats(did.threats(categories=tuple(cats), plan=plan, radius_m=radius, weeks=weeks, spike_before=spike))
        if table is not None:
            show_chart(did_chart(table, lang, title=t("prio.did_chart_title")), key="did_chart")
        else:
            st.caption(t("prio.did_chart_prosecutor_only"))
    st.caption(t("prio.did_method", min=did.MIN_AREA_TOTAL))
