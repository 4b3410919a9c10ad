"""The figures of one review week — the single place the meeting pack and the presentation screens
read, so a TV, a PPTX and a PDF show the same numbers as the dashboard.

``pack_figures(engine, hromada_id=…, week_monday=…, lang=…)`` returns a JSON-ready dict (stored as
it is in ``meeting_pack.figures``). It is partner-safe unless ``role="prosecutor"`` is asked for:
counts of 1–4 are ``None`` with the display text "< 5" (domain.visibility), locations are
settlements and ~500 m grid cells, never points; no record and no free text from records.

Periods follow the dashboard with the filter "last full week": the week (Monday–Sunday), the
week before, the same week 52 weeks earlier (KPI tiles); the weekly review table of
analytics.review; the map and its table over the 4 weeks that end with the review week
("last 4 weeks"); "now" figures (open and overdue requests) on the Monday after the week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from analytics import priorities as prio_rule
from analytics import requests_sla as sla
from analytics.periods import Period
from analytics.rates import cells_for_role, settlement_rates
from analytics.review import TOTAL_KEY, review_periods, suppress_review
from analytics.series import since_data_start, suppress_trend, trend_band, weekly_with_year_ago
from analytics.survey_estimates import estimate_frame, wave_changes
from data_access import incident_geo as geo
from data_access import partners as pq
from data_access import priorities as prq
from data_access import requests as rq
from data_access import surveys as sq
from data_access.incidents import coarse_left_out
from data_access.places import hromadas, settlements
from data_access.reference import labels
from data_access.status import freshness
from display.formats import fmt_date, fmt_int, fmt_num, fmt_pct
from display.kpis import KPIS, NOTES, PACK, KpiFigure, KpiSpec, KpiWindow, direct_call, kpi_spec, tile_texts
from domain.dates import iso_week_label
from domain.i18n import translate
from domain.roles import Role
from domain.visibility import (
    HIDDEN_TEXTS,
    display_count,
    is_hidden_text,
    is_small,
    share_hidden,
    suppresses_small_counts,
)
from reports.weekly_review import review_table

FIGURES_VERSION = 1
SURVEY_INDICES = ("safe_dark", "safe_day", "trust_police", "aware_programme", "would_report")
REVIEW_COLUMNS = ("this_week", "previous_week", "avg_4_weeks", "same_week_last_year", "ytd", "ytd_last_year",
                  "change_vs_previous_pct", "change_vs_ytd_last_year_pct")
TREND_WEEKS = 52
FLOW_WEEKS = 26
MAP_WEEKS = 4
MAX_ACTIVITIES = 12


def _t(key: str, lang: str, **params) -> str:
    return translate(f"pack.{key}", lang, **params)


def _num(value):
    """A plain JSON number (None for NaN)."""
    if value is None or value != value:
        return None
    if isinstance(value, bool):
        return value
    f = float(value)
    return int(f) if f.is_integer() else f


def _iso(value) -> str | None:
    if value is None or value != value:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value.isoformat()


def week_periods(week_monday: date) -> dict[str, Period]:
    """The periods behind the pack's figures (see the module docstring)."""
    if week_monday.weekday() != 0:
        raise ValueError(f"not a Monday: {week_monday}")
    week = Period(week_monday, week_monday + timedelta(days=6))
    four = Period(week.end - timedelta(weeks=MAP_WEEKS) + timedelta(days=1), week.end)
    return {
        "week": week, "previous": week.shifted(-7), "year_ago": week.shifted(-364),
        "map": four, "map_previous": four.shifted(-four.days),
    }


def pack_kpi(spec: KpiSpec, fig: KpiFigure, lang: str) -> dict:
    """One KPI as the pack's figures keep it (JSON-ready): the registry's figure with the pack's label
    and note. ``change_display`` is the change's own text (a count's "+25%", a share's "+5,0 в. п.");
    :func:`kpi_tile_texts` words it for a tile. An estimate keeps its interval (``low``, ``high``)."""
    note = NOTES[fig.note].pack if fig.note else None
    out = {
        "key": spec.key, "label": translate(spec.pack_label or spec.label, lang),
        "value": _num(fig.value), "display": fig.display,
        "previous": _num(fig.previous), "previous_display": fig.previous_display,
        "change": _num(fig.change), "change_display": fig.change_display,
        "year_ago_change": _num(fig.year_ago_change), "year_ago_display": fig.year_ago_display,
        "higher_is_better": spec.higher_is_better,
        "note": translate(note, lang, **fig.note_params) if note else "",
    }
    if spec.compute.interval:
        out.update(low=_num(fig.low), high=_num(fig.high))
    return out


