"""Meeting pack: the figures of a week, both files built from the demo database (slides, titles,
KPI figures, pictures present and not blank, the KPI tiles and every text box at the same place in
the PowerPoint and the PDF), stored packs downloaded again byte for byte, the drift of the live
figures since a pack, and the CLI's refusals."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import zlib
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import PP_ALIGN
from sqlalchemy import text

from data_access.db_setup import upgrade_to_head
from data_access.engine import make_engine
from data_access.meeting_packs import pack_file, pack_list, pack_record
from data_access.reference import load_reference
from reports.__main__ import main as reports_main
from reports.figures import kpi, pack_figures
from reports.frozen import changes_since_pack, make_pack
from reports.images import BlankImageError, check_not_blank, chromium_path
from reports.pdf_pack import build_pdf
from reports.pptx_pack import build_pptx
from tests.factories import add_incidents, at

DEMO_TODAY = date(2026, 11, 25)
WEEK = date(2026, 11, 16)  # 2026-W47, the last full week before DEMO_TODAY
SLIDE_TITLES_UK = ["Безпека громади: огляд тижня", "Головне за тиждень", "Огляд тижня за категоріями",
                   "Карта: правопорушення за 4 тижні", "Правопорушення за тижнями за рік", "Звернення громадян",
                   "Опитування: безпека і довіра", "Пріоритети і їхній стан"]


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory):
    from data_access.demo import seed_demo

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('pack') / 'demo.db'}")
    upgrade_to_head(engine)
    load_reference(engine)
    seed_demo(engine, today=DEMO_TODAY)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def built(demo_engine):
    """One recorded PPTX pack of 2026-W47 in Ukrainian, and the PDF drawn from the same figures."""
    if chromium_path() is None:
        pytest.skip("Chromium is needed to draw the charts and the map")
    pack = make_pack(demo_engine, hromada_id=1, week_monday=WEEK, lang="uk", fmt="pptx", created_by="test")
    from reports.images import pack_images

    pdf = build_pdf(pack.figures, pack_images(pack.figures))
    return pack, pdf


@pytest.fixture(scope="module")
def drawn(demo_engine):
    """Both files drawn from the same figures (Ukrainian, demo week) with stand-in pictures: noise
    in the proportions of the real ones, so no Chromium is needed to check the layout."""
    fig = pack_figures(demo_engine, hromada_id=1, week_monday=WEEK, lang="uk")
    rng = np.random.default_rng(7)
    images = {}
    for key, (w, h) in {"trend": (160, 76), "flow": (100, 76), "map": (130, 90), "survey": (100, 70)}.items():
        buf = io.BytesIO()
        Image.fromarray(rng.integers(0, 255, size=(h, w, 3), dtype=np.uint8)).save(buf, format="PNG")
        images[key] = buf.getvalue()
    return fig, build_pptx(fig, images), build_pdf(fig, images)


def _incidents(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(text("SELECT occurred_date, category_group, hromada_id FROM incident"), conn)


def test_kpis_equal_an_independent_count(demo_engine):
    fig = pack_figures(demo_engine, hromada_id=1, week_monday=WEEK, lang="uk")
    df = _incidents(demo_engine)
    days = pd.to_datetime(df["occurred_date"]).dt.date
    community = (df["category_group"] == "community") & (df["hromada_id"] == 1)
    week = int((community & (days >= WEEK) & (days <= WEEK + timedelta(days=6))).sum())
    prev = int((community & (days >= WEEK - timedelta(days=7)) & (days < WEEK)).sum())
    k = kpi(fig, "incidents")
    assert week >= 5 and k["value"] == week and k["display"] == str(week)
    assert k["change"] == pytest.approx((week - prev) / prev)
    total = next(r for r in fig["review"]["rows"] if r["is_total"])
    assert total["this_week"] == week  # the review table's total is the KPI
    assert fig["week"] == "2026-W47" and fig["is_demo"] and fig["role"] == "partner"


def test_survey_indices_carry_their_effective_sample(demo_engine):
    fig = pack_figures(demo_engine, hromada_id=1, week_monday=WEEK, lang="en")
    sql = text("""SELECT w.code AS wave, q.code AS question, r.weight AS weight
                  FROM survey_answer a JOIN survey_response r ON a.response_id = r.id
                  JOIN survey_wave w ON r.wave_id = w.id JOIN survey_question q ON a.question_id = q.id
                  WHERE w.hromada_id = 1 AND w.end_date <= :end AND a.dont_know = :no AND a.value IS NOT NULL""")
    with demo_engine.connect() as conn:
        answers = pd.read_sql(sql, conn, params={"end": WEEK + timedelta(days=6), "no": False})
        latest = conn.execute(text("SELECT code FROM survey_wave WHERE hromada_id = 1 AND end_date <= :end "
                                   "ORDER BY end_date DESC LIMIT 1"), {"end": WEEK + timedelta(days=6)}).scalar_one()
    checked = 0
    for index in fig["survey"]["indices"]:
        w = answers.loc[(answers["wave"] == latest) & (answers["question"] == index["code"]), "weight"].astype(float)
        n_eff = w.sum() ** 2 / (w ** 2).sum()
        if n_eff < 30:
            assert index["value"] is None and index["interval_display"] == "effective sample under 30"
            continue
        assert index["n_eff"] == pytest.approx(n_eff)
        assert index["interval_display"].endswith(f"; effective sample {round(n_eff):,}")
        checked += 1
    assert checked >= 3


def test_partner_figures_hide_small_counts(demo_engine):
    fig = pack_figures(demo_engine, hromada_id=1, week_monday=WEEK, lang="en")
    small = [r for r in fig["review"]["rows"] if r["this_week_display"] == "< 5"]
    assert small and all(r["this_week"] is None for r in small)
    assert all(c[2] is None or c[2] >= 5 for c in fig["map"]["cells"])
    assert all(not k["display"] or k["display"] == "< 5" or k["value"] is None or k["key"] == "trust"
               or k["value"] >= 5 or k["value"] == 0 for k in fig["kpis"] if k["key"] != "activities")
    # Partner activities are public events, listed on their own slide: their count is never hidden.
    acts = kpi(fig, "activities")
    assert 0 < fig["activities"]["count"] < 5  # the demo week has a small count, so the rule is tested
    assert acts["value"] == fig["activities"]["count"] and acts["display"] == str(fig["activities"]["count"])
    prosecutor = pack_figures(demo_engine, hromada_id=1, week_monday=WEEK, lang="en", role="prosecutor")
    assert all(r["this_week"] is not None for r in prosecutor["review"]["rows"])


def test_pptx_has_the_slides_figures_and_pictures(built):
    pack, _ = built
    prs = Presentation(io.BytesIO(pack.content))
    assert len(prs.slides) == 9
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in prs.slides]
    for title, slide in zip(SLIDE_TITLES_UK, texts, strict=False):
        assert title in slide
    kpi_slide = " ".join(texts[1])
    for key in ("incidents", "requests", "overdue_now", "trust", "activities"):
        assert kpi(pack.figures, key)["display"] in kpi_slide
    assert kpi(pack.figures, "incidents")["change_display"] in kpi_slide
    assert all(any("Демо-дані" in t for t in slide) for slide in texts)  # footer on every slide
    review = next(sh.table for sh in prs.slides[2].shapes if sh.has_table)
    assert len(review.rows) == len(pack.figures["review"]["rows"]) + 1
    assert review.cell(len(review.rows) - 1, 0).text == "Усього"
    pictures = [sh.image.blob for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 4  # map, trend, requests, survey
    for blob in pictures:
        check_not_blank(blob, "picture")


def test_pdf_has_the_same_slides_in_cyrillic(built):
    pack, pdf = built
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    pages = out.decode("utf-8").split("\f")
    assert len([p for p in pages if p.strip()]) == 9
    for title, page in zip(SLIDE_TITLES_UK, pages, strict=False):
        assert title.split(":")[0] in page
    assert kpi(pack.figures, "incidents")["display"] in pages[1]
    assert "Демо-дані" in pages[8]


def test_a_stored_pack_downloads_exactly_as_made(built, demo_engine):
    pack, _ = built
    content, fmt, digest = pack_file(demo_engine, pack_id=pack.pack_id)
    assert content == pack.content and fmt == "pptx" and digest == pack.file_hash
    rec = pack_record(demo_engine, pack_id=pack.pack_id)
    assert rec["week"] == "2026-W47" and rec["lang"] == "uk" and rec["created_by"] == "test"
    assert rec["figures"]["kpis"] == pack.figures["kpis"]
    assert pack.pack_id in pack_list(demo_engine, hromada_id=1, week="2026-W47")["id"].tolist()


def test_changes_since_pack_show_late_records(built, demo_engine):
    pack, _ = built
    assert changes_since_pack(demo_engine, pack_id=pack.pack_id).empty
    add_incidents(demo_engine, [{"occurred_at": at(WEEK + timedelta(days=2)), "category": "fraud"} for _ in range(3)],
                  source="late")
    changes = changes_since_pack(demo_engine, pack_id=pack.pack_id)
    fraud = changes[(changes["category"] == "fraud") & (changes["column"] == "this_week")].iloc[0]
    old = next(r for r in pack.figures["review"]["rows"] if r["key"] == "fraud")["this_week"]
    assert fraud["diff"] == 3 and fraud["new"] == old + 3
    total = changes[(changes["category"] == "all") & (changes["column"] == "this_week")].iloc[0]
    assert total["diff"] == 3


def test_a_blank_picture_is_refused():
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buf, format="PNG")
    with pytest.raises(BlankImageError):
        check_not_blank(buf.getvalue(), "map")
    with pytest.raises(BlankImageError):
        check_not_blank(b"not a png", "chart")


def test_cli_refuses_bad_input(demo_engine, tmp_path, capsys):
    url = str(demo_engine.url)
    assert reports_main(["meeting-pack", "--week", "2026-47", "--format", "pdf", "--out", str(tmp_path / "a.pdf"),
                         "--database-url", url]) == 2
    assert "ISO" in capsys.readouterr().err
    assert reports_main(["meeting-pack", "--week", "2026-W47", "--hromada", "UA000", "--format", "pdf",
                         "--out", str(tmp_path / "a.pdf"), "--database-url", url]) == 2
    assert reports_main(["meeting-pack", "--format", "pptx", "--out", str(tmp_path / "missing" / "a.pptx"),
                         "--database-url", url]) == 2
    assert not (tmp_path / "a.pdf").exists()


# --------------------------------------------------------------------------- one layout, two files

EMU_PER_IN, PT_PER_IN = 914_400, 72


def _tile_boxes(n: int) -> list[tuple[float, float, float, float]]:
    """The KPI slide's tiles written out (inches): equal widths 0.25 in apart between the 0.45 in
    margins of a 13.333 × 7.5 in slide, 1.6 in from the top, 4.6 in high."""
    w = (13.333 - 2 * 0.45 - 0.25 * (n - 1)) / n
    return [(0.45 + i * (w + 0.25), 1.6, w, 4.6) for i in range(n)]


def _pdf_rects(pdf: bytes) -> set[tuple[float, float, float, float]]:
    """Every rectangle of the PDF's content streams as (x, top, w, h) in inches."""
    found = set()
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text = zlib.decompress(raw).decode("latin-1")
        except zlib.error:
            continue
        for x, y, w, h in re.findall(r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b", text):
            found.add((round(float(x) / PT_PER_IN, 2), round(7.5 - float(y) / PT_PER_IN, 2),
                       round(float(w) / PT_PER_IN, 2), round(-float(h) / PT_PER_IN, 2)))
    return found


def _pdf_words(pdf: bytes) -> list[list[tuple[str, float, float, float]]]:
    """Per page: (word, xMin, yMin, xMax) in points from the top left (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return [[(html.unescape(word), float(x0), float(y0), float(x1)) for x0, y0, x1, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', page)]
        for page in out.decode("utf-8").split("<page ")[1:]]


def test_kpi_tiles_stand_at_the_same_place_in_both_files(drawn):
    fig, pptx, pdf = drawn
    expected = _tile_boxes(len(fig["kpis"]))
    assert len(expected) == 5
    slide = Presentation(io.BytesIO(pptx)).slides[1]
    tiles = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    assert len(tiles) == len(expected)
    for tile, box in zip(tiles, expected, strict=True):
        assert (tile.left, tile.top, tile.width, tile.height) == tuple(int(v * EMU_PER_IN) for v in box)
    rects = _pdf_rects(pdf)
    for box in expected:
        assert tuple(round(v, 2) for v in box) in rects
    labels = [sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text in [k["label"] for k in fig["kpis"]]]
    assert [sh.text_frame.text for sh in labels] == [k["label"] for k in fig["kpis"]]
    for label, (x, y, _, _) in zip(labels, expected, strict=True):
        assert (label.left, label.top) == (int((x + 0.15) * EMU_PER_IN), int((y + 0.2) * EMU_PER_IN))


def test_every_text_box_stands_at_the_same_place_in_both_files(drawn):
    """The PDF has each PowerPoint text box's first word (the last, when it is right-aligned) where the
    box starts (ends): the same layout, drawn twice."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    _, pptx, pdf = drawn
    slides, pages = Presentation(io.BytesIO(pptx)).slides, _pdf_words(pdf)
    assert len(pages) == len(slides)
    checked, misplaced = 0, []
    for n, (slide, words) in enumerate(zip(slides, pages, strict=True), start=1):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.paragraphs[0].text.split():
                continue
            para = shape.text_frame.paragraphs[0]
            right = para.alignment == PP_ALIGN.RIGHT
            word = para.text.split()[-1 if right else 0]
            x = (shape.left + (shape.width if right else 0)) / EMU_PER_IN * PT_PER_IN
            y = shape.top / EMU_PER_IN * PT_PER_IN
            size = para.runs[0].font.size.pt
            # fpdf2 breaks a word longer than its box ("Правопорушенн" + "я" in a narrow tile)
            near = [w for w in words if word.startswith(w[0]) and len(w[0]) >= min(len(word), 4)
                    and abs((w[3] if right else w[1]) - x) < 4
                    and -2 < w[2] - y < size]
            checked += 1
            if not near:
                misplaced.append((n, word, round(x), round(y)))
    assert misplaced == [] and checked > 60


def test_trend_band_of_the_pack_comes_from_the_weeks_it_shows(demo_engine):
    """The pack's trend carries the overview's expected range: the four-week mean of the weeks shown
    ± 1.96·sqrt(phi·mean·1.25), never next to a hidden week."""
    for role in (None, "prosecutor"):
        trend = pack_figures(demo_engine, hromada_id=1, week_monday=WEEK, lang="en", role=role)["trend"]
        shown = trend["year_ago"] + trend["counts"]
        assert len(trend["band_low"]) == len(trend["counts"]) == 52
        drawn = [k for k, v in enumerate(trend["band_high"]) if v is not None]
        assert len(drawn) > 40
        for k in drawn:
            prior = shown[52 + k - 4:52 + k]
            assert None not in prior
            mean = sum(prior) / 4
            assert trend["band_low"][k] <= mean <= trend["band_high"][k]
            assert (trend["band_high"][k] - mean) ** 2 >= 1.96 ** 2 * mean * 1.25 - 0.05  # phi ≥ 1
        assert set(trend["flags"]) <= {-1, 0, 1}
