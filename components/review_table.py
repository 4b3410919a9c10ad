"""The weekly review's tables: the review table as a role may see it (sortable, flagged rows coloured
and marked, hidden cells "< 5" / "…") with the CLI's CSV for download, and the incident records
behind a number, with a CSV download."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from analytics.periods import Period
from analytics.review import isnan, suppress_review
from components.downloads import audited_download
from components.state import t
from data_access.reference import article_citations, labels
from display.formats import fmt_int, fmt_num, fmt_pct
from display.palette import flag_fill
from domain.visibility import DERIVED, SECONDARY, SECONDARY_TEXT, SMALL, SMALL_TEXT
from reports.exports import csv_bytes
from reports.weekly_review import review_csv

DESCRIPTION_CHARS = 120
NO_VALUE = float("-inf")
ROW_WIDTH, SETTLEMENT_WIDTH, COUNT_WIDTH, CHANGE_WIDTH, FLAG_WIDTH = 290, 170, 100, 125, 120
TABLE_COLUMNS = ("this_week", "previous_week", "avg_4_weeks", "same_week_last_year", "ytd", "ytd_last_year",
                 "change_vs_previous_pct", "change_vs_ytd_last_year_pct", "flag_week", "flag_ytd")
RATE_COLUMNS = ("population", "rate_this_week", "rate_ytd", "rate_ytd_last_year")


def span_text(period: Period) -> str:
    """16–22.11.2026, 30.11–06.12.2026 or 29.12.2025–04.01.2026."""
    s, e = period.start, period.end
    if s.year != e.year:
        return f"{s:%d.%m.%Y}–{e:%d.%m.%Y}"
    if s.month != e.month:
        return f"{s:%d.%m}–{e:%d.%m.%Y}"
    return f"{s:%d}–{e:%d.%m.%Y}"


def _no_value(v) -> bool:
    return isnan(v) or v == NO_VALUE


def _flag_text(flag, direction) -> str:
    if flag is None or isnan(flag):
        return ""
    if not flag:
        return t("review.flag_none")
    return t("review.flag_up") if direction > 0 else t("review.flag_down")


def _cell_format(column: str, lang: str):
    if column in ("avg_4_weeks",):
        return lambda v: "" if _no_value(v) else fmt_num(v, lang, 2)
    if column.startswith("change_"):
        return lambda v: "" if _no_value(v) else fmt_pct(v / 100, lang, digits=1, signed=True)
    if column.startswith("rate_"):
        return lambda v: "—" if _no_value(v) else fmt_num(v, lang, 2)
    return lambda v: "—" if _no_value(v) else fmt_int(v, lang)


def _column_config(*, key_col: str, with_rates: bool, row_width: int) -> dict:
    cc = st.column_config
    config = {
        "row": cc.TextColumn(t({"settlement": "review.col_settlement", "hromada": "review.col_hromada"}.get(
            key_col, "review.col_category")),
                             pinned=True, width=row_width),
        **{c: cc.NumberColumn(t(f"review.col_{c}"), help=t(f"review.help_{c}"), width=COUNT_WIDTH)
           for c in ("this_week", "previous_week", "avg_4_weeks", "same_week_last_year", "ytd", "ytd_last_year")},
        "change_vs_previous_pct": cc.NumberColumn(t("review.col_change_vs_previous_pct"), help=t("review.help_change"),
                                                  width=CHANGE_WIDTH),
        "change_vs_ytd_last_year_pct": cc.NumberColumn(t("review.col_change_vs_ytd_last_year_pct"),
                                                       help=t("review.help_change"), width=CHANGE_WIDTH),
        "flag_week": cc.TextColumn(t("review.col_flag_week"), help=t("review.help_flag_week"), width=FLAG_WIDTH),
        "flag_ytd": cc.TextColumn(t("review.col_flag_ytd"), help=t("review.help_flag_ytd"), width=FLAG_WIDTH),
    }
    if with_rates:
        config["population"] = cc.NumberColumn(t("review.col_population"), width=COUNT_WIDTH)
        for column in RATE_COLUMNS[1:]:
            config[column] = cc.NumberColumn(t(f"review.col_{column}"), help=t("review.help_rate"), width=CHANGE_WIDTH)
    return config


def review_table(table: pd.DataFrame, *, key_col: str, names: dict, key: str, role: str, lang: str,
                 with_rates: bool = False, row_width: int = ROW_WIDTH) -> None:
    """The review table (analytics.review.weekly_review, with add_rates for ``with_rates``) as
    ``role`` may see it: sortable, flagged rows coloured and marked. ``names``: row key -> label."""
    values, mask = suppress_review(table, role=role)
    shown = pd.DataFrame({"row": [names.get(k, str(k)) for k in table[key_col]]}, index=table.index)
    for column in TABLE_COLUMNS[:8]:
        shown[column] = pd.to_numeric(values[column], errors="coerce").astype("float64")
    shown["flag_week"] = [_flag_text(a, b) for a, b in zip(values.flag_week, values.direction_week, strict=True)]
    shown["flag_ytd"] = [_flag_text(a, b) for a, b in zip(values.flag_ytd, values.direction_ytd, strict=True)]
    if with_rates:
        for column in RATE_COLUMNS:
            shown[column] = pd.to_numeric(values[column], errors="coerce").astype("float64")

    numeric = [c for c in shown.columns if c not in ("row", "flag_week", "flag_ytd")]
    # st.dataframe shows "None" for an empty cell whatever the Styler says; an empty or hidden
    # cell is sent as −∞ (sorts to one end, reveals nothing) and displayed as "", "< 5" or "…".
    shown[numeric] = shown[numeric].fillna(NO_VALUE)
    styler = shown.style.format({c: _cell_format(c, lang) for c in numeric})
    for column in numeric:
        derived = f"≤ {fmt_num(1, lang, 2)}" if column == "avg_4_weeks" else ""  # the mean of 1–4 over 4 weeks
        for kind, text in ((SMALL, SMALL_TEXT), (SECONDARY, SECONDARY_TEXT), (DERIVED, derived)):
            rows = mask.index[mask[column] == kind] if column in mask.columns else []
            if len(rows):
                styler = styler.format(lambda _v, text=text: text, subset=pd.IndexSlice[rows, [column]])

    def row_style(row):
        i = row.name
        direction = None
        if values.at[i, "flag_week"] is True:
            direction = values.at[i, "direction_week"]
        elif values.at[i, "flag_ytd"] is True:
            direction = values.at[i, "direction_ytd"]
        fill = flag_fill(direction)  # orange a rise, blue a fall (display.palette); the text says ▲/▼ too
        colour = f"background-color: {fill}" if fill else ""
        weight = "font-weight: bold" if bool(table.at[i, "is_total"]) else ""
        return ["; ".join(x for x in (colour, weight) if x)] * len(row)

    styler = styler.apply(row_style, axis=1)
    st.dataframe(styler, column_config=_column_config(key_col=key_col, with_rates=with_rates, row_width=row_width),
                 hide_index=True, width="stretch", key=key, height=36 * (len(shown) + 1) + 3)
    if (mask != "").any().any():
        st.caption(t("review.suppressed_note"))
    _row_detail(table, values, mask, key_col=key_col, names=names, key=key, lang=lang)


def _escaped(text: str) -> str:
    """Markdown characters in a name shown literally."""
    return "".join("\\" + c if c in "\\`*_{}[]<>()#+-.!|~$" else c for c in text)


def fmt_p(value, lang: str) -> str:
    """A p- or q-value: four decimals, "< 0,0001" below that."""
    return f"< {fmt_num(0.0001, lang, 4)}" if value < 0.0001 else fmt_num(value, lang, 4)


def _test_text(values: pd.DataFrame, mask: pd.DataFrame, i, period: str, lang: str) -> str:
    if mask.at[i, f"p_{period}"] != "":
        return t("review.detail_hidden")
    p, q = values.at[i, f"p_{period}"], values.at[i, f"q_{period}"]
    if isnan(p) or isnan(q):
        return t("review.detail_untested")
    verdict = _flag_text(values.at[i, f"flag_{period}"], values.at[i, f"direction_{period}"])
    verdict = verdict if values.at[i, f"flag_{period}"] is True else t("review.detail_not_flagged")
    return t("review.detail_test", p=fmt_p(p, lang), q=fmt_p(q, lang), verdict=verdict)


def _row_detail(table: pd.DataFrame, values: pd.DataFrame, mask: pd.DataFrame, *, key_col: str, names: dict,
                key: str, lang: str) -> None:
    """One row's tests in words: raw p, the q adjusted for the number of rows, the dispersion φ (opens
    on the first flagged row)."""
    flagged = [i for i in table.index if values.at[i, "flag_week"] is True or values.at[i, "flag_ytd"] is True]
    options = list(table.index)
    label = {i: names.get(table.at[i, key_col], str(table.at[i, key_col])) for i in options}
    choice = st.selectbox(t("review.detail_row"), options=options, format_func=label.get, key=f"{key}_detail",
                          index=options.index(flagged[0]) if flagged else None,
                          placeholder=t("review.detail_placeholder"))
    if choice is None:
        return
    phi = values.at[choice, "phi"]
    st.markdown(t("review.detail_text", row=_escaped(label[choice]),
                  week=_test_text(values, mask, choice, "week", lang),
                  ytd=_test_text(values, mask, choice, "ytd", lang),
                  phi="…" if isnan(phi) else fmt_num(phi, lang, 2)))


def _review_csv_bytes(table: pd.DataFrame) -> bytes:
    return review_csv(table).encode("utf-8")


def review_download(table: pd.DataFrame, *, week: str) -> None:
    """The review table as the CLI export writes it (reports.weekly_review.review_csv), every figure
    unsuppressed: for the prosecutor role only (the caller checks)."""
    audited_download(t("review.download_table"), partial(_review_csv_bytes, table),
                     file_name=f"weekly_review_{week}.csv", what="weekly_review", icon=":material/table:",
                     detail={"week": week})


def records_table(records: pd.DataFrame, *, settlement_names: dict[str, str], lang: str, file_name: str) -> None:
    """Incident records (data_access.incidents.incident_records; prosecutor only: the caller
    checks) with readable labels, descriptions cut to 120 characters, and a CSV download."""
    articles = article_citations(lang)
    statuses = labels("incident_statuses", lang)
    categories = labels("incident_categories", lang)
    shown = pd.DataFrame({
        "occurred_at": records["occurred_at"],
        "settlement": [settlement_names.get(str(s), "") if not pd.isna(s) else t("review.no_settlement")
                       for s in records["settlement_id"]],
        "category": records["category"].map(lambda k: categories.get(k, k)),
        "article": [articles.get(a, a) if isinstance(a, str) else "" for a in records["legal_article"]],
        "status": records["status"].map(lambda k: statuses.get(k, k)),
        "description": [(d[:DESCRIPTION_CHARS - 1] + "…") if isinstance(d, str) and len(d) > DESCRIPTION_CHARS
                        else (d or "") for d in records["description"]],
    })
    cc = st.column_config
    st.dataframe(shown, hide_index=True, width="stretch", key="drill_records", column_config={
        "occurred_at": cc.DatetimeColumn(t("review.rec_occurred_at"), format="DD.MM.YYYY HH:mm"),
        "settlement": cc.TextColumn(t("review.rec_settlement")),
        "category": cc.TextColumn(t("review.rec_category")),
        "article": cc.TextColumn(t("review.rec_article")),
        "status": cc.TextColumn(t("review.rec_status")),
        "description": cc.TextColumn(t("review.rec_description"), width="large"),
    })
    export = shown.rename(columns={c: t(f"review.rec_{c}") for c in shown.columns})
    audited_download(t("review.download_records"), partial(csv_bytes, export), file_name=file_name,
                     what="incident_records", detail={"rows": len(export)})
