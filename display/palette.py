"""Every colour the dashboard draws with, in one place: the screen (tables, tiles, charts), the map
and the meeting pack. Flags are colour-blind safe — blue for a fall or a better figure, orange for a
rise or a worse one (Okabe & Ito, "Color Universal Design", 2008), never red against green — and
never colour alone: the flag's text carries ▲/▼ and a word (review.flag_up / review.flag_down).

Text colours keep 4.5:1 against white and against their own fill (WCAG 2.1 AA, SC 1.4.3); a
fill under dark text is light. tests/components/test_palette.py checks both, and that no other module
of display/, components/, reports/ or pages/ writes a colour of its own.
"""

from __future__ import annotations

# --- the text and the surfaces
TEXT = "#1b2631"  # body text on charts and slides
TEXT_MUTED = "#4a5663"  # secondary text (notes, axis titles): 7:1 on white
CAPTION_TEXT = "#4a4f57"  # Streamlit captions and widget labels: 7.4:1 on the sidebar's #f0f3f7
WHITE = "#ffffff"
BLACK = "#000000"
GRID = "#ecf0f1"
AXIS_LINE = "#bdc3c7"
PLOT_BACKGROUND = "#f7f9fb"
ZERO_LINE = "#7f8c8d"
AMBER = "#b9770e"  # the pack's demo-data mark
TABLE_HEAD_FILL = "#e8eef4"
TILE_FILL, TILE_LINE = "#f4f6f8", "#d5dbe1"  # a KPI tile of the pack
PROBLEM_FILL = "#fde2e1"  # a rejected cell on the import page (not a flag)

# --- direction of a change: the flag of a row, a KPI's delta, a priority's status
WORSE = "#9a4a00"  # dark orange: a rise of incidents, a worse figure (6.3:1 on white)
BETTER = "#005a8c"  # dark blue: a fall of incidents, a better figure (7.4:1 on white)
NEUTRAL = "#4a5663"  # no change, no data: 7:1 on white, 5.9:1 on the flag fills
WORSE_FILL = "#fde4cc"  # row background of a flagged rise (dark text stays 14:1)
BETTER_FILL = "#d9eaf7"  # row background of a flagged fall
# Streamlit's named colours for st.metric(delta_color=…) / st.badge(color=…); .streamlit/config.toml
# sets orangeTextColor and blueTextColor to WORSE and BETTER so the screen matches the pack.
ST_WORSE, ST_BETTER, ST_NEUTRAL = "orange", "blue", "gray"


def direction_colour(change: float | None, *, higher_is_better: bool) -> str:
    """WORSE, BETTER or NEUTRAL (no change, no base) for a change of a figure."""
    if not change:
        return NEUTRAL
    return BETTER if (change > 0) == higher_is_better else WORSE


def st_direction_colour(change: float | None, *, higher_is_better: bool) -> str:
    """The same as a Streamlit colour name (st.metric's delta_color)."""
    return {WORSE: ST_WORSE, BETTER: ST_BETTER, NEUTRAL: ST_NEUTRAL}[
        direction_colour(change, higher_is_better=higher_is_better)]


def flag_fill(direction: float | None) -> str | None:
    """The background of a row flagged as a rise (WORSE_FILL) or a fall (BETTER_FILL), else None."""
    if direction is None or direction == 0:
        return None
    return WORSE_FILL if direction > 0 else BETTER_FILL


def flag_text_colour(direction: float | None) -> str:
    """The text colour of a flag: a rise WORSE, a fall BETTER."""
    if direction is None or direction == 0:
        return NEUTRAL
    return WORSE if direction > 0 else BETTER


# A priority's status (public card, presentation, pack): on track blue, off track orange.
STATUS = {"on_track": BETTER, "off_track": WORSE, "no_data": NEUTRAL}
ST_STATUS = {"on_track": ST_BETTER, "off_track": ST_WORSE, "no_data": ST_NEUTRAL}

# --- charts
CHART = {
    "primary": "#1f4e79",  # deep blue: this period
    "secondary": "#9aa5b1",  # grey: comparison
    "accent": "#d55e00",  # vermillion: flagged / worse
    "good": "#0072b2",  # blue: better
    "band": "rgba(31, 78, 121, 0.18)",
    "band_light": "rgba(31, 78, 121, 0.10)",
    "answered": "#e69f00",  # orange: requests answered
    "incidents": "#009e73",  # bluish green: incidents beside requests
    "previous": "#c8cfd6",  # light grey bar: the previous period
    "outcomes": "#009e73",
    "types": "#cc79a7",
}
# Categories in a fixed order (Okabe–Ito, then greys): told apart by people with any colour vision.
SEQUENCE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#7f8c8d", "#f0e442")
# Incident severity, light to dark (one hue family, ordered by lightness): readable without hue.
SEVERITY = {
    "criminal_misdemeanour": "#f4d03f",
    "minor": "#e67e22",
    "grave": "#c0392b",
    "especially_grave": "#641e16",
    "undetermined": "#bdc3c7",
    "administrative": "#7f8c8d",
}
SURVEY_SHARES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")  # sequential blues
SURVEY_OUTLINE = "#263238"

# --- the map
RATE_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")  # ColorBrewer YlOrRd: sequential
CELL_COLOURS = ("#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d")  # ColorBrewer PuBu: sequential
NO_DATA_COLOUR = "#bdbdbd"
CONTEXT_COLOUR = "#cfd8dc"
POINT_COLOUR = "#6a3d9a"
KIND_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")  # Okabe–Ito
MAP_BACKGROUND = "#eef0f3"
OUTLINE_COLOUR = "#263238"
SETTLEMENT_LINE_COLOUR = "#546e7a"
CELL_LINE_COLOUR = "#37474f"
LEGEND_TEXT = "#1a1a1a"
LEGEND_NOTE = "#444444"
LEGEND_SWATCH_LINE = "#333333"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """(r, g, b) 0–255 of "#rrggbb" (the pack's PPTX and PDF writers take tuples)."""
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two "#rrggbb" colours (1 to 21)."""
    def luminance(colour: str) -> float:
        def channel(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
        r, g, b = (channel(c) for c in rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
