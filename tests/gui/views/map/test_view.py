"""The map view driven as a user would: cursor, clicks, hover, toggles, home view, exports."""
import math
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

pytest.importorskip("pytestqt")
from PySide6 import QtCore, QtGui  # noqa: E402

from udcg_desktop.core.cursor import WINDOW  # noqa: E402
from udcg_desktop.core.session import Session  # noqa: E402
from udcg_desktop.gui.views.map import view as mv  # noqa: E402
from udcg_desktop.gui.views.map.render import render_map_image  # noqa: E402
from udcg_desktop.gui.views.map.style import current_style  # noqa: E402
from udcg_desktop.gui.views.map.basemap import shipped_geometry, synthetic_basemap  # noqa: E402
from udcg_desktop.gui.views.map.data import (KM_PER_DEG_LAT, fade_alpha, fade_band,  # noqa: E402
                                             km_per_deg_lon)
from udcg_desktop.gui.views.map.layers.points import FADE_DAYS  # noqa: E402

from ...map_briefing import BAND_B, SQUARE_A, SQUARE_B, map_briefing  # noqa: E402
from ...mw_helpers import shown  # noqa: E402

D = lambda s: np.datetime64(s, "D")  # noqa: E731


@pytest.fixture
def session():
    return Session(map_briefing())


@pytest.fixture
def view(qtbot, session):
    w = shown(qtbot, mv.MapView(session, basemap=synthetic_basemap()), 900, 650)
    w.home()
    return w


def _event_ids(view, rows):
    return sorted(view.briefing.events["event_id"][r] for r in rows)


def _rect_of(item):
    r = item.path().boundingRect()
    return (r.left(), r.top(), r.right(), r.bottom())


def test_area_layer_follows_the_snapshot_at_the_cursor(view, session):
    session.cursor.set_date(D("2024-05-10"))        # before the first snapshot (05-11 21:00 UTC)
    assert view.layers["areas"].area_items["occupied"].path().isEmpty()
    session.cursor.set_date(D("2024-05-12"))
    assert view.area_index == 0
    first = view.layers["areas"].area_items["occupied"].path()
    assert _rect_of(view.layers["areas"].area_items["occupied"]) == pytest.approx(
        (SQUARE_A[:, 0].min(), SQUARE_A[:, 1].min(), SQUARE_A[:, 0].max(), SQUARE_A[:, 1].max()))
    assert view.layers["areas"].area_items["contested"].path().isEmpty()
    attacks = view.layers["areas"].attack_item
    assert len(attacks.getData()[0]) == 1       # the attack direction of snapshot 0
    session.cursor.set_date(D("2024-05-17"))
    assert view.area_index == 1
    both = np.vstack([SQUARE_A, SQUARE_B])
    assert _rect_of(view.layers["areas"].area_items["occupied"]) == pytest.approx(
        (both[:, 0].min(), both[:, 1].min(), both[:, 0].max(), both[:, 1].max()))
    assert _rect_of(view.layers["areas"].area_items["contested"]) == pytest.approx(
        (BAND_B[:, 0].min(), BAND_B[:, 1].min(), BAND_B[:, 0].max(), BAND_B[:, 1].max()))
    # Back again: the cached path of snapshot 0 is shown, not rebuilt.
    session.cursor.set_date(D("2024-05-12"))
    assert view.layers["areas"].area_items["occupied"].path() is first


def _drawn_events(view) -> dict:
    """Event id -> opacity of every event marker drawn (the kept ones and the fresh ones)."""
    return {view.briefing.events["event_id"][r]: float(o)
            for item in view.layers["events"].marker_items
            for r, o in zip(item.rows, item.opacity)}


