"""One object per map layer: each is driven the same way and redraws only when what it shows
changed, so a cursor step leaves the unchanged layers (and their cached pictures) alone."""
import numpy as np
import pytest

pytest.importorskip("pytestqt")

from udcg_desktop.core.session import Session  # noqa: E402
from udcg_desktop.gui.views.map import view as mv  # noqa: E402
from udcg_desktop.gui.views.map.basemap import synthetic_basemap  # noqa: E402
from udcg_desktop.gui.views.map.layers import LAYER_CLASSES, MapLayer  # noqa: E402

from ...map_briefing import map_briefing  # noqa: E402
from ...mw_helpers import shown  # noqa: E402

D = lambda s: np.datetime64(s, "D")  # noqa: E731


@pytest.fixture
def view(qtbot):
    session = Session(map_briefing())
    w = shown(qtbot, mv.MapView(session, basemap=synthetic_basemap()), 800, 600)
    w.home()
    return w


def test_every_layer_is_a_map_layer_with_its_own_items(view):
    assert [type(la) for la in view.layers.values()] == list(LAYER_CLASSES)
    items = [id(i) for la in view.layers.values() for i in la.items]
    assert len(items) == len(set(items)) > len(view.layers)          # no item in two layers
    assert all(isinstance(la, MapLayer) and la.items for la in view.layers.values())
    # The toolbar's toggles are the layers' (the selection rings have none).
    assert list(view.layer_actions) == ["base", "labels", "areas", "changes", "events",
                                        "deliveries", "overlays"]
    assert not view.layer_actions["changes"].isChecked()    # on once a comparison date is set


def test_a_step_within_one_snapshot_leaves_the_control_areas_alone(view, monkeypatch):
    session = view.session
    areas = view.layers["areas"]
    session.cursor.set_date(D("2024-05-12"))          # snapshot 0 (05-11 21:00 UTC)
    calls = []
    real = areas.area_group.set_paths
    monkeypatch.setattr(areas.area_group, "set_paths",
                        lambda *a, **k: (calls.append(k.get("key")), real(*a, **k)))
    for day in ("2024-05-13", "2024-05-14", "2024-05-15"):
        session.cursor.set_date(D(day))
    assert calls == [] and view.area_index == 0
    session.cursor.set_date(D("2024-05-17"))          # snapshot 1: the layer redraws once
    assert [key[0] for key in calls] == [1]


def test_selection_rings_are_set_only_when_the_selection_or_its_rows_change(view, monkeypatch):
    session = view.session
    ring = view.layers["selection"].selection_item
    session.cursor.set_date(D("2024-05-20"))
    calls = []
    real = ring.setData
    monkeypatch.setattr(ring, "setData", lambda *a, **k: (calls.append(1), real(*a, **k)))
    session.cursor.set_date(D("2024-05-21"))
    session.cursor.set_date(D("2024-05-22"))
    assert calls == []
    session.selection.select("events", [0])
    assert len(calls) == 1 and view.layers["selection"].highlighted[0] == "events"
    session.cursor.set_date(D("2024-05-23"))         # an event stays ringed: nothing to redo
    assert len(calls) == 1


def _circle(cx, cy, r, n=2000):
    ang = np.linspace(0, 2 * np.pi, n)
    return np.c_[cx + r * np.cos(ang), cy + r * np.sin(ang)]


def test_rings_are_simplified_to_the_tolerance_and_tiny_rings_are_kept():
    from udcg_desktop.gui.views.map.layers.areas import simplified_rings
    big, tiny = _circle(36.5, 50.0, 0.1), _circle(36.9, 50.2, 1e-5, n=6)
    out = simplified_rings([big, tiny], 0.001)
    assert 8 < len(out[0]) < 200                         # 2,000 points down to what shows
    # No point of the simplified ring is further from the circle than the tolerance.
    radius = np.hypot(out[0][:, 0] - 36.5, out[0][:, 1] - 50.0)
    assert np.all(np.abs(radius - 0.1) <= 0.001 + 1e-9)
    assert np.array_equal(out[1], tiny)                  # would collapse: kept as it was
    assert simplified_rings([big], 0.0)[0] is not None and len(simplified_rings([big], 0)[0]) == 2000


def test_control_areas_follow_the_zoom_and_exports_keep_every_vertex(view):
    from udcg_desktop.core.model import AreaFeature, ControlSnapshot
    areas = view.layers["areas"]
    snap = view.briefing.areas.snapshots[0]
    detailed = ControlSnapshot(time=snap.time, source_file=snap.source_file,
                               features=[AreaFeature("occupied", [_circle(36.6, 49.9, 0.05)])],
                               areas_km2=snap.areas_km2)
    view.briefing.areas.snapshots[0] = detailed
    areas.set_briefing(view.briefing)
    view.session.cursor.set_date(D("2024-05-12"))

    def vertices():
        return areas.area_items["occupied"].path().elementCount()

    far = vertices()
    view.view_box.setRange(xRange=(36.55, 36.65), yRange=(49.85, 49.95), padding=0)
    near = vertices()                                    # zoomed in: more of the ring drawn
    assert far < near <= 2001 and far < 300
    view.set_caching(False)                              # as an export renders
    assert vertices() == 2001                            # the whole ring (closed)


def test_markers_are_cached_and_pixel_snapped_on_screen_not_in_an_export(view):
    from PySide6.QtWidgets import QGraphicsItem
    markers = (*view.layers["events"].marker_items, *view.layers["deliveries"].marker_items)
    attacks = view.layers["areas"].attack_item
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    assert all(m.cacheMode() == cached and m.snap_to_pixels for m in markers)
    assert attacks.cacheMode() == cached
    view.set_caching(False)                              # as an export renders
    assert all(m.cacheMode() == QGraphicsItem.CacheMode.NoCache and not m.snap_to_pixels
               for m in markers)
    assert attacks.cacheMode() == QGraphicsItem.CacheMode.NoCache
