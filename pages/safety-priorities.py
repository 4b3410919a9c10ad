"""Priorities agreed with residents: each with its indicators (baseline, target, current value),
a small trend, its activities and a status computed from the data; the prosecutor creates and
edits priorities here."""

from functools import partial

import pandas as pd
import streamlit as st

from analytics import priorities as rule
from analytics.survey_estimates import share_from_sums
from components.data import cached, clear_cache, engine
from components.filters import Filters, current_filters
from components.focus import focus_hromada
from components.priority_form import priority_form
from components.sections import lazy_section
from components.state import current_user, t
from components.ui import md_text, page_header, show_chart
from data_access import partners as pq
from data_access import priorities as q
from data_access.reference import labels, reference_table
from display.formats import fmt_date, fmt_int, fmt_pct
from display.palette import ST_STATUS
from display.partner_charts import indicator_trend_chart
from display.public_card import agreed_text
from domain.roles import AccessDenied, allowed
from domain.visibility import is_small, suppresses_small_counts

STATUS_STYLE = {"on_track": (ST_STATUS["on_track"], ":material/check_circle:"),
                "off_track": (ST_STATUS["off_track"], ":material/warning:"),
                "no_data": (ST_STATUS["no_data"], ":material/help:")}
RECENT_ACTIVITIES = 5


def reference_labels(lang: str) -> dict[str, dict[str, str]]:
    """Indicator kind -> its references' labels (incident categories, request topics, survey questions)."""
    questions = reference_table("survey_questions")
    return {
        "incident_category": labels("incident_categories", lang),
        "request_topic": labels("request_topics", lang),
        "survey_question": dict(zip(questions["code"], questions[f"text_{lang}"], strict=True)),
    }


def _title(row, lang: str) -> str:
    value = row.get(f"title_{lang}")
    return str(value) if value is not None and value == value and str(value).strip() else str(row.get("title_uk"))


def _ref_label(kind: str, ref: str, ref_labels: dict) -> str:
    return f"{t(f'prio.kind_{kind}')}: {ref_labels.get(kind, {}).get(ref, ref)}"


def _value_text(kind: str, value, lang: str) -> str:
    if value is None or value != value:
        return "—"
    return fmt_pct(value, lang) if kind == "survey_question" else fmt_int(value, lang)


def indicator_rows(result: rule.PriorityResult, *, suppress: bool, lang: str) -> list[dict]:
    """Per indicator of an evaluated priority, the row shown and its trend series."""
    rows = []
    for r in result.indicators:
        kind = r.indicator["kind"]
        if kind == "survey_question":
            waves = r.data
            trend = pd.DataFrame({
                "x": pd.to_datetime(waves["end_date"]) if len(waves) else [],
                "value": [share_from_sums(w.positive_w, w.sum_w, w.sum_w2, int(w.n)).share for w in waves.itertuples()],
            })
        else:
            trend = rule.rolling_annualised(r.data)
            if suppress:
                trend.loc[trend["window_count"].map(is_small), "value"] = float("nan")
            trend = trend.assign(x=pd.to_datetime(trend["week"]) + pd.Timedelta(days=6))
        if suppress and r.current.raw_count is not None and is_small(r.current.raw_count):
            current_text = t("prio.small_count")
        else:
            current_text = _value_text(kind, r.current.value, lang)
        rows.append({"ind": r.indicator, "cur": r.current, "status": r.status, "trend": trend, "baseline": r.baseline,
                     "target": r.target, "current_text": current_text})
    return rows


def indicator_data(f: Filters, **kw) -> pd.DataFrame:
    """An indicator's data (data_access.priorities.indicator_data) within the page's filters."""
    return cached(q.indicator_data, **f.query(**kw))


