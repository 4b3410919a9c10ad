"""Loading one survey wave from a table with one row per respondent and one column per question."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

import pandas as pd
from sqlalchemy import Engine, delete, select

from data_access import schema
from data_access.data_version import writing
from data_access.importing.messages import error
from data_access.importing.personal import mask_text
from data_access.importing.results import BatchCounts
from data_access.records import close_batch, new_batch
from data_access.reference import keys, reference_table

REQUIRED_COLUMNS = ("respondent_id", "settlement", "age_group", "gender", "weight")
DONT_KNOW = {"важко відповісти", "не знаю", "dk", "99", "важко сказати", "don't know", "dont know"}
MESSAGES = "imp.survey.err"  # the loader's messages (assets/i18n/import.toml)


def _error(field_name: str, code: str, **params) -> dict[str, str]:
    """A row error; the cell's value is shown with personal data masked (but for the respondent id)."""
    if "value" in params and field_name != "respondent_id":
        params["value"] = mask_text(str(params["value"]))
    return error(field_name, code, section=MESSAGES, **params)


@dataclass
class LoadResult(BatchCounts):
    """What happened to a file. ``file_errors`` (each {field, code, message_uk, message_en}) are
    reasons the whole file was refused: then nothing was written and ``batch_id`` is None.
    Otherwise every row was either imported (new), updated (same respondent_id re-sent for
    the same wave and source) or rejected into ``rejected_row`` with its reasons."""

    wave_id: int | None = None
    answers: int = 0
    question_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    file_errors: list[dict] = field(default_factory=list)
    # the counts under their import_batch column names
    rows_total = property(attrgetter("total"))
    rows_imported = property(attrgetter("imported"))
    rows_updated = property(attrgetter("updated"))
    rows_rejected = property(attrgetter("rejected"))

    @property
    def ok(self) -> bool:
        return not self.file_errors


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _norm(text: str) -> str:
    """Case-, space- and apostrophe-insensitive form for matching names."""
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("ʼ", "'").replace("`", "'")).strip().casefold()


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _code_lookup(name: str) -> dict[str, str]:
    """Key, Ukrainian label and English label (normalised) -> key for a code list."""
    table = reference_table(name)
    out = {}
    for row in table.to_dict("records"):
        for col in ("key", "label_uk", "label_en"):
            out[_norm(row[col])] = row["key"]
    return out