def kpi_tile_texts(k: dict, lang: str) -> tuple[str, list[str]]:
    """The words under a KPI's value on a pack tile and the shared screen (``k``: one of the figures'
    kpis): the change against the previous period or wave ("" when none is shown), and the further
    lines (a year ago, the note)."""
    return tile_texts(kpi_spec(k["key"]).comparisons, change=k["change_display"], year_ago=k["year_ago_display"],
                      note=k.get("note", ""), lang=lang, surface=PACK)


def _kpis(engine, q: dict, periods: dict[str, Period], as_of: date, lang: str, suppress: bool) -> list[dict]:
    """Every KPI of the registry, in its order, for the week (its "now" figures on ``as_of``)."""
    window = KpiWindow(query=q, period=periods["week"], previous=periods["previous"], year_ago=periods["year_ago"],
                       today=as_of)
    call = direct_call(engine)
    return [pack_kpi(spec, spec.figure(call, window, lang=lang, suppress=suppress), lang) for spec in KPIS]


def _review(engine, hromada_id: int, week_monday: date, settlement_ids, lang: str, role: str) -> dict:
    """The weekly review table as the role may see it, with display texts as on the page."""
    table = review_table(engine, hromada_id=hromada_id, week_monday=week_monday, settlement_ids=settlement_ids)
    values, mask = suppress_review(table, role=role)
    names = {**labels("incident_categories", lang), TOTAL_KEY: _t("total", lang)}
    rows = []
    for i in table.index:
        row = {"key": str(table.at[i, "category"]), "label": names.get(table.at[i, "category"], table.at[i, "category"]),
               "is_total": bool(table.at[i, "is_total"])}
        for column in REVIEW_COLUMNS:
            v, kind = values.at[i, column], mask.at[i, column]
            row[column] = _num(v)
            if kind in HIDDEN_TEXTS:
                text = HIDDEN_TEXTS[kind]
            elif kind:
                text = ""
            elif v is None or v != v:
                text = ""
            elif column == "avg_4_weeks":
                text = fmt_num(v, lang, 2)
            elif column.startswith("change_"):
                text = fmt_pct(v / 100, lang, digits=1, signed=True)
            else:
                text = fmt_int(v, lang)
            row[f"{column}_display"] = text
        for flag, direction in (("flag_week", "direction_week"), ("flag_ytd", "direction_ytd")):
            f, d = values.at[i, flag], values.at[i, direction]
            row[flag] = None if f is None else ("up" if f and d > 0 else "down" if f else "")
        rows.append(row)
    # incidents known only to their month or year are in no week: how many the review's columns left out
    periods = review_periods(week_monday)
    left = coarse_left_out(engine, hromada_id=hromada_id, start=periods.ytd_last_year.start,
                           end=periods.this_week.end, unit="day", settlement_ids=settlement_ids)
    return {"rows": rows, "left_out": left,
            "left_out_display": display_count(left, suppress=suppresses_small_counts(role),
                                              fmt=lambda v: fmt_int(v, lang))}


def _trend(engine, q: dict, week_end: date, suppress: bool) -> dict:
    """The 52-week line as the overview draws it (pages/home.py): weeks hidden by the same rule
    (analytics.series.suppress_trend) and no weeks before the first record (since_data_start)."""
    weeks, ago = weekly_with_year_ago(
        lambda start, end: geo.incident_counts(engine, **q, by=("week",), start=start, end=end), week_end,
        weeks=TREND_WEEKS)
    weeks, ago = suppress_trend(weeks, ago, suppress=suppress)
    first_day = geo.incident_date_range(engine, hromada_id=q["hromada_id"], day_known=True)[0]
    weeks, ago = since_data_start(weeks, ago, first_day)

    def shown(counts):
        return [None if pd.isna(c) or (suppress and is_small(c)) else int(c) for c in counts]

    counts, year_ago = shown(weeks["count"]), shown(ago["count"])
    # the expected range from the line as shown (a hidden week is not in it), as on the overview
    band = trend_band(weeks.assign(count=pd.array(counts, dtype="Float64")),
                      ago.assign(count=pd.array(year_ago, dtype="Float64")))

    def rounded(values):
        return [None if v != v else round(float(v), 2) for v in values]

    return {"weeks": [_iso(w) for w in weeks["week"]], "counts": counts, "year_ago": year_ago,
            "band_low": rounded(band["low"]), "band_high": rounded(band["high"]),
            "flags": [int(v) for v in band["flag"]]}