def summary(evaluated: list, *, lang: str) -> None:
    """How many priorities, and how many of them on track, off track or without data."""
    if not evaluated:
        st.info(t("prio.none_yet"))
        return
    counts = pd.Series([s for _, s, _ in evaluated]).value_counts()
    cols = st.columns(4)
    cols[0].metric(t("prio.kpi_priorities"), fmt_int(len(evaluated), lang), border=True)
    for col, status in zip(cols[1:], rule.STATUSES, strict=True):
        col.metric(t(f"prio.status_{status}"), fmt_int(int(counts.get(status, 0)), lang), border=True)
    with st.popover(t("prio.rule_button"), icon=":material/info:"):
        st.markdown(t("prio.rule_text", weeks=rule.WINDOW_WEEKS))


def priority_card(f: Filters, prio: dict, status: str, rows: list[dict], *, ref_labels: dict) -> None:
    """One priority: title, status and period; its indicators and activities when opened."""
    lang = f.lang
    with st.container(border=True):
        head, badge = st.columns([5, 1])
        head.header(md_text(_title(prio, lang)))  # typed in a form: no markdown
        colour, icon = STATUS_STYLE[status]
        badge.badge(t(f"prio.status_{status}"), icon=icon, color=colour)
        st.caption(t("prio.period", start=fmt_date(prio["start_date"], lang, "short"),
                     end=fmt_date(prio["end_date"], lang, "short"),
                     elapsed=fmt_pct(rule.elapsed_share(prio["start_date"], prio["end_date"],
                                                        min(f.today, prio["end_date"])), lang))
                   + " · " + agreed_text(prio, lang) + (" · " + t("prio.demo") if prio["is_demo"] else ""))
        if prio.get("description"):
            st.text(prio["description"])  # free text typed by a prosecutor: shown as plain text
        lazy_section(f"priority-{int(prio['id'])}", None, partial(priority_details, f, prio, rows, ref_labels=ref_labels),
                     label=t("prio.show_details"))


def priority_details(f: Filters, prio: dict, rows: list[dict], *, ref_labels: dict) -> None:
    """A priority's indicators as a table and small trends, and its recent activities."""
    lang = f.lang
    if not rows:
        st.info(t("prio.no_indicators"))
    else:
        table = pd.DataFrame({
            t("prio.col_indicator"): [_ref_label(r["ind"]["kind"], r["ind"]["ref"], ref_labels) for r in rows],
            t("prio.col_direction"): [t(f"prio.dir_{r['ind']['direction']}") for r in rows],
            t("prio.col_unit"): [t("prio.unit_share" if r["ind"]["kind"] == "survey_question" else "prio.unit_year")
                                 for r in rows],
            t("prio.col_baseline"): [_value_text(r["ind"]["kind"], r["baseline"], lang) for r in rows],
            t("prio.col_target"): [_value_text(r["ind"]["kind"], r["target"], lang) for r in rows],
            t("prio.col_expected"): [_value_text(r["ind"]["kind"], r["status"].expected_value, lang) for r in rows],
            t("prio.col_current"): [r["current_text"] for r in rows],
            t("prio.col_status"): [t(f"prio.status_{r['status'].status}") for r in rows],
            t("prio.col_note"): [t(r["status"].reason) if r["status"].reason else "" for r in rows],
        })
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption(t("prio.trend_caption", weeks=rule.WINDOW_WEEKS))
        chart_cols = st.columns(max(len(rows), 3))
        for col, r in zip(chart_cols, rows, strict=False):
            with col:
                is_share = r["ind"]["kind"] == "survey_question"
                show_chart(indicator_trend_chart(
                    r["trend"], lang, baseline=r["baseline"], target=r["target"], start=prio["start_date"],
                    end=prio["end_date"], is_share=is_share,
                    title=ref_labels.get(r["ind"]["kind"], {}).get(r["ind"]["ref"], r["ind"]["ref"]),
                ), key=f"trend_{prio['id']}_{r['ind']['id']}")
    acts = cached(pq.activity_list, hromada_id=f.hromada_id, start=prio["start_date"],
                  end=min(f.today, prio["end_date"]), priority_id=int(prio["id"]))
    act_kinds = labels("activity_kinds", lang)
    st.markdown(t("prio.activities_line", n=fmt_int(len(acts), lang),
                  people=fmt_int(acts["participants"].fillna(0).sum() if len(acts) else 0, lang)))
    if len(acts):
        recent = acts.head(RECENT_ACTIVITIES)
        st.dataframe(pd.DataFrame({
            t("partners_page.col_date"): [fmt_date(x, lang, "short") for x in recent["date"]],
            t("partners_page.col_kind"): recent["kind"].map(act_kinds).fillna(recent["kind"]).to_list(),
            t("partners_page.col_title"): [_title(r, lang) for r in recent.to_dict("records")],
            t("partners_page.col_partners"): recent[f"partners_{lang}"].to_list(),
        }), hide_index=True, width="stretch")


