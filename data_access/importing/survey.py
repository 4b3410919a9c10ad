"""The survey kind: a wave's export handed whole to the survey loader, with the wave's code, names and dates."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine

from data_access.data_version import writing
from data_access.importing.aliases import norm_value
from data_access.importing.checks import generated_ids
from data_access.importing.messages import Refusal, refusal
from data_access.importing.place import default_hromada_id
from data_access.importing.profile import UNWEIGHTED
from data_access.importing.read import ROW_COL
from data_access.importing.results import BatchCounts, ImportResult, Job, Prepared
from data_access.importing.store import record_import, write_notes
from data_access.importing.survey_loader import load_survey_wave
from data_access.reference import reference_table

if TYPE_CHECKING:
    from data_access.importing.kinds import ImportKind

NEEDED = ("wave_code", "name_uk", "start_date", "end_date")


def _scale_labels() -> dict[str, dict[str, str]]:
    """question code -> {normalised answer label (uk, en) or value: value as the loader reads it}, from
    the question's scale (assets/reference/survey_scales.csv; "dk" = don't know)."""
    questions = reference_table("survey_questions")
    scales = reference_table("survey_scales")
    by_scale: dict[str, dict[str, str]] = {}
    for row in scales.to_dict("records"):
        for text in (row["label_uk"], row["label_en"], row["value"]):
            by_scale.setdefault(row["scale"], {})[norm_value(text)] = row["value"]
    return {q: by_scale.get(scale, {}) for q, scale in zip(questions["code"], questions["scale"], strict=True)}


def _cells(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column's cells as stripped text (all empty when the file has no such column)."""
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].astype(str).str.strip()


def survey_frame(frame: pd.DataFrame, prepared: Prepared) -> pd.DataFrame:
    """A survey tool's export (KoboToolbox, Google Forms, …) as the loader reads it, by the profile:
    file columns renamed to the loader's (``respondent_id``, ``settlement``, ``age_group``, ``gender``,
    ``weight``, question codes); answers given as labels of the question's scale (Ukrainian or English)
    or as the profile's ``values`` turned into the scale's values; option ``generate_ids``: a
    respondent ID made from the row's content where the file has none (``checks.generated_ids``);
    option ``unweighted``: every respondent weighs 1 where the file has no weight."""
    frame = frame.rename(columns=prepared.renamed)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    labels = _scale_labels()
    for column in frame.columns:
        chosen = {norm_value(k): v for k, v in prepared.values.get(column, {}).items()}
        scale = labels.get(column, {})
        if chosen or scale:
            cells = frame[column].astype(str).str.strip()
            frame[column] = cells.map({v: chosen.get(norm_value(v), scale.get(norm_value(v), v))
                                       for v in cells.unique()})
    if prepared.generate_ids:
        made = generated_ids(frame.drop(columns=["respondent_id"], errors="ignore"))
        given = _cells(frame, "respondent_id")
        frame["respondent_id"] = given.where(given != "", made)
    if prepared.options.get(UNWEIGHTED):
        given = _cells(frame, "weight")
        frame["weight"] = given.where(given != "", "1")
    return frame


def commit(engine: Engine, spec: ImportKind, job: Job, result: ImportResult) -> ImportResult:
    """Load the file as one survey wave (personal-data columns dropped first); the loader's first
    file-level problem refuses the file. The batch's notes and the audit log entry follow the load
    (the loader writes the wave in its own transaction)."""
    wave = job.settings
    if any(not wave.get(k) for k in NEEDED):
        result.refused = refusal("survey_needs_wave")
        return result
    prepared = job.prepared
    frame = survey_frame(prepared.sheet.frame.drop(columns=[*prepared.personal_columns, ROW_COL], errors="ignore"),
                         prepared)
    hromada_id = job.hromada_id
    if hromada_id is None:
        with engine.connect() as conn:
            hromada_id = default_hromada_id(conn)
    out = load_survey_wave(engine, frame, hromada_id=hromada_id, wave_code=wave["wave_code"],
                           name_uk=wave["name_uk"], name_en=wave.get("name_en") or wave["name_uk"],
                           start_date=wave["start_date"], end_date=wave["end_date"], source=job.source,
                           file_name=job.file_name, created_by=job.created_by)
    if out.file_errors:
        first = out.file_errors[0]
        result.refused = Refusal(first.get("code", "survey"), first["message_uk"], first["message_en"])
        result.mapping = {loader: column for column, loader in prepared.renamed.items()}  # for the refusal's hint
        result.ignored_columns = [*out.ignored_columns]
        return result
    for counted in fields(BatchCounts):
        setattr(result, counted.name, getattr(out, counted.name))
    result.ignored_columns = [*out.ignored_columns]
    with writing(engine) as conn:
        write_notes(conn, out.batch_id, {
            "personal_data_columns": prepared.personal_columns, "personal_data_reasons": prepared.personal_reasons,
            "ignored_columns": result.ignored_columns, "blank_lines": prepared.sheet.blank_lines,
            "encoding": prepared.sheet.encoding, "separator": prepared.sheet.separator})
        record_import(conn, job, spec.key, result)
    return result
