"""Database schema: every table of the dashboard as SQLAlchemy Core metadata.

Rules (DESIGN.md):
- every record table has ``source`` + ``external_id`` (unique together) and ``import_batch_id``;
- times are stored as naive UTC datetimes; the Europe/Kyiv calendar fields used for grouping
  (``*_date``, ``*_week``, ``*_hour``, ``*_dow``) are computed once when a row is written, so
  the same GROUP BY runs on SQLite and PostgreSQL;
- locations keep an optional exact point (prosecutor role only) and a ~500 m grid cell
  (``cell_row``/``cell_col``) that partner-safe views use instead;
- no table has a field for a person's name, phone, address or tax number.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _batch_id() -> Column:
    """The import batch a row came in with (deleted with its batch)."""
    return Column("import_batch_id", Integer, ForeignKey("import_batch.id", ondelete="CASCADE"), nullable=False,
                  index=True)


def _record_table(name: str, *columns, hromada_index: bool = False) -> Table:
    """A table of imported records: id, where each row came from (``source`` + ``external_id``,
    unique together, so a re-import updates instead of duplicating) and its batch, then
    ``columns`` (a ``hromada_id`` first unless ``columns`` start with something else)."""
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("source", String(64), nullable=False),
        Column("external_id", String(128), nullable=False),
        _batch_id(),
        *columns,
        UniqueConstraint("source", "external_id", name=f"uq_{name}_source_external_id"),
    )


def _hromada_id(*, index: bool = False) -> Column:
    return Column("hromada_id", Integer, ForeignKey("hromada.id"), nullable=False, index=index)


def _place() -> list[Column]:
    """Where a record happened: its hromada and, when known, its settlement."""
    return [_hromada_id(), Column("settlement_id", Integer, ForeignKey("settlement.id"))]


def _names(prefix: str, length: int, *, en_required: bool = True) -> list[Column]:
    """``<prefix>_uk`` (required) and ``<prefix>_en``."""
    return [Column(f"{prefix}_uk", String(length), nullable=False), Column(f"{prefix}_en", String(length),
                                                                           nullable=not en_required)]


def _kyiv_calendar(prefix: str, *, hour_and_day: bool = False) -> list[Column]:
    """The Europe/Kyiv calendar fields stored beside an event time: ``<prefix>_date``,
    ``<prefix>_week`` (Monday of the ISO week) and optionally ``_hour`` (0..23) and ``_dow``
    (1 = Monday .. 7 = Sunday)."""
    columns = [Column(f"{prefix}_date", Date, nullable=False), Column(f"{prefix}_week", Date, nullable=False)]
    if hour_and_day:
        columns += [Column(f"{prefix}_hour", SmallInteger, nullable=False),
                    Column(f"{prefix}_dow", SmallInteger, nullable=False)]
    return columns


def _population() -> list[Column]:
    """A place's population with its date, whether it counts internally displaced people, and its source."""
    return [Column("population", Integer), Column("population_date", Date),
            Column("population_includes_idp", Boolean), Column("population_source", Text)]


hromada = Table(
    "hromada",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),  # KATOTTG code
    *_names("name", 200),
    Column("raion_uk", String(200)),
    Column("raion_en", String(200)),
    Column("oblast_uk", String(200)),
    Column("oblast_en", String(200)),
    *_population(),
    Column("center_lat", Float),
    Column("center_lon", Float),
)

settlement = Table(
    "settlement",
    metadata,
    Column("id", Integer, primary_key=True),
    _hromada_id(index=True),
    Column("code", String(32), nullable=False, unique=True),  # KATOTTG code
    *_names("name", 200),
    Column("kind", String(32), nullable=False),  # city / settlement / village (assets)
    *_population(),
    Column("lat", Float),  # centre; NULL where no sourced coordinates exist (drawn nowhere)
    Column("lon", Float),
)

