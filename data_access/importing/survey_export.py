"""Survey exports as the tools hromadas use write them (KoboToolbox, Google Forms): their headers and
answer labels turned into the survey loader's columns before the load.

KoboToolbox (XLSX/CSV, "XML values and headers" or "labels"): question headers are the form's names,
optionally behind a group path (``trust/trust_police``), or the question labels; meta columns ``_id``,
``_uuid``, ``_submission_time``, ``_index``, ``start``, ``end`` …; answers are choice names or labels.
Google Forms (CSV/XLSX): a ``Timestamp`` / ``Позначка часу`` column, one column per question headed by the
question's text, answers as the choices' texts, no respondent id, no weight.

A profile (saved per kind and source, or a ``--mapping`` file) overrides the guesses:
``{"columns": {"file column": "loader column or question code"},
   "values": {"loader column or question code": {"file value": "value"}},
   "options": {"respondent_id": "column" | "generate", "weight": "column" | "equal"}}``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import pandas as pd

from data_access.importing.aliases import norm
from data_access.reference import reference_table

LOADER_COLUMNS = ("respondent_id", "settlement", "age_group", "gender", "weight")
# Headers each loader column is recognised by, best first (normalised with aliases.norm). Kobo's meta
# columns: https://support.kobotoolbox.org (data export: "_uuid" is the submission's unique id).
HEADERS = {
    "respondent_id": ("respondent id", "respondent", "id респондента", "номер анкети", "uuid", "meta instanceid",
                      "instanceid", "id"),
    "settlement": ("settlement", "settlement name", "населений пункт", "ваш населений пункт",
                   "у якому населеному пункті ви проживаєте", "де ви проживаєте", "місце проживання",
                   "town or village", "place of residence"),
    "age_group": ("age group", "вікова група", "вік", "ваш вік", "скільки вам повних років", "скільки вам років",
                  "age", "your age"),
    "gender": ("gender", "стать", "ваша стать", "sex"),
    "weight": ("weight", "вага", "вага респондента", "design weight", "survey weight"),
}
TIMESTAMP_HEADERS = ("timestamp", "позначка часу", "отметка времени", "submission time", "end", "start")
GENDER_WORDS = {"ж": "female", "жін": "female", "жіноча": "female", "f": "female", "woman": "female",
                "ч": "male", "чол": "male", "чоловіча": "male", "m": "male", "man": "male"}
DONT_KNOW_TEXT = "важко відповісти"  # the loader's own don't-know token
_NUMBERING = re.compile(r"^\s*(?:\d+|[a-zа-яіїєґ])\s*[.)]\s+", re.IGNORECASE)


@dataclass
class SurveyExport:
    """The file in the loader's columns. ``columns``: file column -> loader column or question code (the
    columns read); ``recoded``: column -> number of cells turned from a label into a value;
    ``generated_ids`` / ``equal_weights``: the file had no respondent id / no weight column."""

    frame: pd.DataFrame
    columns: dict[str, str] = field(default_factory=dict)
    recoded: dict[str, int] = field(default_factory=dict)
    generated_ids: bool = False
    equal_weights: bool = False


def _header_key(text: str) -> str:
    """A header normalised for matching: numbering ("3. ") and a trailing '?' or ':' dropped."""
    return norm(_NUMBERING.sub("", str(text)).rstrip(" ?:*"))


def guess_columns(columns: list[str], questions: pd.DataFrame) -> dict[str, str]:
    """file column -> loader column or question code, guessed from names, Kobo group paths and the
    questions' texts in Ukrainian or English. Each target is taken by its best (first) match."""
    by_text: dict[str, str] = {}
    for q in questions.itertuples():
        for key in (q.code, q.text_uk, q.text_en):
            by_text.setdefault(_header_key(key), q.code)
    wanted = {alias: target for target, aliases in HEADERS.items() for alias in aliases}
    rank = {alias: i for aliases in HEADERS.values() for i, alias in enumerate(aliases)}
    found: dict[str, tuple[int, str]] = {}  # target -> (rank, column)
    for col in columns:
        key = _header_key(col)
        last = _header_key(str(col).rsplit("/", 1)[-1])  # Kobo: group/name
        target = by_text.get(key) or by_text.get(last)
        if target:
            found.setdefault(target, (0, col))
            continue
        for k in (key, last):
            if k in wanted:
                t = wanted[k]
                if t not in found or rank[k] < found[t][0]:
                    found[t] = (rank[k], col)
                break
    return {col: target for target, (_, col) in found.items()}


