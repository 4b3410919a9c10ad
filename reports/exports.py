"""Spreadsheet-safe table exports (CSV for Ukrainian Excel, XLSX): the one implementation pages and reports use."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:\.\d+)?")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise_formula(value: object) -> object:
    """Text that a spreadsheet would run as a formula (starts with = + - @, tab or CR) gets a
    leading apostrophe; negative numbers written as text, such as -12,5 or -1 234, stay as they
    are. Anything that is not text is returned unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    plain = value.replace(",", ".").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if _NEGATIVE_NUMBER.fullmatch(plain):
        return value
    return "'" + value


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.map(neutralise_formula)
    safe.columns = [neutralise_formula(str(c)) for c in frame.columns]
    return safe


def csv_bytes(frame: pd.DataFrame, *, sep: str = ";") -> bytes:
    """The table as CSV for Ukrainian Excel: UTF-8 with BOM, ';' between cells, no index, every
    text cell and header neutralised against formulas."""
    return _neutralised(frame).to_csv(index=False, sep=sep, quoting=csv.QUOTE_MINIMAL).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, *, sheet: str) -> bytes:
    """The table as an XLSX workbook (openpyxl) with one sheet named ``sheet`` (cut to Excel's 31
    characters, characters Excel forbids replaced), text cells and headers neutralised against
    formulas, columns as wide as their content (10 to 60 characters)."""
    name = _SHEET_FORBIDDEN.sub("_", sheet)[:31] or "Sheet1"
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        _neutralised(frame).to_excel(writer, sheet_name=name, index=False)
        ws = writer.sheets[name]
        for column in ws.columns:
            width = max(len(str(c.value if c.value is not None else "")) for c in column)
            ws.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 60)
    return buf.getvalue()
