"""The shared frame: constants, reference data, the time frame, random, time and insert helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import select, text

from data_access import reference, schema
from domain.dates import KYIV, week_start
from domain.geo import CELL_LAT_DEG, CELL_LON_DEG

DEMO = "demo"  # kind and source of the demo import batch, source of every demo record
CHUNK = 5000  # rows per INSERT statement
DEFAULT_WEEKS = 156
MISSING_POPULATION = 500  # people counted in a settlement without a population figure
SYNTHETIC_PREFIX = "DEMO-"  # code prefix of the synthetic hromadas 2..N
KM_PER_DEG_LAT = 111.32
# Relative weight of each hour of the day (0..23) by daily rhythm
HOUR_PROFILES = {
    "day": [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 5.5, 6, 6, 6, 6, 6.5, 7, 7, 6, 5, 4, 3, 2],
    "evening": [3, 2, 1.2, 0.8, 0.5, 0.4, 0.6, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4, 4.5, 5, 6, 7.5, 8.5, 8.5, 7.5, 6, 4.5],
    "night": [6, 5, 3.5, 2, 1, 0.5, 0.5, 0.6, 0.8, 1, 1.2, 1.5, 1.8, 2, 2.2, 2.5, 3, 3.5, 4.5, 6, 7.5, 8.5, 8.5, 7.5],
    "rush": [0.5, 0.3, 0.2, 0.2, 0.3, 1, 3, 7, 8, 5, 4, 4, 4.5, 4.5, 4.5, 5, 6.5, 8, 8, 6, 4, 3, 2, 1],
    "office": [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 6, 7, 7, 6, 6.5, 7, 6.5, 6, 5, 3.5, 2.5, 2, 1.5, 1, 0.5],
    "home": [3, 2, 1.5, 1, 0.7, 0.5, 0.6, 1, 1.5, 2, 2.5, 3, 3.5, 3.5, 4, 4.5, 5, 6, 7.5, 8.5, 9, 8.5, 7, 5],
}
# Reference fields filled from assets/reference code lists: whole tables, or their keys in file order
REFERENCE_TABLES = {"categories": "incident_categories", "articles": "legal_articles", "topics": "request_topics",
                    "activity_kinds": "activity_kinds"}
REFERENCE_KEYS = {"severities": "severity", "incident_statuses": "incident_statuses", "channels": "request_channels",
                  "request_types": "request_types", "request_statuses": "request_statuses",
                  "partner_kinds": "partner_kinds", "age_groups": "age_groups", "genders": "genders"}
QUESTION_COLUMNS = ["id", "code", "theme", "institution", "scale_min", "scale_max", "positive_min"]


@dataclass
class Reference:
    """The code lists the generator draws from."""

    categories: pd.DataFrame
    articles: pd.DataFrame
    severities: list[str]
    incident_statuses: list[str]
    channels: list[str]
    request_types: list[str]
    topics: pd.DataFrame
    request_statuses: list[str]
    partner_kinds: list[str]
    activity_kinds: pd.DataFrame
    age_groups: list[str]
    genders: list[str]
    questions: pd.DataFrame  # from the database: id, code, theme, institution, scale_min, scale_max, positive_min


def read_reference(conn) -> Reference:
    """The code lists from assets and the survey questions from the database."""
    sq = schema.survey_question
    questions = pd.DataFrame(conn.execute(select(*(sq.c[c] for c in QUESTION_COLUMNS)).order_by(sq.c.id))
                             .mappings().all(), columns=QUESTION_COLUMNS)
    return Reference(**{f: reference.reference_table(name) for f, name in REFERENCE_TABLES.items()},
                     **{f: reference.keys(name) for f, name in REFERENCE_KEYS.items()}, questions=questions)


@dataclass
class Frame:
    """The days the demo covers and the dates of its planted changes."""

    today: date
    start: date
    days: np.ndarray  # datetime64[D], start .. today-1
    fraud_rise: date
    lighting_date: date
    cctv_date: date
    cutoff_utc: np.datetime64  # start of today in Kyiv, as naive UTC

    @property
    def n_days(self) -> int:
        return len(self.days)


def _first_of_month_back(today: date, months: int) -> date:
    y, m = today.year, today.month - months
    while m <= 0:
        m += 12
        y -= 1
    return date(y, m, 1)


def time_frame(today: date, weeks: int) -> Frame:
    """From the Monday ``weeks`` ISO weeks before the week of ``today`` through yesterday."""
    this_week = week_start(today)
    start = this_week - timedelta(weeks=weeks)
    days = np.arange(np.datetime64(start), np.datetime64(today), dtype="datetime64[D]")
    cutoff = datetime(today.year, today.month, today.day, tzinfo=KYIV).astimezone(UTC).replace(tzinfo=None)
    return Frame(today=today, start=start, days=days,
                 fraud_rise=_first_of_month_back(today, 10),
                 lighting_date=max(start + timedelta(days=28), this_week - timedelta(weeks=60)),
                 cctv_date=max(start + timedelta(days=35), this_week - timedelta(weeks=40)),
                 cutoff_utc=np.datetime64(cutoff, "us"))


def today_kyiv() -> date:
    """Today's date in Europe/Kyiv."""
    return datetime.now(KYIV).date()


