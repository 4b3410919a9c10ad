"""A plotly figure drawn as plain HTML and SVG, for the charts on a page's first screen (issue 23).

Why: a browser pays for plotly.js (~3.5 MB to load and compile) on the first chart of a page — measured
here, a bare Streamlit page plus one plotly chart takes 1.8× the bare page, the same page with one
inline SVG chart 1.0×. The figures stay the ones display/*.py build (the meeting pack draws them with
kaleido, display.summaries reads their data): this module only draws what they hold — lines, markers,
bands, bars (stacked, grouped or horizontal), period rectangles with their label, titles, axis titles and
the legend — in the same colours. Every point and bar carries its value as a tooltip. A figure with
anything else (subplots, heatmaps, error bars, other annotations …) is refused (``None``) and the
caller draws it with plotly: nothing of a figure is silently left out.

The plot area is an SVG image stretched to the column (``preserveAspectRatio="none"``, strokes that do
not scale); text, markers and tooltips are HTML placed in percent of the plot area, so the chart is as
wide as its column and its text keeps its size. Text from data is escaped, and the caller hands the
fragment to st.html, whose sanitiser (DOMPurify) runs over it too.
"""

from __future__ import annotations

import base64
import math
from html import escape, unescape

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.dates import get_month_names

from display import palette
from display.formats import fmt_int, fmt_num, fmt_pct

FONT = "Inter, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"
_LOCALES = {"uk": "uk_UA", "en": "en_GB"}
_DASH = {"dot": "2 5", "dash": "9 6", "dashdot": "9 5 2 5", "longdash": "14 6"}
_SYMBOL = {"circle": "●", "triangle-up": "▲", "triangle-down": "▼", "square": "■", "diamond": "◆"}
_SCALE = 1000.0  # the plot area's SVG coordinates: 0–1000 on both axes


class Unsupported(Exception):
    """The figure holds something this renderer does not draw."""


def static_chart(fig: go.Figure, lang: str) -> str | None:
    """The figure as one HTML fragment (with its own CSS), or None when it holds anything this module
    does not draw (then draw it with plotly)."""
    try:
        numeric = _numeric_x(fig)
        _check(fig, numeric=numeric)
        bars_h = [tr for tr in fig.data if tr.type == "bar" and tr.orientation == "h"]
        if bars_h:
            if len(bars_h) != len(fig.data):
                raise Unsupported("horizontal bars mixed with other traces")
            body = _horizontal_bars(fig, lang)
        elif numeric:
            body = _numeric_chart(fig, lang)
        else:
            body = _xy_chart(fig, lang)
    except Unsupported:
        return None
    size = _font_size(fig)
    title = _text(fig.layout.title.text)
    title_size = fig.layout.title.font.size or size + 4
    head = f'<div class="sc-title" style="font-size:{title_size}px">{escape(title)}</div>' if title else ""
    return (f'<div class="sc" style="font-family:{escape(FONT)};font-size:{size}px;color:{palette.TEXT}">'
            f"{_CSS}{head}{_legend(fig)}{body}</div>")


# --------------------------------------------------------------------------- what is drawn


def _check(fig: go.Figure, *, numeric: bool) -> None:
    layout = fig.layout
    if any(getattr(layout, f"{axis}{n}", None) is not None and getattr(layout, f"{axis}{n}").to_plotly_json()
           for axis in ("xaxis", "yaxis") for n in range(2, 5)):
        raise Unsupported("more than one axis")
    for trace in fig.data:
        if trace.type not in ("scatter", "bar"):
            raise Unsupported(trace.type)
        if (trace.xaxis or "x") != "x" or (trace.yaxis or "y") != "y":
            raise Unsupported("subplot")
        if trace.error_y is not None and trace.error_y.to_plotly_json().get("array") is not None:
            raise Unsupported("error_y")
        if trace.error_x is not None and trace.error_x.to_plotly_json().get("array") is not None \
                and (trace.type != "scatter" or not numeric):
            raise Unsupported("error_x")
        if trace.type == "scatter" and trace.fill not in (None, "none", "tonexty", "toself", "tozeroy"):
            raise Unsupported(f"fill {trace.fill}")
    shapes_x = {(s.x0, s.x1) for s in layout.shapes}
    for shape in layout.shapes:  # over dates period rectangles, over numbers vertical lines: nothing else is drawn
        vertical_line = shape.type == "line" and shape.x0 == shape.x1
        if shape.xref != "x" or not (vertical_line if numeric else shape.type == "rect"):
            raise Unsupported("shape")
    for note in layout.annotations:  # only the labels plotly adds to a vrect
        if note.xref != "x" or not any(note.x in pair for pair in shapes_x):
            raise Unsupported("annotation")
    if layout.barmode not in (None, "group", "stack", "relative"):
        raise Unsupported(f"barmode {layout.barmode}")


