"""gui/render.py, the image renderer the exports are given: each image has the size and DPI
asked for and shows something; a failing drawer becomes ImageUnavailable, not a traceback."""
import numpy as np
import pytest
from PySide6 import QtGui

from udcg_desktop.core.summary import summary
from udcg_desktop.gui import render
from udcg_desktop.gui.render import ImageUnavailable, QtRenderer
from tests.core.helpers import D, fx_rates, small_briefing
from tests.gui.map_briefing import map_briefing


def _image(png: bytes, size, dpi) -> np.ndarray:
    """The PNG as an (h, w, 3) array, after checking its signature, size and DPI tag."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    img = QtGui.QImage.fromData(png, "PNG").convertToFormat(QtGui.QImage.Format.Format_RGB32)
    assert (img.width(), img.height()) == size
    assert img.dotsPerMeterX() == pytest.approx(dpi / 0.0254, abs=1)
    arr = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    return arr[:, :img.width() * 4].reshape(img.height(), img.width(), 4)[..., :3]


def _drawn_share(rgb: np.ndarray) -> float:
    """Share of pixels that differ from the image's most common colour (its background)."""
    flat = rgb.reshape(-1, 3)
    colours, counts = np.unique(flat, axis=0, return_counts=True)
    return 1.0 - counts.max() / len(flat)


def test_charts_are_png_of_the_size_asked_and_svg(qapp):
    s = summary(small_briefing(), "2024-05-31", fx=fx_rates())
    out = QtRenderer().charts(s, ("donors", "cumulative"), (800, 500), 150, ("png", "svg"))
    assert set(out) == {("donors", "png"), ("donors", "svg"), ("cumulative", "png"),
                        ("cumulative", "svg")}
    for name in ("donors", "cumulative"):
        rgb = _image(out[(name, "png")], (800, 500), 150)
        assert _drawn_share(rgb) > 0.02, name          # bars/lines and labels, not a blank
        assert b"<svg" in out[(name, "svg")][:400]
    assert out[("donors", "png")] != out[("cumulative", "png")]


def test_map_and_timeline_images_show_the_briefing(qapp):
    r = QtRenderer()
    b = map_briefing()
    rgb = _image(r.map(b, D("2024-05-20"), None, (640, 400), 96, "png"), (640, 400), 96)
    assert _drawn_share(rgb) > 0.05 and len(np.unique(rgb.reshape(-1, 3), axis=0)) > 20
    rgb = _image(r.timeline(b, D("2024-05-20"), None, (800, 300), 120, "png"), (800, 300), 120)
    assert _drawn_share(rgb) > 0.02


def test_a_drawing_failure_is_an_image_unavailable_naming_it(qapp, monkeypatch):
    from udcg_desktop.gui.views import timeline_render
    from udcg_desktop.gui.views.map import render as map_render

    def broken(*_a, **_k):
        raise ValueError("no extent")
    monkeypatch.setattr(map_render, "render_map_image", broken)
    monkeypatch.setattr(timeline_render, "render_timeline_image", lambda *_a, **_k: b"")
    with pytest.raises(ImageUnavailable, match="the map could not be drawn: ValueError: no extent"):
        QtRenderer().map(map_briefing(), D("2024-05-20"), None, (320, 200), 96, "png")
    with pytest.raises(ImageUnavailable, match="the timeline renderer returned no image"):
        QtRenderer().timeline(map_briefing(), D("2024-05-20"), None, (320, 200), 96, "png")
    with pytest.raises(ImageUnavailable, match="SVG could not be read"):
        render.svg_to_png(b"not an svg", (100, 100))


def test_text_size_for_a_slide_picture():
    # 12 pt once the picture is scaled into the deck's 12.33 x 5.85 in box.
    assert render.text_px_for_slide((1600, 600)) == pytest.approx(12 / 72 / (12.33 / 1600))
    assert render.text_px_for_slide((1600, 1000)) == pytest.approx(12 / 72 / (5.85 / 1000))