def _requests(engine, q: dict, periods: dict[str, Period], as_of: date, lang: str, suppress: bool) -> dict:
    w, prev = periods["week"], periods["previous"]
    cur = rq.period_counts(engine, **q, start=w.start, end=w.end)
    before = rq.period_counts(engine, **q, start=prev.start, end=prev.end)
    now = rq.backlog_on(engine, **q, as_of=as_of)
    fmt = (lambda v: fmt_int(v, lang))  # noqa: E731

    def item(key: str, value: int, previous: int | None = None) -> dict:
        return {"key": key, "label": _t(f"req_{key}", lang),
                "value": None if suppress and is_small(value) else int(value),
                "display": display_count(value, suppress=suppress, fmt=fmt),
                "previous_display": "" if previous is None else display_count(previous, suppress=suppress, fmt=fmt)}

    on_time = sla.share(cur["closed_on_time"], cur["closed"])  # closed within each type's legal term
    on_time_hidden = on_time is None or share_hidden(cur["closed_on_time"], cur["closed"], suppress=suppress)
    items = [
        item("received", cur["received"], before["received"]),
        item("answered", cur["answered"], before["answered"]),
        {"key": "on_time", "label": _t("req_on_time", lang), "value": None if on_time_hidden else _num(on_time),
         "display": "—" if on_time_hidden else fmt_pct(on_time, lang), "previous_display": ""},
        item("open_now", now["open"]),
        item("overdue_now", now["overdue"]),
        item("at_risk", now["at_risk"]),
    ]
    flow_start = w.end - timedelta(weeks=FLOW_WEEKS) + timedelta(days=1)
    flow = sla.weekly_flow(rq.daily_flow(engine, **q, end=w.end), flow_start, w.end)

    def hide(values):
        return [None if suppress and is_small(v) else int(v) for v in values]

    return {"items": items, "as_of": _iso(as_of),
            "flow": {"weeks": [_iso(x) for x in flow["week"]], "received": hide(flow["received"]),
                     "answered": hide(flow["answered"])}}


def _survey(engine, q: dict, week_end: date, lang: str, suppress: bool) -> dict:
    waves = sq.survey_waves(engine, **q, until=week_end)
    if waves.empty:
        return {"wave": None, "indices": []}
    sums = sq.answer_sums(engine, **q, until=week_end, question_codes=SURVEY_INDICES)
    est = wave_changes(estimate_frame(sums, "share"))
    latest = waves.iloc[-1]
    now = est[est["wave_id"] == latest.wave_id].set_index("question_code")
    indices = []
    for code in SURVEY_INDICES:
        label = translate(f"survey_page.kpi.{code}", lang)
        if code not in now.index or now.at[code, "value"] != now.at[code, "value"]:
            indices.append({"code": code, "label": label, "value": None, "low": None, "high": None, "diff": None,
                            "exceeds": None, "display": "—", "interval_display": _t("too_few", lang),
                            "change_display": "", "n_eff": None})
            continue
        r = now.loc[code]
        exceeds = r["exceeds"]
        diff = _num(r["diff"])
        change = ""
        if exceeds is not None and diff is not None:
            change = translate("kpi.points", lang, change=("+" if diff > 0 else "") + fmt_num(diff * 100, lang, 1)
                               .replace("-", "−"))
            change += " · " + (_t("change_real", lang) if exceeds else _t("change_noise", lang))
        indices.append({
            "code": code, "label": label, "value": _num(r["value"]), "low": _num(r["low"]), "high": _num(r["high"]),
            "diff": diff, "exceeds": None if exceeds is None else bool(exceeds), "display": fmt_pct(r["value"], lang),
            "interval_display": _t("interval", lang, low=fmt_pct(r["low"], lang), high=fmt_pct(r["high"], lang))
            + "; " + _t("n_eff", lang, n=fmt_int(round(float(r["n_eff"])), lang)),
            "change_display": change, "n_eff": _num(r["n_eff"]),
        })
    n = int(latest.respondents) if "respondents" in waves.columns else None
    return {"wave": {"name": str(latest[f"name_{lang}"]), "start": _iso(latest.start_date),
                     "end": _iso(latest.end_date),
                     "n_display": display_count(n, suppress=suppress, fmt=lambda v: fmt_int(v, lang))},
            "indices": indices}


