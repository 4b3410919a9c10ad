"""One or two sentences that say what a chart or a map shows, made from the same data as the chart
(shown under it and used as its accessible name: components.ui.show_chart, components.map_view).
Counts hidden for a role are never in a sentence: the builders read the series as the chart shows it
(hidden counts are NaN: domain.visibility.hide_small / analytics.series.suppress_trend), and
:func:`figure_summary` hides small values itself where the role asks for it."""

from __future__ import annotations

import html
import math
import numbers
import re

import pandas as pd
import plotly.graph_objects as go

from display.formats import fmt_date, fmt_int, fmt_num, fmt_pct
from domain.i18n import translate
from domain.visibility import hide_small

TAGS = re.compile(r"<[^>]+>")


def _t(key: str, lang: str, **params) -> str:
    return translate(f"summary.{key}", lang, **params)


def _shown(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def change_words(now: float, before: float, lang: str) -> str:
    """«на 64 % більше, ніж тижнем раніше» / «as many as the week before»."""
    if before == 0 or now == before:
        return _t("same_as_before", lang) if now == before else _t("none_before", lang)
    ratio = abs(now - before) / before
    return _t("more_than_before" if now > before else "less_than_before", lang, pct=fmt_pct(ratio, lang))


def weekly_summary(weeks: pd.DataFrame, lang: str, *, what: str) -> str:
    """The last week of a weekly line (columns week, count; NaN where hidden), its change against the
    week before, and the highest week shown: «Правопорушення за тиждень 16.11.2026: 23, на 64 % більше,
    ніж тижнем раніше. Найбільше за показаний час — 29 (тиждень 10.03.2025).»"""
    rows = weeks.dropna(subset=["count"]) if len(weeks) else weeks
    if rows.empty:
        return _t("no_data", lang, what=what)
    last = weeks.iloc[-1]
    parts = []
    if _shown(last["count"]):
        text = _t("last_week", lang, what=what, week=fmt_date(last["week"], lang, "short"), value=fmt_int(last["count"], lang))
        before = weeks.iloc[-2]["count"] if len(weeks) > 1 else None
        if _shown(before):
            text += ", " + change_words(float(last["count"]), float(before), lang)
        parts.append(text + ".")
    else:
        parts.append(_t("last_week_hidden", lang, what=what, week=fmt_date(last["week"], lang, "short")))
    top = rows.loc[rows["count"].idxmax()]
    parts.append(_t("highest_week", lang, value=fmt_int(top["count"], lang), week=fmt_date(top["week"], lang, "short")))
    return " ".join(parts)


def ranking_summary(names: list[str], counts: list[float | None], lang: str, *, what: str, suppress: bool,
                    top: int = 3) -> str:
    """The places with the most (at most ``top``) and how many have fewer than can be shown (``counts``:
    None or NaN where the role's table hides a count, e.g. to protect a small one elsewhere):
    «Правопорушення: найбільше — Буча (23), Ворзель (12), Гостомель (8); ще в 3 — замало, щоб показати.»"""
    shown = hide_small(pd.Series(counts, dtype="float64"), suppress=suppress)
    pairs = sorted(((n, c) for n, c in zip(names, shown, strict=True) if _shown(c) and c > 0), key=lambda p: -p[1])
    hidden = sum(1 for raw, c in zip(counts, shown, strict=True) if not (_shown(c) and c > 0) and not (_shown(raw) and raw == 0))
    if not pairs:
        return _t("no_data", lang, what=what)
    listed = ", ".join(f"{n} ({fmt_int(c, lang)})" for n, c in pairs[:top])
    text = _t("ranking", lang, what=what, list=listed)
    if hidden:
        text += " " + _t("ranking_hidden", lang, n=hidden)
    return text


def share_ranking_summary(names: list[str], shares: list[float | None], lang: str, *, what: str,
                          top: int = 3) -> str:
    """Survey shares by place, highest first (``shares``: NaN where nothing is estimated or shown):
    «Безпечно ввечері: найбільше — Ворзель (61 %), Буча (54 %).»"""
    pairs = sorted(((n, v) for n, v in zip(names, shares, strict=True) if _shown(v)), key=lambda p: -p[1])
    if not pairs:
        return _t("no_data", lang, what=what)
    return _t("ranking", lang, what=what, list=", ".join(f"{n} ({fmt_pct(v, lang)})" for n, v in pairs[:top]))


def _clean(value) -> str:
    return html.unescape(TAGS.sub(" ", str(value))).strip()


def _label(value, lang: str) -> str:
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat") and not isinstance(value, str):
        try:
            return fmt_date(pd.Timestamp(value).date(), lang, "short")
        except (TypeError, ValueError):
            return str(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", text):
        return fmt_date(pd.Timestamp(text).date(), lang, "short")
    return _clean(text)


def _number(value, lang: str, *, share: bool = False) -> str:
    if share:
        return fmt_pct(value, lang)
    return fmt_int(value, lang) if float(value).is_integer() else fmt_num(value, lang, 1)


def figure_summary(fig: go.Figure, lang: str, *, suppress: bool) -> str:
    """A sentence for any plotly figure made by display/ (title, then per series — at most two, bands and
    text labels left aside — its highest point and, for a line, its last one), from the figure's own data; values of 1–4 are left
    out of a series of counts where ``suppress`` (they are hidden in the chart too); shares, means and
    rates (not whole numbers) are shown as the chart shows them."""
    title = _clean(fig.layout.title.text or "") if fig.layout.title else ""
    parts = []
    series = [t for t in fig.data if t.type in ("bar", "scatter") and t.hoverinfo != "skip"
              and getattr(t, "fill", None) not in ("toself", "tonexty")]  # not bands or text labels
    for trace in series[:2]:
        name = _clean(trace.name or "")
        if trace.x is None or trace.y is None:
            continue
        horizontal = getattr(trace, "orientation", None) == "h" or (_numeric(trace.x) and not _numeric(trace.y))
        ticks = fig.layout.yaxis
        if _numeric(trace.x) and _numeric(trace.y) and ticks.tickvals and ticks.ticktext:  # rows at y positions
            horizontal = True
            names = list(zip(ticks.tickvals, ticks.ticktext, strict=False))
            labels = [min(names, key=lambda n, y=y: abs(n[0] - y))[1] for y in trace.y]
            values = trace.x
        else:
            labels, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        values = pd.to_numeric(pd.Series(list(values)), errors="coerce").astype("float64")
        if _counts(values):  # counts: 1–4 hidden as in the chart; shares and means are no counts
            values = hide_small(values, suppress=suppress)
        points = [(lab, v) for lab, v in zip(labels, values, strict=False) if _shown(v)]
        if not points:
            continue
        axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
        share = "%" in str(getattr(axis, "tickformat", "") or "")
        high = max(points, key=lambda p: p[1])
        words = _t("highest", lang, value=_number(high[1], lang, share=share), label=_label(high[0], lang))
        if trace.type == "scatter" and not horizontal and len(points) > 1:  # a line over time: its last point
            last = points[-1]
            words = _t("latest", lang, value=_number(last[1], lang, share=share), label=_label(last[0], lang)) + "; " + words
        parts.append(f"{name}: {words}" if name else words)
    if not parts:
        return title
    text = "; ".join(parts)
    return (f"{title}. " if title else "") + text[:1].upper() + text[1:] + "."


def _counts(values: pd.Series) -> bool:
    shown = values.dropna()
    return bool(len(shown)) and bool((shown == shown.round()).all())


def _numeric(values) -> bool:
    """True when every value given is a number (not a label, a date or a text)."""
    items = [v for v in values if v is not None]
    return bool(items) and all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in items)