def _scale_labels() -> dict[str, dict[str, str]]:
    """scale -> {normalised label (uk or en): value}; the don't-know label maps to the loader's token."""
    out: dict[str, dict[str, str]] = {}
    for row in reference_table("survey_scales").itertuples():
        value = DONT_KNOW_TEXT if row.value == "dk" else row.value
        for label in (row.label_uk, row.label_en):
            out.setdefault(row.scale, {})[norm(label)] = value
    return out


def _age_group(text: str) -> str | None:
    """A whole number of years -> the age group key of assets/reference/age_groups.csv (None if outside)."""
    try:
        years = int(float(text.replace(",", ".")))
    except ValueError:
        return None
    for key in reference_table("age_groups")["key"]:
        low, _, high = key.rstrip("+").partition("-")
        if int(low) <= years and (not high or years <= int(high)):
            return key
    return None


def _generated_ids(frame: pd.DataFrame, stamp_col: str | None) -> pd.Series:
    """Stable ids for a file without one: the submission time (else the row's content) plus the row's place
    among rows with the same key, so the same export imported again updates instead of duplicating."""
    if stamp_col is not None:
        base = frame[stamp_col].fillna("").astype(str)
    else:
        base = frame.fillna("").astype(str).agg("\x1f".join, axis=1)
    digest = base.map(lambda s: hashlib.sha256(s.encode("utf-8")).hexdigest()[:16])
    return digest + "-" + (digest.groupby(digest).cumcount() + 1).astype(str)


def adapt_export(frame: pd.DataFrame, questions: pd.DataFrame, profile: dict | None = None) -> SurveyExport:
    """``frame`` (every cell as text) in the loader's columns. ``questions``: code, text_uk, text_en, scale
    (``data_access.surveys.survey_questions``). Columns already named as the loader expects stay; others are
    renamed by the profile's ``columns`` or by :func:`guess_columns`; answer labels of a question's scale,
    numeric ages and short gender words become values; the profile's ``values`` win. Nothing is dropped:
    a value that cannot be recoded reaches the loader as written, which keeps the row with its reason."""
    profile = profile or {}
    options = profile.get("options", {})
    columns = [str(c) for c in frame.columns]
    own = {c: t for c, t in (profile.get("columns") or {}).items() if c in columns}
    chosen = {c: t for c, t in guess_columns(columns, questions).items() if t not in own.values()}
    chosen = {c: t for c, t in {**chosen, **own}.items() if t}  # the profile wins; "" leaves a column out
    for col in columns:  # a column already named as a loader column or a question code keeps its name
        if col in LOADER_COLUMNS or col in set(questions["code"]):
            chosen.setdefault(col, col)
    if isinstance(options.get("respondent_id"), str) and options["respondent_id"] in columns:
        chosen[options["respondent_id"]] = "respondent_id"
    out = pd.DataFrame(index=frame.index)
    for col, target in chosen.items():
        if target not in out:
            out[target] = frame[col].fillna("").astype(str).str.strip()
    rest = [c for c in columns if c not in chosen]
    for col in rest:  # kept under their own names: the loader lists them as ignored columns
        if col not in out:
            out[col] = frame[col]
    result = SurveyExport(out, {c: t for c, t in chosen.items()})

    if "respondent_id" not in out or options.get("respondent_id") == "generate":
        stamp = next((c for c in columns if _header_key(c) in TIMESTAMP_HEADERS
                      or _header_key(c.rsplit("/", 1)[-1]) == "submission time"), None)
        out["respondent_id"] = _generated_ids(frame, stamp)
        result.generated_ids = True
    if "weight" not in out or options.get("weight") == "equal":
        out["weight"] = "1"
        result.equal_weights = True

    scales = _scale_labels()
    scale_of = dict(zip(questions["code"], questions["scale"], strict=True))
    explicit = profile.get("values") or {}
    for target in list(out.columns):
        labels: dict[str, str] = {}
        if target in scale_of:
            labels = scales.get(scale_of[target], {})
        elif target == "gender":
            labels = GENDER_WORDS
        mapped = {norm(k): str(v) for k, v in (explicit.get(target) or {}).items()}
        if not labels and not mapped and target != "age_group":
            continue
        cells = out[target].fillna("").astype(str)
        keys = cells.map(norm)
        new = keys.map(lambda k, m=mapped, lb=labels: m.get(k, lb.get(k))).astype(object)
        if target == "age_group":
            new = new.where(new.notna(), cells.map(_age_group).astype(object))
        changed = new.notna() & (new != cells)
        if changed.any():
            out.loc[changed, target] = new[changed]
            result.recoded[target] = int(changed.sum())
    return result
