"""The survey kind: a wave's export handed whole to the survey loader, with the wave's code, names and dates."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from data_access.data_version import writing
from data_access.importing.messages import Refusal, refusal
from data_access.importing.place import default_hromada_id
from data_access.importing.read import ROW_COL
from data_access.importing.results import BatchCounts, ImportResult, Job
from data_access.importing.store import record_import, write_notes
from data_access.importing.survey_export import adapt_export
from data_access.importing.survey_loader import load_survey_wave
from data_access.surveys import survey_questions

if TYPE_CHECKING:
    from data_access.importing.kinds import ImportKind

NEEDED = ("wave_code", "name_uk", "start_date", "end_date")


def commit(engine: Engine, spec: ImportKind, job: Job, result: ImportResult) -> ImportResult:
    """Load the file as one survey wave (personal-data columns dropped first); the loader's first
    file-level problem refuses the file. The batch's notes and the audit log entry follow the load
    (the loader writes the wave in its own transaction)."""
    wave = job.settings
    if any(not wave.get(k) for k in NEEDED):
        result.refused = refusal("survey_needs_wave")
        return result
    prepared = job.prepared
    frame = prepared.sheet.frame.drop(columns=[*prepared.personal_columns, ROW_COL], errors="ignore")
    export = adapt_export(frame, survey_questions(engine), job.settings.get("profile"))
    hromada_id = job.hromada_id
    if hromada_id is None:
        with engine.connect() as conn:
            hromada_id = default_hromada_id(conn)
    out = load_survey_wave(engine, export.frame, hromada_id=hromada_id, wave_code=wave["wave_code"],
                           name_uk=wave["name_uk"], name_en=wave.get("name_en") or wave["name_uk"],
                           start_date=wave["start_date"], end_date=wave["end_date"], source=job.source,
                           file_name=job.file_name, created_by=job.created_by)
    if out.file_errors:
        first = out.file_errors[0]
        result.refused = Refusal(first.get("code", "survey"), first["message_uk"], first["message_en"])
        return result
    for counted in fields(BatchCounts):
        setattr(result, counted.name, getattr(out, counted.name))
    result.ignored_columns = [*out.ignored_columns]
    with writing(engine) as conn:
        write_notes(conn, out.batch_id, {
            "personal_data_columns": prepared.personal_columns, "personal_data_reasons": prepared.personal_reasons,
            "ignored_columns": result.ignored_columns, "blank_lines": prepared.sheet.blank_lines,
            "encoding": prepared.sheet.encoding, "separator": prepared.sheet.separator,
            "survey_columns": export.columns, "recoded_cells": export.recoded,
            "generated_respondent_ids": export.generated_ids, "equal_weights": export.equal_weights})
        record_import(conn, job, spec.key, result)
    return result
