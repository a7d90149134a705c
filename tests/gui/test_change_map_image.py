"""The change map picture: red where Russia gained, blue where Ukraine regained, hatching where
the sources disagree; read back from the PNG and the SVG as a user would see them."""
from __future__ import annotations

import pytest

from tests.change_fixtures import (GIVEN_BACK, HELD, ISW_EXTRA, NEW_GREY, TAKEN, write_deepstate,
                                   write_isw)
from udcg_desktop.core.change_map import change_map
from udcg_desktop.io.registry import load_briefing

SIZE = (1600, 1000)


def _colour_at(img, frame, b):
    from PySide6.QtGui import QColor
    c = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    pt = frame.point(*c)
    return QColor(img.pixel(int(pt.x()), int(pt.y())))


def _is_red(c):
    return c.red() > 150 and c.green() < 110 and c.blue() < 110


def _is_blue(c):
    return c.blue() > 150 and c.red() < 110


@pytest.fixture
def cm(tmp_path):
    return change_map(load_briefing([write_deepstate(tmp_path / "ds")]), "2024-05-09",
                      "2024-05-21")


def test_png_has_red_gains_blue_losses_and_faded_unchanged(qapp, cm):
    from PySide6.QtGui import QImage
    from udcg_desktop.gui.change_map_image import change_map_image, change_map_qimage
    from udcg_desktop.gui.render import text_px_for_slide
    png = change_map_image(cm, SIZE, fmt="png")
    img = QImage.fromData(png, "PNG")
    assert (img.width(), img.height()) == SIZE
    assert round(img.dotsPerMeterX() * 0.0254) == 200
    _same, frame = change_map_qimage(cm, SIZE, text_px_for_slide(SIZE))   # where things land
    assert _is_red(_colour_at(img, frame, TAKEN))
    assert _is_blue(_colour_at(img, frame, GIVEN_BACK))
    pale = _colour_at(img, frame, NEW_GREY)               # newly contested: light red
    assert pale.red() > 200 and 100 < pale.green() < 200
    faded = _colour_at(img, frame, HELD)                  # unchanged: neither red nor blue
    assert not _is_red(faded) and not _is_blue(faded) and faded.lightness() < 245
    # A place nothing happened: the land colour, not a class colour.
    assert _colour_at(img, frame, (36.3, 49.5, 36.3, 49.5)).lightness() > 235


def test_svg_carries_the_title_and_the_class_colours(qapp, cm):
    from udcg_desktop.gui.change_map_image import change_map_image
    svg = change_map_image(cm, SIZE, fmt="svg").decode("utf-8")
    assert "<svg" in svg and "Front change 9\u201321 May 2024" in svg
    assert "#c0392b" in svg and "#2c6fd6" in svg        # red gains, blue regains
    # Drawn back as a viewer would: red where the land was taken, and nothing of the map
    # spilling beyond its frame (the SVG has no clip paths: the base map is cut geometrically).
    from PySide6.QtGui import QColor, QImage
    from udcg_desktop.gui.change_map_image import change_map_qimage
    from udcg_desktop.gui.render import svg_to_png, text_px_for_slide
    img = QImage.fromData(svg_to_png(svg.encode("utf-8"), SIZE), "PNG")
    _same, frame = change_map_qimage(cm, SIZE, text_px_for_slide(SIZE))
    assert _is_red(_colour_at(img, frame, TAKEN))
    r = frame.rect
    outside = [QColor(img.pixel(int(r.right()) + 30, y)) for y in range(int(r.top()) + 5,
                                                                       int(r.bottom()), 7)]
    assert all(c.lightness() > 250 or c.lightness() < 90 for c in outside)   # page or text


def test_disagreement_is_hatched_where_only_isw_marks_occupied(qapp, tmp_path):
    from PySide6.QtGui import QColor
    from udcg_desktop.gui.change_map_image import change_map_qimage
    b = load_briefing([write_deepstate(tmp_path / "ds"), write_isw(tmp_path / "isw.geojson")])
    cm = change_map(b, "2024-05-09", "2024-05-21")
    img, frame = change_map_qimage(cm, SIZE, 22.0)
    x0, y0 = frame.point(ISW_EXTRA[0], ISW_EXTRA[3]).toTuple()
    x1, y1 = frame.point(ISW_EXTRA[2], ISW_EXTRA[1]).toTuple()
    orange = sum(1 for x in range(int(x0) + 2, int(x1) - 1) for y in range(int(y0) + 2,
                                                                          int(y1) - 1)
                 if (lambda c: c.red() > 180 and 90 < c.green() < 160 and c.blue() < 80)(
                     QColor(img.pixel(x, y))))
    area = (x1 - x0) * (y1 - y0)
    assert 0.1 * area < orange < 0.9 * area                # hatched: lines, not a fill
