"""A small police.uk-shaped street-level file made here for the import tests (issue 18): the 12 columns
of police.uk's street-level CSVs, Bucha coordinates, settlement names in `LSOA name`, anti-social
behaviour rows without a Crime ID (two of them identical), and the profile that maps it.

`Month` holds a day ("2026-10-03") rather than police.uk's "2026-10": month precision is another
part of the issue; these files test mapping, not dates."""

from __future__ import annotations

import csv
import io

from tests.factories import BUCHA_CITY

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]
ASB = ["", "2026-10-05", "Bucha Police", "Kyiv Oblast", "30.2190", "50.5480", "On or near Vokzalna Street", "B01",
       "Буча", "Anti-social behaviour", "", ""]
ROWS = [
    ["c-1", "2026-10-03", "Bucha Police", "Kyiv Oblast", "30.2170", "50.5490", "On or near Vokzalna Street", "B01",
     "Буча", "Other theft", "Under investigation", ""],
    ["c-2", "2026-10-04", "Bucha Police", "Kyiv Oblast", "30.1500", "50.5470", "On or near Lisna Street", "B02",
     "Ворзель", "Violence and sexual offences", "Status update unavailable", ""],
    ASB,
    ASB,  # the same row twice: two reports police.uk cannot tell apart
    ["c-3", "2026-10-06", "Bucha Police", "Kyiv Oblast", "30.2150", "50.5500", "On or near Yablunska Street", "B01",
     "Bucha", "Vehicle crime", "Investigation complete; no suspect identified", ""],
]
COLUMNS = {"Crime ID": "external_id", "Month": "occurred_at", "Longitude": "lon", "Latitude": "lat",
           "LSOA name": "settlement", "Crime type": "category", "Last outcome category": "status"}
VALUES = {
    "category": {"Other theft": "theft", "Violence and sexual offences": "other", "Anti-social behaviour": "public_order",
                 "Vehicle crime": "vehicle_theft"},
    "status": {"Under investigation": "under_investigation", "Status update unavailable": "other",
               "Investigation complete; no suspect identified": "closed"},
    "settlement": {"Bucha": BUCHA_CITY},
}
PROFILE = {"columns": COLUMNS, "values": VALUES, "options": {"generate_ids": True}}


def police_csv(rows: list[list[str]] = ROWS) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")
