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
