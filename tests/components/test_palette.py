"""The palette (display/palette.py): flags readable by people with any colour vision, text at 4.5:1,
the Streamlit theme in step with it, and no other module with colours of its own."""

from __future__ import annotations

import re
import tomllib

import pytest

from display import palette
from tests.conftest import ROOT

FOLDERS = ("display", "components", "reports", "pages")
HEX = re.compile(r"""["'][^"'\n]*#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b""")
STREAMLIT_RED_GREEN = re.compile(r"""["'](red|green)["']""")
STYLE_BLOCK = re.compile(r"<style>.*?</style>", re.DOTALL)


def _hue(colour: str) -> str:
    r, g, b = palette.rgb(colour)
    return "blue" if b > r else "orange" if r > b and r > g * 0.9 else "other"


def test_a_rise_is_orange_and_a_fall_blue_never_red_against_green():
    assert _hue(palette.WORSE) == "orange" and _hue(palette.WORSE_FILL) == "orange"
    assert _hue(palette.BETTER) == "blue" and _hue(palette.BETTER_FILL) == "blue"
    assert palette.flag_fill(3) == palette.WORSE_FILL and palette.flag_fill(-1) == palette.BETTER_FILL
    assert palette.flag_fill(0) is None and palette.flag_fill(None) is None
    # more incidents (higher is not better) is worse; a higher share answered on time is better
    assert palette.st_direction_colour(0.2, higher_is_better=False) == "orange"
    assert palette.st_direction_colour(0.2, higher_is_better=True) == "blue"
    assert palette.st_direction_colour(None, higher_is_better=True) == "gray"


@pytest.mark.parametrize("text", [palette.WORSE, palette.BETTER, palette.NEUTRAL, palette.TEXT, palette.TEXT_MUTED])
@pytest.mark.parametrize("background", [palette.WHITE, palette.WORSE_FILL, palette.BETTER_FILL])
def test_text_colours_keep_4_5_to_1(text, background):
    assert palette.contrast_ratio(text, background) >= 4.5


def test_caption_grey_keeps_4_5_to_1_on_the_sidebar():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert palette.contrast_ratio(palette.CAPTION_TEXT, theme["secondaryBackgroundColor"]) >= 4.5
    assert round(palette.contrast_ratio("#707172", "#f0f3f7"), 2) == 4.39  # Streamlit's own caption grey, for reference


def test_streamlit_theme_uses_the_palette_for_flags():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert theme["orangeTextColor"].lower() == palette.WORSE
    assert theme["blueTextColor"].lower() == palette.BETTER


def test_no_other_module_writes_a_colour_of_its_own():
    """Colours are named in display/palette.py only; CSS blocks (<style>…</style>: the shared-screen
    and print style sheets) keep their own greys, which axe-core checks in the browser."""
    offenders = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "display" / "palette.py":
                continue
            code = STYLE_BLOCK.sub("", path.read_text())
            for line in code.splitlines():
                if line.lstrip().startswith("#"):
                    continue
                if HEX.search(line) or STREAMLIT_RED_GREEN.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}: {line.strip()[:100]}")
    assert not offenders, "colours outside display/palette.py:\n" + "\n".join(offenders)