def _chunks(rows: list[dict], size: int = CHUNK):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def insert_rows(conn, table, rows: list[dict]) -> int:
    """Insert rows in chunks; on PostgreSQL through COPY (same transaction), which is several
    times faster than executemany for the millions of rows of a national-scale demo."""
    if not rows:
        return 0
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        cols = list(rows[0].keys())
        names = ", ".join(f'"{c}"' for c in cols)
        with conn.connection.driver_connection.cursor() as cur:
            with cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:  # table/column names, no values
                for row in rows:
                    copy.write_row([row[c] for c in cols])
        return len(rows)
    for part in _chunks(rows):
        conn.execute(table.insert(), part)
    return len(rows)


_NULL = "\\N"  # NULL in COPY's text format
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")  # characters a COPY text field escapes


def copy_escape(value: str) -> str:
    """A string as a COPY text field: backslash, tab, newline and carriage return escaped."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_value(value) -> str:
    """One Python value as a COPY text field (what psycopg's ``write_row`` sends for it)."""
    if value is None:
        return _NULL
    if isinstance(value, (bool, np.bool_)):
        return "t" if value else "f"
    if isinstance(value, float) and np.isnan(value):
        return _NULL
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return copy_escape(str(value))


def copy_cells(values, n: int) -> list[str]:
    """A column (a numpy array, a list, or one value for every row) as ``n`` COPY text fields, built per
    array or per distinct value rather than per row: booleans by numpy, integers and dates by looking up the
    text of each number or day in their range (numpy's ``astype(str)`` costs ~30x more), floats by Python's
    ``str`` (psycopg's text), datetime64 as ISO text, NaN/NaT/None as NULL; any other column (strings, dates,
    ids with None) by its distinct values. One Python type per column."""
    if isinstance(values, list):
        values = np.array(values, dtype=object) if values else np.empty(0, dtype=object)
    if not isinstance(values, np.ndarray):
        return [_copy_value(values)] * n
    kind = values.dtype.kind
    if kind == "b":
        cells = np.where(values, "t", "f")
    elif kind in "iu" and len(values) and int(values.max()) - int(values.min()) <= 2 * len(values) + 1000:
        low = int(values.min())  # ids, codes, counts: the text of each number in the range, looked up
        texts = np.array([str(i) for i in range(low, int(values.max()) + 1)], dtype=object)
        cells = texts[values - low]
    elif kind in "iu":
        cells = values.astype(str)
    elif kind == "f":
        cells = np.array(list(map(str, values.tolist())), dtype=object)  # Python's repr (2.5x numpy's astype)
        cells[np.isnan(values)] = _NULL
    elif kind == "M" and values.dtype == np.dtype("datetime64[D]"):  # dates: the text of each day, looked up
        missing = np.isnat(values)
        days = values.astype(np.int64)
        low = int(days[~missing].min()) if (~missing).any() else 0
        high = int(days[~missing].max()) if (~missing).any() else 0
        texts = np.array(np.datetime_as_string(np.arange(low, high + 1).astype("datetime64[D]")).tolist() + [_NULL],
                         dtype=object)
        cells = texts[np.where(missing, high - low + 1, days - low)]
    elif kind == "M":
        cells = np.datetime_as_string(values).astype(object)
        cells[np.isnat(values)] = _NULL
    elif pd.api.types.infer_dtype(values, skipna=True) == "string":  # str or None: no per-value conversion
        cells = values.tolist()  # every value a str or a missing one (None, NaN)
        try:
            joined, missing = "".join(cells), False
        except TypeError:
            joined, missing = "".join(v for v in cells if isinstance(v, str)), True
        if _COPY_SPECIAL.search(joined):
            return [copy_escape(v) if isinstance(v, str) else _NULL for v in cells]
        return [v if isinstance(v, str) else _NULL for v in cells] if missing else cells
    else:
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
        texts = np.array([_copy_value(u) for u in uniques] + [_NULL], dtype=object)
        cells = texts[codes]  # code -1 (None, NaN, NaT) -> the last text, NULL
    return cells.tolist()


def copy_text(columns: dict[str, object], n: int) -> str:
    """The COPY text (tab-separated, one line per row) of rows given as columns (see :func:`copy_cells`)."""
    fields = [copy_cells(v, n) for v in columns.values()]
    return "\n".join(map("\t".join, zip(*fields, strict=True))) + "\n"


def copy_into(conn, table, names: list[str], data: str) -> None:
    """COPY ``data`` (text format) into ``table``'s columns ``names`` on a psycopg connection."""
    names_sql = ", ".join(f'"{c}"' for c in names)
    with conn.connection.driver_connection.cursor() as cur:
        with cur.copy(f'COPY "{table.name}" ({names_sql}) FROM STDIN') as copy:  # table/column names, no values
            copy.write(data)


def uses_copy_text(conn) -> bool:
    """Whether rows go in as one COPY text built from their columns (PostgreSQL through psycopg)."""
    return COPY_TEXT and conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


COPY_TEXT = True  # False: every table row by row through insert_rows (tests compare the two ways)


@dataclass
class Columns:
    """Rows of one table as columns: numpy arrays or lists of length ``n``, or one value for every row."""

    values: dict[str, object]
    n: int

    def __len__(self) -> int:
        return self.n

    def column(self, name: str) -> np.ndarray:
        """One column as an array of ``n`` values."""
        v = self.values[name]
        if isinstance(v, np.ndarray):
            return v
        if isinstance(v, list):
            return np.array(v, dtype=object)
        return np.full(self.n, v, dtype=object)

    def rows(self) -> list[dict]:
        """The rows as dicts of plain Python values (for :func:`insert_rows`)."""
        return row_dicts(self.values, self.n)


def insert_columns(conn, table, rows: Columns) -> int:
    """Insert rows given as columns: on PostgreSQL as one COPY text built per column (no Python object
    per row: :func:`copy_text`), elsewhere row by row through :func:`insert_rows`. Stores the same rows."""
    if not rows.n:
        return 0
    if uses_copy_text(conn):
        copy_into(conn, table, list(rows.values), copy_text(rows.values, rows.n))
        return rows.n
    return insert_rows(conn, table, rows.rows())


def insert_number_columns(conn, table, columns: dict[str, np.ndarray], *,
                          null_where: dict[str, np.ndarray] | None = None) -> int:
    """Insert rows given as equal-length arrays of integers or booleans (a column is NULL where its
    ``null_where`` mask is True). On PostgreSQL the COPY text of all rows is built from numpy's text of
    each column (no Python object per value: survey answers are three quarters of a national seed's rows);
    elsewhere through :func:`insert_rows`. Stores what :func:`insert_rows` stores for the same values."""
    null_where = null_where or {}
    names = list(columns)
    n = len(columns[names[0]]) if names else 0
    if not n:
        return 0
    if not uses_copy_text(conn):
        cols = {}
        for name in names:
            values = columns[name].astype(object)
            if name in null_where:
                values[null_where[name]] = None
            cols[name] = values.tolist()
        return insert_rows(conn, table, row_dicts(cols, n))
    copy_into(conn, table, names, number_copy_text(columns, null_where))
    return n


def number_copy_text(columns: dict[str, np.ndarray], null_where: dict[str, np.ndarray]) -> str:
    """The COPY text of integer or boolean columns (NULL where a ``null_where`` mask is True), from numpy's
    text of each column."""
    fields = []
    for name, values in columns.items():
        col = np.asarray(values)
        if col.dtype.kind not in "biu":
            raise TypeError(f"{name}: only integer or boolean columns, not {col.dtype}")
        cells = copy_cells(col, len(col))
        if name in null_where:
            cells = np.array(cells, dtype=object)
            cells[null_where[name]] = _NULL
            cells = cells.tolist()
        fields.append(cells)
    return "\n".join(map("\t".join, zip(*fields, strict=True))) + "\n"


def insert_returning_ids(conn, table, rows: list[dict]) -> list[int]:
    """Insert rows in chunks and return their new ids in the order of ``rows``. On PostgreSQL the ids
    are taken from the table's sequence first (ascending, as INSERT … RETURNING would give them) and
    the rows, with the schema's defaults for columns they leave out, go through COPY."""
    if not rows:
        return []
    defaults = {c.name: c.default.arg for c in table.c
                if c.name not in rows[0] and c.default is not None and c.default.is_scalar}
    callable_default = any(c.name not in rows[0] and c.default is not None and not c.default.is_scalar
                           for c in table.c if c.name != "id")
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg" and not callable_default:
        ids = conn.execute(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n) "
                                "ORDER BY 1"), {"t": table.name, "n": len(rows)}).scalars().all()
        insert_rows(conn, table, [{"id": i, **defaults, **r} for i, r in zip(ids, rows, strict=True)])
        return ids
    ids: list[int] = []
    stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    for part in _chunks(rows):
        ids.extend(conn.execute(stmt, part).scalars().all())
    return ids


