"""Benchmark: how long the crafted uploads of issue 14 take to be refused (or read) — budget 10 s each;
before the caps, the repeated headers and the zip bomb took 87 s each.

Run: ``.venv/bin/python benchmarks/crafted_uploads.py``. Prints one line per file with its seconds and
outcome, and exits 1 when any file takes longer than the budget. (The tests check the outcomes; the
time lives here because timed tests fail on a loaded machine.)
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_access.importing.pipeline import read_upload  # noqa: E402
from data_access.importing.read import MAX_XLSX_UNPACKED, _unique_headers  # noqa: E402
from tests.data.test_import_limits import _bomb, _xlsx  # noqa: E402  (the tests' crafted files)

BUDGET_S = 10.0


def _stray_cell() -> bytes:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(_xlsx([["external_id", "occurred_at", "category"], [1, "01.11.2026", "theft"]])))
    wb.active.cell(row=1_000_000, column=1, value=2)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> int:
    cases = {
        "4,000 repeated headers (CSV)": ((",".join(["ab"] * 4000) + "\n" + ",".join(["1"] * 4000)).encode(), "h.csv"),
        "zip bomb over the unpacked cap": (_bomb(MAX_XLSX_UNPACKED // 2**20 + 20), "bomb.xlsx"),
        "tightly packed sheet (20 MB)": (_bomb(20), "tight.xlsx"),
        "stray cell a million rows down": (_stray_cell(), "far.xlsx"),
        "endless line (30 MB, no newline)": (b"a" * 30_000_000, "line.csv"),
    }
    slow = 0
    for name, (content, file_name) in cases.items():
        started = time.perf_counter()
        upload = read_upload(content, file_name)
        seconds = time.perf_counter() - started
        outcome = upload.refused.code if upload.refused else f"read, {len(upload.sheet.frame)} rows"
        slow += seconds > BUDGET_S
        print(f"{seconds:7.2f} s  {name}: {outcome}")
    started = time.perf_counter()
    _unique_headers(["ab"] * 100_000)
    seconds = time.perf_counter() - started
    slow += seconds > BUDGET_S
    print(f"{seconds:7.2f} s  numbering 100,000 repeated headers")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
