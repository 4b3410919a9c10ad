"""Survey waves, questions and weight sums per wave × question (× group), summed in SQL.

No raw answer is pulled to be counted: the page gets Σw, Σw², Σwy, Σwy², the weight of positive
and negative answers and the "don't know" counts, and analytics.survey_estimates turns them
into shares, means, balances and intervals.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, and_, case, func, literal, select

from data_access import schema
from data_access.places import HromadaSelection, in_hromadas, in_settlements

GROUPINGS = ("settlement", "age_group", "gender")

SUM_COLUMNS = ("n", "sum_w", "sum_w2", "sum_wy", "sum_wy2", "positive_w", "negative_w",
               "dont_know_n", "dont_know_w")


def survey_waves(engine: Engine, *, hromada_id: HromadaSelection, until: date | None = None,
                 settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Waves of a hromada or of a selection (each wave is one hromada's), oldest first (ending on or before
    ``until`` when given).

    Columns: wave_id, code, name_uk, name_en, start_date, end_date, method, respondents
    (respondents in the chosen settlements), hromada_id."""
    w, r = schema.survey_wave, schema.survey_response
    q = (
        select(w.c.id.label("wave_id"), w.c.code, w.c.name_uk, w.c.name_en, w.c.start_date, w.c.end_date,
               w.c.method, func.count(r.c.id).label("respondents"), w.c.hromada_id)
        .select_from(w.outerjoin(r, and_(r.c.wave_id == w.c.id, in_settlements(r.c.settlement_id, settlement_ids))))
        .where(in_hromadas(w.c.hromada_id, hromada_id), w.c.end_date <= until if until else True)
        .group_by(w.c.id, w.c.code, w.c.name_uk, w.c.name_en, w.c.start_date, w.c.end_date, w.c.method,
                  w.c.hromada_id)
        .order_by(w.c.end_date, w.c.id)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in q.selected_columns])


def survey_questions(engine: Engine) -> pd.DataFrame:
    """Columns: question_id, code, theme, institution, scale, scale_min, scale_max, positive_min,
    negative_max, text_uk, text_en. In questionnaire order."""
    qn = schema.survey_question
    q = select(qn.c.id.label("question_id"), qn.c.code, qn.c.theme, qn.c.institution, qn.c.scale,
               qn.c.scale_min, qn.c.scale_max, qn.c.positive_min, qn.c.negative_max, qn.c.text_uk,
               qn.c.text_en).order_by(qn.c.id)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in q.selected_columns])


def answer_sums(engine: Engine, *, hromada_id: HromadaSelection, settlement_ids: tuple[int, ...] | None = None,
                by: str | None = None, wave_ids: tuple[int, ...] | None = None,
                question_codes: tuple[str, ...] | None = None, until: date | None = None) -> pd.DataFrame:
    """Weight sums per wave × question (× group when ``by`` is settlement / age_group / gender).

    Columns: wave_id, wave_code, end_date, question_code, group (only with ``by``: settlement
    code, age group key or gender key; None when the respondent's value is not recorded),
    n (respondents with a substantive answer), sum_w, sum_w2, sum_wy, sum_wy2 (y = the answer's
    value), positive_w (weight of values >= positive_min), negative_w (values <= negative_max),
    dont_know_n, dont_know_w ("важко відповісти" answers and their weight). Ordered by wave end
    date, question and group. Groups with no answer at all do not appear.
    """
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS} or None, not {by!r}")
    w, resp, ans, qn, s = (schema.survey_wave, schema.survey_response, schema.survey_answer,
                           schema.survey_question, schema.settlement)
    substantive = and_(ans.c.dont_know.is_(False), ans.c.value.is_not(None))
    weight = resp.c.weight
    wy = weight * ans.c.value
    negative = and_(substantive, qn.c.negative_max.is_not(None), ans.c.value <= qn.c.negative_max)
    dk = ans.c.dont_know.is_(True)
    cols = [w.c.id.label("wave_id"), w.c.code.label("wave_code"), w.c.end_date, qn.c.code.label("question_code")]
    joined = (ans.join(resp, ans.c.response_id == resp.c.id).join(w, resp.c.wave_id == w.c.id)
              .join(qn, ans.c.question_id == qn.c.id))
    group_col = None
    if by == "settlement":
        joined = joined.outerjoin(s, resp.c.settlement_id == s.c.id)
        group_col = s.c.code
    elif by == "age_group":
        group_col = resp.c.age_group
    elif by == "gender":
        group_col = resp.c.gender
    if group_col is not None:
        cols.append(group_col.label("group"))
    zero = literal(0.0)
    sums = [
        func.sum(case((substantive, 1), else_=0)).label("n"),
        func.sum(case((substantive, weight), else_=zero)).label("sum_w"),
        func.sum(case((substantive, weight * weight), else_=zero)).label("sum_w2"),
        func.sum(case((substantive, wy), else_=zero)).label("sum_wy"),
        func.sum(case((substantive, wy * ans.c.value), else_=zero)).label("sum_wy2"),
        func.sum(case((and_(substantive, ans.c.value >= qn.c.positive_min), weight), else_=zero)).label("positive_w"),
        func.sum(case((negative, weight), else_=zero)).label("negative_w"),
        func.sum(case((dk, 1), else_=0)).label("dont_know_n"),
        func.sum(case((dk, weight), else_=zero)).label("dont_know_w"),
    ]
    group_by = [w.c.id, w.c.code, w.c.end_date, qn.c.code] + ([group_col] if group_col is not None else [])
    q = (
        select(*cols, *sums)
        .select_from(joined)
        .where(
            in_hromadas(w.c.hromada_id, hromada_id),
            in_settlements(resp.c.settlement_id, settlement_ids),
            w.c.id.in_(wave_ids) if wave_ids else True,
            qn.c.code.in_(question_codes) if question_codes else True,
            w.c.end_date <= until if until else True,
        )
        .group_by(*group_by)
        .order_by(w.c.end_date, w.c.id, qn.c.code, *([group_col] if group_col is not None else []))
    )
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in q.selected_columns])
    for col in SUM_COLUMNS:
        frame[col] = pd.to_numeric(frame[col]).astype(int if col in ("n", "dont_know_n") else float)
    return frame


def survey_wave_by_code(engine: Engine, *, hromada_id: int, code: str) -> dict | None:
    """The hromada's wave with ``code`` (keys wave_id, code, name_uk, name_en, start_date,
    end_date), or None when there is none."""
    w = schema.survey_wave
    q = (select(w.c.id.label("wave_id"), w.c.code, w.c.name_uk, w.c.name_en, w.c.start_date, w.c.end_date)
         .where(in_hromadas(w.c.hromada_id, hromada_id), w.c.code == code).order_by(w.c.id).limit(1))
    with engine.connect() as conn:
        row = conn.execute(q).mappings().first()
    return dict(row) if row is not None else None