def load_survey_wave(engine: Engine, frame: pd.DataFrame, *, hromada_id: int, wave_code: str, name_uk: str,
                     name_en: str, start_date: date, end_date: date, source: str,
                     file_name: str | None = None, method: str | None = None,
                     created_by: str | None = None) -> LoadResult:
    """Load one survey wave (stable signature: the general import calls it for kind=survey).

    ``frame``: one row per respondent, every cell as sent (text is best). Columns:
    ``respondent_id`` (unique in the file), ``settlement`` (KATOTTG code or name in Ukrainian
    or English, of this hromada; may be empty), ``age_group`` and ``gender`` (keys or labels of
    assets/reference/age_groups.csv, genders.csv; may be empty), ``weight`` (a positive number,
    decimal comma allowed), then one column per question code of survey_question (values on the
    question's scale; "важко відповісти", "не знаю", "dk" or "99" = don't know, stored with
    ``dont_know`` true; an empty cell = not asked, no answer stored). Other columns are
    ignored and listed in ``ignored_columns``.

    The wave is identified by (``source``, ``wave_code``) and a respondent by
    (``source``, ``wave_code:respondent_id``): loading the same file again updates instead of
    duplicating. A row with any invalid cell (unknown settlement, age group or gender, a
    non-positive weight, a value outside the scale) is kept in ``rejected_row`` with every
    reason in Ukrainian and English — its required and question columns only, personal data in
    them masked — and none of its answers is stored. One import_batch (kind ``survey``) records
    the counts.
    """
    result = LoadResult(total=len(frame))
    columns = [str(c).strip() for c in frame.columns]
    frame = frame.copy()
    frame.columns = columns
    with engine.connect() as conn:
        questions = {r.code: r for r in conn.execute(select(
            schema.survey_question.c.id, schema.survey_question.c.code, schema.survey_question.c.scale_min,
            schema.survey_question.c.scale_max)).all()}
        places = conn.execute(select(schema.settlement.c.id, schema.settlement.c.code, schema.settlement.c.name_uk,
                                     schema.settlement.c.name_en)
                              .where(schema.settlement.c.hromada_id == hromada_id)).all()
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        result.file_errors.append(_error("columns", "missing_columns", columns=", ".join(missing)))
    result.question_columns = [c for c in columns if c in questions]
    result.ignored_columns = [c for c in columns if c not in questions and c not in REQUIRED_COLUMNS]
    if not result.question_columns:
        result.file_errors.append(_error("columns", "no_question_columns"))
    if end_date < start_date:
        result.file_errors.append(_error("end_date", "bad_dates"))
    if frame.empty:
        result.file_errors.append(_error("rows", "empty_file"))
    if result.file_errors:
        return result

    place_of = {}
    for pid, code, uk, en in places:
        for key in (code, uk, en):
            place_of[_norm(key)] = pid
    ages, genders = _code_lookup("age_groups"), _code_lookup("genders")
    seen = frame["respondent_id"].map(_text).value_counts()
    read_columns = (*REQUIRED_COLUMNS, *result.question_columns)

    good: list[tuple[int, dict, list[dict]]] = []
    rejected: list[dict] = []
    for number, raw in enumerate(frame.to_dict("records"), start=1):
        cells = {k: _text(v) for k, v in raw.items()}
        errors = []
        rid = cells["respondent_id"]
        if not rid:
            errors.append(_error("respondent_id", "missing_id"))
        elif seen.get(rid, 0) > 1:
            errors.append(_error("respondent_id", "duplicate_id", value=rid))
        settlement_id = None
        if cells["settlement"]:
            settlement_id = place_of.get(_norm(cells["settlement"]))
            if settlement_id is None:
                errors.append(_error("settlement", "bad_settlement", value=cells["settlement"]))
        age = ages.get(_norm(cells["age_group"])) if cells["age_group"] else None
        if cells["age_group"] and age is None:
            errors.append(_error("age_group", "bad_age_group", value=cells["age_group"],
                                 allowed=", ".join(keys("age_groups"))))
        gender = genders.get(_norm(cells["gender"])) if cells["gender"] else None
        if cells["gender"] and gender is None:
            errors.append(_error("gender", "bad_gender", value=cells["gender"], allowed=", ".join(keys("genders"))))
        weight = _number(cells["weight"])
        if weight is None or weight <= 0:
            errors.append(_error("weight", "bad_weight", value=cells["weight"]))
        answers = []
        for code in result.question_columns:
            text = cells[code]
            if not text:
                continue
            qn = questions[code]
            if _norm(text) in DONT_KNOW:
                answers.append({"question_id": qn.id, "value": None, "dont_know": True})
                continue
            value = _number(text)
            if value is None or not value.is_integer() or not qn.scale_min <= value <= qn.scale_max:
                errors.append(_error(code, "bad_value", value=text, question=code, low=qn.scale_min,
                                     high=qn.scale_max))
                continue
            answers.append({"question_id": qn.id, "value": int(value), "dont_know": False})
        if errors:  # kept: the columns the loader reads, personal data masked (never the ignored columns)
            kept = {k: cells[k] if k == "respondent_id" else mask_text(cells[k]) for k in read_columns}
            rejected.append({"row_number": number, "raw": json.dumps(kept, ensure_ascii=False),
                             "errors": json.dumps(errors, ensure_ascii=False)})
            continue
        good.append((number, {"external_id": f"{wave_code}:{rid}", "settlement_id": settlement_id,
                              "age_group": age, "gender": gender, "weight": weight}, answers))

    w, resp, ans = schema.survey_wave, schema.survey_response, schema.survey_answer
    with writing(engine) as conn:
        batch = new_batch(conn, kind="survey", source=source, file_name=file_name, created_by=created_by,
                          hromada_id=hromada_id)
        wave_values = {"hromada_id": hromada_id, "code": wave_code, "name_uk": name_uk, "name_en": name_en,
                       "start_date": start_date, "end_date": end_date, "method": method, "import_batch_id": batch}
        wave_id = conn.execute(select(w.c.id).where(w.c.source == source, w.c.external_id == wave_code)).scalar()
        if wave_id is None:
            wave_id = conn.execute(w.insert().values(source=source, external_id=wave_code, **wave_values)
                                   ).inserted_primary_key[0]
        else:
            conn.execute(w.update().where(w.c.id == wave_id).values(**wave_values))
        existing = dict(conn.execute(select(resp.c.external_id, resp.c.id).where(
            resp.c.source == source, resp.c.wave_id == wave_id)).all())
        answer_rows = []
        for _row_number, values, answers in good:
            rid = existing.get(values["external_id"])
            if rid is None:
                rid = conn.execute(resp.insert().values(source=source, import_batch_id=batch, wave_id=wave_id,
                                                        **values)).inserted_primary_key[0]
                result.imported += 1
            else:
                conn.execute(resp.update().where(resp.c.id == rid).values(import_batch_id=batch, **values))
                conn.execute(delete(ans).where(ans.c.response_id == rid))
                result.updated += 1
            answer_rows += [{"response_id": rid, **a} for a in answers]
        if answer_rows:
            conn.execute(ans.insert(), answer_rows)
        if rejected:
            conn.execute(schema.rejected_row.insert(), [{"import_batch_id": batch, "resolved": False, **r}
                                                        for r in rejected])
        result.rejected = len(rejected)
        result.answers = len(answer_rows)
        close_batch(conn, batch, total=result.total, imported=result.imported, updated=result.updated,
                    rejected=result.rejected)
    result.batch_id, result.wave_id = batch, wave_id
    return result
