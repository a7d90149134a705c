"""The change map in the pack: PNG and SVG beside the map, one deck slide, one PDF page; none of
them without a comparison date; a sentence when the comparison cannot be drawn."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.change_fixtures import GIVEN_BACK, TAKEN, write_deepstate
from tests.export.export_fixtures import FakeRenderer
from udcg_desktop.export import pack
from udcg_desktop.io.registry import load_briefing


@pytest.fixture
def briefing(tmp_path):
    return load_briefing([write_deepstate(tmp_path / "ds")])


def _deck_texts(path):
    from pptx import Presentation
    return [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame]
            for s in Presentation(path).slides]


def _pdf_pages(path):
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        return text.split("\f")
    pypdf = pytest.importorskip("pypdf")
    return [p.extract_text() for p in pypdf.PdfReader(str(path)).pages]


def test_pack_with_a_comparison_date_has_the_change_map_everywhere(qapp, briefing, tmp_path):
    from PySide6.QtGui import QColor, QImage
    from udcg_desktop.gui.change_map_image import change_map_qimage
    from udcg_desktop.gui.render import QtRenderer, text_px_for_slide
    out = tmp_path / "out"
    r = pack.export_pack(briefing, out, as_of="2024-05-21", areas_since="2024-05-09",
                         formats=("pptx", "pdf", "png", "svg"), renderer=QtRenderer())
    stem = out / "udcg_briefing_2024-05-21"
    png, svg = stem.with_name(stem.name + "_change_map.png"), stem.with_name(
        stem.name + "_change_map.svg")
    assert png in r.written and svg in r.written, r.failures
    # The PNG file as written: red on the land taken, blue on the land given back.
    img = QImage(str(png))
    _img, frame = change_map_qimage(briefing_cm(briefing), (1600, 1000),
                                    text_px_for_slide((1600, 1000)))
    for box, test in ((TAKEN, lambda c: c.red() > 150 and c.blue() < 110),
                      (GIVEN_BACK, lambda c: c.blue() > 150 and c.red() < 110)):
        pt = frame.point((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        assert test(QColor(img.pixel(int(pt.x()), int(pt.y())))), box
    assert "Front change 9\u201321 May 2024" in svg.read_text(encoding="utf-8")
    # One slide, after the front's change, titled with the net change; its picture placed.
    texts = _deck_texts(stem.with_suffix(".pptx"))
    head = "Front change 9\u201321 May 2024: "
    titled = [i for i, t in enumerate(texts)
              if any(x.startswith(head) and x.endswith("km\u00b2 occupied") for x in t)]
    assert len(titled) == 1
    front = [i for i, t in enumerate(texts) if "The front's change" in t]
    assert front and titled[0] == front[0] + 1
    from pptx import Presentation
    slide = Presentation(stem.with_suffix(".pptx")).slides[titled[0]]
    assert any(sh.shape_type == 13 for sh in slide.shapes)                    # a picture
    assert "Newly occupied (Russian gain): 48 km²" in slide.notes_slide.notes_text_frame.text
    # One PDF page with the headline and the km² of each class.
    pages = [p for p in _pdf_pages(stem.with_suffix(".pdf")) if "Front change 9" in p]
    assert len(pages) == 1 and "Regained by Ukraine / no longer claimed: 16 km²" in pages[0]


def briefing_cm(briefing):
    from udcg_desktop.core.change_map import change_map
    return change_map(briefing, "2024-05-09", "2024-05-21")


def test_no_comparison_date_no_change_map_no_slide(briefing, tmp_path):
    out = tmp_path / "out"
    fake = FakeRenderer(True)
    r = pack.export_pack(briefing, out, as_of="2024-05-21", formats=("pptx", "pdf", "png"),
                         renderer=fake)
    assert r.ok, r.failures
    assert not list(out.glob("*change_map*")) and fake.change_maps_drawn == []
    texts = _deck_texts(out / "udcg_briefing_2024-05-21.pptx")
    assert not any(x.startswith("Front change") for t in texts for x in t)
    assert not any("Front change" in p for p in _pdf_pages(out / "udcg_briefing_2024-05-21.pdf"))


def test_a_comparison_before_the_first_snapshot_says_why_and_the_rest_is_written(briefing,
                                                                                  tmp_path):
    out = tmp_path / "out"
    fake = FakeRenderer(True)
    r = pack.export_pack(briefing, out, as_of="2024-05-21", areas_since="2024-05-01",
                         formats=("pptx", "pdf", "png"), renderer=fake)
    why = dict(r.failures)
    png = str(out / "udcg_briefing_2024-05-21_change_map.png")
    assert "no snapshot was published on or before the comparison date 2024-05-01" in why[png]
    assert (out / "udcg_briefing_2024-05-21.pptx") in r.written
    assert (out / "udcg_briefing_2024-05-21_map.png") in r.written
    assert fake.change_maps_drawn == []


def test_a_renderer_draws_the_change_map_titled_for_files_untitled_for_the_deck(briefing,
                                                                               tmp_path):
    fake = FakeRenderer(True)
    r = pack.export_pack(briefing, tmp_path / "o", as_of="2024-05-21", areas_since="2024-05-09",
                         formats=("pptx", "svg"), renderer=fake)
    assert r.ok, r.failures
    assert sorted(fake.change_maps_drawn) == [("2024-05-09", "2024-05-21", "png", False),
                                              ("2024-05-09", "2024-05-21", "svg", True)]
