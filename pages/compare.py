"""Hromadas compared fairly: incidents per 10,000 residents across a raion, an oblast or chosen hromadas,
with exact 95 % intervals and a funnel plot against the selection's average (analytics/funnel.py)."""

import pandas as pd
import streamlit as st

from analytics.funnel import LEVELS, comparison, funnel_curves, selection
from components.data import account_hromadas, cached
from components.downloads import audited_download
from components.filters import current_filters
from components.state import t
from components.ui import page_header, show_chart
from components.url_state import synced_widget
from data_access.comparison import incidents_by_hromada
from display.compare_charts import funnel_chart, funnel_summary
from display.formats import fmt_int, fmt_num
from domain.visibility import VISIBLE, shown_texts, suppresses_small_counts
from reports.exports import csv_bytes

f = current_filters()
lang = f.lang
page_header("nav.compare", filters=f)

known = account_hromadas()
here = known[known["id"] == f.hromada_id].iloc[0]
opening = {"oblast": "oblast", "several": "chosen"}.get(f.area_level, "raion")  # the sidebar's selection first
level = synced_widget(st.radio, "compare", valid=LEVELS.__contains__, default=opening, label=t("compare.level"),
                      options=list(LEVELS), horizontal=True,
                      format_func=lambda k: t(f"compare.level_{k}", raion=here[f"raion_{lang}"] or "—",
                                              oblast=here[f"oblast_{lang}"] or "—"))
codes = ()
if level == "chosen":
    names = dict(zip(known["code"], known[f"name_{lang}"], strict=True))
    codes = synced_widget(st.multiselect, "compare_hromadas", valid=names.__contains__, default=list(f.codes),
                          many=True, label=t("compare.hromadas"), options=list(names), format_func=names.get,
                          placeholder=t("compare.hromadas_placeholder"))
chosen = selection(known, hromada_id=f.hromada_id, level=level, codes=codes)

if len(chosen) < 2:
    st.info(t("compare.need_two"))
    # st.text, not st.code: st.code loads a 1.5 MB syntax highlighter for two lines (issue 23), and its bash
    # colours failed 4.5:1 contrast anyway (axe color-contrast)
    st.text("python -m data_access add-hromada «Ірпінська»\npython -m data_access seed-demo --hromada UA32080150000035443")
    st.stop()

table = cached(incidents_by_hromada, hromada_ids=tuple(int(i) for i in chosen["id"]), start=f.period.start,
               end=f.period.end)
suppress = suppresses_small_counts(f.role)
ranked, info = comparison(table, suppress=suppress)  # the average of the hromadas shown (analytics/funnel.py)
flags, shown = ranked["flag"].to_numpy(), ranked["flag"] == VISIBLE
has_pop = ranked["rate"].notna()

plotted = ranked[shown & has_pop]
fig = funnel_chart(plotted, funnel_curves(info["pooled_rate"], ranked["population"], info["phi"]),
                   info["pooled_rate"], lang, title=t("compare.chart_title"))
summary = funnel_summary(ranked, info, lang, shown=shown & has_pop) if shown.any() else t("compare.hidden_note")
show_chart(fig, key="compare_funnel", summary=summary, first_screen=True)  # the sentence under the chart is its accessible name
st.caption(t("compare.method_dispersion", phi=fmt_num(info["phi"], lang, 2)) if info["phi"] > 1
           else t("compare.method_poisson"))
if suppress and not shown.all():
    st.caption(t("compare.hidden_note"))


def _rate(value, is_shown: bool) -> str:
    return fmt_num(value, lang, 1) if is_shown and value == value else "—"


rows = pd.DataFrame({
    t("compare.col_hromada"): ranked[f"name_{lang}"],
    t("compare.col_raion"): ranked[f"raion_{lang}"].fillna("—"),
    t("compare.col_population"): [fmt_int(p, lang) if p == p and p else "—" for p in ranked["population"]],
    t("compare.col_incidents"): shown_texts(ranked["incidents"], flags, lambda v: fmt_int(v, lang)),
    t("compare.col_rate"): [_rate(r, s) for r, s in zip(ranked["rate"], shown, strict=True)],
    t("compare.col_interval"): [f"{_rate(lo, s)} – {_rate(hi, s)}" if s and lo == lo else "—"
                                for lo, hi, s in zip(ranked["rate_low"], ranked["rate_high"], shown, strict=True)],
    t("compare.col_position"): [t(f"compare.position.{p}") if s and isinstance(p, str) else "—"
                                for p, s in zip(ranked["position"], shown, strict=True)],
})
st.dataframe(rows, hide_index=True, width="stretch", key="compare_table")
no_pop = ranked.loc[pd.to_numeric(ranked["population"], errors="coerce").fillna(0) <= 0, f"name_{lang}"].tolist()
if no_pop:
    st.caption(t("compare.no_population", names=", ".join(no_pop)))
audited_download(t("compare.download"), lambda: csv_bytes(rows), file_name=f"compare_{f.hromada_code}_{level}.csv",
                 what="hromada_comparison", detail={"level": level, "hromadas": len(chosen)}, key="compare_csv")
