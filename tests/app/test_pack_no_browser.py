"""The overview's meeting-pack section on a machine without Chromium says what to install (uk/en) and
offers no download that would fail."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_pack_section_says_what_to_install(open_page, monkeypatch, tmp_path, lang):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    at = open_page("pages/home.py", lang=lang, role="prosecutor")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "apt-get install chromium" in warnings
    assert ("такого файлу немає" if lang == "uk" else "there is no such file") in warnings
    buttons = [b for b in at.get("download_button") if b.proto.id and "pack_" in b.proto.id]
    assert buttons and all(b.proto.disabled for b in buttons)
