"""Spreadsheet-safe table exports (CSV for Ukrainian Excel, XLSX, plain CSV for scheduled jobs):
the one implementation every page, report and CLI writes tables with.

Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula. Every text cell and header is
neutralised — a leading apostrophe at the start of the cell and at the start of every line inside
it (after a CR or LF: a reader that does not honour quotes would start a new row there) — and
every CSV field is quoted, so neither a newline nor a separator inside a cell splits it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LINE_FORMULA = re.compile(r"([\r\n])(?=[=+\-@\t])")
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:\.\d+)?")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise_formula(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets an apostrophe: at its start (when it
    starts with = + - @, tab or CR) and after every CR/LF inside it that a formula character
    follows. Negative numbers written as text, such as -12,5 or -1 234, stay as they are.
    Anything that is not text is returned unchanged."""
    if not isinstance(value, str):
        return value
    text = _LINE_FORMULA.sub(r"\1'", value)
    if not text.startswith(FORMULA_START):
        return text
    plain = text.replace(",", ".").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if _NEGATIVE_NUMBER.fullmatch(plain):
        return text
    return "'" + text


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.map(neutralise_formula)
    safe.columns = [neutralise_formula(str(c)) for c in frame.columns]
    return safe


def csv_bytes(frame: pd.DataFrame, *, sep: str = ";") -> bytes:
    """The table as CSV for Ukrainian Excel: UTF-8 with BOM, ';' between cells, every field
    quoted, no index, every text cell and header neutralised against formulas."""
    return _neutralised(frame).to_csv(index=False, sep=sep, quoting=csv.QUOTE_ALL).encode("utf-8-sig")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Plain CSV for machines (scheduled jobs): ',' between cells, every field quoted, '\\n' line
    ends, text neutralised against formulas like every other export."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([neutralise_formula(str(h)) for h in header])
    writer.writerows([neutralise_formula(v) for v in row] for row in rows)
    return buf.getvalue()


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
