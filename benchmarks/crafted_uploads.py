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
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_access.importing.pipeline import read_upload  # noqa: E402
from data_access.importing.read import MAX_XLSX_UNPACKED, _unique_headers  # noqa: E402

BUDGET_S = 10.0


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _bomb(unpacked_mb: int) -> bytes:
    """A real XLSX whose sheet is ``unpacked_mb`` MB of identical rows: small packed, huge unpacked."""
    template = zipfile.ZipFile(io.BytesIO(_xlsx([["external_id", "occurred_at", "category"]])))
    row = ('<row><c t="inlineStr"><is><t>1</t></is></c><c t="inlineStr"><is><t>01.11.2026</t></is></c>'
           '<c t="inlineStr"><is><t>theft</t></is></c></row>') * 1000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in template.infolist():
            data = template.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info, data)
                continue
            head, tail = data.decode().split("</sheetData>")
            with bomb.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(head.encode())
                for _ in range(unpacked_mb * 2**20 // len(row)):
                    sheet.write(row.encode())
                sheet.write(("</sheetData>" + tail).encode())
    return out.getvalue()


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
