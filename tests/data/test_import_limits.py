"""Files that would stop the server are refused while they are read, each with a message that names the
cap and what the file had (issue 14): 4,000 repeated headers, zip bombs, too many rows, an over-long
cell, an endless line. Each is refused while it is read (a zip bomb before it is unpacked); the caps
leave ordinary files alone. How long each takes is measured by the benchmark script
(benchmarks/crafted_uploads.py), not here: timed tests fail on a loaded machine."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import func, select

from data_access import schema
from data_access.importing.pipeline import import_file, read_upload
from data_access.importing.read import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_UNPACKED,
    _unique_headers,
)
from domain.roles import Role

NBSP = "\u00a0"  # Ukrainian thousands separator


def _import(engine, name: str, content: bytes):
    result = import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=content, file_name=name,
                         source="test")
    return result


def _refused(engine, name: str, content: bytes, code: str):
    """Import ``content``: refused with ``code``, nothing stored; returns the refusal."""
    result = _import(engine, name, content)
    assert result.refused is not None and result.refused.code == code, result.summary()
    assert result.exit_code == 2
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.import_batch)).scalar_one() == 0
    return result.refused


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _bomb(unpacked_mb: int) -> bytes:
    """A real XLSX whose sheet is ``unpacked_mb`` MB of identical rows: small on disk, huge unpacked."""
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
                chunk = row.encode()
                for _ in range(unpacked_mb * 2**20 // len(chunk)):
                    sheet.write(chunk)
                sheet.write(f"</sheetData>{tail}".encode())
    return out.getvalue()


@pytest.fixture(scope="module")
def size_bomb() -> bytes:
    return _bomb(MAX_XLSX_UNPACKED // 2**20 + 20)


@pytest.fixture
def never_unpacked(monkeypatch):
    """openpyxl must not even open the workbook."""
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("the XLSX was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_four_thousand_repeated_headers_are_refused_at_once(engine):
    content = (",".join(["ab"] * 4000) + "\n" + ",".join(["1"] * 4000) + "\n").encode()
    assert 15_000 < len(content) < 25_000
    refusal = _refused(engine, "headers.csv", content, "too_many_columns")
    assert refusal.message_uk == (f"у файлі 4{NBSP}000 стовпців, а можна щонайбільше 200. "
                                  "Залиште у файлі лише потрібні стовпці.")
    assert refusal.message_en.startswith("the file has 4,000 columns; at most 200 are accepted.")


def test_repeated_headers_are_numbered_in_linear_time():
    names = _unique_headers(["ab"] * 100_000 + ["ab (3)", "", " "])  # the old cubic loop: 4,000 took 87 s
    assert names[:4] == ["ab", "ab (2)", "ab (4)", "ab (5)"]  # "ab (3)" is a header of its own
    assert names[-3:] == ["ab (3)", "column_100002", "column_100003"]
    assert len(set(names)) == len(names)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(engine, size_bomb, never_unpacked):
    assert len(size_bomb) < 2 * 2**20  # about 1 MB on disk, 220 MB unpacked
    refusal = _refused(engine, "bomb.xlsx", size_bomb, "xlsx_too_large")
    assert re.search(r"займав би 2[12]\d(,\d)? МБ \(стиснутий — \d,\d МБ\), а можна щонайбільше 200 МБ",
                     refusal.message_uk), refusal.message_uk
    assert re.search(r"would take 2[12]\d(\.\d)? MB \(packed: \d\.\d MB\); at most 200 MB", refusal.message_en)


def test_a_tightly_packed_sheet_is_refused_as_a_zip_bomb(engine, never_unpacked):
    content = _bomb(20)  # under the size cap, but packed a thousand times tighter than a table
    refusal = _refused(engine, "tight.xlsx", content, "xlsx_packed_too_tight")
    assert "«zip-бомба»" in refusal.message_uk and "ordinary spreadsheets stay under 100 times" in refusal.message_en


def test_a_zip_of_many_parts_is_refused_before_it_is_unpacked(engine, never_unpacked):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as many:
        for i in range(1_200):
            many.writestr(f"xl/part{i}.xml", b"")
    refusal = _refused(engine, "parts.xlsx", buf.getvalue(), "xlsx_too_many_parts")
    assert f"понад 1{NBSP}000 частин" in refusal.message_uk


def test_too_many_rows_are_refused_without_reading_them_all(engine):
    lines = ["external_id;occurred_at;category", *(f"R{i};01.11.2026;theft" for i in range(MAX_ROWS + 1))]
    refusal = _refused(engine, "rows.csv", "\n".join(lines).encode(), "too_many_rows")
    assert f"понад 250{NBSP}000 рядків даних" in refusal.message_uk
    assert "more than 250,000 data rows; at most 250,000" in refusal.message_en


def test_too_many_cells_are_refused(engine):
    rows = MAX_CELLS // MAX_COLUMNS + 1
    header = ",".join(["external_id", "occurred_at", "category", *(f"c{i}" for i in range(MAX_COLUMNS - 3))])
    body = "\n".join(f"{i},01.11.2026,theft" + ",1" * (MAX_COLUMNS - 3) for i in range(rows))
    refusal = _refused(engine, "wide.csv", f"{header}\n{body}\n".encode(), "too_many_cells_in_file")
    assert f"коли стовпців 200, можна імпортувати щонайбільше 25{NBSP}000 рядків" in refusal.message_uk
    assert "5,000,000 cells in all" in refusal.message_en


def test_too_many_blank_lines_are_refused(engine):
    content = b"external_id;occurred_at;category\n1;01.11.2026;theft\n" + b";;\n" * (MAX_ROWS + 1)
    refusal = _refused(engine, "blank.csv", content, "too_many_blank_lines")
    assert "порожніх рядків" in refusal.message_uk


@pytest.mark.parametrize("length", [MAX_CELL_CHARS + 1, 200_000])
def test_an_over_long_cell_is_refused_naming_row_and_column(engine, length):
    content = ("external_id;occurred_at;category;Фабула\n1;01.11.2026;theft;коротко\n"
               f"2;01.11.2026;theft;{'я' * length}\n").encode()
    refusal = _refused(engine, "long.csv", content, "cell_too_long")
    if length == MAX_CELL_CHARS + 1:
        assert refusal.message_uk == (f"клітинка (рядок 3, стовпець «Фабула») містить 10{NBSP}001 символів, "
                                      f"а можна щонайбільше 10{NBSP}000. Скоротіть текст у ній.")
        assert refusal.message_en.startswith("a cell (row 3, column 'Фабула') holds 10,001 characters; at most 10,000")
    else:  # beyond the csv module's own field limit: the length is only known to be larger
        assert "(рядок 3) містить понад 131" in refusal.message_uk and "more than 131,072 characters" in refusal.message_en


def test_an_over_long_cell_in_an_xlsx_is_refused(engine):
    content = _xlsx([["external_id", "occurred_at", "category", "description"],
                     [1, "01.11.2026", "theft", "x" * (MAX_CELL_CHARS + 5)]])
    refusal = _refused(engine, "long.xlsx", content, "cell_too_long")
    assert "рядок 2, стовпець «description»" in refusal.message_uk


def test_an_endless_line_is_refused_before_it_is_split_into_cells(engine):
    content = b"external_id,occurred_at,category\n1,01.11.2026,theft" + b"," * 5_000_000 + b"\n"
    refusal = _refused(engine, "commas.csv", content, "line_too_long")
    assert "рядок 2 файлу має 5" in refusal.message_uk


def test_a_sheet_declaring_sixteen_thousand_columns_is_refused(engine):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["external_id", "occurred_at", "category"])
    wb.active.append([1, "01.11.2026", "theft"])
    wb.active.cell(row=1_048_576, column=16_384, value="x")  # the sheet now spans A1:XFD1048576
    buf = io.BytesIO()
    wb.save(buf)
    refusal = _refused(engine, "wide.xlsx", buf.getvalue(), "too_many_columns")
    assert f"у файлі 16{NBSP}384 стовпців" in refusal.message_uk


def test_a_stray_cell_a_million_rows_down_is_read_as_two_rows():
    content = _xlsx([["external_id", "occurred_at", "category"], [1, "01.11.2026", "theft"]])
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    wb.active.cell(row=1_000_000, column=1, value=2)
    buf = io.BytesIO()
    wb.save(buf)
    upload = read_upload(buf.getvalue(), "far.xlsx")
    assert upload.refused is None
    assert upload.sheet.frame["external_id"].tolist() == ["1", "2"]
    assert upload.sheet.frame["__row"].tolist() == [2, 1_000_000]


def test_files_at_the_caps_are_read_as_before():
    header = ["external_id", "occurred_at", "category", *(f"c{i}" for i in range(MAX_COLUMNS - 3))]
    row = ["1", "01.11.2026", "theft", *(["x" * MAX_CELL_CHARS] + ["1"] * (MAX_COLUMNS - 4))]
    trailing = ";" * 300  # separators some exports add after the last column: no columns
    content = f"{';'.join(header)}{trailing}\n{';'.join(row)}{trailing}\n".encode()
    upload = read_upload(content, "caps.csv")
    assert upload.refused is None
    assert len(upload.sheet.columns) == MAX_COLUMNS and upload.sheet.too_long_rows == {}
    assert upload.sheet.frame["c0"].iloc[0] == "x" * MAX_CELL_CHARS
    xlsx = read_upload(_xlsx([header, row]), "caps.xlsx")
    assert xlsx.refused is None and xlsx.sheet.columns == header


def test_a_row_wider_than_its_header_is_still_kept_with_its_reason(engine):
    content = b"external_id,occurred_at,category\n1,01.11.2026,theft,extra\n2,01.11.2026,theft\n"
    result = _import(engine, "extra.csv", content)
    assert (result.imported, result.rejected) == (1, 1)
