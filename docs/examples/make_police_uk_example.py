"""Writes docs/examples/police_uk_street_2026-10.csv: one month of incidents in the exact layout of a
police.uk street-level file (https://data.police.uk/about/#columns), made in this project for the worked
example of docs/import.md — no real record. Points lie inside Бучанська громада's OSM outline
(assets/hromadas/UA32080070000050759/boundaries.geojson); a few are outside it or have no location,
anti-social behaviour rows have no Crime ID (as in police.uk), two of them identical.

Run from the repository root: PYTHONPATH=. .venv/bin/python docs/examples/make_police_uk_example.py
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from pathlib import Path

from domain.polygons import within

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
OUTLINE = ROOT / "assets" / "hromadas" / "UA32080070000050759" / "boundaries.geojson"
HEADERS = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
           "LSOA name", "Crime type", "Last outcome category", "Context")
# (LSOA name in the example, centre lat, lon, spread in degrees, share of rows)
AREAS = (("Bucha 001A", 50.5515, 30.2114, 0.012, 0.55), ("Bucha 001B", 50.5440, 30.2260, 0.008, 0.15),
         ("Vorzel 001A", 50.5425, 30.1490, 0.008, 0.18), ("Blystavytsia 001A", 50.6006, 30.1822, 0.006, 0.12))
CRIME_TYPES = (("Anti-social behaviour", 0.22), ("Bicycle theft", 0.03), ("Burglary", 0.07),
               ("Criminal damage and arson", 0.08), ("Drugs", 0.04), ("Other crime", 0.03), ("Other theft", 0.09),
               ("Possession of weapons", 0.01), ("Public order", 0.07), ("Robbery", 0.02), ("Shoplifting", 0.07),
               ("Theft from the person", 0.02), ("Vehicle crime", 0.07), ("Violence and sexual offences", 0.18))
OUTCOMES = ("Under investigation", "Investigation complete; no suspect identified", "Unable to prosecute suspect",
            "Awaiting court outcome", "Status update unavailable")
STREETS = ("On or near Vokzalna Street", "On or near Yablunska Street", "On or near Parking Area",
           "On or near Supermarket", "On or near Sports/Recreation Area", "On or near Shopping Area")
ROWS = 640
OUTSIDE = 6  # points in Kyiv city: outside the hromada, rejected with the reason
NO_LOCATION = 8  # "No Location" rows: kept, placed by their LSOA name only


def rows(month: str = "2026-10", seed: int = 2026) -> list[list[str]]:
    rng = random.Random(seed)
    outline = next(f["geometry"] for f in json.loads(OUTLINE.read_text(encoding="utf-8"))["features"]
                   if f["properties"]["level"] == "hromada")
    out = []
    for i in range(ROWS):
        name, lat0, lon0, spread, _ = rng.choices(AREAS, weights=[a[4] for a in AREAS])[0]
        while True:
            lat, lon = lat0 + rng.uniform(-spread, spread), lon0 + rng.uniform(-spread, spread) * 1.5
            if within(outline, lat, lon):
                break
        crime = rng.choices([c for c, _ in CRIME_TYPES], weights=[w for _, w in CRIME_TYPES])[0]
        asb = crime == "Anti-social behaviour"
        crime_id = "" if asb else hashlib.sha256(f"{month}-{i}".encode()).hexdigest()
        location = rng.choice(STREETS)
        if i < OUTSIDE:
            lat, lon = 50.4501 + i * 0.001, 30.5234
        elif i < OUTSIDE + NO_LOCATION:
            lat = lon = None
            location = "No Location"
        out.append([crime_id, month, "Example Police (made for the docs)", "Example Police (made for the docs)",
                    "" if lon is None else f"{lon:.6f}", "" if lat is None else f"{lat:.6f}", location,
                    f"E0100{AREAS.index(next(a for a in AREAS if a[0] == name)) + 1:04d}", name, crime,
                    "" if asb else rng.choice(OUTCOMES), ""])
    asb_rows = [r for r in out if r[0] == ""]
    out.append(list(asb_rows[-1]))  # an identical anti-social behaviour report: both are kept
    return out


def write(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        w.writerows(rows())


if __name__ == "__main__":
    write(HERE / "police_uk_street_2026-10.csv")