def edit_section(f: Filters, *, evaluated: list, inds_all: pd.DataFrame, ref_labels: dict) -> None:
    """Create a priority or edit one (prosecutor): the form, then the write and its message."""
    ref_options = [""] + [f"{kind}:{ref}" for kind, refs in ref_labels.items() for ref in refs]

    def _ref_text(code: str) -> str:
        if not code:
            return t("prio.form_no_indicator")
        kind, ref = code.split(":", 1)
        return _ref_label(kind, ref, ref_labels)

    prio_by_id = {int(p["id"]): p for p, _, _ in evaluated}
    edit_id = st.selectbox(t("prio.form_mode"), options=[None, *prio_by_id],
                           format_func=lambda p: t("prio.form_new") if p is None else _title(prio_by_id[p], f.lang),
                           key="prio_edit_choice")
    existing = prio_by_id.get(edit_id) if edit_id is not None else None
    existing_inds = inds_all[inds_all["priority_id"] == edit_id].to_dict("records") if existing else []
    data = priority_form(existing, existing_inds, edit_id=edit_id, ref_options=ref_options, ref_text=_ref_text,
                         today=f.today)
    if data is not None:
        try:
            if existing is None:
                q.create_priority(engine(), role=f.role, username=current_user(), hromada_id=f.hromada_id, data=data)
            else:
                q.update_priority(engine(), role=f.role, username=current_user(), hromada_id=f.hromada_id,
                                  priority_id=int(edit_id), data=data)
        except q.InvalidPriority as exc:
            st.error(t("prio.form_not_saved") + "\n\n" + "\n".join(f"- {t(k, **p)}" for k, p in exc.errors))
        except AccessDenied:
            st.error(t("prio.form_denied"))
        else:
            clear_cache()
            st.session_state["prio_saved"] = data.title_uk.strip()
            st.rerun()
    if st.session_state.get("prio_saved"):
        st.success(t("prio.form_saved", title=md_text(st.session_state.pop("prio_saved"))))


f = current_filters()
suppress = suppresses_small_counts(f.role)
page_header("prio.title", filters=f)
st.caption(t("prio.intro"))
if f.several:  # priorities are agreed in each hromada: one hromada of the selection at a time
    st.caption(t("prio.per_hromada"))
f = focus_hromada(f, key="priorities_hromada")
ref_labels = reference_labels(f.lang)
prios = cached(q.priority_list, hromada_id=f.hromada_id)
inds_all = cached(q.indicator_list, hromada_id=f.hromada_id)
evaluated = [(result.priority, result.status, indicator_rows(result, suppress=suppress, lang=f.lang))
             for result in rule.priorities_with_status(prios, inds_all, today=f.today,
                                                       indicator_data=partial(indicator_data, f))]
summary(evaluated, lang=f.lang)
for prio, status, rows in evaluated:
    priority_card(f, prio, status, rows, ref_labels=ref_labels)
if allowed(f.role, "edit_priorities"):
    st.divider()
    lazy_section("edit", t("prio.form_title"),
                 partial(edit_section, f, evaluated=evaluated, inds_all=inds_all, ref_labels=ref_labels))
else:
    st.caption(t("prio.form_prosecutor_only"))
