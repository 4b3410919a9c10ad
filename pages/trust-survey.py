"""Trust and safety survey: weighted headline indices with change since the previous wave, trends
with interval bands, institutions compared, breakdowns by settlement / age / gender, awareness
and willingness to report. Every estimate comes from analytics.survey_estimates."""

from functools import partial

import pandas as pd
import streamlit as st

from analytics.survey_estimates import estimate_frame, wave_changes
from components.data import cached
from components.filters import Filters, current_filters
from components.focus import focus_hromada
from components.map_view import show_map
from components.sections import lazy_section
from components.state import t
from components.survey_by_hromada import hromada_estimates
from components.ui import page_header, show_chart
from data_access import surveys as q
from data_access.places import settlements
from data_access.reference import boundaries, labels
from display import survey_charts as sc
from display.formats import fmt_date, fmt_pct
from display.summaries import share_ranking_summary
from domain.visibility import suppresses_small_counts

HEADLINE = ("safe_dark", "safe_day", "trust_police", "aware_programme", "would_report")
THEMES = ("safety", "trust", "awareness", "reporting")


def q_label(code: str, *, questions: pd.DataFrame, lang: str) -> str:
    """The question's short label (its full text for a question added after the catalog)."""
    key = f"survey_page.q.{code}"
    try:
        return t(key)
    except KeyError:
        row = questions[questions["code"] == code]
        return str(row.iloc[0][f"text_{lang}"]) if len(row) else code


def q_text(code: str, *, questions: pd.DataFrame, lang: str) -> str:
    row = questions[questions["code"] == code]
    return str(row.iloc[0][f"text_{lang}"]) if len(row) else code


def codes_of(theme: str, questions: pd.DataFrame) -> list[str]:
    return questions.loc[questions["theme"] == theme, "code"].tolist()


def headline(changes: pd.DataFrame, latest, *, questions: pd.DataFrame, lang: str) -> None:
    """One tile per headline question: the latest wave's share, its interval and its change."""
    st.header(t("survey_page.headline"))
    now = changes[changes["wave_id"] == latest.wave_id].set_index("question_code")
    cols = st.columns(len(HEADLINE))
    for col, code in zip(cols, HEADLINE, strict=True):
        with col:
            text = q_text(code, questions=questions, lang=lang)
            if code not in now.index:
                st.metric(t(f"survey_page.kpi.{code}"), "—", border=True, help=text)
                st.caption(t("survey_page.no_respondents"))
                continue
            row = now.loc[code]
            if row["value"] != row["value"]:  # NaN: an effective sample under 30
                st.metric(t(f"survey_page.kpi.{code}"), "—", border=True, help=text)
                st.caption(t("survey.too_few"))
                continue
            exceeds = row["exceeds"]
            delta = t("survey_page.change_pp", change=sc.points_text(row["diff"], lang)) if exceeds is not None else None
            st.metric(t(f"survey_page.kpi.{code}"), fmt_pct(row["value"], lang), delta=delta,
                      delta_color="normal" if exceeds else "off", border=True, help=text)
            st.caption(t("survey_page.interval", low=fmt_pct(row["low"], lang), high=fmt_pct(row["high"], lang))
                       + " · " + t("survey_page.n_eff", n=sc.n_eff_text(row["n_eff"], lang, shown=True))
                       + " · " + t("survey_page.dont_know", share=fmt_pct(row["dk_share"], lang)))
            st.caption(t("survey_page.change_real") if exceeds else t("survey_page.change_noise")
                       if exceeds is not None else t("survey_page.change_none"))


def institutions(est: pd.DataFrame, sums: pd.DataFrame, last_two: list, *, wave_short: dict, label, lang: str,
                 questions: pd.DataFrame, suppress: bool) -> None:
    """Trust in each institution in the last two waves, and the balance of trust in the latest."""
    latest = last_two[-1]
    trust_codes = codes_of("trust", questions)
    inst = est[est["question_code"].isin(trust_codes) & est["wave_id"].isin([w.wave_id for w in last_two])].copy()
    inst["label"] = inst["question_code"].map(label)
    inst["series"] = inst["wave_id"].map(wave_short)
    inst["note"] = t("survey_page.too_few_short")
    inst = sc.in_order(inst, "question_code", trust_codes)
    bal = estimate_frame(sums[(sums["wave_id"] == latest.wave_id) & sums["question_code"].isin(trust_codes)],
                         "balance")
    bal["label"] = bal["question_code"].map(label)
    bal["note"] = t("survey_page.too_few_short")
    bal = sc.in_order(bal, "question_code", trust_codes)
    left, right = st.columns(2)
    with left:
        show_chart(sc.dot_whisker_chart(inst, lang, title=t("survey_page.institutions_share"),
                                        x_title=t("survey_page.axis_share_trust")), key="survey_inst_share")
    with right:
        show_chart(sc.dot_whisker_chart(bal, lang, measure="balance", title=t("survey_page.institutions_balance"),
                                        x_title=t("survey_page.axis_balance")), key="survey_inst_balance")
    latest_sums = sums[(sums["wave_id"] == latest.wave_id) & sums["question_code"].isin(trust_codes)]
    st.dataframe(sc.institution_table(latest_sums, lang, labels=label, suppress=suppress, order=trust_codes),
                 hide_index=True, width="stretch")
    st.caption(t("survey_page.institutions_caption"))


