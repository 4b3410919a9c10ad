"""A page with only the map components, on made-up data (browser test of maps and clicks).

Run by the ``map_app_url`` fixture from a temporary folder, with the repository on PYTHONPATH.
"""

import numpy as np
import pandas as pd
import streamlit as st

from components.map_view import clear_clicked, show_map
from display.maps import activity_map, community_map
from domain.geo import cell_center, cell_of
from tests.samples import map_settlements

lang = st.query_params.get("lang", "uk")
# spread out so that each circle can be hovered clear of the cells
settlements = map_settlements().assign(lat=[50.5438, 50.5900, 50.4900, 50.5460], lon=[30.2131, 30.0800, 30.3000, 30.1530])
r0, c0 = cell_of(50.50, 30.05)
idx = np.arange(400)
cells = pd.DataFrame({"cell_row": r0 + idx // 20, "cell_col": c0 + idx % 20, "count": (idx % 13) + 1})
centres = [cell_center(r, c) for r, c in zip(cells.cell_row, cells.cell_col, strict=True)]
heat = pd.DataFrame({"lat": [a for a, _ in centres], "lon": [b for _, b in centres], "weight": cells["count"]})

st.title("Map components")
if st.query_params.get("kind") == "outline":  # Bucha's shipped OSM boundaries
    from data_access.reference import boundaries
    from tests.samples import BUCHA_CODE, bucha_settlements

    m = community_map(lang=lang, settlements=bucha_settlements(), value_label="Правопорушення",
                      boundaries=boundaries(BUCHA_CODE))
elif st.query_params.get("kind") == "activity":
    activities = pd.DataFrame({"lat": settlements.lat + 0.01, "lon": settlements.lon, "label": settlements.name,
                               "kind_label": ["Зустріч з мешканцями", "Лекція у школі"] * 2})
    m = activity_map(lang=lang, activities=activities, settlements=settlements)
else:
    m = community_map(lang=lang, settlements=settlements, value_label="Правопорушення" if lang == "uk" else "Offences",
                      cells=cells, heat=heat)
code = show_map(m, key="test-map", height=560)
st.markdown(f"clicked: `{code}`")
if code and st.button("clear"):
    clear_clicked("test-map")
    st.rerun()
