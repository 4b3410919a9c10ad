"""Demo incidents: drawn day by day from the category rates, with the lighting and hot-spot stories."""

from __future__ import annotations

import numpy as np

from data_access.demo.frame import (
    DEMO,
    HOUR_PROFILES,
    Columns,
    Frame,
    Reference,
    at_random_minute,
    choice_cum,
    grid_cells,
    local_to_utc,
    monday,
    offset_points,
    pick_key,
    utc_to_local_fields,
    weighted_choice,
)
from data_access.demo.hromadas import Place
from data_access.demo.incident_rates import (
    ARTICLE_WEIGHTS,
    DESCRIPTIONS,
    HOUR_PROFILE_OF,
    LIGHTING_AFFECTED,
    MINORS_SHARE,
    NO_OFFENCE_SEVERITIES,
    NO_POINT_SHARE,
    SEVERITY_WEIGHTS,
    STREET,
    category_lambda,
)


def _one_row_per_incident(categories: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A (categories, days) matrix of counts -> the category and the day index of each incident."""
    per_cell = counts.ravel()
    return (np.repeat(np.repeat(categories, counts.shape[1]), per_cell),
            np.repeat(np.tile(np.arange(counts.shape[1]), len(categories)), per_cell))


def _by_category(cat_idx: np.ndarray, keys: list[str]):
    """(category index, key, row indices) of every category that has incidents, in category order."""
    for c, key in enumerate(keys):
        rows = np.flatnonzero(cat_idx == c)
        if len(rows):
            yield c, key, rows


def incident_rows(rng: np.random.Generator, place: Place, ref: Reference, frame: Frame, batch_id: int) -> Columns:
    """The incidents of one hromada over the frame, as rows for the incident table (oldest first)."""
    cats = ref.categories
    keys = cats["key"].tolist()
    groups = cats["group"].tolist()
    per10k = place.population / 10000
    st = place.settlements
    pop = st["population"].to_numpy(float)
    set_w = pop * rng.lognormal(0, 0.2, len(st))

    lam = np.stack([category_lambda(k, g, frame, per10k) for k, g in zip(keys, groups, strict=True)])
    counts = rng.poisson(lam)  # (categories, days)
    cat_idx, day_idx = _one_row_per_incident(np.arange(len(keys)), counts)
    n = len(cat_idx)
    settle = weighted_choice(rng, set_w, n)
    lighting_extra = np.zeros(n, dtype=bool)

    # the lighting story: extra evening street crime in one settlement until lighting is installed
    if place.lighting_settlement is not None:
        ls = place.lighting_settlement
        affected = [keys.index(k) for k in LIGHTING_AFFECTED if k in keys]
        lam_x = np.stack([category_lambda(keys[c], "community", frame, pop[ls] / 10000) for c in affected])
        lam_x *= 1.5 * 0.6 * (frame.days < np.datetime64(frame.lighting_date))  # 0.6 = evening share
        xc, xd = _one_row_per_incident(np.array(affected, dtype=int), rng.poisson(lam_x))
        cat_idx = np.concatenate([cat_idx, xc])
        day_idx = np.concatenate([day_idx, xd])
        settle = np.concatenate([settle, np.full(len(xc), ls)])
        lighting_extra = np.concatenate([lighting_extra, np.ones(len(xc), dtype=bool)])
        n = len(cat_idx)

    # hours
    hours = np.zeros(n, dtype=int)
    for _c, key, m in _by_category(cat_idx, keys):
        prof = np.array(HOUR_PROFILES[HOUR_PROFILE_OF.get(key, "day")], dtype=float)
        if key != "domestic_violence":
            prof[0:5] *= 0.5  # curfew
        hours[m] = weighted_choice(rng, prof, len(m))
    # evening hours in and around the lighting story: 19:00–02:59 for the extra stream; the
    # base stream of the same categories in that settlement is left as drawn.
    if lighting_extra.any():
        evening = np.array([19, 20, 21, 22, 23, 0, 1, 2])
        hours[lighting_extra] = rng.choice(evening, size=int(lighting_extra.sum()),
                                           p=np.array([2, 2.5, 2.5, 2, 1.5, 1, 0.7, 0.5]) / 12.7)
    occurred = local_to_utc(at_random_minute(rng, frame.days[day_idx], hours))
    order = np.argsort(occurred, kind="stable")
    cat_idx, settle, occurred, lighting_extra = cat_idx[order], settle[order], occurred[order], lighting_extra[order]
    occ_date, occ_hour, occ_dow = utc_to_local_fields(occurred)
    cat_keys = np.array(keys, dtype=object)[cat_idx]
    group_arr = np.array(groups, dtype=object)[cat_idx]

    # reporting delay
    u = rng.random(n)
    fraud = cat_keys == "fraud"
    short_p = np.where(fraud, 0.5, np.where(cat_keys == "explosive_objects", 0.97, 0.72))
    week_p = np.where(fraud, 0.35, 0.20)
    delay_h = np.where(u < short_p, rng.exponential(1.5, n),
                       np.where(u < short_p + week_p, rng.uniform(12, 168, n), rng.uniform(168, 1080, n)))
    reported = occurred + (delay_h * 3600e6).astype("timedelta64[us]")
    late = reported >= frame.cutoff_utc
    if late.any():
        span = (frame.cutoff_utc - occurred[late]).astype("int64")
        reported[late] = occurred[late] + (span * rng.uniform(0.2, 0.95, int(late.sum()))).astype("timedelta64[us]")

    # legal article and severity
    legal = np.full(n, None, dtype=object)
    severity = np.full(n, None, dtype=object)
    arts = ref.articles
    # a found explosive object is not an offence; use a "no offence" class when the list has one
    fallback_sev = pick_key(NO_OFFENCE_SEVERITIES + ("administrative",), ref.severities) or ref.severities[-1]
    for c, key, m in _by_category(cat_idx, keys):
        a = arts[arts["category"] == key]
        if len(a):
            w = np.array([ARTICLE_WEIGHTS.get(code, SEVERITY_WEIGHTS.get(sev, 1.0))
                          for code, sev in zip(a["code"], a["severity"], strict=True)], dtype=float)
            pick = weighted_choice(rng, w, len(m))
            legal[m] = a["code"].to_numpy(dtype=object)[pick]
            severity[m] = a["severity"].to_numpy(dtype=object)[pick]
        else:
            default = cats.loc[c, "default_severity"]
            severity[m] = default if default in ref.severities else fallback_sev
    # extra stream in the lighting settlement: no administrative petty theft there
    administrative = severity == "administrative"

    # status by age
    age = (np.datetime64(frame.today) - occ_date).astype(int)
    crim_status = ["registered", "under_investigation", "sent_to_court", "closed"]
    probs = np.select(
        [age[:, None] < 7, age[:, None] < 90, age[:, None] < 365],
        [np.array([0.6, 0.4, 0.0, 0.0]), np.array([0.05, 0.73, 0.08, 0.14]), np.array([0.0, 0.38, 0.28, 0.34])],
        np.array([0.0, 0.2, 0.35, 0.45]),
    )
    present = [s in ref.incident_statuses for s in crim_status]
    probs = probs * np.array(present, dtype=float)
    if probs.sum(axis=1).min() <= 0:
        probs = probs + np.array(present, dtype=float) * 1e-6
    status = np.array(crim_status, dtype=object)[choice_cum(rng, probs)]
    explosive = cat_keys == "explosive_objects"
    if "closed" in ref.incident_statuses:
        status[explosive & (age >= 3)] = "closed"
    if "administrative_protocol" in ref.incident_statuses:
        status[administrative] = "administrative_protocol"

    # flags
    dv = cat_keys == "domestic_violence"
    dv |= (cat_keys == "bodily_harm") & (rng.random(n) < 0.2)
    minors_p = np.array([MINORS_SHARE.get(k, 0.01) for k in keys])[cat_idx]
    minors = rng.random(n) < minors_p

    # coordinates
    no_point = rng.random(n) < np.array([NO_POINT_SHARE.get(k, 0.05) for k in keys])[cat_idx]
    s_lat = st["lat"].to_numpy(float)[settle]
    s_lon = st["lon"].to_numpy(float)[settle]
    sigma = np.clip(350 + 900 * np.sqrt(pop / 40000), 300, 1300)[settle]
    lat, lon = offset_points(rng, s_lat, s_lon, sigma, n)
    if place.hotspots:
        hs_settle = {h.settlement for h in place.hotspots}
        street = np.isin(cat_keys, list(STREET)) & np.isin(settle, list(hs_settle)) & ~lighting_extra
        at_hs = street & (rng.random(n) < 0.30)
        k = int(at_hs.sum())
        if k:
            w = np.array([h.weight for h in place.hotspots])
            which = weighted_choice(rng, w, k)
            hla = np.array([h.lat for h in place.hotspots])[which]
            hlo = np.array([h.lon for h in place.hotspots])[which]
            hs = np.array([h.sigma_m for h in place.hotspots])[which]
            lat[at_hs], lon[at_hs] = offset_points(rng, hla, hlo, hs, k)
    if place.lighting_spot is not None and lighting_extra.any():
        k = int(lighting_extra.sum())
        h = place.lighting_spot
        lat[lighting_extra], lon[lighting_extra] = offset_points(rng, np.full(k, h.lat), np.full(k, h.lon),
                                                                  np.full(k, h.sigma_m), k)
    lat[no_point] = np.nan
    lon[no_point] = np.nan
    lat = np.round(lat, 6)
    lon = np.round(lon, 6)
    cell_row, cell_col = grid_cells(lat, lon)

    # descriptions
    desc = np.empty(n, dtype=object)
    labels = dict(zip(cats["key"], cats["label_uk"], strict=True))
    for _c, key, m in _by_category(cat_idx, keys):
        options = np.array(DESCRIPTIONS.get(key, [labels[key]]), dtype=object)
        desc[m] = options[rng.integers(0, len(options), len(m))]

    rep_date = utc_to_local_fields(reported)[0]
    ext = [f"demo-{place.number}-i{i:07d}" for i in range(n)]
    return Columns({
        "source": DEMO, "external_id": ext, "import_batch_id": batch_id, "hromada_id": place.hromada_id,
        "settlement_id": st["id"].to_numpy()[settle], "occurred_at": occurred, "reported_at": reported,
        "reported_date": rep_date, "reported_week": monday(rep_date), "occurred_date": occ_date,
        "occurred_week": monday(occ_date), "occurred_until": occ_date, "occurred_hour": occ_hour, "occurred_dow": occ_dow, "lat": lat,
        "lon": lon, "cell_row": cell_row, "cell_col": cell_col,
        "category": cat_keys, "category_group": group_arr, "legal_article": legal,
        "severity": severity, "status": status, "domestic_violence": dv, "minors_involved": minors,
        "description": desc,
    }, n)