import_batch = Table(
    "import_batch",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),  # incidents / requests / survey / activities / partners / demo
    Column("source", String(64), nullable=False),
    Column("file_name", String(300)),
    Column("file_hash", String(64)),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(100)),
    Column("rows_total", Integer, nullable=False, default=0),
    Column("rows_imported", Integer, nullable=False, default=0),
    Column("rows_updated", Integer, nullable=False, default=0),
    Column("rows_rejected", Integer, nullable=False, default=0),
    Column("is_demo", Boolean, nullable=False, default=False),
    Column("status", String(16), nullable=False, default="committed"),  # committed / undone
    Column("notes", Text),
    # the hromada the file was imported for (None: the demo batch, or batches from before migration 0013
    # with no stored record); the import log shows an account the batches of its scope (data_access.scopes)
    Column("hromada_id", Integer, ForeignKey("hromada.id"), index=True),
)

rejected_row = Table(
    "rejected_row",
    metadata,
    Column("id", Integer, primary_key=True),
    _batch_id(),
    Column("row_number", Integer, nullable=False),
    Column("raw", Text, nullable=False),  # JSON object: column -> raw text as sent
    Column("errors", Text, nullable=False),  # JSON list of {field, code, message_uk, message_en}
    Column("resolved", Boolean, nullable=False, default=False),
)

