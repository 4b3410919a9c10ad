"""The import kinds, one registry entry each: what a file of the kind holds and how it is checked, stored and undone.

The pipeline, the ``import`` command, the import page, the import log and docs/import.md all
loop over this registry; no module but a kind's own names a kind. Adding a kind that stores into
an existing table:

1. its entry in ``_KINDS`` below: key, default source, fields, header aliases, commit (``commit_rows``
   for a kind mapped field by field), undo tables, doc text;
2. its module ``data_access/importing/<kind>.py``: ``check(checker)`` (row checks) and
   ``write(conn, values, batch)`` (how the good rows are stored);
3. its messages in ``assets/i18n/import.toml``: ``imp.kind.<kind>``, ``imp.field.<field>`` for
   new fields, ``imp.err.<code>`` for new row errors.

Then ``python -m data_access.importing.docs`` writes its table into docs/import.md, and tests
follow. Other headers for its fields are optional rows of assets/import_aliases/headers.csv.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd
from sqlalchemy import Connection, Engine, Table

from data_access import schema
from data_access.importing import activities, incidents, partners, protective_orders, requests, survey
from data_access.importing.aliases import HEADERS, header_aliases
from data_access.importing.checks import Checker
from data_access.importing.fields import PLACE, POINT, RECORD_ID, Field, Setting, Settings
from data_access.importing.results import ImportResult, Job
from data_access.importing.rows import commit_rows
from data_access.importing.store import Batch
from data_access.importing.survey_loader import REQUIRED_COLUMNS
from domain.i18n import translate


@dataclass(frozen=True)
class ImportKind:
    """One kind of file the import accepts; its label is the catalog message ``imp.kind.<key>``."""

    key: str  # import_batch.kind, ``--kind``, the page's choice
    default_source: str  # the source when none is given
    commit: Callable[[Engine, ImportKind, Job, ImportResult], ImportResult]  # stores a prepared file as a batch
    undo_tables: tuple[Table, ...]  # the tables holding a batch's records, emptied in this order by undo
    doc: str  # Markdown under the kind's table in docs/import.md (one paragraph; line breaks are spaces)
    fields: tuple[Field, ...] = ()  # what the file's columns are mapped to, in the page's order
    one_of: tuple[tuple[str, ...], ...] = ()  # groups of fields of which at least one must be mapped
    headers: Path | None = None  # the alias file (kind,field,alias) with other headers for the fields
    check: Callable[[Checker], None] | None = None  # the row checks of a mapped kind
    write: Callable[[Connection, pd.DataFrame, Batch], None] | None = None  # stores a mapped kind's good rows
    refuse_undo: Callable[[Connection, int], None] | None = None  # raises ValueError(code) to refuse an undo
    settings: Settings | None = None  # what else the import asks for

    @property
    def mapped(self) -> bool:
        """True when the file's columns are mapped to ``fields`` and checked row by row (the page
        shows the mapping and a preview, mappings are saved per source); False when the kind's
        commit reads the columns itself."""
        return bool(self.fields)

    @property
    def table(self) -> Table:
        """The table of the kind's records (unique by source + external_id)."""
        return self.undo_tables[0]

    def label(self, lang: str) -> str:
        return translate(f"imp.kind.{self.key}", lang)

    def aliases(self) -> dict[str, str]:
        """{normalised header: field}: the field names and the other headers listed for them."""
        return header_aliases(self.key, tuple(f.name for f in self.fields), self.headers)


WAVE = Settings("imp.survey.title", "imp.survey.note", (
    Setting("text", ("wave_code",), "imp.survey.wave_code", ("--wave-code",), ("wave code",)),
    Setting("text", ("name_uk",), "imp.survey.wave_name_uk", ("--wave-name",), ("wave name in Ukrainian",),
            cli_default="wave_code"),
    Setting("text", ("name_en",), "imp.survey.wave_name_en", ("--wave-name-en",), ("wave name in English",),
            cli_default="name_uk"),
    Setting("period", ("start_date", "end_date"), "imp.survey.wave_dates", ("--wave-start", "--wave-end"),
            ("first day YYYY-MM-DD", "last day YYYY-MM-DD"), invalid="imp.survey.bad_dates_option"),
))

_SURVEY_COLUMNS = ", ".join(f"`{c}`" for c in REQUIRED_COLUMNS)