def _font_size(fig: go.Figure) -> int:
    return int(fig.layout.font.size or 14)


def _text(value) -> str:
    """Plotly's label text without its markup (the builders escape data with display.charts.plain)."""
    if value is None:
        return ""
    return unescape(str(value).replace("<br>", " "))


def _shown(trace) -> bool:
    return trace.visible in (None, True)


def _legend(fig: go.Figure) -> str:
    entries, seen = [], set()
    for trace in fig.data:
        if not _shown(trace) or trace.showlegend is False or not trace.name:
            continue
        group = trace.legendgroup or trace.name
        if group in seen:
            continue
        seen.add(group)
        entries.append((_text(trace.name), _swatch(trace)))
    if fig.layout.showlegend is False or (fig.layout.showlegend is None and len(entries) < 2):
        return ""
    items = "".join(f'<span class="sc-key">{sw}{escape(name)}</span>' for name, sw in entries)
    return f'<div class="sc-legend">{items}</div>'


def _swatch(trace) -> str:
    colour = _colour(trace)
    if trace.type == "scatter" and trace.fill in ("tonexty", "toself", "tozeroy") and not trace.line.width \
            and trace.line.width is not None:
        return f'<i style="background:{escape(str(trace.fillcolor or colour))}"></i>'
    if trace.type == "bar":
        return f'<i style="background:{colour}"></i>'
    mode = trace.mode or "lines"
    if "markers" in mode and "lines" not in mode:  # markers, markers+text
        symbol = _SYMBOL.get(trace.marker.symbol or "circle", "●")
        return f'<b style="color:{escape(str(trace.marker.color or colour))}">{symbol}</b>'
    border = {"dot": "dotted", "dash": "dashed", "longdash": "dashed", "dashdot": "dashed"}.get(trace.line.dash or "",
                                                                                              "solid")
    style = f"border-top:{max(2, trace.line.width or 2)}px {border} {colour}"
    return f'<i class="sc-line" style="{style}"></i>'


def _colour(trace, index: int = 0) -> str:
    if trace.type == "bar":
        colour = trace.marker.color
    elif trace.mode == "markers":
        colour = trace.marker.color
    else:
        colour = trace.line.color or trace.marker.color
    if isinstance(colour, (list, tuple, np.ndarray)):
        colour = colour[index % len(colour)] if len(colour) else None
    return escape(str(colour or palette.SEQUENCE[0]))


# --------------------------------------------------------------------------- x and y axes


def _numeric_x(fig: go.Figure) -> bool:
    """Whether the figure's x axis holds numbers (a funnel's population, a share) rather than dates."""
    for trace in fig.data:
        values = np.asarray(trace.x if trace.x is not None else [], dtype=object)
        if len(values):
            return isinstance(values[0], (int, float, np.integer, np.floating))
    return False


def _x_values(trace) -> np.ndarray:
    values = np.asarray(trace.x if trace.x is not None else [], dtype=object)
    if not len(values):
        return np.array([], dtype=float)
    if isinstance(values[0], (int, float, np.integer, np.floating)):
        raise Unsupported("numeric x")
    try:
        stamps = pd.to_datetime(pd.Series(values), format="ISO8601")
    except (ValueError, TypeError) as exc:
        raise Unsupported("x is neither dates nor numbers") from exc
    return stamps.to_numpy("datetime64[ns]").astype("int64") / 86_400e9  # days since 1970


def _y_values(trace) -> np.ndarray:
    return pd.to_numeric(pd.Series(np.asarray(trace.y if trace.y is not None else [], dtype=object)),
                         errors="coerce").to_numpy(float)


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    return [round(first + i * step, 10) for i in range(int(math.ceil((high - first) / step)) + 1)]