def test_events_up_to_the_cursor_and_fading(view, session):
    session.cursor.set_date(D("2024-05-12"))
    assert sorted(_drawn_events(view)) == ["E1", "E2"]
    session.cursor.set_date(D("2024-05-20"))
    # E5 has no coordinates: never a marker.
    by_id = _drawn_events(view)
    assert sorted(by_id) == ["E1", "E2", "E3", "E4"]
    assert _event_ids(view, view.layers["events"].marker_rows) == ["E1", "E2", "E3", "E4"]
    assert by_id["E4"] == pytest.approx(1.0)             # on the cursor day
    assert by_id["E1"] < by_id["E4"]                      # older is fainter
    # Each opacity is its fade band's, counted back from the cursor day's band.
    days = {e: int(np.datetime64(d, "D").astype(np.int64)) for e, d in
            zip(view.briefing.events["event_id"], view.briefing.events["date"])}
    today = int(D("2024-05-20").astype(np.int64))
    for e, opacity in by_id.items():
        assert opacity == pytest.approx(float(fade_alpha(np.array([days[e]]), today, FADE_DAYS)[0]))
    session.cursor.set_mode(WINDOW, 3)                    # 05-18 .. 05-20
    assert sorted(_drawn_events(view)) == ["E4"]
    assert "3-day window" in " ".join(view.date_stamp.lines)


def test_stepping_forward_draws_only_the_new_events_over_the_kept_picture(view, session):
    """Within a fade band the markers drawn keep their opacity: a step forward draws the new
    events in the fresh item, and the picture is the one a jump to that day draws."""
    events = view.layers["events"]
    ids = view.briefing.events["event_id"]
    days = np.array([int(np.datetime64(d, "D").astype(np.int64))
                     for d in view.briefing.events["date"]])
    band = fade_band(days, FADE_DAYS)
    # Two event days in one fade band (E2 and E3): step from the first to the second.
    later = next((sorted(set(days[band == b])) for b in band
                  if len(set(days[band == b])) >= 2), [])
    assert len(later) >= 2, "the test briefing needs two event days in one fade band"
    first, second = (np.datetime64(int(d), "D") for d in later[:2])
    session.cursor.set_date(first)
    kept = list(events.marker_item.rows)
    session.cursor.set_date(second)
    assert list(events.marker_item.rows) == kept            # not drawn again
    fresh = [ids[r] for r in events.fresh_item.rows]
    assert fresh and all(days[r] == later[1] for r in events.fresh_item.rows)
    stepped = _drawn_events(view)
    session.cursor.set_date(D("2024-06-30"))                # elsewhere, then jump straight back
    session.cursor.set_date(second)
    assert len(events.fresh_item.rows) == 0
    assert _drawn_events(view) == stepped


def test_date_stamp_shows_the_cursor_date(view, session):
    session.cursor.set_date(D("2024-05-12"))
    assert view.date_stamp.text() == "12 May 2024"
    session.cursor.step(1)
    assert view.date_stamp.text() == "13 May 2024"
    assert any("illustrative" in line for line in view.date_stamp.lines)
    assert "ILLUSTRATIVE" in view.attribution.text()


def test_date_stamp_names_the_snapshot_in_the_words_of_core_describe(view, session):
    """The date box and the film's stamp say which snapshot is drawn with one sentence."""
    from udcg_desktop.core.describe import NO_SNAPSHOT, snapshot_line
    session.cursor.set_date(D("2024-05-18"))
    assert snapshot_line("2024-05-16", True) in view.date_stamp.lines
    assert snapshot_line("2024-05-16", True) == "Control areas as of 2024-05-16 (illustrative)"
    session.cursor.set_date(D("2024-05-10"))
    assert session.cursor.date == D("2024-05-10")
    assert NO_SNAPSHOT in view.date_stamp.lines


def test_click_on_an_event_selects_it_and_highlights_it(qtbot, view, session):
    session.cursor.set_date(D("2024-05-20"))
    ev = view.briefing.events
    row = int(np.flatnonzero(ev["event_id"] == "E2")[0])
    pos = view.viewport_pos_of(ev["lon"][row], ev["lat"][row])
    qtbot.mouseClick(view.view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=pos)
    assert session.selection.value.kind == "events"
    assert session.selection.value.rows == (row,)
    x, y = view.layers["selection"].selection_item.getData()
    assert (x[0], y[0]) == pytest.approx((ev["lon"][row], ev["lat"][row]))
    # A click on empty map clears it.
    empty = view.viewport_pos_of(37.5, 49.75)
    qtbot.mouseClick(view.view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=empty)
    assert session.selection.value.kind is None
    assert len(view.layers["selection"].selection_item.getData()[0]) == 0