def _priorities(engine, q: dict, hromada_id: int, as_of: date, lang: str, suppress: bool) -> list[dict]:
    """Each priority's status, from analytics.priorities.priorities_with_status as on the priorities page."""
    def indicator_data(**kw) -> pd.DataFrame:
        return prq.indicator_data(engine, **q, **kw)

    results = prio_rule.priorities_with_status(prq.priority_list(engine, hromada_id=hromada_id),
                                               prq.indicator_list(engine, hromada_id=hromada_id), today=as_of,
                                               indicator_data=indicator_data)
    out = []
    for result in results:
        prio, status = result.priority, result.status
        title = prio.get(f"title_{lang}")
        if title is None or title != title or not str(title).strip():
            title = prio.get("title_uk")
        out.append({"title": str(title), "status": status, "status_label": _t(f"status_{status}", lang),
                    "indicators": len(result.indicators), "start": _iso(prio["start_date"]),
                    "end": _iso(prio["end_date"]),
                    "period_display": f"{fmt_date(prio['start_date'], lang, 'short')} – "
                                      f"{fmt_date(prio['end_date'], lang, 'short')}"})
    return out


def _activities(engine, q: dict, week: Period, lang: str) -> dict:
    """Joint activities of the week: public events (what, when, where, who; no personal data)."""
    acts = pq.activity_list(engine, **q, start=week.start, end=week.end)
    kinds = labels("activity_kinds", lang)
    rows = []
    for a in acts.sort_values(["date", "id"]).to_dict("records")[:MAX_ACTIVITIES]:
        title = a.get(f"title_{lang}")
        if title is None or title != title or not str(title).strip():
            title = a.get("title_uk") or ""
        settlement = a.get(f"settlement_{lang}")
        rows.append({"date": _iso(a["date"]), "date_display": fmt_date(a["date"], lang, "short"),
                     "kind": kinds.get(a["kind"], a["kind"]), "title": str(title),
                     "settlement": "" if settlement is None or settlement != settlement else str(settlement),
                     "partners": str(a.get(f"partners_{lang}") or ""),
                     "participants": fmt_int(a["participants"], lang) if a.get("participants") == a.get(
                         "participants") and a.get("participants") is not None else "—"})
    return {"count": int(len(acts)), "rows": rows, "more": max(int(len(acts)) - MAX_ACTIVITIES, 0)}


def _map(engine, q: dict, periods: dict[str, Period], lang: str, suppress: bool) -> dict:
    """Settlements (rate per 10,000) and grid cells of the last 4 weeks, as the offence map shows them."""
    p, pp = periods["map"], periods["map_previous"]
    fmt = (lambda v: fmt_int(v, lang))  # noqa: E731
    counts = geo.settlement_counts(engine, **q, start=p.start, end=p.end, prev_start=pp.start, prev_end=pp.end,
                                   group="community")
    places = settlement_rates(counts, suppress=suppress, fmt=fmt)
    cells = cells_for_role(geo.cell_counts(engine, **q, start=p.start, end=p.end, group="community"),
                           suppress=suppress, fmt=fmt)
    unlocated = geo.unlocated_count(engine, **q, start=p.start, end=p.end, group="community")
    rows = []
    for r in places.to_dict("records"):
        named = r.get("settlement_id") is not None and r.get("settlement_id") == r.get("settlement_id")
        rows.append({
            "code": r.get("code") if named else None,
            "name": str(r[f"name_{lang}"]) if named else _t("no_settlement", lang),
            "lat": _num(r.get("lat")), "lon": _num(r.get("lon")), "population": _num(r.get("population")),
            "count": None if r.get("hidden") else _num(r.get("count")), "display_count": r["display_count"],
            "rate": _num(r.get("rate")), "change_pct": _num(r.get("change_pct")), "rate_note": r.get("rate_note", ""),
        })
    # A hidden cell keeps no count in the figures ("< 5" is drawn in its own legend class).
    cell_rows = [[int(c["cell_row"]), int(c["cell_col"]),
                  None if is_hidden_text(c["display_count"]) else _num(c["count"]),
                  str(c["display_count"])] for c in cells.to_dict("records")]
    total = int(places["count"].sum())
    return {"start": _iso(p.start), "end": _iso(p.end), "settlements": rows, "cells": cell_rows,
            "total_display": display_count(total, suppress=suppress, fmt=fmt),
            "unlocated_display": display_count(unlocated, suppress=suppress, fmt=fmt)}


