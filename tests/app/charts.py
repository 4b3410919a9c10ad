"""The charts of a page as AppTest sees them, whichever way they are drawn.

A headline chart drawn by display.static_chart reaches AppTest as an st.html element, not as a
plotly spec. While the app tests run, components.ui's renderer is wrapped (tests/app/conftest.py) so that
each static chart keeps the figure it was drawn from: ``chart_specs`` gives every chart of a page, plotly
or static, as the plotly JSON of its figure, in page order. That the static HTML draws every value of its
figure is tested on its own (tests/components/test_static_chart.py) and in Chromium (tests/browser).
"""

from __future__ import annotations

import json
import re

import plotly.io

_FIGURES: list[str] = []
_MARK = re.compile(r"<!--chart-spec:(\d+)-->")


def recording(render):
    """``render`` (display.static_chart.static_chart) that also keeps the figure of each chart it draws."""

    def _render(fig, lang):
        html = render(fig, lang)
        if html is None:
            return None
        _FIGURES.append(plotly.io.to_json(fig, validate=False))
        return f"{html}<!--chart-spec:{len(_FIGURES) - 1}-->"

    return _render


def _walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)
    else:
        yield node


def chart_specs(at, *, static: bool | None = None) -> list[dict]:
    """Every chart on the page (plotly and static), as plotly JSON, in page order. ``static``: only the
    static (True) or only the plotly (False) ones."""
    specs = []
    for node in _walk(at._tree):
        if node.type == "plotly_chart" and static is not True:
            specs.append(json.loads(node.proto.spec))
        elif node.type in ("html", "markdown") and static is not False:
            mark = _MARK.search(node.proto.body)
            if mark:
                specs.append(json.loads(_FIGURES[int(mark.group(1))]))
    return specs