incident = _record_table(
    "incident",
    *_place(),
    Column("occurred_at", DateTime, nullable=False),  # UTC
    Column("reported_at", DateTime),  # UTC
    *_kyiv_calendar("occurred", hour_and_day=True),
    # Kyiv date and ISO-week Monday of reported_at: counting by registration, as official reports
    # (ЄРДР, «Єдиний звіт») do; None when the registration time is not known
    Column("reported_date", Date),
    Column("reported_week", Date),
    # How exactly the occurrence is known (domain.dates.PRECISIONS): "day", or only its "month" / "year"
    # (then occurred_at is the first day of it); occurred_until is the last day it may stand for, so a
    # period counts a record only when it holds the whole span; occurred_time_known is False for a date
    # without a time of day (stored at Kyiv midnight; the hour views leave it out)
    Column("occurred_precision", String(8), nullable=False, server_default="day"),
    Column("occurred_time_known", Boolean, nullable=False, server_default=true()),
    Column("occurred_until", Date, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("cell_row", Integer),  # ~500 m grid cell, see domain.geo
    Column("cell_col", Integer),
    Column("category", String(64), nullable=False),  # key in assets/reference/incident_categories.csv
    Column("category_group", String(32), nullable=False),  # community / war
    Column("legal_article", String(64)),
    Column("severity", String(32), nullable=False),  # key in assets/reference/severity.csv
    Column("status", String(32), nullable=False),
    Column("domestic_violence", Boolean, nullable=False, default=False),
    Column("minors_involved", Boolean, nullable=False, default=False),
    Column("description", Text),
    Index("ix_incident_hromada_date", "hromada_id", "occurred_date"),
    Index("ix_incident_hromada_reported_date", "hromada_id", "reported_date"),
    Index("ix_incident_hromada_week_category", "hromada_id", "occurred_week", "category"),
    Index("ix_incident_settlement_date", "settlement_id", "occurred_date"),
    Index("ix_incident_cell", "hromada_id", "cell_row", "cell_col"),
)

partner = _record_table(
    "partner",
    _hromada_id(index=True),
    *_names("name", 300),
    Column("kind", String(64), nullable=False),  # key in assets/reference/partner_kinds.csv
    Column("active", Boolean, nullable=False, default=True),
)

resident_request = _record_table(
    "resident_request",
    *_place(),
    Column("received_at", DateTime, nullable=False),  # UTC
    *_kyiv_calendar("received"),
    Column("channel", String(64), nullable=False),
    Column("type", String(32), nullable=False),  # key in assets/reference/request_types.csv (its legal clock)
    Column("topic", String(64), nullable=False),
    Column("needs_study", Boolean),  # one month instead of 15 days (art. 20); None: the topic's default
    Column("deadline_days", SmallInteger),  # an explicit term of 1–45 calendar days (art. 20 part 2); None: the law's
    Column("urgent", Boolean, nullable=False, default=False, server_default=false()),  # public information: 48 hours
    Column("privileged", Boolean, nullable=False, default=False, server_default=false()),  # considered first (art. 20)
    Column("extended_at", Date),  # date the extension was decided
    Column("extended_due_date", Date),  # within the type's maximum (domain.legal_terms.check_extension)
    Column("due_date", Date, nullable=False),  # computed at write: domain.legal_terms.due_for (Kyiv date)
    Column("due_at", DateTime),  # UTC; the due moment of a 24- or 48-hour term, else None
    Column("sent_by_competence_at", DateTime),  # UTC; sent to the competent body (art. 7 part 3)
    Column("sent_to", String(300)),  # the competent body it was sent to
    Column("erdr_registered_at", DateTime),  # UTC; a crime report's entry into ЄРДР (КПК art. 214)
    Column("outcome", String(32)),  # satisfied / refused / explained / left_without_consideration
    Column("status", String(32), nullable=False),  # open / in_progress / answered / forwarded
    Column("answered_at", DateTime),  # UTC
    Column("answered_date", Date),  # Kyiv
    Column("forwarded_partner_id", Integer, ForeignKey("partner.id"), index=True),
    Column("forwarded_at", Date),
    Column("partner_answered_at", Date),
    Column("collective", Boolean, nullable=False, default=False),
    Index("ix_request_hromada_received", "hromada_id", "received_date"),
    Index("ix_request_hromada_due_open", "hromada_id", "answered_date", "due_date"),
    Index("ix_request_settlement_topic", "settlement_id", "topic", "received_date"),
)

survey_question = Table(
    "survey_question",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("text_uk", Text, nullable=False),
    Column("text_en", Text, nullable=False),
    Column("theme", String(32), nullable=False),  # safety / trust / awareness / reporting
    Column("institution", String(64)),  # for trust questions
    Column("scale", String(32), nullable=False),  # key in assets/reference/survey_scales.csv
    Column("scale_min", SmallInteger, nullable=False),
    Column("scale_max", SmallInteger, nullable=False),
    Column("positive_min", SmallInteger, nullable=False),  # values >= this count as positive
    Column("negative_max", SmallInteger),  # values <= this count as negative (balances)
)

survey_wave = _record_table(
    "survey_wave",
    _hromada_id(index=True),
    Column("code", String(32), nullable=False),
    *_names("name", 200),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("method", String(64)),
)

survey_response = _record_table(
    "survey_response",
    Column("wave_id", Integer, ForeignKey("survey_wave.id", ondelete="CASCADE"), nullable=False),
    Column("settlement_id", Integer, ForeignKey("settlement.id"), index=True),
    Column("age_group", String(16)),  # 18-29 / 30-44 / 45-59 / 60+
    Column("gender", String(16)),  # female / male / other
    Column("weight", Float, nullable=False, default=1.0),
    Index("ix_survey_response_wave_settlement", "wave_id", "settlement_id"),
)

survey_answer = Table(
    "survey_answer",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "response_id",
        Integer,
        ForeignKey("survey_response.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("question_id", Integer, ForeignKey("survey_question.id"), nullable=False),
    Column("value", SmallInteger),  # NULL when dont_know
    Column("dont_know", Boolean, nullable=False, default=False),  # "важко відповісти"
    UniqueConstraint("response_id", "question_id", name="uq_survey_answer_response_question"),
    Index("ix_survey_answer_question", "question_id"),
)

priority = Table(
    "priority",
    metadata,
    Column("id", Integer, primary_key=True),
    _hromada_id(index=True),
    *_names("title", 300, en_required=False),
    Column("description", Text),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("agreed_via", String(16)),  # meeting / survey / requests (domain.priority_rules.AGREED_VIA); NULL: not recorded
    Column("agreed_on", Date),  # the day it was agreed (the meeting, the survey's end, the decision on the requests)
    Column("created_by", String(100)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("is_demo", Boolean, nullable=False, default=False),
)

priority_indicator = Table(
    "priority_indicator",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("priority_id", Integer, ForeignKey("priority.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),  # incident_category / request_topic / survey_question
    Column("ref", String(64), nullable=False),  # category key, topic key or question code
    Column("direction", String(16), nullable=False),  # decrease / increase
    Column("baseline", Float),
    Column("target", Float),
)

activity = _record_table(
    "activity",
    _hromada_id(),
    Column("date", Date, nullable=False),
    Column("kind", String(64), nullable=False),  # key in assets/reference/activity_kinds.csv
    *_names("title", 300, en_required=False),
    Column("settlement_id", Integer, ForeignKey("settlement.id"), index=True),
    Column("location", String(300)),  # a public place (school, square), never a home address
    Column("lat", Float),
    Column("lon", Float),
    Column("participants", Integer),
    Column("priority_id", Integer, ForeignKey("priority.id", ondelete="SET NULL"), index=True),
    # "Did it help?" as chosen when the activity was planned (analytics.did.planned_choice): radius
    # in metres, weeks before/after, category keys separated by ";". None: not recorded.
    Column("did_radius_m", Integer),
    Column("did_weeks", SmallInteger),
    Column("did_categories", String(500)),
    Index("ix_activity_hromada_date", "hromada_id", "date"),
)

# Domestic-violence protective orders (Law No. 2229-VIII arts. 25, 26): counted, never named. No
# field identifies the victim or the offender; ``repeat_victim`` is the source's own yes/no (the
# person protected had an earlier order), so repeat victims are counted without an identifier.
protective_order = _record_table(
    "protective_order",
    *_place(),
    Column("issued_date", Date, nullable=False),
    Column("issued_week", Date, nullable=False),  # Monday of the ISO week (Kyiv calendar)
    Column("kind", String(32), nullable=False),  # key in assets/reference/protective_order_kinds.csv
    Column("breached", Boolean, nullable=False, default=False),
    Column("breach_date", Date),
    Column("repeat_victim", Boolean, nullable=False, default=False),
    Index("ix_protective_order_hromada_date", "hromada_id", "issued_date"),
)

activity_partner = Table(
    "activity_partner",
    metadata,
    Column("activity_id", Integer, ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column("partner_id", Integer, ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_activity_partner_partner", "partner_id"),
)

app_user = Table(
    "app_user",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200)),
    Column("role", String(16), nullable=False),  # prosecutor / leadership / partner / admin
    Column("password_hash", String(300), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_attempts", Integer, nullable=False, default=0),  # wrong passwords since the last sign-in
    Column("created_at", DateTime, nullable=False),
    Column("last_login_at", DateTime),
)

app_user_scope = Table(
    # The hromadas an account may see (data_access.scopes): none = every hromada; otherwise the union
    # of its rows — a hromada (its KATOTTG code), a raion ("<oblast_uk>|<raion_uk>") or an oblast (oblast_uk).
    "app_user_scope",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("level", String(16), nullable=False),  # hromada / raion / oblast
    Column("value", String(420), nullable=False),
    UniqueConstraint("user_id", "level", "value", name="uq_app_user_scope_user_id_level_value"),
)

login_throttle = Table(
    # Failed sign-ins per client and per account-and-client (data_access.sign_in): the next
    # attempt from there waits longer each time; no user name is stored, only account ids.
    "login_throttle",
    metadata,
    Column("key", String(200), primary_key=True),  # "client:<address>" or "account:<id>:<address>"
    Column("failures", Integer, nullable=False),
    Column("last_failed_at", DateTime, nullable=False),
)

data_version = Table(
    # One row (id 1): bumped first in every transaction that changes what pages show
    # (data_access.data_version); part of every cache key of the pages.
    "data_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("changed_at", DateTime),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("username", String(100)),
    Column("action", String(64), nullable=False),  # login_ok / login_failed / import / export / edit / ...
    Column("detail", Text),  # JSON
    # hash chain (data_access.audit_chain); triggers refuse UPDATE and DELETE (migration 0008) —
    # a later migration that rebuilds this table on SQLite (batch mode) must create them again
    Column("prev_hash", String(64)),
    Column("row_hash", String(64)),
)

audit_chain = Table(
    # One row (id 1): the audit log's length and newest hash; appends lock it first.
    "audit_chain",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("length", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

import_mapping_profile = Table(
    "import_mapping_profile",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("source", String(64), nullable=False),
    Column("mapping", Text, nullable=False),  # JSON object: file column -> field
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("kind", "source", name="uq_import_mapping_profile_kind_source"),
)

meeting_pack = Table(
    "meeting_pack",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("hromada_id", Integer, ForeignKey("hromada.id"), nullable=False),
    Column("week", String(10), nullable=False),  # ISO week, e.g. 2026-W47
    Column("lang", String(2), nullable=False),
    Column("format", String(8), nullable=False),  # pptx / pdf
    Column("data_as_of", DateTime, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(100)),
    Column("figures", Text, nullable=False),  # JSON: the numbers the pack showed
    Column("file_hash", String(64), nullable=False),
    Column("file", LargeBinary, nullable=False),
)
