"""An import profile: how one source's files of one kind are read — columns to fields, file values to
reference keys, import options — as saved per (kind, source) and as given in a ``--mapping`` file.

Stored shape (JSON, in ``import_mapping_profile.mapping``; also the ``--mapping`` file)::

    {"columns": {"file column": "field", ...},
     "values":  {"field": {"file value": "key", ...}, ...},
     "options": {"generate_ids": true, "keep_personal": ["file column", ...]}}

The older flat form ``{"file column": "field"}`` (profiles saved before, mapping files) is read as
``columns``; a CSV mapping file has columns ``column,field``. Without ``columns`` the columns are
guessed from the headers (a file may give only ``values`` or ``options``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

# Import options a profile may carry (the page's checkboxes, the CLI's flags):
GENERATE_IDS = "generate_ids"  # bool: rows without an ID get one made from their content (rows.generated_ids)
KEEP_PERSONAL = "keep_personal"  # list of file columns: kept although their header looks like personal data
UNWEIGHTED = "unweighted"  # bool, surveys: a file without a weight column weighs every respondent 1
TIMEZONE = "timezone"  # IANA name: where the source's times of day were recorded (converted to Kyiv time)


@dataclass
class Profile:
    """``columns``: field -> file column (the orientation the pipeline uses; None: guessed from the
    headers); ``values``: field -> {file value as written: reference key}; ``options``: see the
    constants above."""

    columns: dict[str, str] | None = None
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    options: dict = field(default_factory=dict)

    @property
    def generate_ids(self) -> bool:
        return bool(self.options.get(GENERATE_IDS))

    @property
    def keep_personal(self) -> frozenset[str]:
        return frozenset(self.options.get(KEEP_PERSONAL) or ())

    def to_json(self) -> str:
        """The stored shape: file column -> field, then the value maps and options."""
        columns = {} if self.columns is None else {"columns": {c: f for f, c in self.columns.items()}}
        return json.dumps({**columns, "values": self.values, "options": self.options}, ensure_ascii=False)

    def merged(self, newer: Profile) -> Profile:
        """This profile updated by ``newer``: its columns and options replace these, its value maps
        add to (and override) the values of each field, so values met in earlier files stay known."""
        values = {f: dict(m) for f, m in self.values.items()}
        for f, m in newer.values.items():
            values.setdefault(f, {}).update(m)
        columns = self.columns if newer.columns is None else newer.columns
        return Profile(None if columns is None else dict(columns), values, {**self.options, **newer.options})


class BadProfile(ValueError):
    """A mapping file or stored profile that is not one of the accepted shapes."""


def _str_map(data: object, what: str) -> dict[str, str]:
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise BadProfile(f"{what}: expected an object of text to text")
    return data


def profile_from_data(data: object) -> Profile:
    """A profile from parsed JSON: the shape above, or the flat ``{"file column": "field"}``."""
    if not isinstance(data, dict):
        raise BadProfile("expected a JSON object")
    if "columns" not in data and "values" not in data and "options" not in data:
        return Profile({f: c for c, f in _str_map(data, "mapping").items() if f})
    columns = None if data.get("columns") is None else _str_map(data["columns"], "columns")
    values = data.get("values") or {}
    if not isinstance(values, dict):
        raise BadProfile("values: expected an object of field to {file value: key}")
    options = data.get("options") or {}
    if not isinstance(options, dict):
        raise BadProfile("options: expected an object")
    return Profile(None if columns is None else {f: c for c, f in columns.items() if f},
                   {f: _str_map(m, f"values.{f}") for f, m in values.items()}, dict(options))


def profile_from_text(text: str) -> Profile:
    """A stored profile or a mapping file's text: JSON (either shape) or CSV ``column,field``."""
    if text.lstrip().startswith("{"):
        return profile_from_data(json.loads(text))
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"column", "field"} <= set(reader.fieldnames):
        raise BadProfile("a CSV mapping file needs the columns column,field")
    return Profile({row["field"].strip(): row["column"].strip() for row in reader if row.get("field")})


def load_mapping_file(path: str) -> Profile:
    """A ``--mapping`` file (UTF-8, with or without BOM). Raises OSError, ValueError (BadProfile, JSON)."""
    with open(path, encoding="utf-8-sig") as fh:
        return profile_from_text(fh.read())
