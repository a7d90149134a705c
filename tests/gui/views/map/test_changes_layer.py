"""The map's "Changes" layer driven as a user would: a comparison date turns it on, it draws
the land taken red and the land given back blue for comparison date -> cursor, follows the
cursor, and the toolbar toggle hides it."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pytestqt")
from PySide6 import QtCore, QtGui  # noqa: E402

from tests.change_fixtures import (GIVEN_BACK, ISW_EXTRA, TAKEN, write_deepstate,  # noqa: E402
                                   write_isw)
from udcg_desktop.core.session import Session  # noqa: E402
from udcg_desktop.gui.views.map import view as mv  # noqa: E402
from udcg_desktop.gui.views.map.basemap import synthetic_basemap  # noqa: E402
from udcg_desktop.io.registry import load_briefing  # noqa: E402

from ...mw_helpers import shown  # noqa: E402

D = lambda s: np.datetime64(s, "D")  # noqa: E731


@pytest.fixture
def view(qtbot, tmp_path):
    session = Session(load_briefing([write_deepstate(tmp_path / "ds"),
                                     write_isw(tmp_path / "isw.geojson")]))
    session.cursor.set_date(D("2024-05-21"))
    w = shown(qtbot, mv.MapView(session, basemap=synthetic_basemap()), 900, 650)
    w.view_box.setRange(xRange=(36.3, 37.4), yRange=(50.0, 50.35), padding=0.0)
    return w


def _colour(view, box):
    """The colour on screen at the middle of a lon/lat box."""
    img = view.view.grab().toImage()
    centre = QtCore.QPointF((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    pt = view.view.mapFromScene(view.view_box.mapViewToScene(centre))
    return QtGui.QColor(img.pixel(pt.x(), pt.y()))


def _red(c):
    return c.red() > 150 and c.green() < 120 and c.blue() < 120


def _blue(c):
    return c.blue() > 150 and c.red() < 130


def _settle(qtbot, view):
    qtbot.waitUntil(lambda: bool(view.layers["changes"].change_map is not None
                                 or view.layers["changes"].note), timeout=10000)


def test_compare_date_turns_the_layer_on_and_it_draws_red_and_blue(qtbot, view):
    act = view.layer_actions["changes"]
    assert act.text() == "Changes" and not act.isChecked()     # off until asked
    before_red = _colour(view, TAKEN)
    view.session.set_compare_with(D("2024-05-09"))             # "Compare with" in the window
    assert act.isChecked()
    _settle(qtbot, view)
    assert _red(_colour(view, TAKEN)) and not _red(before_red)
    assert _blue(_colour(view, GIVEN_BACK))
    legend = [e[1] for e in view.legend.entries if len(e) > 1]
    assert "Changes 2024-05-09 to 2024-05-21" in legend
    assert any(str(t).endswith("ISW only (occupied)") for t in legend)   # both sources loaded
    # The user hides it with the toolbar toggle: the red goes, the legend rows too.
    act.trigger()
    assert not view.layer_visible("changes") and not _red(_colour(view, TAKEN))
    assert "Changes 2024-05-09 to 2024-05-21" not in [e[1] for e in view.legend.entries
                                                       if len(e) > 1]


def test_the_layer_follows_the_cursor(qtbot, view):
    view.session.set_compare_with(D("2024-05-09"))
    _settle(qtbot, view)
    assert _red(_colour(view, TAKEN))
    view.session.cursor.set_date(D("2024-05-15"))     # still the 9 May snapshot: no change
    _settle(qtbot, view)
    assert view.layers["changes"].change_map.km2("occupied") == 0
    assert not _red(_colour(view, TAKEN))
    view.session.cursor.set_date(D("2024-05-21"))
    _settle(qtbot, view)
    assert _red(_colour(view, TAKEN))


def test_a_comparison_before_any_snapshot_says_so_and_clearing_turns_it_off(qtbot, view):
    view.session.set_compare_with(D("2024-05-01"))
    _settle(qtbot, view)
    assert view.layers["changes"].change_map is None
    assert "comparison date 2024-05-01" in view.layers["changes"].note
    assert not _red(_colour(view, TAKEN))
    view.session.set_compare_with(None)
    assert not view.layer_actions["changes"].isChecked()


def test_isw_only_area_is_hatched(qtbot, view):
    view.session.set_compare_with(D("2024-05-09"))
    _settle(qtbot, view)
    c = _colour(view, ISW_EXTRA)
    img = view.view.grab().toImage()
    a = view.view.mapFromScene(view.view_box.mapViewToScene(QtCore.QPointF(ISW_EXTRA[0],
                                                                            ISW_EXTRA[3])))
    b = view.view.mapFromScene(view.view_box.mapViewToScene(QtCore.QPointF(ISW_EXTRA[2],
                                                                            ISW_EXTRA[1])))
    pixels = [QtGui.QColor(img.pixel(x, y)) for x in range(a.x() + 2, b.x() - 1)
              for y in range(a.y() + 2, b.y() - 1)]
    orange = sum(1 for p in pixels if p.red() > 180 and 80 < p.green() < 170 and p.blue() < 90)
    assert 0.05 * len(pixels) < orange < 0.9 * len(pixels), c.name()