_KINDS = (
    ImportKind(
        "incidents", "police", commit=commit_rows, undo_tables=(schema.incident,), headers=HEADERS,
        fields=(
            RECORD_ID, Field("occurred_at", "datetime", True, coarse=True),
            Field("occurred_precision", "code", ref="date_precisions"), Field("reported_at", "datetime"), *PLACE, *POINT,
            Field("category", "code", ref="incident_categories"), Field("legal_article", "code", ref="legal_articles"),
            Field("severity", "code", ref="severity"), Field("status", "code", ref="incident_statuses"),
            Field("domestic_violence", "bool"), Field("minors_involved", "bool"), Field("description", "text"),
        ),
        one_of=(("category", "legal_article"),), check=incidents.check, write=incidents.write,
        doc="""
            One of `category` / `legal_article` is required; the category is derived from the legal article
            when missing. The severity of a stated article part is that part's class (Criminal Code art. 12)
            and wins over a `severity` in the file; a part-less article whose parts differ keeps the file's
            severity (else `undetermined`); without an article, the category's usual class. `status`
            defaults to `registered`. Settlement by KATOTTG code or name (Ukrainian or English).
            `occurred_at` may be only a month (`2024-12`, `12.2024`) or a year (`2024`); `occurred_precision`
            (`day` / `month` / `year`) may make a date coarser (see "Dates and their precision" below).
        """,
    ),
    ImportKind(
        "requests", "hromada_register", commit=commit_rows, undo_tables=(schema.resident_request,), headers=HEADERS,
        fields=(
            RECORD_ID, Field("received_at", "datetime", True), Field("channel", "code", True, ref="request_channels"),
            Field("type", "code", True, ref="request_types"), Field("topic", "code", True, ref="request_topics"),
            *PLACE, Field("status", "code", ref="request_statuses"), Field("answered_at", "datetime"),
            Field("forwarded_to", "partner"), Field("collective", "bool"), Field("needs_study", "bool"),
            Field("deadline_days", "int"), Field("extended_due_date", "date", future=True), Field("urgent", "bool"),
            Field("sent_by_competence_at", "datetime"), Field("sent_to", "text"),
            Field("erdr_registered_at", "datetime"), Field("outcome", "code", ref="request_outcomes"),
            Field("privileged", "bool"),
        ),
        check=requests.check, write=requests.write,
        doc="""
            Each `type` has its legal clock (docs/requests-rules.md): `needs_study` empty takes the topic's
            default (15 days or one month); `deadline_days` is an explicit term of 1–45 calendar days;
            `extended_due_date` must lie between the ordinary due date and the law's maximum (45 days; public
            information 20 working days) and may be in the future; `urgent` gives public information 48 hours;
            `received_at` may carry a time (the 24- and 48-hour clocks need it). `sent_by_competence_at` /
            `sent_to`: sent to the competent body (not for crime reports, which are entered into ЄРДР:
            `erdr_registered_at`). `status` defaults to `answered` when there is an answer date, else `open`;
            `forwarded_to` (a task passed to a partner) is a partner's external id or name already in the
            database.
        """,
    ),
    ImportKind(
        "survey", "survey", commit=survey.commit, undo_tables=(schema.survey_response, schema.survey_wave),
        settings=WAVE,
        doc=f"""
            The file goes whole to `data_access/importing/survey_loader.py` (`load_survey_wave`) with the
            wave's code, names and dates (on the page: the survey wave section; CLI: `--wave-code`,
            `--wave-name`, `--wave-name-en`, `--wave-start`, `--wave-end`); personal-data columns are dropped
            first. Columns: {_SURVEY_COLUMNS}, then one column per question code of the questionnaire; a bad
            row is kept with its reasons. Without the wave's code, name and dates, or without those columns,
            the file is refused (exit 2).
        """,
    ),
    ImportKind(
        "activities", "activities", commit=commit_rows, undo_tables=(schema.activity,), headers=HEADERS,
        fields=(
            RECORD_ID, Field("date", "date", True), Field("kind", "code", True, ref="activity_kinds"),
            Field("title_uk", "text", True), Field("title_en", "text"), *PLACE, Field("location", "text"), *POINT,
            Field("participants", "int"), Field("partners", "list"), Field("did_radius_m", "int"),
            Field("did_weeks", "int"), Field("did_categories", "list"),
        ),
        check=activities.check, write=activities.write,
        doc="""
            `partners`: partner external ids or names separated by `;`. Future dates are rejected.
            `did_radius_m` (50–5000), `did_weeks` (1–104) and `did_categories` (incident categories separated
            by `;`): the "did it help?" comparison chosen when the activity was planned — the partners page
            shows it as the default, and as the only choice outside the prosecutor role (docs/flags.md).
        """,
    ),
    ImportKind(
        "protective_orders", "police", commit=commit_rows, undo_tables=(schema.protective_order,), headers=HEADERS,
        fields=(
            RECORD_ID, Field("issued_date", "date", True), Field("kind", "code", True, ref="protective_order_kinds"),
            *PLACE, Field("breached", "bool"), Field("breach_date", "date"), Field("repeat_victim", "bool"),
        ),
        check=protective_orders.check, write=protective_orders.write,
        doc="""
            Domestic-violence protective orders: `kind` is `urgent_barring` (терміновий заборонний припис, police,
            Law No. 2229-VIII art. 25) or `restrictive` (обмежувальний припис, court, art. 26). A `breach_date`
            marks the order as breached (КУпАП art. 173-2 / КК art. 390-1) and may not precede `issued_date`.
            `repeat_victim` is the source's yes/no: the protected person had an earlier order. No column may
            name or identify a person; the dashboard shows these records only as counts.
        """,
    ),
    ImportKind(
        "partners", "partners", commit=commit_rows, undo_tables=(schema.partner,), headers=HEADERS,
        fields=(
            RECORD_ID, Field("name_uk", "text", True), Field("name_en", "text"),
            Field("kind", "code", True, ref="partner_kinds"), Field("active", "bool"),
        ),
        check=partners.check, write=partners.write, refuse_undo=partners.refuse_undo,
        doc="`name_en` defaults to `name_uk`; `active` defaults to yes.",
    ),
)
KINDS = MappingProxyType({k.key: k for k in _KINDS})  # key -> entry, in the order the page and the CLI offer them


def import_kind(key: str) -> ImportKind:
    """The registry entry of ``key`` (KeyError for an unknown kind)."""
    return KINDS[key]
