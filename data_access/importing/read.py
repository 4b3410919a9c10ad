"""Reading spreadsheet exports as sent: CSV or XLSX, every cell kept as text, no row dropped silently.

CSV in UTF-8 (with or without BOM), UTF-16 or cp1251, separated by ';', ',', tab or '|'; XLSX (first sheet).
A file beyond the caps below is refused while it is read, before it costs more than its own size
(an XLSX before it is unpacked at all).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

import pandas as pd

from data_access.importing.messages import more_than

ROW_COL = "__row"  # the row number in the file (header = row 1), kept beside the data

# What one file may hold (docs/import.md lists them; each has its refusal in [imp.err] of import.toml)
MAX_COLUMNS = 200
MAX_ROWS = 250_000  # data rows; as many blank lines again in a CSV
MAX_CELLS = 5_000_000  # data rows × columns (e.g. 250,000 × 20 or 25,000 × 200)
MAX_CELL_CHARS = 10_000
MAX_LINE_CHARS = MAX_COLUMNS * (2 * MAX_CELL_CHARS + 3)  # a longer CSV line breaks a cap, whatever it holds
MAX_XLSX_UNPACKED = 200 * 2**20  # bytes: the sum of the zip members' sizes
MAX_XLSX_RATIO = 100  # unpacked / packed size of a zip member larger than XLSX_RATIO_FROM
XLSX_RATIO_FROM = 2**20
MAX_XLSX_MEMBERS = 1_000
XLSX_LAST_ROW = 1_048_576  # the last row of a spreadsheet; a row number beyond it is a damaged file


class FileRefused(ValueError):
    """The file cannot be imported at all; ``code`` names the reason (see [imp.err] in import.toml)."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class SheetData:
    """A file's data rows as text. ``frame`` has the file's columns plus ``__row``."""

    frame: pd.DataFrame
    columns: list[str]
    encoding: str
    separator: str | None
    blank_lines: int = 0
    too_long_rows: dict[int, int] = field(default_factory=dict)  # row number -> number of cells


