"""The request import's legal fields: every type's clock stored as the law counts it, and rows the law does
not allow rejected with a reason in Ukrainian and English and counted — never a traceback."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from data_access import schema
from data_access.importing.log import rejected_rows
from data_access.importing.pipeline import import_file
from domain.roles import Role

NOW = datetime(2026, 11, 20, 12, 0)
HEADER = ("external_id,received_at,channel,type,topic,settlement,answered_at,needs_study,deadline_days,"
          "extended_due_date,urgent,sent_by_competence_at,sent_to,erdr_registered_at,outcome,privileged")
ROWS = [
    # good: one month (1 Nov), extended to 10 Nov (within 45 days: 15 Nov)
    "R-1,2026-10-01 10:00,written,complaint,street_lighting,Буча,2026-10-20,так,,2026-11-10,,,,,explained,так",
    # bad: the extension (10 Oct) is earlier than the ordinary 15-day due date (16 Oct)
    "R-2,2026-10-01 10:00,written,complaint,street_lighting,Буча,,ні,,2026-10-10,,,,,,",
    "R-3,2026-10-01 10:00,written,statement,street_lighting,Буча,,,0,,,,,,,",  # bad: 0 days
    "R-4,2026-10-01 10:00,written,statement,street_lighting,Буча,,,60,,,,,,,",  # bad: 60 days
    # bad: entered into ЄРДР before it was received
    "R-5,2026-11-10 10:00,hotline,crime_report,fraud,Буча,,,,,,,,2026-11-09 09:00,,",
    "R-6,2026-11-10 22:00,hotline,crime_report,fraud,Буча,,,,,,,,2026-11-11 08:00,,",  # good: 24 hours
    "R-7,2026-11-12 09:30,email,public_information,other,Буча,,,,,так,,,,,",  # good: urgent, 48 hours
    # good: extension in the future (9 Dec) within 20 working days (16 Dec)
    "R-8,2026-11-18 11:00,email,public_information,other,Буча,,,,2026-12-09,,,,,,",
    # bad: 16 Nov is beyond 45 days from 1 Oct
    "R-9,2026-10-01 10:00,written,complaint,street_lighting,Буча,,так,,2026-11-16,,,,,,",
    # bad: a crime report is not sent on to another body
    "R-10,2026-11-10 10:00,hotline,crime_report,fraud,Буча,,,,,,2026-11-11 10:00,Поліція,,,",
    # good: sent to the competent body on day 3
    "R-11,2026-11-02 10:00,written,statement,utilities_housing,Буча,,,,,,2026-11-05 15:00,Бучанська міська рада,,,",
    # good: an explicit shorter term of 5 days
    "R-12,2026-11-02 10:00,written,statement,utilities_housing,Буча,,,5,,,,,,,",
]


def _import(engine):
    content = ("\n".join([HEADER, *ROWS]) + "\n").encode("utf-8")
    return import_file(engine, role=Role.PROSECUTOR, kind="requests", content=content, file_name="terms.csv",
                       source="test", now=NOW)


def test_rows_the_law_does_not_allow_are_rejected_with_reasons(engine):
    result = _import(engine)
    assert (result.imported, result.rejected) == (6, 6)
    uk = rejected_rows(engine, batch_id=result.batch_id, role=Role.PROSECUTOR, lang="uk")
    en = rejected_rows(engine, batch_id=result.batch_id, role=Role.PROSECUTOR, lang="en")
    reasons = dict(zip(uk["external_id"], uk["problems"], strict=True))
    reasons_en = dict(zip(en["external_id"], en["problems"], strict=True))
    assert set(reasons) == {"R-2", "R-3", "R-4", "R-5", "R-9", "R-10"}
    assert "раніший за звичайний строк 2026-10-16" in reasons["R-2"]
    assert "earlier than the ordinary due date 2026-10-16" in reasons_en["R-2"]
    assert "від 1 до 45" in reasons["R-3"] and "«0»" in reasons["R-3"]
    assert "1 to 45 calendar days" in reasons_en["R-4"] and "'60'" in reasons_en["R-4"]
    assert "erdr_registered_at" in reasons["R-5"] and "дата раніша, ніж received_at" in reasons["R-5"]
    assert "2026-11-15" in reasons["R-9"] and "later than the limit 2026-11-15" in reasons_en["R-9"]
    assert "ЄРДР" in reasons["R-10"] and "not sent on" in reasons_en["R-10"]


def test_each_type_is_stored_with_its_own_clock(engine):
    _import(engine)
    r = schema.resident_request
    with engine.connect() as conn:
        got = {row.external_id: row for row in conn.execute(select(r))}
    assert got["R-1"].due_date == date(2026, 11, 10) and got["R-1"].needs_study is True
    assert got["R-1"].outcome == "explained" and got["R-1"].privileged is True
    assert got["R-6"].due_at == datetime(2026, 11, 11, 20, 0)  # 22:00 Kyiv + 24 h = 20:00 UTC next day
    assert got["R-6"].erdr_registered_at == datetime(2026, 11, 11, 6, 0)
    assert got["R-7"].due_at == datetime(2026, 11, 14, 7, 30) and got["R-7"].urgent is True
    assert got["R-8"].due_date == date(2026, 12, 9)
    assert got["R-11"].sent_to == "Бучанська міська рада" and got["R-11"].due_date == date(2026, 12, 2)
    assert got["R-12"].due_date == date(2026, 11, 7) and got["R-12"].deadline_days == 5
