"""The comparison of hromadas: a funnel plot (rate per 10,000 against population, with the selection's
average and its 95 % / 99.8 % limits) and a sentence that says what it shows."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from display import palette
from display.charts import COLORS, base_layout, plain
from display.formats import fmt_int, fmt_num
from domain.i18n import translate

MARKER = {"high": palette.WORSE, "raised": palette.WORSE, "within": palette.NEUTRAL, "lowered": palette.BETTER,
          "low": palette.BETTER}  # orange above, blue below (and ▲/▼ symbols): told apart without colour
TICKS = [500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000]
SYMBOL = {"high": "triangle-up", "raised": "triangle-up", "within": "circle", "lowered": "triangle-down",
          "low": "triangle-down"}


def funnel_chart(rows: pd.DataFrame, curves: pd.DataFrame, pooled_rate: float, lang: str, *,
                 title: str | None = None) -> go.Figure:
    """``rows``: the hromadas to plot (name, population, rate, position) — hidden ones already left out;
    ``curves``: analytics.funnel.funnel_curves."""
    tr = lambda key, **kw: translate(f"compare.{key}", lang, **kw)  # noqa: E731
    fig = go.Figure()
    for tag, dash, name in (("998", "dash", tr("limit_998")), ("95", "dot", tr("limit_95"))):
        for side in ("high", "low"):
            fig.add_trace(go.Scatter(x=curves["population"], y=curves[f"{side}_{tag}"], mode="lines",
                                     line={"color": COLORS["secondary"], "dash": dash, "width": 1.5},
                                     name=name, legendgroup=tag, showlegend=side == "high", hoverinfo="skip"))
    if len(curves):
        fig.add_trace(go.Scatter(x=curves["population"], y=[pooled_rate] * len(curves), mode="lines",
                                 line={"color": COLORS["primary"], "width": 2},
                                 name=tr("average_line", rate=fmt_num(pooled_rate, lang, 1)), hoverinfo="skip"))
    for position, part in rows.groupby("position", sort=False):
        names = [plain(n) for n in part[f"name_{lang}"]]
        fig.add_trace(go.Scatter(
            x=part["population"].astype(float), y=part["rate"], mode="markers+text", text=names,
            textposition=["top center" if k % 2 == 0 else "bottom center" for k in range(len(part))], name=tr(f"position.{position}"),
            marker={"color": MARKER[position], "symbol": SYMBOL[position], "size": 12,
                    "line": {"color": "white", "width": 1}},
            hovertemplate="%{text}<br>" + tr("hover", rate="%{y:.1f}", population="%{x:,.0f}") + "<extra></extra>"))
    span = pd.to_numeric(curves["population"], errors="coerce") if len(curves) else pd.Series([1_000, 100_000])
    ticks = [v for v in TICKS if span.min() <= v <= span.max()] or TICKS
    fig.update_xaxes(type="log", title=tr("axis_population"), tickvals=ticks, ticktext=[fmt_int(v, lang) for v in ticks])
    fig.update_yaxes(title=tr("axis_rate"))
    return base_layout(fig, lang, title=title, height=480)


def funnel_summary(ranked: pd.DataFrame, info: dict, lang: str, *, shown: pd.Series) -> str:
    """One or two sentences from the same numbers: the average, how many hromadas lie above or below the
    limits and which (only hromadas whose figures are shown)."""
    tr = lambda key, **kw: translate(f"compare.{key}", lang, **kw)  # noqa: E731
    if not info["compared"]:
        return tr("summary_none")
    out = [tr("summary_average", n=fmt_int(info["compared"], lang), rate=fmt_num(info["pooled_rate"], lang, 1))]
    visible = ranked[shown.to_numpy()]
    above = visible[visible["position"].isin(["high", "raised"])][f"name_{lang}"].tolist()
    below = visible[visible["position"].isin(["low", "lowered"])][f"name_{lang}"].tolist()
    if above:
        out.append(tr("summary_above", names=", ".join(above)))
    if below:
        out.append(tr("summary_below", names=", ".join(below)))
    if not above and not below:
        out.append(tr("summary_within"))
    return " ".join(out)
