"""Survey estimates of one wave as CSV (the page's figures, for checking and archiving): for every
question the weighted share of positive answers for the whole wave, each settlement, each age
group and each gender, with its 95 % interval, respondents n and Kish's effective size n_eff."""

from __future__ import annotations

import pandas as pd

from analytics.survey_estimates import estimate_frame
from data_access.surveys import answer_sums, survey_questions
from reports.exports import csv_text

COLUMNS = ("question", "group", "estimate", "ci_low", "ci_high", "n", "n_eff", "shown")
ALL = "all"
# A respondent whose settlement / age group / gender is not recorded
UNKNOWN = {"settlement": "unknown_settlement", "age_group": "unknown_age_group", "gender": "unknown_gender"}


def estimates_table(engine, *, hromada_id: int, wave_id: int) -> pd.DataFrame:
    """One row per question × group (``all`` first, then settlements, age groups, genders as
    recorded), questions in questionnaire order. Columns: question, group, estimate, ci_low,
    ci_high (NaN when not shown), n, n_eff, shown (False when n_eff < 30)."""
    parts = []
    for order, by in enumerate((None, "settlement", "age_group", "gender")):
        sums = answer_sums(engine, hromada_id=hromada_id, wave_ids=(wave_id,), by=by)
        est = estimate_frame(sums, "share")
        est["group"] = ALL if by is None else [UNKNOWN[by] if g is None or g != g else str(g) for g in est["group"]]
        est["_by"] = order
        parts.append(est)
    est = pd.concat(parts, ignore_index=True)
    if est.empty:
        return pd.DataFrame(columns=COLUMNS)
    q_order = {code: i for i, code in enumerate(survey_questions(engine)["code"])}
    est["_q"] = est["question_code"].map(q_order).fillna(len(q_order))
    est = est.sort_values(["_q", "question_code", "_by"], kind="stable")
    return pd.DataFrame({
        "question": est["question_code"], "group": est["group"], "estimate": est["value"], "ci_low": est["low"],
        "ci_high": est["high"], "n": est["n"].astype(int), "n_eff": est["n_eff"],
        "shown": est["value"].notna(),
    }).reset_index(drop=True)


def _fixed(value, digits: int) -> str:
    return "" if value is None or value != value else f"{float(value):.{digits}f}"


def estimates_csv(table: pd.DataFrame) -> str:
    """CSV text with exactly :data:`COLUMNS`: shares as fractions with 6 decimals, n_eff with 2,
    shown as true/false, dot decimals, every field quoted (reports.exports.csv_text)."""
    rows = ([r["question"], r["group"], _fixed(r["estimate"], 6), _fixed(r["ci_low"], 6), _fixed(r["ci_high"], 6),
             str(int(r["n"])), _fixed(r["n_eff"], 2), "true" if r["shown"] else "false"]
            for r in table.to_dict("records"))
    return csv_text(COLUMNS, rows)