def pack_figures(engine, *, hromada_id: int, week_monday: date, lang: str, role: str = Role.PARTNER,
                 settlement_ids: tuple[int, ...] | None = None, now: datetime | None = None) -> dict:
    """Every figure of the meeting pack / presentation for the ISO week starting ``week_monday``.

    Keys: version, hromada {id, code, name}, week ("2026-W47"), week_start, week_end, as_of
    (the Monday after the week: "now" figures), data_as_of (newest incident or request date),
    generated_at, is_demo, lang, role, kpis [..], review {rows}, trend {weeks, counts, year_ago},
    requests {items, as_of, flow}, survey {wave, indices}, priorities [..], activities
    {count, rows, more}, map {start, end, settlements, cells, total_display, unlocated_display}.
    Counts hidden from the role are None, with "< 5" / "…" as their display text.
    """
    lang = lang if lang in ("uk", "en") else "uk"
    suppress = suppresses_small_counts(role)
    periods = week_periods(week_monday)
    week = periods["week"]
    as_of = week.end + timedelta(days=1)
    h = hromadas(engine)
    h = h[h["id"] == hromada_id]
    if h.empty:
        raise LookupError(f"no hromada with id {hromada_id}")
    q = {"hromada_id": hromada_id, "settlement_ids": settlement_ids}
    fresh = freshness(engine, hromada_id=hromada_id)
    newest = max((d for d in (fresh.newest_incident, fresh.newest_request) if d is not None), default=None)
    names = settlements(engine, hromada_id=hromada_id)
    chosen = ([str(n) for n in names.loc[names["id"].isin(settlement_ids), f"name_{lang}"]]
              if settlement_ids else [])
    return {
        "version": FIGURES_VERSION,
        "hromada": {"id": int(hromada_id), "code": str(h.iloc[0]["code"]), "name": str(h.iloc[0][f"name_{lang}"])},
        "settlements": chosen,
        "week": iso_week_label(week_monday), "week_start": _iso(week.start), "week_end": _iso(week.end),
        "as_of": _iso(as_of), "data_as_of": _iso(newest),
        "generated_at": (now or datetime.now()).replace(microsecond=0).isoformat(),
        "is_demo": bool(fresh.has_demo), "lang": lang, "role": role,
        "kpis": _kpis(engine, q, periods, as_of, lang, suppress),
        "review": _review(engine, hromada_id, week_monday, settlement_ids, lang, role),
        "trend": _trend(engine, q, week.end, suppress),
        "requests": _requests(engine, q, periods, as_of, lang, suppress),
        "survey": _survey(engine, q, week.end, lang, suppress),
        "priorities": _priorities(engine, q, hromada_id, as_of, lang, suppress),
        "activities": _activities(engine, q, week, lang),
        "map": _map(engine, q, periods, lang, suppress),
    }


def kpi(figures: dict, key: str) -> dict:
    """One KPI of ``figures`` by key."""
    return next(k for k in figures["kpis"] if k["key"] == key)


def period_display(figures: dict, lang: str | None = None) -> str:
    """16.11.2026 – 22.11.2026 (2026-W47)"""
    lang = lang or figures["lang"]
    start, end = date.fromisoformat(figures["week_start"]), date.fromisoformat(figures["week_end"])
    return f"{fmt_date(start, lang, 'short')} – {fmt_date(end, lang, 'short')} ({figures['week']})"


def footer_text(figures: dict) -> str:
    """Period · data as of · demo label: the line at the bottom of every slide and screen."""
    lang = figures["lang"]
    parts = [_t("footer_period", lang, period=period_display(figures)),
             _t("footer_data_as_of", lang, date=fmt_date(date.fromisoformat(figures["data_as_of"]), lang, "short")
                if figures.get("data_as_of") else "—")]
    if figures.get("is_demo"):
        parts.append(_t("demo_label", lang))
    return " · ".join(parts)