def _y_label(value: float, tickformat: str | None, lang: str) -> str:
    if tickformat and tickformat.endswith("%"):
        return fmt_pct(value, lang, signed=tickformat.startswith("+"))
    if float(value).is_integer():
        return fmt_int(value, lang).replace("\xa0", "\u202f")
    return fmt_num(value, lang, 2 if tickformat == ".2f" else 1)


def _month_ticks(first: float, last: float, lang: str, tickformat: str | None) -> list[tuple[float, str]]:
    start, end = pd.Timestamp(first, unit="D"), pd.Timestamp(last, unit="D")
    months = (end.year - start.year) * 12 + end.month - start.month
    if months < 2:  # a few weeks: every Monday
        days = pd.date_range(start.normalize(), end, freq="W-MON")
        return [(d.value / 86_400e9, d.strftime("%d.%m")) for d in days]
    step = next(s for s in (1, 2, 3, 6, 12, 24) if months / s <= 8)
    names = get_month_names("abbreviated", context="stand-alone", locale=_LOCALES.get(lang, "uk_UA"))
    firsts = pd.date_range(start.to_period("M").to_timestamp(), end, freq="MS")
    ticks = []
    for d in firsts:
        if d < start or (d.month - 1) % step:
            continue
        label = d.strftime("%m.%Y") if tickformat == "%m.%Y" else f"{names[d.month].rstrip('.')} {d.year}"
        ticks.append((d.value / 86_400e9, label))
    return ticks


def _date_text(day: float, tickformat: str | None) -> str:
    stamp = pd.Timestamp(day, unit="D")
    return stamp.strftime("%m.%Y" if tickformat == "%m.%Y" else "%d.%m.%Y")


# --------------------------------------------------------------------------- a chart with x and y


def _xy_chart(fig: go.Figure, lang: str) -> str:
    layout = fig.layout
    traces = [(tr, _x_values(tr), _y_values(tr)) for tr in fig.data if _shown(tr)]
    bars = [item for item in traces if item[0].type == "bar"]
    stacked = layout.barmode in ("stack", "relative")
    xs = np.concatenate([x for _, x, _ in traces]) if traces else np.array([])
    xs = xs[np.isfinite(xs)]
    if not len(xs):
        raise Unsupported("no points")
    spacing = float(np.min(np.diff(np.unique(xs)))) if len(np.unique(xs)) > 1 else 7.0
    pad = spacing / 2 if bars else 0.0
    shape_x = [_day(v) for s in layout.shapes for v in (s.x0, s.x1)]
    x0, x1 = min([xs.min() - pad, *shape_x]), max([xs.max() + pad, *shape_x])
    if x1 <= x0:
        x0, x1 = x0 - 3.5, x1 + 3.5

    tops = _stack_tops(bars) if stacked and bars else None
    y_range = layout.yaxis.range
    if y_range is not None:
        y0, y1 = float(y_range[0]), float(y_range[1])
        ticks = [v for v in _nice_ticks(y0, y1) if y0 - 1e-9 <= v <= y1 + 1e-9]
    else:
        ys = np.concatenate([y for _, _, y in traces] + ([tops] if tops is not None else []))
        ys = ys[np.isfinite(ys)]
        y_min = min(0.0, float(ys.min())) if len(ys) else 0.0
        y_max = float(ys.max()) if len(ys) else 1.0
        ticks = _nice_ticks(y_min, y_max * 1.05 if y_max > 0 else 1.0)
        y0, y1 = ticks[0], ticks[-1]

    def px(x):
        return (np.asarray(x, float) - x0) / (x1 - x0) * _SCALE

    def py(y):
        return _SCALE - (np.asarray(y, float) - y0) / (y1 - y0) * _SCALE

    x_format, y_format = layout.xaxis.tickformat, layout.yaxis.tickformat
    svg, html = [], []
    for value in ticks:  # grid lines
        y = float(py(value))
        svg.append(f'<line x1="0" x2="{_SCALE:g}" y1="{y:.1f}" y2="{y:.1f}" stroke="{palette.GRID}" '
                   'vector-effect="non-scaling-stroke"/>')
        html.append(f'<span class="sc-yt" style="top:{y / 10:.2f}%">{escape(_y_label(value, y_format, lang))}</span>')
    for day, label in _month_ticks(x0, x1, lang, x_format):
        html.append(f'<span class="sc-xt" style="left:{float(px(day)) / 10:.2f}%">{escape(label)}</span>')
    for shape in layout.shapes:
        left, right = sorted((float(px(_day(shape.x0))), float(px(_day(shape.x1)))))
        svg.append(f'<rect x="{left:.1f}" y="0" width="{right - left:.1f}" height="{_SCALE:g}" '
                   f'fill="{escape(str(shape.fillcolor or palette.GRID))}" opacity="{shape.opacity or 1}"/>')
    for note in layout.annotations:
        html.append(f'<span class="sc-note" style="left:{float(px(_day(note.x))) / 10:.2f}%">'
                    f'{escape(_text(note.text))}</span>')

    rects, tips = _bar_rects(bars, px, py, spacing, stacked=stacked, x_format=x_format, y_format=y_format, lang=lang)
    svg += rects
    html += tips
    previous = None
    for trace, x, y in traces:
        if trace.type == "scatter":
            svg += _scatter_svg(trace, x, y, previous, px, py)
            low = previous[1] if trace.fill == "tonexty" and previous is not None and len(previous[1]) == len(y) \
                else None
            html += _scatter_points(trace, x, y, px, py, x_format=x_format, y_format=y_format, lang=lang, low=low)
            previous = (x, y)
    gutter = int(max([len(_y_label(v, y_format, lang)) for v in ticks] + [1]) * _font_size(fig) * 0.62) + 10
    return _plot_frame(fig, svg, html, gutter=gutter)


