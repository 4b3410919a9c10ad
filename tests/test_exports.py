"""Exports that no spreadsheet executes: crafted cells read back through Python's csv module (with
';' and with ',' as the separator, as different spreadsheet imports do) and through openpyxl."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.review import EXPORT_COLUMNS
from reports.exports import csv_bytes, csv_text, xlsx_bytes

FORMULA = ("=", "+", "-", "@", "\t", "\r")
CRAFTED = [
    "note\r=1+1+cmd|' /C calc'!A0",  # a CR inside the cell, then a formula
    "note\n@SUM(A1:A9)",
    "x,=HYPERLINK(\"http://evil\")",  # a comma reader would split here
    "a;b\r\n+cmd",
    "=cmd|' /C calc'!A0",
    "\t=1",
    "-x",
    "-12,5",  # a negative number stays a number
    "Буча",
]


def _fields(text: str, sep: str) -> list[str]:
    return [field for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for field in row]


def _lines_start_safe(value: str) -> bool:
    """No line of the value (a reader that ignores quotes starts a row at each) begins a formula
    that can do anything (call a function, reach another program); a plain negative number may."""
    for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith(FORMULA) and re.search(r"[^\d\s.,;\"'+\-]", line):
            return False
    return True


@pytest.mark.parametrize("sep", [";", ","])
def test_csv_for_excel_never_starts_a_formula(sep):
    frame = pd.DataFrame({"=header": CRAFTED, "n": range(len(CRAFTED))})
    text = csv_bytes(frame).decode("utf-8-sig")
    for field in _fields(text, sep):
        assert _lines_start_safe(field), repr(field)
    # Read as written (';'), every cell comes back whole: nothing was split or dropped.
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == len(CRAFTED) + 1 and all(len(r) == 2 for r in rows)
    assert rows[1][0] == "note\r'=1+1+cmd|' /C calc'!A0" and rows[0][0] == "'=header"
    assert rows[-1][0] == "Буча" and rows[-2][0] == "-12,5"


def test_every_csv_field_is_quoted():
    text = csv_bytes(pd.DataFrame({"a": ["x"], "b": [1]})).decode("utf-8-sig")
    assert text.splitlines() == ['"a";"b"', '"x";"1"']


def test_machine_csv_is_quoted_and_neutralised():
    text = csv_text(["category", "note"], [["theft", "ok\n=1+1"], ["all", "-3.5"]])
    assert text.splitlines()[0] == '"category","note"'
    for sep in (",", ";"):
        for field in _fields(text, sep):
            assert _lines_start_safe(field), repr(field)
    assert list(csv.reader(io.StringIO(text)))[2] == ["all", "-3.5"]


def test_xlsx_cells_are_text_and_never_formulas():
    frame = pd.DataFrame({"Опис": CRAFTED})
    ws = load_workbook(io.BytesIO(xlsx_bytes(frame, sheet="Записи"))).active
    values = [c.value for c in ws["A"][1:]]
    assert all(c.data_type == "s" for c in ws["A"][1:])
    assert all(_lines_start_safe(v) for v in values), values
    assert values[-1] == "Буча"


def test_review_csv_keeps_its_columns(tmp_path):
    from reports.weekly_review import review_csv

    table = pd.DataFrame([{c: 0 for c in EXPORT_COLUMNS} | {"category": "theft", "flag_week": False, "flag_ytd": False,
                                                            "change_vs_previous_pct": -12.5}])
    rows = list(csv.reader(io.StringIO(review_csv(table))))
    assert tuple(rows[0]) == EXPORT_COLUMNS and rows[1][0] == "theft" and "-12.5" in rows[1]