def decode(content: bytes) -> tuple[str, str]:
    """Text and the encoding name: BOMs first, then strict UTF-8, then cp1251."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "utf-16"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1251"), "cp1251"
    except UnicodeDecodeError as exc:
        raise FileRefused("unreadable_encoding") from exc


def _separator(text: str) -> str:
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t", "|")}
    return max(counts, key=lambda s: counts[s]) if max(counts.values()) > 0 else ","


def _unique_headers(headers: list[str]) -> list[str]:
    """Headers as written, blanks named ``column_<n>``, repeats numbered "Name (2)", "Name (3)"…
    (a number already taken by another header is skipped)."""
    names = [(h or "").strip().lstrip("\ufeff") or f"column_{i + 1}" for i, h in enumerate(headers)]
    taken = set(names)
    seen: set[str] = set()
    next_number: dict[str, int] = {}
    out: list[str] = []
    for name in names:
        unique = name
        if name in seen:
            n = next_number.get(name, 2)
            while f"{name} ({n})" in taken:
                n += 1
            unique = f"{name} ({n})"
            next_number[name] = n + 1
            taken.add(unique)
        seen.add(name)
        out.append(unique)
    return out


def _where(row: int, column: str | None = None) -> dict[str, str]:
    if column is None:
        return {"uk": f"рядок {row}", "en": f"row {row}"}
    return {"uk": f"рядок {row}, стовпець «{column}»", "en": f"row {row}, column '{column}'"}


def _trimmed(cells: list[str]) -> list[str]:
    """``cells`` without its blank cells at the end (only a row beyond the column cap is trimmed:
    trailing separators, as some exports write them, are no columns)."""
    if len(cells) <= MAX_COLUMNS:
        return cells
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


class _Caps:
    """Counts what a file holds while it is read and refuses it at the first cap it breaks."""

    def __init__(self) -> None:
        self.header: list[str] | None = None
        self.rows = 0
        self.blank = 0

    def take_header(self, cells: list[str], row: int, *, columns: int | None = None) -> list[str]:
        cells = _trimmed(cells)
        if len(cells) > MAX_COLUMNS:
            raise FileRefused("too_many_columns", columns=max(columns or 0, len(cells)), limit=MAX_COLUMNS)
        self.check_cells(cells, row, header=True)
        self.header = cells
        return cells

    def take_row(self, cells: list[str], row: int) -> list[str]:
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise FileRefused("too_many_rows", limit=MAX_ROWS)
        cells = _trimmed(cells)
        if len(cells) > MAX_COLUMNS:
            raise FileRefused("too_many_cells_in_row", row=row, cells=len(cells), limit=MAX_COLUMNS)
        width = len(self.header or ())
        if self.rows * width > MAX_CELLS:
            raise FileRefused("too_many_cells_in_file", columns=width, rows=MAX_CELLS // width, limit=MAX_CELLS)
        self.check_cells(cells, row)
        return cells

    def take_blank(self, *, capped: bool = True) -> None:
        """Count a blank line after the header; more than MAX_ROWS refuse the file when ``capped`` (a
        CSV reads each one; an XLSX sheet's missing rows cost next to nothing up to its last row)."""
        if self.header is not None:
            self.blank += 1
            if capped and self.blank > MAX_ROWS:
                raise FileRefused("too_many_blank_lines", limit=MAX_ROWS)

    def check_cells(self, cells: list[str], row: int, *, header: bool = False) -> None:
        if cells and max(map(len, cells)) > MAX_CELL_CHARS:
            i, cell = next((i, c) for i, c in enumerate(cells) if len(c) > MAX_CELL_CHARS)
            names = None if header else self.header
            column = names[i].strip() if names and i < len(names) and names[i].strip() else str(i + 1)
            raise FileRefused("cell_too_long", where=_where(row, column), length=len(cell), limit=MAX_CELL_CHARS)


def _build(rows: list[list[str]], numbers: list[int], header: list[str], *, encoding: str,
           separator: str | None, blank: int) -> SheetData:
    columns = _unique_headers(header)
    width = len(columns)
    too_long: dict[int, int] = {}
    fixed = []
    for number, cells in zip(numbers, rows, strict=True):
        if len(cells) == width:  # most rows: as they are
            fixed.append(cells)
            continue
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            too_long[number] = len(cells)
            extra = " | ".join(c for c in cells[width - 1:] if c.strip())
            cells = [*cells[: width - 1], extra]
        cells = (cells + [""] * width)[:width]
        fixed.append(cells)
    frame = pd.DataFrame(fixed, columns=columns, dtype=object) if fixed else pd.DataFrame(columns=columns)
    frame = frame.fillna("").astype(str)
    frame[ROW_COL] = numbers
    return SheetData(frame, columns, encoding, separator, blank, too_long)


def _lines(text: str) -> Iterator[str]:
    """The text's lines for the CSV reader, refusing a line too long to be within the caps before
    the reader splits it into cells (checked line by line only when one is that long)."""
    if len(text) <= MAX_LINE_CHARS or max(map(len, io.StringIO(text, newline=""))) <= MAX_LINE_CHARS:
        return io.StringIO(text, newline="")
    return _checked_lines(text)


def _checked_lines(text: str) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise FileRefused("line_too_long", row=number, length=len(line), limit=MAX_LINE_CHARS)
        yield line


def read_csv_bytes(content: bytes) -> SheetData:
    text, encoding = decode(content)
    if "\x00" in text:
        raise FileRefused("unreadable_binary")
    sep = _separator(text)
    reader = csv.reader(_lines(text), delimiter=sep)
    caps = _Caps()
    rows: list[list[str]] = []
    numbers: list[int] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not "".join(cells).strip():  # every cell blank
                caps.take_blank()
                continue
            if caps.header is None:
                width = len(caps.take_header(cells, line))
                fast_rows = min(MAX_ROWS, MAX_CELLS // width)  # this many rows of this width break no cap
                continue
            if caps.rows < fast_rows and len(cells) == width and max(map(len, cells)) <= MAX_CELL_CHARS:
                caps.rows += 1  # within every cap that take_row checks: the header's width, short cells
                rows.append(cells)
            else:
                rows.append(caps.take_row(cells, line))
            numbers.append(line)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's own cap, far above ours
            raise FileRefused("cell_too_long", where=_where(reader.line_num), length=more_than(csv.field_size_limit()),
                              limit=MAX_CELL_CHARS) from exc
        raise FileRefused("unreadable_csv", detail=str(exc)) from exc
    if caps.header is None:
        raise FileRefused("empty_file")
    return _build(rows, numbers, caps.header, encoding=encoding, separator=sep, blank=caps.blank)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_xlsx_size(content: bytes) -> None:
    """Refuse an XLSX (a zip) that would unpack to too much — in all, or far more than it packs
    to — from its directory alone, before anything is unpacked. Zip readers unpack no member beyond
    its listed size, so the listed sizes bound the work."""
    if content.count(b"PK\x01\x02") > MAX_XLSX_MEMBERS:  # a directory entry each (an upper bound)
        raise FileRefused("xlsx_too_many_parts", limit=MAX_XLSX_MEMBERS)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise FileRefused("unreadable_xlsx") from exc
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_XLSX_UNPACKED:
        raise FileRefused("xlsx_too_large", size=_mb(unpacked), limit=_mb(MAX_XLSX_UNPACKED), packed=_mb(len(content)))
    for m in members:
        if m.file_size > XLSX_RATIO_FROM and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1):
            raise FileRefused("xlsx_packed_too_tight", ratio=m.file_size // max(m.compress_size, 1),
                              limit=MAX_XLSX_RATIO, size=_mb(unpacked))


def _mb(size: int) -> float:
    return round(size / 2**20, 1)


def read_xlsx_bytes(content: bytes) -> SheetData:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx_size(content)
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FileRefused("unreadable_xlsx") from exc
    try:
        ws = wb.worksheets[0]
        if (ws.max_column or 0) > MAX_COLUMNS:  # the sheet's own dimension says it is wider than the cap
            raise FileRefused("too_many_columns", columns=ws.max_column, limit=MAX_COLUMNS)
        caps = _Caps()
        rows: list[list[str]] = []
        numbers: list[int] = []
        width, blank_tail = 0, ()
        # one column more than the cap, whatever the sheet's dimension says: a value there refuses the file
        for number, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), start=1):
            if number > XLSX_LAST_ROW:
                raise FileRefused("unreadable_xlsx")
            if values.count(None) == len(values):  # a blank row, cheaply (a sheet may list a million)
                caps.take_blank(capped=False)
                continue
            if caps.header is not None and values[width:] == blank_tail:
                cells = [_cell_text(v) for v in values[:width]]
            else:
                cells = [_cell_text(v) for v in values]
                while cells and not cells[-1].strip():
                    cells.pop()
            if not any(c.strip() for c in cells):
                caps.take_blank(capped=False)
                continue
            if caps.header is None:
                full = _row_width(ws, number) if len(cells) > MAX_COLUMNS else None
                width = len(caps.take_header(cells, number, columns=full))
                blank_tail = (None,) * (MAX_COLUMNS + 1 - width)
                continue
            if len(cells) > MAX_COLUMNS:
                raise FileRefused("too_many_cells_in_row", row=number, cells=max(len(cells), _row_width(ws, number)),
                                  limit=MAX_COLUMNS)
            rows.append(caps.take_row(cells, number))
            numbers.append(number)
    finally:
        wb.close()
    if caps.header is None:
        raise FileRefused("empty_file")
    return _build(rows, numbers, caps.header, encoding="xlsx", separator=None, blank=caps.blank)


def _row_width(ws, number: int) -> int:
    """How many cells row ``number`` of a read-only sheet has, up to its last filled one (for the message)."""
    for values in ws.iter_rows(min_row=number, max_row=number, values_only=True):
        cells = list(values)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        return len(cells)
    return 0


def read_file(content: bytes, file_name: str) -> SheetData:
    """Read a CSV or XLSX file (by its name, else by its first bytes). Raises FileRefused."""
    if not content:
        raise FileRefused("empty_file")
    name = (file_name or "").lower()
    if name.endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04":
        return read_xlsx_bytes(content)
    if name.endswith(".xls") or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRefused("old_xls")
    return read_csv_bytes(content)