def _plot_frame(fig: go.Figure, svg: list[str], html: list[str], *, gutter: int, wrap_rows: bool = False) -> str:
    """The y title, the plot area (the SVG image with the HTML placed over it, ``gutter`` pixels left for the y
    labels; ``wrap_rows``: named rows wrap inside it) and the x title."""
    layout = fig.layout
    size = _font_size(fig)
    plot_height = max(120, int(layout.height or 380) - int(size * (5.5 if layout.title.text else 3.5)))
    wrap = f";--gutter:{gutter - 10}px" if wrap_rows else ""
    return (f'<div class="sc-frame">'
            f'<div class="sc-ytitle">{escape(_text(layout.yaxis.title.text))}</div>'
            f'<div class="sc-plot" style="height:{plot_height}px;margin-left:{gutter}px{wrap}">'
            f'<img class="sc-svg" alt="" src="{_svg_image(svg)}">'
            f'{"".join(html)}</div></div>'
            f'<div class="sc-xtitle" style="margin-left:{gutter}px">{escape(_text(layout.xaxis.title.text))}</div>')


def _day(value) -> float:
    return pd.Timestamp(value).value / 86_400e9


def _stack_tops(bars) -> np.ndarray:
    totals: dict[float, float] = {}
    for _, x, y in bars:
        for xi, yi in zip(x, y, strict=True):
            if np.isfinite(xi) and np.isfinite(yi) and yi > 0:
                totals[xi] = totals.get(xi, 0.0) + yi
    return np.array(list(totals.values()) or [0.0])


def _svg_image(parts: list[str]) -> str:
    """The plot area's shapes as an SVG image (a data: URI): an <img> is inert (no script can run in it)
    and passes st.html's sanitiser, which drops inline <svg>."""
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_SCALE:g} {_SCALE:g}" '
           f'preserveAspectRatio="none">{"".join(parts)}</svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _bar_rects(bars, px, py, spacing, *, stacked, x_format, y_format, lang) -> tuple[list[str], list[str]]:
    """The bars (SVG) and, over each, a transparent HTML box with its value as a tooltip."""
    out: list[str] = []
    tips: list[str] = []
    width = spacing * 0.8 / (1 if stacked else max(1, len(bars)))
    base: dict[float, float] = {}
    for n, (trace, x, y) in enumerate(bars):
        name = _text(trace.name)
        for i, (xi, yi) in enumerate(zip(x, y, strict=True)):
            if not (np.isfinite(xi) and np.isfinite(yi)):
                continue
            bottom = base.get(xi, 0.0) if stacked else 0.0
            left = xi - spacing * 0.4 + (0 if stacked else n * width)
            x_left, x_right = float(px(left)), float(px(left + width))
            y_top, y_bottom = float(py(bottom + yi)), float(py(bottom))
            tip = f"{name}: " if name else ""
            tip += f"{_date_text(xi, x_format)}: {_y_label(yi, y_format, lang)}"
            top, wide, tall = min(y_top, y_bottom), max(x_right - x_left, 0.5), abs(y_bottom - y_top)
            out.append(f'<rect x="{x_left:.1f}" y="{top:.1f}" width="{wide:.1f}" height="{tall:.1f}" '
                       f'fill="{_colour(trace, i)}"/>')
            tips.append(f'<span class="sc-bar" style="left:{x_left / 10:.2f}%;top:{top / 10:.2f}%;'
                        f'width:{wide / 10:.2f}%;height:{tall / 10:.2f}%" title="{escape(tip)}"></span>')
            if stacked:
                base[xi] = bottom + yi
    return out, tips


