"""Reading spreadsheet exports as sent: CSV or XLSX, every cell kept as text, no row dropped silently.

CSV in UTF-8 (with or without BOM), UTF-16 or cp1251, separated by ';', ',', tab or '|'; XLSX (first sheet).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

import pandas as pd

ROW_COL = "__row"  # the row number in the file (header = row 1), kept beside the data
PHONE = re.compile(r"^\+?(?:38)?0\d{9}$")
TAX_NUMBER = re.compile(r"^\d{10}$")
PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?38\s?)?\(?0\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)")
TAX_IN_TEXT = re.compile(r"(?<!\d)\d{10}(?!\d)")
MASK = "[…]"


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
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t", "|")}
    return max(counts, key=lambda s: counts[s]) if max(counts.values()) > 0 else ","


def _unique_headers(headers: list[str]) -> list[str]:
    out: list[str] = []
    for i, h in enumerate(headers):
        h = (h or "").strip().lstrip("\ufeff") or f"column_{i + 1}"
        name, n = h, 2
        while name in out:
            name, n = f"{h} ({n})", n + 1
        out.append(name)
    return out


def _build(rows: list[list[str]], numbers: list[int], header: list[str], *, encoding: str,
           separator: str | None, blank: int) -> SheetData:
    columns = _unique_headers(header)
    width = len(columns)
    too_long: dict[int, int] = {}
    fixed = []
    for number, cells in zip(numbers, rows, strict=True):
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


def read_csv_bytes(content: bytes) -> SheetData:
    text, encoding = decode(content)
    if "\x00" in text:
        raise FileRefused("unreadable_binary")
    sep = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    blank = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                if header is not None:
                    blank += 1
                continue
            if header is None:
                header = cells
                continue
            rows.append(cells)
            numbers.append(line)
    except csv.Error as exc:
        raise FileRefused("unreadable_csv", detail=str(exc)) from exc
    if header is None:
        raise FileRefused("empty_file")
    return _build(rows, numbers, header, encoding=encoding, separator=sep, blank=blank)


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


def read_xlsx_bytes(content: bytes) -> SheetData:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FileRefused("unreadable_xlsx") from exc
    ws = wb.worksheets[0]
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    blank = 0
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if not any(c.strip() for c in cells):
            if header is not None:
                blank += 1
            continue
        if header is None:
            while cells and not cells[-1].strip():
                cells.pop()
            header = cells
            continue
        rows.append(cells)
        numbers.append(number)
    wb.close()
    if header is None:
        raise FileRefused("empty_file")
    return _build(rows, numbers, header, encoding="xlsx", separator=None, blank=blank)


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


def looks_personal(values: pd.Series) -> bool:
    """True when most filled cells of a column are phone numbers or 10-digit tax numbers."""
    filled = values[values.str.strip() != ""]
    if filled.empty:
        return False
    sample = filled.head(500).str.replace(r"[\s()\-]", "", regex=True)
    hits = sample.str.match(PHONE) | sample.str.match(TAX_NUMBER)
    return bool(hits.mean() >= 0.5)


def mask_personal_text(values: pd.Series) -> tuple[pd.Series, int]:
    """Phone and tax numbers inside free text replaced by "[…]"; returns the text and cells changed."""
    masked = values.str.replace(PHONE_IN_TEXT, MASK, regex=True).str.replace(TAX_IN_TEXT, MASK, regex=True)
    return masked, int((masked != values).sum())
