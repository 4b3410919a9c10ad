"""Small made-up frames shared by the map tests (component tests and the browser's map_app.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def map_settlements() -> pd.DataFrame:
    """Four settlements as the map builders take them, two with HTML in their names (must stay text)."""
    return pd.DataFrame({
        "code": ["UA32080030010065311", "UA32080030020031426", "UA32080030030087012", "UA32080030040063567"],
        "name": ["Буча", SCRIPT, IMG, "Ворзель"],
        "lat": [50.5438, 50.5700, 50.5200, 50.5460],
        "lon": [30.2131, 30.1300, 30.2500, 30.1530],
        "population": [37000, 1200, 800, 6000],
        "count": [120, 3, 14, 30],
        "rate": [32.43, 25.0, 175.0, np.nan],
        "change_pct": [0.25, np.nan, -0.1, 0.0],
        "display_count": ["120", "< 5", "14", "30"],
    })


BUCHA_CODE = "UA32080070000050759"


def bucha_settlements() -> pd.DataFrame:
    """Bucha hromada's 14 settlements from assets (code, name, lat, lon, population) with made-up
    counts and rates, for maps drawn over the shipped boundaries."""
    from data_access.reference import HROMADAS_DIR

    s = pd.read_csv(HROMADAS_DIR / BUCHA_CODE / "settlements.csv", dtype=str, keep_default_na=False)
    n = len(s)
    return pd.DataFrame({
        "code": s["code"], "name": s["name_uk"],
        "lat": pd.to_numeric(s["lat"]), "lon": pd.to_numeric(s["lon"]),
        "population": pd.to_numeric(s["population"]),
        "count": np.arange(n) + 5, "rate": np.linspace(10, 60, n), "change_pct": 0.1,
        "value": np.linspace(0.2, 0.8, n), "low": 0.1, "high": 0.9, "n_text": "40", "note": "",
    })
