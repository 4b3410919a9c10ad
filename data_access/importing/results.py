"""What an import passes along: the prepared file, the job of committing it, a preview, what a batch stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from data_access.importing.messages import Refusal
from data_access.importing.profile import GENERATE_IDS
from data_access.importing.read import SheetData


@dataclass(frozen=True)
class Upload:
    """A file as read once (the import page keeps it while the file stays the same): its rows, or
    why it cannot be read."""

    file_name: str
    file_hash: str
    sheet: SheetData
    refused: Refusal | None = None


@dataclass
class Prepared:
    """A read file with its effective mapping (field -> column) and the columns that are not stored:
    ``personal_reasons`` says why each personal-data column is withheld ("header": its header names
    personal data; "values": its values are phone or tax numbers); ``spared_columns`` (column ->
    field) are columns whose header looks personal but which are stored, mapped to a field that is not
    free text and confirmed by the user; ``to_confirm`` the ones mapped so but not (yet) confirmed."""

    kind: str
    sheet: SheetData
    mapping: dict[str, str]
    personal_columns: list[str]
    ignored_columns: list[str]
    file_hash: str
    refused: Refusal | None = None
    personal_reasons: dict[str, str] = field(default_factory=dict)
    spared_columns: dict[str, str] = field(default_factory=dict)
    to_confirm: dict[str, str] = field(default_factory=dict)  # column -> field: withheld until the user confirms
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {file value: key} (the profile's)
    options: dict = field(default_factory=dict)  # the profile's import options (profile.py)
    renamed: dict[str, str] = field(default_factory=dict)  # a kind whose commit reads the columns itself: file
    # column -> the column it reads (the profile's columns)

    @property
    def generate_ids(self) -> bool:
        return bool(self.options.get(GENERATE_IDS))


@dataclass(frozen=True)
class Job:
    """A prepared file to commit, and for whom: the source, hromada, user and role, the kind's settings."""

    prepared: Prepared
    source: str
    file_name: str
    hromada_id: int | None
    created_by: str | None  # the actor, as the batch and the audit log name them
    role: str  # the actor's role (checked before the job was made), for the audit log
    now: datetime | None  # "now" for the date checks (default: the current Kyiv time)
    settings: dict  # the values the kind's settings asked for (the survey's wave)
    timezone: str = "Europe/Kyiv"  # where the file's times of day were recorded (converted to Kyiv time)


@dataclass
class Preview:
    """What an import would do: counts and every row with its problems (nothing written)."""

    total: int
    new: int
    updates: int
    rejected: int
    masked_cells: int
    rows: pd.DataFrame  # __row, problems (uk), problems_en, + the mapped columns as they would be kept
    other_sources: dict[str, int] = field(default_factory=dict)  # source -> the file's IDs already stored under it
    coarse_dates: dict[str, int] = field(default_factory=dict)  # "month"/"year" -> good rows dated only to it


@dataclass
class BatchCounts:
    """A batch's id and its data rows: each one imported (new), updated or rejected."""

    batch_id: int | None = None
    total: int = 0
    imported: int = 0
    updated: int = 0
    rejected: int = 0


@dataclass
class ImportResult(BatchCounts):
    """What an import did, with the columns it did not store; ``refused``: nothing was stored."""

    personal_columns: list[str] = field(default_factory=list)
    personal_reasons: dict[str, str] = field(default_factory=dict)  # column -> "header" / "values"
    spared_columns: dict[str, str] = field(default_factory=dict)  # column -> the field it is stored as
    ignored_columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # field -> file column, as used (or guessed, when refused)
    to_confirm: dict[str, str] = field(default_factory=dict)  # column -> field: withheld, keeping needs a confirmation
    other_sources: dict[str, int] = field(default_factory=dict)  # source -> the file's IDs already stored under it
    masked_cells: int = 0
    blank_lines: int = 0
    refused: Refusal | None = None

    @property
    def exit_code(self) -> int:
        """0 every row stored, 1 some rows rejected (kept), 2 the file refused as a whole."""
        if self.refused is not None:
            return 2
        return 1 if self.rejected else 0

    def summary(self) -> str:
        if self.refused is not None:
            return f"refused: {self.refused.message_en}"
        return f"imported {self.imported}, updated {self.updated}, rejected {self.rejected} (batch {self.batch_id})"