def insert_columns_returning_ids(conn, table, rows: Columns) -> np.ndarray:
    """:func:`insert_returning_ids` for rows given as columns: the same ids (from the sequence, ascending, on
    PostgreSQL), the rows through :func:`insert_columns`."""
    if not rows.n:
        return np.empty(0, dtype=np.int64)
    callable_default = any(c.name not in rows.values and c.default is not None and not c.default.is_scalar
                           for c in table.c if c.name != "id")
    if callable_default or not uses_copy_text(conn):
        return np.array(insert_returning_ids(conn, table, rows.rows()), dtype=np.int64)
    ids = np.array(conn.execute(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n) "
                                     "ORDER BY 1"), {"t": table.name, "n": rows.n}).scalars().all(), dtype=np.int64)
    defaults = {c.name: c.default.arg for c in table.c
                if c.name not in rows.values and c.name != "id" and c.default is not None and c.default.is_scalar}
    insert_columns(conn, table, Columns({"id": ids, **defaults, **rows.values}, rows.n))
    return ids


def row_dicts(columns: dict[str, object], n: int) -> list[dict]:
    """Column arrays (or scalars) -> list of row dicts with plain Python values (NaN/NaT -> None)."""
    names, values = [], []
    for name, col in columns.items():
        names.append(name)
        if isinstance(col, np.ndarray):
            if col.dtype.kind == "f":
                obj = col.astype(object)
                obj[np.isnan(col)] = None
                values.append(obj.tolist())
            elif col.dtype.kind == "M":
                values.append(col.astype(object).tolist())  # datetime64 -> date/datetime, NaT -> None
            else:
                values.append(col.tolist())
        elif isinstance(col, list):
            values.append(col)
        else:
            values.append([col] * n)
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def choice_cum(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Row-wise categorical draw from a (n, k) probability matrix."""
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(probs))
    return np.minimum((u[:, None] > cum).sum(axis=1), probs.shape[1] - 1)


def weighted_choice(rng: np.random.Generator, weights: np.ndarray, size: int | None = None):
    """Indices into ``weights`` (one, or ``size`` of them), each drawn in proportion to its weight."""
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


def event_days(rng: np.random.Generator, per_day: np.ndarray) -> np.ndarray:
    """The day index of each event, for a Poisson number of events a day with the expected ``per_day``."""
    return np.repeat(np.arange(len(per_day)), rng.poisson(per_day))


def at_random_minute(rng: np.random.Generator, days: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """Kyiv local datetime64[m]: each day (datetime64[D]) at its hour and a random minute."""
    return days.astype("datetime64[m]") + (hours * 60 + rng.integers(0, 60, len(hours))).astype("timedelta64[m]")


def local_to_utc(local: np.ndarray) -> np.ndarray:
    """Naive Kyiv datetime64 -> naive UTC datetime64[us] (DST gaps shifted forward)."""
    idx = pd.DatetimeIndex(local).tz_localize(KYIV, ambiguous=np.zeros(len(local), dtype=bool),
                                               nonexistent="shift_forward")
    return idx.tz_convert("UTC").tz_localize(None).to_numpy().astype("datetime64[us]")


def utc_to_local_fields(utc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Naive UTC -> (Kyiv date as datetime64[D], hour, ISO weekday) — as geo.calendar_fields."""
    local = pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert(KYIV).tz_localize(None)
    d = local.to_numpy().astype("datetime64[D]")
    return d, local.hour.to_numpy(), local.day_of_week.to_numpy() + 1


def monday(days: np.ndarray) -> np.ndarray:
    """datetime64[D] -> Monday of the ISO week."""
    dow = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday -> 3
    return days - dow.astype("timedelta64[D]")


def offset_points(rng, lat, lon, sigma_m, n):
    """``n`` points scattered normally (``sigma_m`` metres) around the given centres."""
    lat = np.asarray(lat, dtype=float)
    sigma_m = np.asarray(sigma_m, dtype=float)
    dlat = rng.normal(0.0, 1.0, n) * sigma_m / 1000 / KM_PER_DEG_LAT
    dlon = rng.normal(0.0, 1.0, n) * sigma_m / 1000 / (KM_PER_DEG_LAT * np.cos(np.radians(lat)))
    return lat + dlat, np.asarray(lon, dtype=float) + dlon


def grid_cells(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(cell_row, cell_col) of each point on the domain.geo grid; None where there is no point."""
    ok = ~np.isnan(lat)
    row = np.full(len(lat), None, dtype=object)
    col = np.full(len(lat), None, dtype=object)
    row[ok] = np.floor(lat[ok] / CELL_LAT_DEG).astype(np.int64).tolist()
    col[ok] = np.floor(lon[ok] / CELL_LON_DEG).astype(np.int64).tolist()
    return row, col


def pick_key(candidates: tuple[str, ...], available: list[str]) -> str | None:
    """The first of ``candidates`` that the code list has, else None."""
    for c in candidates:
        if c in available:
            return c
    return None