def test_hover_shows_event_details(qtbot, view, session):
    session.cursor.set_date(D("2024-05-20"))
    ev = view.briefing.events
    row = int(np.flatnonzero(ev["event_id"] == "E3")[0])
    view._on_mouse_moved(view.scene_pos_of(ev["lon"][row] + 0.002, ev["lat"][row]))
    text = view.hover_text
    assert "Kharkiv" in text and "2024-05-14" in text and "Strike" in text
    assert "Test event E3" in text and "example.org/E3" in text
    view._on_mouse_moved(view.scene_pos_of(37.5, 49.75))
    assert view.hover_text == ""


def test_hover_with_the_mouse_over_the_viewport(qtbot, view, session):
    session.cursor.set_date(D("2024-05-20"))
    ev = view.briefing.events
    row = int(np.flatnonzero(ev["event_id"] == "E1")[0])
    pos = view.viewport_pos_of(ev["lon"][row], ev["lat"][row])
    qtbot.mouseMove(view.view.viewport(), pos=pos)
    qtbot.waitUntil(lambda: "Vovchansk" in view.hover_text, timeout=2000)


def test_layer_toggle_hides_the_layer(view):
    act = view.layer_actions["areas"]
    assert view.layers["areas"].area_items["occupied"].isVisible()
    act.trigger()
    assert not act.isChecked()
    assert not view.layers["areas"].area_items["occupied"].isVisible()
    assert not view.layers["areas"].attack_item.isVisible()
    view.layer_actions["events"].trigger()
    events = view.layers["events"]
    assert not events.marker_item.isVisible() and not events.density_item.isVisible()
    act.trigger()
    assert view.layers["areas"].area_items["occupied"].isVisible()


def test_home_view_is_the_area_of_interest_with_true_km_aspect(view):
    view.view_box.setRange(xRange=(30, 32), yRange=(46, 47), padding=0)
    assert view.home_action.text() == "Kharkiv axis"
    view.home_action.trigger()
    r = view.view_box.viewRect()
    x0, y0, x1, y1 = view.session.aoi.bounds
    y1 += mv.HOME_TOP_ROOM * (y1 - y0)
    assert r.left() <= x0 + 1e-6 and r.right() >= x1 - 1e-6
    assert r.top() <= y0 + 1e-6 and r.bottom() >= y1 - 1e-6
    # Tight on one axis (the other grows to keep the aspect).
    assert min(abs(r.width() - (x1 - x0)), abs(r.height() - (y1 - y0))) < 1e-3
    # One pixel is the same number of km across and down, at the home latitude.
    dx, dy = view.view_box.viewPixelSize()
    assert dx * km_per_deg_lon(mv.LAT0) == pytest.approx(dy * KM_PER_DEG_LAT, rel=1e-3)


def test_scale_bar_is_in_km_at_the_view_latitude(view):
    km, px = view.scale_bar.km_and_pixels()
    dx, _ = view.view_box.viewPixelSize()
    lat = view.view_box.viewRect().center().y()
    assert km in (1, 2, 5, 10, 20, 50, 100)
    assert px * dx * 111.32 * math.cos(math.radians(lat)) == pytest.approx(km, rel=1e-6)


