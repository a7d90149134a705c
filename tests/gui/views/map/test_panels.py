"""The boxes fixed to the map's corners: they fit the view however narrow it is, grow with
presentation mode without leaving stale text, and the legend keeps off what the map shows."""
import numpy as np
import pytest

pytest.importorskip("pytestqt")
from PySide6 import QtCore, QtGui  # noqa: E402

from udcg_desktop.core.session import Session  # noqa: E402
from udcg_desktop.gui.views.map import view as mv  # noqa: E402
from udcg_desktop.gui.views.map.basemap import synthetic_basemap  # noqa: E402

from ...map_briefing import SQUARE_A, map_briefing  # noqa: E402
from ...mw_helpers import shown  # noqa: E402

D = lambda s: np.datetime64(s, "D")  # noqa: E731


def _in_view(view, panel) -> QtCore.QRectF:
    return panel.mapRectToParent(panel.boundingRect())


def _widest(panel, lines, font) -> float:
    m = QtGui.QFontMetricsF(font)
    return max(m.horizontalAdvance(s) for s in lines)


def test_attribution_and_date_box_wrap_inside_a_narrow_view(qtbot):
    session = Session(map_briefing())
    view = shown(qtbot, mv.MapView(session, basemap=synthetic_basemap(), toolbar=False), 380, 420)
    session.cursor.set_date(D("2024-05-20"))
    view.set_presentation(True)
    vb = view.view_box.boundingRect()
    for panel in (view.attribution, view.date_stamp):
        r = _in_view(view, panel)
        assert r.left() >= 0 and r.right() <= vb.right() + 0.5, type(panel).__name__
    att = view.attribution
    # More lines than given (wrapped), all the words still there, in order.
    assert len(att._shown) > len(att.lines)
    assert " ".join(w for s in att._shown for w in s.split()) == \
        " ".join(w for s in att.lines for w in s.split())
    # The box holds every drawn line at the presentation font (nothing painted outside it).
    assert att.boundingRect().width() >= _widest(att, att._shown, att.font(7)) + 10 - 0.5
    assert att.flags() & att.GraphicsItemFlag.ItemClipsToShape
    # Widened again: back to the given lines.
    view.resize(1400, 420)
    qtbot.waitUntil(lambda: view.view_box.boundingRect().width() > 1000)
    assert att._shown == att.lines


def test_attribution_box_follows_the_presentation_font(qtbot):
    session = Session(map_briefing())
    view = shown(qtbot, mv.MapView(session, basemap=synthetic_basemap(), toolbar=False), 1300, 600)
    att = view.attribution
    small = att.boundingRect()
    view.set_presentation(True)
    big = att.boundingRect()
    assert big.width() > small.width() * 1.2 and big.height() > small.height() * 1.2
    assert big.width() >= _widest(att, att._shown, att.font(7)) + 10 - 0.5


def test_legend_moves_off_the_control_areas(qtbot):
    session = Session(map_briefing())
    view = shown(qtbot, mv.MapView(session, basemap=synthetic_basemap(), toolbar=False), 700, 500)
    session.cursor.set_date(D("2024-05-12"))
    legend = view.legend
    # Pan so that the occupied square sits in the bottom-right corner, under the legend's
    # usual place: the legend goes to the top right, clear of it.
    x0, x1 = SQUARE_A[:, 0].min(), SQUARE_A[:, 0].max()
    y0, y1 = SQUARE_A[:, 1].min(), SQUARE_A[:, 1].max()
    w, h = (x1 - x0) * 3.0, (y1 - y0) * 3.0
    view.view_box.setRange(xRange=(x1 - w, x1 + 0.02), yRange=(y0 - 0.02, y0 - 0.02 + h),
                           padding=0.0)
    view._reposition_panels()
    square = view.view_box.mapFromViewToItem(
        view.view_box, QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)).boundingRect()
    assert legend.anchor == "tr"
    assert not _in_view(view, legend).intersects(square)
    assert not _in_view(view, legend).intersects(_in_view(view, view.date_stamp))
    # Back home: wherever it goes, never over the square nor the date box.
    view.home()
    view._reposition_panels()
    square = view.view_box.mapFromViewToItem(
        view.view_box, QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)).boundingRect()
    assert not _in_view(view, legend).intersects(square)
    assert not _in_view(view, legend).intersects(_in_view(view, view.date_stamp))