def _segments(mask: np.ndarray) -> list[slice]:
    """Runs of True in ``mask`` (a gap in the data is a gap in the line, as plotly's connectgaps=False)."""
    runs, start = [], None
    for i, ok in enumerate(list(mask) + [False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            runs.append(slice(start, i))
            start = None
    return runs


def _scatter_svg(trace, x, y, previous, px, py) -> list[str]:
    out: list[str] = []
    colour = _colour(trace)
    fill = escape(str(trace.fillcolor or colour))
    ok = np.isfinite(x) & np.isfinite(y)
    if trace.fill == "toself" and ok.sum() > 2:
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px(x[ok]), py(y[ok]), strict=True))
        out.append(f'<polygon points="{points}" fill="{fill}" stroke="none"/>')
    elif trace.fill == "tozeroy":
        for run in _segments(ok):
            xs, ys = px(x[run]), py(y[run])
            zero = float(py(0.0))
            points = f"{xs[0]:.1f},{zero:.1f} " + " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(xs, ys, strict=True))
            out.append(f'<polygon points="{points} {xs[-1]:.1f},{zero:.1f}" fill="{fill}" stroke="none"/>')
    elif trace.fill == "tonexty" and previous is not None and len(previous[0]) == len(x):
        px_prev, py_prev = previous
        both = ok & np.isfinite(px_prev) & np.isfinite(py_prev)
        for run in _segments(both):
            upper = [f"{a:.1f},{b:.1f}" for a, b in zip(px(x[run]), py(y[run]), strict=True)]
            lower = [f"{a:.1f},{b:.1f}" for a, b in zip(px(px_prev[run]), py(py_prev[run]), strict=True)]
            out.append(f'<polygon points="{" ".join(upper + lower[::-1])}" fill="{fill}" stroke="none"/>')
    if "lines" in (trace.mode or "lines") and trace.fill != "toself":
        out += _polylines(trace, x, y, ok, px, py)
    return out


def _polylines(trace, x, y, ok, px, py) -> list[str]:
    """The trace's line in the trace's colour, width and dash, one piece per run of points with data (a gap in
    the data is a gap in the line); nothing for a line of width 0."""
    width = trace.line.width if trace.line.width is not None else 2
    if width <= 0:
        return []
    dash = _DASH.get(trace.line.dash or "", "")
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out = []
    for run in _segments(ok):
        if run.stop - run.start < 2:
            continue
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px(x[run]), py(y[run]), strict=True))
        out.append(f'<polyline points="{points}" fill="none" stroke="{_colour(trace)}" stroke-width="{width}"'
                   f'{dash_attr} stroke-linejoin="round" vector-effect="non-scaling-stroke"/>')
    return out


def _scatter_points(trace, x, y, px, py, *, x_format, y_format, lang, low=None) -> list[str]:
    """Markers, and a tooltip on every point of a line (a transparent target where it has no marker);
    ``low``: the lower edge of a band filled up to this trace (the tooltip gives the range)."""
    if trace.hoverinfo == "skip" or trace.fill == "toself":
        return []
    marked = "markers" in (trace.mode or "")
    symbol = _SYMBOL.get(trace.marker.symbol or "circle", "●") if marked else ""
    size = int(trace.marker.size or 6) if marked else 10
    colour = escape(str(trace.marker.color or _colour(trace))) if marked else "transparent"
    name = _text(trace.name)
    out = []
    ok = np.isfinite(x) & np.isfinite(y)
    lows = low[ok] if low is not None else [None] * int(ok.sum())
    for xi, yi, lo, left, top in zip(x[ok], y[ok], lows, px(x[ok]), py(y[ok]), strict=True):
        value = _y_label(yi, y_format, lang)
        if lo is not None and np.isfinite(lo):
            value = f"{_y_label(lo, y_format, lang)}–{value}"
        tip = (f"{name}: " if name else "") + f"{_date_text(xi, x_format)}: {value}"
        out.append(f'<span class="sc-pt" style="left:{left / 10:.2f}%;top:{top / 10:.2f}%;color:{colour};'
                   f'font-size:{size * 1.6:.0f}px" title="{escape(tip)}">{symbol or "●"}</span>')
    return out