def breakdown(f: Filters, latest, *, questions: pd.DataFrame, label, suppress: bool) -> None:
    """One question of the latest wave by settlement (map and table), age group and gender."""
    lang = f.lang
    all_codes = questions["code"].tolist()
    code = st.selectbox(t("survey_page.breakdown_question"), options=all_codes, index=all_codes.index("safe_dark")
                        if "safe_dark" in all_codes else 0, format_func=label, key="survey_question",
                        placeholder=t("survey_page.breakdown_pick"))
    st.caption(q_text(code, questions=questions, lang=lang))
    kw = f.query(until=f.period.end, wave_ids=(int(latest.wave_id),), question_codes=(code,))
    by_place = estimate_frame(cached(q.answer_sums, by="settlement", **kw), "share")
    places = sc.settlement_frame(cached(settlements, hromada_id=f.hromada_id), by_place, lang,
                                 settlement_codes=f.settlement_codes, suppress=suppress)
    st.markdown(f"**{t('survey_page.by_settlement')}**")
    map_col, table_col = st.columns([1, 1])
    with map_col:
        show_map(sc.settlement_share_map(places, lang, value_label=label(code), boundaries=boundaries(f.hromada_code)),
                 key="survey_map", height=480,
                 summary=share_ranking_summary(list(places["name"]), list(places["value"]), lang, what=label(code)))
        st.caption(t("survey_page.map_caption"))
        hidden = places.loc[places["lat"].isna() | places["lon"].isna(), "name"].tolist()
        if hidden:
            st.caption(t("survey_page.not_on_map", names=", ".join(hidden)))
    with table_col:
        st.dataframe(sc.settlement_table(places, lang), hide_index=True, width="stretch", height=480)
    age_col, gender_col = st.columns(2)
    for column, by, ref, title in ((age_col, "age_group", "age_groups", "survey_page.by_age"),
                                   (gender_col, "gender", "genders", "survey_page.by_gender")):
        groups = estimate_frame(cached(q.answer_sums, by=by, **kw), "share")
        frame = sc.group_frame(groups, labels(ref, lang), t("survey_page.not_stated"), t("survey_page.too_few_short"))
        with column:
            show_chart(sc.dot_whisker_chart(frame, lang, title=t(title), x_title=label(code)), key=f"survey_by_{by}")


def awareness(est: pd.DataFrame, last_two: list, *, questions: pd.DataFrame, label, wave_short: dict, lang: str) -> None:
    """Awareness of the community prosecutor and willingness to report, in the last two waves."""
    aw_codes = codes_of("awareness", questions) + codes_of("reporting", questions)
    aw = est[est["question_code"].isin(aw_codes) & est["wave_id"].isin([w.wave_id for w in last_two])].copy()
    aw["label"] = aw["question_code"].map(label)
    aw["series"] = aw["wave_id"].map(wave_short)
    aw["note"] = t("survey_page.too_few_short")
    show_chart(sc.dot_whisker_chart(sc.in_order(aw, "question_code", aw_codes), lang,
                                    x_title=t("survey_page.axis_share")), key="survey_awareness")
    st.caption(t("survey_page.awareness_caption"))


f = current_filters()
lang = f.lang
page_header("survey_page.title", filters=f)
questions = cached(q.survey_questions)
label = partial(q_label, questions=questions, lang=lang)
if f.several:  # each hromada's own estimates, never pooled; then one hromada in detail
    hromada_estimates(f, questions=questions, label=label)
    f = focus_hromada(f, key="survey_hromada", heading="survey_page.one_hromada")
waves = cached(q.survey_waves, **f.query(until=f.period.end))
if waves.empty:
    st.info(t("survey_page.no_waves"), icon=":material/info:")
    st.stop()

sums = cached(q.answer_sums, **f.query(until=f.period.end))
suppress = suppresses_small_counts(f.role)
wave_names = dict(zip(waves["wave_id"], waves[f"name_{lang}"], strict=True))
wave_short = {w.wave_id: t("survey_page.wave_short", month=f"{w.start_date:%m.%Y}") for w in waves.itertuples()}
latest, previous = waves.iloc[-1], (waves.iloc[-2] if len(waves) > 1 else None)
last_two = [w for w in (previous, latest) if w is not None]
est = estimate_frame(sums, "share")
est["wave_label"] = est["wave_id"].map(wave_short)

st.caption(t("survey_page.latest_wave", name=wave_names[latest.wave_id],
             start=fmt_date(latest.start_date, lang, "short"), end=fmt_date(latest.end_date, lang, "short"),
             n=sc.count_text(latest.respondents, lang, suppress=suppress)))
st.caption(t("survey_page.previous_wave", name=wave_names[previous.wave_id]) if previous is not None
           else t("survey_page.only_wave"))
headline(wave_changes(est), latest, questions=questions, lang=lang)

st.header(t("survey_page.trend"))
theme = st.segmented_control(t("survey_page.trend_theme"), options=list(THEMES), default="safety", required=True,
                             format_func=lambda k: t(f"survey_page.themes.{k}"), key="survey_theme")
trend = est[est["question_code"].isin(codes_of(theme, questions))].copy()
trend["series"] = trend["question_code"].map(label)
show_chart(sc.trend_chart(trend, lang), key="survey_trend", first_screen=True)
st.caption(t("survey_page.trend_caption"))

lazy_section("institutions", t("survey_page.institutions"),
             partial(institutions, est, sums, last_two, wave_short=wave_short, label=label, lang=lang,
                     questions=questions, suppress=suppress))
lazy_section("breakdown", t("survey_page.breakdown"),
             partial(breakdown, f, latest, questions=questions, label=label, suppress=suppress))
lazy_section("awareness", t("survey_page.awareness"),
             partial(awareness, est, last_two, questions=questions, label=label, wave_short=wave_short, lang=lang))
st.caption(t("survey_page.method"))
