"""The tables of the resident requests page: requests per settlement (with the map), the lists of
overdue and at-risk requests with XLSX and CSV downloads of exactly what the screen shows
(prosecutor role: the caller checks), and the repeat clusters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial

import pandas as pd
import streamlit as st

from analytics.requests_sla import CLUSTER_GAP_DAYS
from components.downloads import audited_download
from components.state import t
from data_access.reference import labels, reference_table
from display.formats import fmt_date, fmt_int, fmt_num, fmt_pct
from domain.visibility import median_hidden, share_hidden, suppress_table
from reports.exports import csv_bytes, xlsx_bytes

LIST_COLUMNS = {
    "external_id": "col_number", "privileged": "col_privileged", "received_date": "col_received", "due": "col_due",
    "days": None,
    "topic": "col_topic", "type": "col_type", "channel": "col_channel", "settlement": "col_settlement",
    "status": "col_status", "partner": "col_partner", "extended": "col_extended", "collective": "col_collective",
}


def settlement_table(table: pd.DataFrame, *, lang: str) -> None:
    """Requests per settlement as analytics.rates.settlement_rates gives them (name, display_count,
    rate, population, lat, lon, hidden), with a note where a figure is missing or hidden."""
    located = table["lat"].notna() & table["lon"].notna()
    notes = []
    for has_xy, pop, small in zip(located, table["population"], table["hidden"], strict=True):
        parts = [t("requests.note_no_coordinates")] if not has_xy else []
        if pop != pop:
            parts.append(t("requests.note_no_population"))
        elif small:
            parts.append(t("requests.note_small"))
        notes.append("; ".join(parts))
    shown = pd.DataFrame({
        t("requests.col_settlement"): table["name"],
        t("requests.col_requests"): table["display_count"],
        t("requests.col_rate"): [fmt_num(r, lang, 1) for r in table["rate"]],
        t("requests.col_population"): [fmt_int(p, lang) for p in table["population"]],
        t("requests.col_note"): notes,
    })
    st.dataframe(shown, hide_index=True, width="stretch", height=38 + 35 * len(shown))


def readable(df: pd.DataFrame, *, which: str, lang: str) -> pd.DataFrame:
    """The list (data_access.requests.deadline_list) with translated labels and headers; ``days``
    is headed "days overdue" for ``which="overdue"``, else "days left"."""
    yes, no = t("requests.yes"), t("requests.no")

    def named(column: str, code_list: str) -> pd.Series:
        names = labels(code_list, lang)
        return df[column].map(lambda k: names.get(k, k))

    out = pd.DataFrame({
        "external_id": df["external_id"],
        "received_date": [fmt_date(d, lang, "short") for d in df["received_date"]],
        "privileged": df["privileged"].map(lambda v: yes if v else ""),
        "due": [_due(d, lang) for d in df["due"]],
        "days": df["days"].astype(int),
        "topic": named("topic", "request_topics"),
        "type": named("type", "request_types"),
        "channel": named("channel", "request_channels"),
        "settlement": df[f"settlement_{lang}"].fillna("—"),
        "status": named("status", "request_statuses"),
        "partner": df[f"partner_{lang}"].fillna("—"),
        "extended": df["extended"].map({True: yes, False: no}),
        "collective": df["collective"].map({True: yes, False: no}),
    })
    days_key = "col_days_overdue" if which == "overdue" else "col_days_left"
    return out.rename(columns={k: t(f"requests.{v or days_key}") for k, v in LIST_COLUMNS.items()})


def _due(due, lang: str) -> str:
    """A day term as a date; a 24/48-hour term as its date and Kyiv time."""
    if isinstance(due, datetime):
        return f"{fmt_date(due.date(), lang, 'short')} {due:%H:%M}"
    return fmt_date(due, lang, "short")


def deadline_list(records: pd.DataFrame, *, which: str, lang: str, sheet: str, file_stem: str) -> None:
    """The readable list as a table, with XLSX (sheet ``sheet``) and CSV downloads named ``file_stem``."""
    table = readable(records, which=which, lang=lang)
    st.dataframe(table, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(table)))
    d1, d2, _ = st.columns([1, 1, 4])
    with d1:
        audited_download(t("requests.download_xlsx"), partial(xlsx_bytes, table, sheet=sheet),
                         file_name=f"{file_stem}.xlsx", what=f"{which}_requests", key=f"xlsx_{which}",
                         detail={"rows": len(table)})
    with d2:
        audited_download(t("requests.download_csv"), partial(csv_bytes, table), file_name=f"{file_stem}.csv",
                         what=f"{which}_requests", key=f"csv_{which}", detail={"rows": len(table)})


def cluster_table(clusters: pd.DataFrame, *, names: dict, lookback_start: date, role: str, lang: str,
                  fmt: Callable[[float], str]) -> None:
    """Clusters (analytics.requests_sla.clusters_in_period) with settlement ``names`` (id -> name);
    counts protected one column at a time (a column's sum counts as public)."""
    topic_labels = labels("request_topics", lang)

    def _first(day: date) -> str:
        # A chain that starts within 60 days of the window's start may have begun before it.
        text = fmt_date(day, lang, "short")
        return f"≤ {text}" if (day - lookback_start).days <= CLUSTER_GAP_DAYS else text

    def _column(col: str) -> pd.Series:
        return suppress_table(clusters[[col]], [col], role=role, fmt=fmt)[col]

    st.dataframe(pd.DataFrame({
        t("requests.col_settlement"): clusters["settlement_id"].map(lambda i: names.get(i, "—")),
        t("requests.col_topic"): clusters["topic"].map(lambda k: topic_labels.get(k, k)),
        t("requests.col_in_period"): _column("in_period"),
        t("requests.col_requests"): _column("requests"),
        t("requests.col_first"): clusters["first"].map(_first),
        t("requests.col_last"): [fmt_date(d, lang, "short") for d in clusters["last"]],
        t("requests.col_collective"): _column("collective"),
    }), hide_index=True, width="stretch", height=min(460, 38 + 35 * len(clusters)))


def type_table(summary: pd.DataFrame, *, role: str, lang: str, fmt: Callable[[float], str], suppress: bool) -> None:
    """Figures per request type (analytics.request_kpis.type_summary): each count column protected on its
    own (its sum is the page's total), the on-time share hidden where it would give a count of 1–4 away,
    lateness in hours for 24/48-hour terms and in days otherwise (hidden over fewer than 5 late ones)."""
    names = labels("request_types", lang)
    counts = {c: suppress_table(summary[[c]], [c], role=role, fmt=fmt)[c] for c in ("received", "closed", "open",
                                                                                    "overdue")}

    def on_time(part: int, whole: int) -> str:
        return "—" if not whole or share_hidden(part, whole, suppress=suppress) else fmt_pct(part / whole, lang)

    def lateness(value: float, n: int, unit: str) -> str:
        if value != value or median_hidden(n, suppress=suppress):
            return "—"
        return t(f"requests.late_{unit}", n=fmt_num(value, lang, 1 if unit == "hours" else 0))

    st.dataframe(pd.DataFrame({
        t("requests.col_type"): summary["type"].map(lambda k: names.get(k, k)),
        t("requests.col_received_n"): counts["received"],
        t("requests.col_closed_n"): counts["closed"],
        t("requests.col_on_time_share"): [on_time(p, w) for p, w in zip(summary["on_time"], summary["closed"],
                                                                          strict=True)],
        t("requests.col_late_median"): [lateness(v, n, u) for v, n, u in zip(summary["late_median"], summary["late"],
                                                                              summary["late_unit"], strict=True)],
        t("requests.col_open_now"): counts["open"],
        t("requests.col_overdue_now"): counts["overdue"],
    }), hide_index=True, width="stretch", height=38 + 35 * len(summary))


def legal_basis(lang: str) -> None:
    """Each type's term and its legal source (assets/reference/request_types.csv), in an expander."""
    ref = reference_table("request_types")
    with st.expander(t("requests.legal_basis_title"), icon=":material/gavel:"):
        for row in ref.itertuples():
            st.markdown(f"**{getattr(row, f'label_{lang}')}** — {t(f'requests.term.{row.key}')}  \n"
                        f"{getattr(row, f'source_{lang}')}")
        st.caption(t("requests.legal_basis_note"))