# --------------------------------------------------------------------------- numbers on both axes


def _numbers(values) -> np.ndarray:
    return pd.to_numeric(pd.Series(np.asarray(values if values is not None else [], dtype=object)),
                         errors="coerce").to_numpy(float)


def _axis_ticks(axis, low: float, high: float, lang: str, *, log: bool) -> list[tuple[float, str]]:
    """(position in the axis's own units, label): the figure's tickvals/ticktext, else round numbers."""
    if axis.tickvals is not None:
        texts = list(axis.ticktext) if axis.ticktext is not None else [None] * len(axis.tickvals)
        ticks = [(math.log10(v) if log else float(v), _text(t) if t is not None else _y_label(v, axis.tickformat, lang))
                 for v, t in zip(axis.tickvals, texts, strict=True) if not log or v > 0]
        return [(v, t) for v, t in ticks if low - 1e-9 <= v <= high + 1e-9]
    if log:
        return [(float(k), _y_label(10.0 ** k, axis.tickformat, lang)) for k in range(math.ceil(low), math.floor(high) + 1)]
    return [(v, _y_label(v, axis.tickformat, lang)) for v in _nice_ticks(low, high) if low - 1e-9 <= v <= high + 1e-9]


def _range(axis, values: list[np.ndarray], *, log: bool, pad: float = 0.05) -> tuple[float, float]:
    if axis.range is not None:
        return float(axis.range[0]), float(axis.range[1])  # plotly gives a log axis's range in log units
    finite = np.concatenate([v[np.isfinite(v)] for v in values]) if values else np.array([])
    if not len(finite):
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    if not log and axis.rangemode == "tozero":
        low = min(low, 0.0)
    span = (high - low) or 1.0
    return low - span * pad, high + span * pad