def test_deliveries_follow_filters_and_pledge_selection(view, session):
    b = view.briefing
    session.cursor.set_date(D("2024-05-14"))
    assert len(view.layers["deliveries"].marker_positions()[0]) == 0  # D1 arrives on 05-15
    session.cursor.set_date(D("2024-05-20"))
    x, y = view.layers["deliveries"].marker_positions()
    assert (list(x), list(y)) == ([pytest.approx(36.30)], [pytest.approx(49.95)])
    session.filters.set_field("donors", ["Germany"])          # D1 is a US delivery
    assert len(view.layers["deliveries"].marker_positions()[0]) == 0
    session.filters.clear()
    assert len(view.layers["deliveries"].marker_positions()[0]) == 1
    p1 = int(np.flatnonzero(b.pledges["pledge_id"] == "P1")[0])
    session.selection.select("pledges", [p1])
    hx, hy = view.layers["selection"].selection_item.getData()
    assert (list(hx), list(hy)) == ([pytest.approx(36.30)], [pytest.approx(49.95)])
    p2 = int(np.flatnonzero(b.pledges["pledge_id"] == "P2")[0])
    session.selection.select("pledges", [p2])                # its delivery has no destination
    assert len(view.layers["selection"].selection_item.getData()[0]) == 0


def test_labels_thin_out_when_zooming_out(view):
    view.home()
    view.grab()
    near = view.label_item.visible_labels()
    assert near[0] == "Kharkiv"
    view.view_box.setRange(xRange=(20, 48), yRange=(43, 57), padding=0)
    view.grab()
    far = view.label_item.visible_labels()
    assert "Kharkiv" in far
    assert len(far) < len(near)
    # Placed labels do not overlap (rectangles from the layout's own widths).


def test_new_briefing_and_close(view, session, qtbot):
    session.cursor.set_date(D("2024-05-20"))
    other = map_briefing()
    keep = [i for i, e in enumerate(other.events["event_id"]) if e in ("E1",)]
    other.events = other.events.take(np.array(keep))
    session.set_briefing(other)
    assert sorted(_drawn_events(view)) == ["E1"]
    n = len(session.cursor.changed)
    view.close()
    assert len(session.cursor.changed) == n - 1
    assert len(session.selection.changed) == 0


def test_theme_change_restyles_the_areas(view):
    theme = pytest.importorskip("udcg_desktop.gui.theme")
    before = view.layers["areas"].area_items["occupied"].brush.color().name()
    theme.manager().set_colourblind(True)
    try:
        after = view.layers["areas"].area_items["occupied"].brush.color().name()
        assert after.lower() == "#d55e00"          # Okabe-Ito vermillion
        assert after != before
    finally:
        theme.manager().set_colourblind(False)
    assert view.layers["areas"].area_items["occupied"].brush.color().name() == before


def _colour_count(img: QtGui.QImage, rgb, tol=18) -> int:
    img = img.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    arr = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    arr = arr[:, :img.width() * 4].reshape(img.height(), img.width(), 4)
    b, g, r = (arr[..., i].astype(int) for i in range(3))
    return int(((abs(r - rgb[0]) < tol) & (abs(g - rgb[1]) < tol) & (abs(b - rgb[2]) < tol)).sum())


def test_render_png_has_size_dpi_and_the_area_colour(qtbot):
    b = map_briefing()
    png = render_map_image(b, D("2024-05-20"), size=(800, 500), dpi=150,
                              basemap=synthetic_basemap())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    img = QtGui.QImage.fromData(png, "PNG")
    assert (img.width(), img.height()) == (800, 500)
    assert img.dotsPerMeterX() == pytest.approx(150 / 0.0254, abs=1)
    # The occupied fill (semi-transparent) over Ukraine's land colour, blended independently.
    st = current_style()
    fill = st.area_brush["occupied"].color()
    land = st.land["Ukraine"].color()
    a = fill.alphaF()
    blend = [round(a * f + (1 - a) * l) for f, l in
             zip((fill.red(), fill.green(), fill.blue()), (land.red(), land.green(), land.blue()))]
    with_areas = _colour_count(img, blend)
    # The same map before any snapshot has none of that colour.
    empty = QtGui.QImage.fromData(render_map_image(b, D("2024-05-10"), size=(800, 500),
                                                      dpi=150, basemap=synthetic_basemap()))
    # Both have the legend's "Occupied" patch; only one has the squares (~40x20 px each at the
    # area-of-interest view).
    assert with_areas - _colour_count(empty, blend) > 150


