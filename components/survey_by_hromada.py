"""The survey page for a selection of several hromadas: each hromada's own estimate from its latest wave, side by
side (never pooled: each wave is weighted to its own hromada), then one hromada of the selection in detail."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.survey_estimates import estimate_frame
from components.data import account_hromadas, cached
from components.filters import Filters
from components.state import t
from components.ui import show_chart
from components.url_state import synced_widget
from data_access import surveys as q
from display import survey_charts as sc
from display.formats import fmt_date, fmt_pct
from display.summaries import share_ranking_summary

DEFAULT_QUESTION = "trust_police"


def latest_waves(waves: pd.DataFrame) -> pd.DataFrame:
    """The latest wave of each hromada (survey_waves' rows, oldest first)."""
    return waves.groupby("hromada_id", sort=False).tail(1)


def hromada_estimates(f: Filters, *, questions: pd.DataFrame, label) -> None:
    """One row per selected hromada: the share for one question in its latest wave, with its 95 % interval (none
    under an effective sample of 30)."""
    st.header(t("survey_page.by_hromada"))
    known = account_hromadas()
    names = dict(zip(known["id"], known[f"name_{f.lang}"], strict=True))
    codes = questions["code"].tolist()
    code = synced_widget(st.selectbox, "survey_compare", valid=codes.__contains__,
                         default=DEFAULT_QUESTION if DEFAULT_QUESTION in codes else codes[0],
                         label=t("survey_page.breakdown_question"), options=codes, format_func=label)
    waves = latest_waves(cached(q.survey_waves, **f.query(until=f.period.end)))
    sums = cached(q.answer_sums, **f.query(wave_ids=tuple(int(w) for w in waves["wave_id"]),
                                           question_codes=(code,))) if len(waves) else pd.DataFrame()
    est = estimate_frame(sums, "share") if len(sums) else pd.DataFrame(columns=["wave_id", "value", "low", "high",
                                                                               "n_eff"])
    rows = []
    for w in waves.itertuples():
        e = est[est["wave_id"] == w.wave_id]
        first = e.iloc[0] if len(e) else None
        rows.append({"label": names.get(w.hromada_id, str(w.hromada_id)),
                     "value": None if first is None else first["value"],
                     "low": None if first is None else first["low"], "high": None if first is None else first["high"],
                     "n_eff": None if first is None else first["n_eff"], "wave": w.end_date,
                     "note": t("survey_page.too_few_short")})
    missing = [names.get(h, str(h)) for h in f.hromada_ids if h not in set(waves["hromada_id"])]
    frame = pd.DataFrame(rows, columns=["label", "value", "low", "high", "n_eff", "wave", "note"])
    if frame.empty:
        st.info(t("survey_page.no_waves"), icon=":material/info:")
    else:
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
        show_chart(sc.dot_whisker_chart(frame, f.lang, title=label(code), x_title=t("survey_page.axis_share")),
                   key="survey_by_hromada", first_screen=True,
                   summary=share_ranking_summary(list(frame["label"]), list(frame["value"]), f.lang, what=label(code)))
        table = pd.DataFrame({
            t("survey_page.col_hromada"): frame["label"],
            t("survey_page.col_estimate"): [fmt_pct(v, f.lang) if v == v else "—" for v in frame["value"]],
            t("survey_page.col_interval"): [f"{fmt_pct(lo, f.lang)} – {fmt_pct(hi, f.lang)}" if v == v else "—"
                                            for v, lo, hi in zip(frame["value"], frame["low"], frame["high"],
                                                                 strict=True)],
            t("survey_page.col_n_eff"): [sc.n_eff_text(n, f.lang, shown=v == v)
                                         for n, v in zip(frame["n_eff"], frame["value"], strict=True)],
            t("survey_page.col_wave_end"): [fmt_date(d, f.lang, "short") for d in frame["wave"]],
        })
        st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("survey_page.by_hromada_caption"))
    if missing:
        st.caption(t("survey_page.hromadas_without_waves", names=", ".join(missing)))