def _numeric_chart(fig: go.Figure, lang: str) -> str:
    """Scatter traces over numbers on both axes: markers (with horizontal whiskers), labels, lines; a log x axis
    and named rows (tickvals/ticktext) as plotly draws them: a funnel plot, a dot-and-whisker chart."""
    layout = fig.layout
    traces = [tr for tr in fig.data if _shown(tr)]
    if any(tr.type != "scatter" for tr in traces):
        raise Unsupported("bars over numbers")
    log = layout.xaxis.type == "log"
    xs = [_numbers(tr.x) for tr in traces]
    if log:
        xs = [np.log10(np.where(x > 0, x, np.nan)) for x in xs]
    ys = [_numbers(tr.y) for tr in traces]
    whiskers = []
    for tr, x in zip(traces, xs, strict=True):
        err = tr.error_x.to_plotly_json() if tr.error_x is not None else {}
        if err.get("array") is None:
            whiskers.append(None)
            continue
        if log:
            raise Unsupported("whiskers on a log axis")
        plus = _numbers(err["array"])
        minus = _numbers(err.get("arrayminus") if err.get("arrayminus") is not None else err["array"])
        whiskers.append((x - minus, x + plus))
    x0, x1 = _range(layout.xaxis, xs + [w for pair in whiskers if pair for w in pair], log=log)
    y0, y1 = _range(layout.yaxis, ys, log=False)

    def px(x):
        return (np.asarray(x, float) - x0) / (x1 - x0) * _SCALE

    def py(y):
        return _SCALE - (np.asarray(y, float) - y0) / (y1 - y0) * _SCALE

    x_ticks = _axis_ticks(layout.xaxis, x0, x1, lang, log=log)
    y_ticks = _axis_ticks(layout.yaxis, y0, y1, lang, log=False)
    rows = {round(v, 6): label for v, label in y_ticks} if layout.yaxis.ticktext is not None else {}
    svg, html = [], []
    for value, label in x_ticks:
        left = float(px(value))
        if layout.xaxis.showgrid:
            svg.append(f'<line x1="{left:.1f}" x2="{left:.1f}" y1="0" y2="{_SCALE:g}" stroke="{palette.GRID}" '
                       'vector-effect="non-scaling-stroke"/>')
        html.append(f'<span class="sc-xt" style="left:{left / 10:.2f}%">{escape(label)}</span>')
    for value, label in y_ticks:
        top = float(py(value))
        if layout.yaxis.showgrid is not False:
            svg.append(f'<line x1="0" x2="{_SCALE:g}" y1="{top:.1f}" y2="{top:.1f}" stroke="{palette.GRID}" '
                       'vector-effect="non-scaling-stroke"/>')
        html.append(f'<span class="sc-yt" style="top:{top / 10:.2f}%">{escape(label)}</span>')
    for shape in layout.shapes:  # vertical lines only (_check)
        left = float(px(math.log10(shape.x0) if log else shape.x0))
        svg.append(f'<line x1="{left:.1f}" x2="{left:.1f}" y1="0" y2="{_SCALE:g}" '
                   f'stroke="{escape(str(shape.line.color or palette.ZERO_LINE))}" vector-effect="non-scaling-stroke"/>')
    x_title, y_title = _text(layout.xaxis.title.text), _text(layout.yaxis.title.text)
    for tr, x, y, whisker in zip(traces, xs, ys, whiskers, strict=True):
        colour = _colour(tr)
        ok = np.isfinite(x) & np.isfinite(y)
        if "lines" in (tr.mode or ""):
            svg += _polylines(tr, x, y, ok, px, py)
        if whisker is not None:
            thickness = (tr.error_x.thickness or 2) if tr.error_x is not None else 2
            for lo, hi, yi in zip(whisker[0][ok], whisker[1][ok], y[ok], strict=True):
                row = float(py(yi))
                svg.append(f'<line x1="{float(px(lo)):.1f}" x2="{float(px(hi)):.1f}" y1="{row:.1f}" y2="{row:.1f}" '
                           f'stroke="{escape(str(tr.error_x.color or colour))}" stroke-width="{thickness}" '
                           'vector-effect="non-scaling-stroke"/>')
        texts = list(tr.text) if isinstance(tr.text, (list, tuple, np.ndarray)) else [tr.text] * len(x)
        places = list(tr.textposition) if isinstance(tr.textposition, (list, tuple, np.ndarray)) \
            else [tr.textposition or "middle right"] * len(x)
        for i in np.flatnonzero(ok):
            left, top = float(px(x[i])) / 10, float(py(y[i])) / 10
            name = _text(texts[i]) if texts[i] is not None else rows.get(round(float(y[i]), 6), _text(tr.name))
            if "text" in (tr.mode or "") and texts[i] is not None:
                where = str(places[i])
                shift = "-50%,-150%" if where.startswith("top") else "-50%,50%" if where.startswith("bottom") \
                    else "0.6em,-50%"
                html.append(f'<span class="sc-label" style="left:{left:.2f}%;top:{top:.2f}%;'
                            f'transform:translate({shift})">{escape(_text(texts[i]))}</span>')
            if "markers" not in (tr.mode or "") or tr.hoverinfo == "skip":
                continue
            shown_x = 10 ** x[i] if log else x[i]
            value = _y_label(shown_x, layout.xaxis.tickformat, lang)
            if whisker is not None:
                value += (f" ({_y_label(whisker[0][i], layout.xaxis.tickformat, lang)}–"
                          f"{_y_label(whisker[1][i], layout.xaxis.tickformat, lang)})")
            tip = f"{name}: {value}" if rows else \
                f"{name}: {y_title} {_y_label(y[i], layout.yaxis.tickformat, lang)}; {x_title} {value}"
            symbol = _SYMBOL.get(tr.marker.symbol or "circle")
            if symbol is None:
                raise Unsupported(f"marker {tr.marker.symbol}")
            html.append(f'<span class="sc-pt" style="left:{left:.2f}%;top:{top:.2f}%;color:{escape(str(tr.marker.color or colour))};'
                        f'font-size:{int(tr.marker.size or 6) * 1.6:.0f}px" title="{escape(tip)}">{symbol}</span>')
    longest = max([len(label) for _, label in y_ticks] + [1])
    return _plot_frame(fig, svg, html, gutter=min(int(longest * _font_size(fig) * 0.62) + 18, 320), wrap_rows=True)


# --------------------------------------------------------------------------- horizontal bars