def test_render_svg_is_xml(qtbot):
    svg = render_map_image(map_briefing(), D("2024-05-20"), size=(800, 500), fmt="svg",
                              basemap=synthetic_basemap(), title="Test map")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert b"20 May 2024" in svg


def test_render_with_the_shipped_base_map(qtbot):
    geo = shipped_geometry()
    if not geo.vertex_count:
        pytest.skip("shipped base map not built")
    png = render_map_image(map_briefing(), D("2024-05-20"), size=(640, 400), dpi=96)
    img = QtGui.QImage.fromData(png)
    assert (img.width(), img.height()) == (640, 400)
    assert "Natural Earth" in geo.attribution and "GeoNames" in geo.attribution


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_redraw_does_not_leak_none(qtbot, session):
    """PySide6 6.12.0 on Python 3.11 drops a reference to None per void Qt call (DESIGN.md)."""
    w = shown(qtbot, mv.MapView(session, basemap=synthetic_basemap(), toolbar=False), 240, 160)
    w.set_caching(False)            # every repaint really draws every layer
    session.cursor.set_date(D("2024-05-20"))
    viewport = w.view.viewport()
    for _ in range(50):
        viewport.repaint()
    before = sys.getrefcount(None)
    days = [D("2024-05-12"), D("2024-05-20")]
    for i in range(2500):
        if i % 50 == 0:
            session.cursor.set_date(days[(i // 50) % 2])
        viewport.repaint()
    after = sys.getrefcount(None)
    assert after >= before - 50, f"refcount of None fell from {before} to {after}"


def _marker_alpha(opacities):
    """Draw one marker per opacity, far apart, onto a transparent image; the peak alpha of each."""
    from udcg_desktop.gui.views.map.markers import MarkerItem
    item = MarkerItem()
    item.setStyle(["o"], [QtGui.QColor("#c00000")], size=10.0)
    n = len(opacities)
    item.setData(np.arange(n) * 40.0 + 20, np.full(n, 20.0), np.zeros(n), opacities,
                 np.arange(n))
    img = QtGui.QImage(40 * n, 40, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(0)
    p = QtGui.QPainter(img)
    item.paint(p)
    p.end()
    a = np.frombuffer(img.constBits(), np.uint8).reshape(40, 40 * n, 4)[..., 3]
    return [int(a[:, 40 * k:40 * (k + 1)].max()) for k in range(n)]


def test_markers_fade_in_steps_of_the_baked_opacity_atlas(qapp):
    from udcg_desktop.gui.views.map.markers import MarkerItem
    alphas = _marker_alpha([1.0, 0.64, 0.28])
    assert alphas[0] > alphas[1] > alphas[2] > 0
    # Each drawn alpha is the requested opacity, to within one of the atlas's levels.
    step = 255 / MarkerItem.OPACITY_LEVELS
    for got, want in zip(alphas, (1.0, 0.64, 0.28)):
        assert abs(got - 255 * want) <= step / 2 + 2


def test_scale_bar_repaints_with_the_zoom_though_cached(qtbot, view):
    assert view.scale_bar.cacheMode() == view.scale_bar.CacheMode.DeviceCoordinateCache
    view.grab()
    before = view.scale_bar._shown
    assert before == view.scale_bar.km_and_pixels()
    view.view_box.scaleBy((1 / 6, 1 / 6))
    view.grab()
    assert view.scale_bar._shown == view.scale_bar.km_and_pixels() != before


def test_presentation_mode_enlarges_the_date_box_with_its_text(view, session):
    session.cursor.set_date(D("2024-05-14"))
    stamp = view.date_stamp
    small = stamp.boundingRect().width()
    view.set_presentation(True)                 # the same date: only the font changes
    big_font = stamp._fonts()[1]
    need = QtGui.QFontMetricsF(big_font).horizontalAdvance(stamp.title)
    assert stamp.boundingRect().width() >= need + 10
    assert stamp.boundingRect().width() > small * 1.2
    view.set_presentation(False)
    assert stamp.boundingRect().width() == pytest.approx(small)