def _horizontal_bars(fig: go.Figure, lang: str) -> str:
    """Rows of label, bar and its text (one bar per trace in a row, as plotly's grouped bars)."""
    traces = [tr for tr in fig.data if _shown(tr)]
    labels: list[str] = []
    for trace in traces:
        for label in trace.y if trace.y is not None else []:
            if _text(label) not in labels:
                labels.append(_text(label))
    x_range = fig.layout.xaxis.range
    values = [v for tr in traces for v in pd.to_numeric(pd.Series(list(tr.x)), errors="coerce") if np.isfinite(v)]
    room = 1.3 if any(tr.text is not None for tr in traces) else 1.05  # the text beside the longest bar
    top = float(x_range[1]) if x_range is not None else (max(values) * room if values and max(values) > 0 else 1.0)
    rows = []
    order = labels if fig.layout.yaxis.autorange == "reversed" else reversed(labels)  # plotly: first at the bottom
    for label in order:
        bars = []
        for trace in traces:
            ys = [_text(v) for v in trace.y]
            if label not in ys:
                continue
            i = ys.index(label)
            value = pd.to_numeric(pd.Series([trace.x[i]]), errors="coerce").iloc[0]
            value = 0.0 if not np.isfinite(value) else float(value)
            text = _text(trace.text[i]) if isinstance(trace.text, (list, tuple, np.ndarray)) else _text(trace.text)
            tip = f"{label}: {text or fmt_int(value, lang)}"
            bars.append(f'<div class="sc-hbar" title="{escape(tip)}"><i style="width:{max(0.0, value) / top * 100:.2f}%;'
                        f'background:{_colour(trace, i)}"></i><span>{escape(text)}</span></div>')
        rows.append(f'<div class="sc-hrow"><div class="sc-hlabel">{escape(label)}</div>'
                    f'<div class="sc-hbars">{"".join(bars)}</div></div>')
    x_title = _text(fig.layout.xaxis.title.text)
    return f'<div class="sc-hchart">{"".join(rows)}</div><div class="sc-xtitle">{escape(x_title)}</div>'


_CSS = ("<style>"
        ".sc{width:100%;line-height:1.25;margin:0 0 .25rem 0}"
        ".sc-title{font-weight:600;margin:0 0 .5em 0}"
        ".sc-legend{display:flex;flex-wrap:wrap;gap:.3em 1.4em;margin:0 0 .6em 0}"
        ".sc-key{display:inline-flex;align-items:center;gap:.4em}"
        ".sc-key i{display:inline-block;width:1.1em;height:.8em}"
        ".sc-key i.sc-line{height:0;width:1.8em}"
        ".sc-frame{display:flex;align-items:stretch}"
        ".sc-ytitle{writing-mode:vertical-rl;transform:rotate(180deg);text-align:center;color:#4a5663;"
        "padding-left:.3em}"
        ".sc-plot{position:relative;flex:1;margin-right:1.2em;margin-bottom:1.9em;"
        "border-bottom:1px solid #bdc3c7}"
        ".sc-plot .sc-svg{position:absolute;inset:0;width:100%;height:100%;max-width:none}"
        ".sc-bar{position:absolute}"
        ".sc-yt{position:absolute;right:calc(100% + .4em);transform:translateY(-50%);white-space:nowrap}"
        ".sc-plot[style*=--gutter] .sc-yt{white-space:normal;width:var(--gutter);text-align:right}"
        ".sc-label{position:absolute;white-space:nowrap;font-size:.85em}"
        ".sc-xt{position:absolute;top:calc(100% + .35em);transform:translateX(-50%);white-space:nowrap}"
        ".sc-note{position:absolute;top:.2em;padding-left:.3em;font-size:.85em;color:#4a5663;white-space:nowrap}"
        ".sc-pt{position:absolute;transform:translate(-50%,-50%);line-height:1;cursor:default}"
        ".sc-xtitle{text-align:center;color:#4a5663;margin-top:.1em}"
        ".sc-hchart{display:grid;grid-template-columns:minmax(6em,max-content) 1fr;gap:.45em .8em;"
        "align-items:center}"
        ".sc-hrow{display:contents}"
        ".sc-hlabel{text-align:right}"
        ".sc-hbars{display:flex;flex-direction:column;gap:2px}"
        ".sc-hbar{display:flex;align-items:center;gap:.4em;min-height:1.5em}"
        ".sc-hbar i{display:block;height:1.5em;min-width:1px}"
        ".sc-hbar span{white-space:nowrap}"
        "</style>")
