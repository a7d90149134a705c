"""The map with many points: deliveries beyond the marker cap become a density raster, density
counts stay right when updated incrementally, and control-area snapshots are cached per view."""
import numpy as np
import pytest

pytest.importorskip("pytestqt")

from udcg_desktop.core.model import BriefingPart, DeliveryTable, PledgeTable, assemble  # noqa: E402
from udcg_desktop.core.cursor import WINDOW  # noqa: E402
from udcg_desktop.core.session import Session  # noqa: E402
from udcg_desktop.gui.views.map import view as mv  # noqa: E402
from udcg_desktop.gui.views.map.layers import points  # noqa: E402
from udcg_desktop.gui.views.map.basemap import synthetic_basemap  # noqa: E402
from udcg_desktop.gui.views.map.data import DensityCounts, PointIndex  # noqa: E402

from ...map_briefing import map_briefing  # noqa: E402
from ...mw_helpers import shown  # noqa: E402

D = lambda s: np.datetime64(s, "D")  # noqa: E731

N_DELIV = 40


def _many_deliveries():
    """40 deliveries, one a day from 2024-05-01, spread on a line of destinations west to east;
    the US ones are the even rows."""
    n = N_DELIV
    donors = np.array(["United States", "Germany"] * (n // 2), dtype=object)
    pledges = PledgeTable({
        "pledge_id": ["P1", "P2"], "donor": ["United States", "Germany"],
        "date": np.array(["2024-04-01", "2024-04-02"], dtype="datetime64[D]"),
        "aid_type": ["Military"] * 2, "category": ["Air defence", "Artillery"],
        "status": ["pledged"] * 2, "amount": [1e6, 1e6], "currency": ["USD", "USD"],
        "item": ["a", "b"], "source_file": ["t.xlsx"] * 2, "source_sheet": ["P"] * 2,
        "source_row": [2, 3],
    })
    deliveries = DeliveryTable({
        "delivery_id": [f"D{i}" for i in range(n)],
        "pledge_id": ["P1" if d == "United States" else "P2" for d in donors],
        "pledge_index": [0 if d == "United States" else 1 for d in donors],
        "donor": donors,
        "date": D("2024-05-01") + np.arange(n).astype("timedelta64[D]"),
        "item": [f"item {i}" for i in range(n)], "amount": np.full(n, 1e5),
        "currency": ["USD"] * n, "destination": [f"Town {i}" for i in range(n)],
        "lon": 35.6 + 0.05 * np.arange(n), "lat": np.full(n, 49.9),
        "source_file": ["t.xlsx"] * n, "source_sheet": ["Deliveries"] * n,
        "source_row": np.arange(2, n + 2),
    })
    return assemble([BriefingPart(pledges=pledges, deliveries=deliveries)], title="deliveries")


@pytest.fixture
def capped(qtbot, monkeypatch):
    monkeypatch.setattr(points, "MAX_DELIVERY_MARKERS", 10)
    session = Session(_many_deliveries())
    w = shown(qtbot, mv.MapView(session, basemap=synthetic_basemap()), 900, 650)
    w.view_box.setRange(xRange=(35.4, 37.8), yRange=(49.6, 50.2), padding=0.0)
    return w, session


def _raster_alpha_at(item, index, lon, lat) -> int:
    x0, y0, _, _ = index.rect
    ix = int(np.floor((lon - x0) / index.cell))
    iy = int(np.floor((lat - y0) / index.cell))
    return int(item.image[iy, ix, 3])


def test_deliveries_beyond_the_cap_are_a_raster_and_stay_hoverable(capped):
    view, session = capped
    dl = view.layers["deliveries"]
    b = view.briefing
    session.cursor.set_date(D("2024-06-09"))           # all 40 delivered by 06-09
    ids = b.deliveries["delivery_id"]
    # Markers: only the latest 10; every one of the 40 is still "shown".
    assert len(dl.marker_positions()[0]) == 10
    assert sorted(ids[r] for r in dl.marker_rows) == sorted(f"D{i}" for i in range(30, 40))
    assert len(dl.rows) == N_DELIV
    # The older 30 are in the raster (the cells of D0 and D29 are coloured), the marker ones not.
    idx = dl.deliv
    lon, lat = b.deliveries["lon"], b.deliveries["lat"]
    assert _raster_alpha_at(dl.delivery_density_item, idx, lon[0], lat[0]) > 0
    assert _raster_alpha_at(dl.delivery_density_item, idx, lon[29], lat[29]) > 0
    assert _raster_alpha_at(dl.delivery_density_item, idx, lon[35], lat[35]) == 0
    assert "Earlier deliveries (density)" in view.legend.labels()
    # Hovering over a delivery drawn in the raster still names it.
    view._on_mouse_moved(view.scene_pos_of(lon[3], lat[3]))
    assert "Town 3" in view.hover_text
    # Step back: D35 leaves the markers' window... the latest 10 up to 05-20 are D10..D19.
    session.cursor.set_date(D("2024-05-20"))
    assert sorted(ids[r] for r in dl.marker_rows) == sorted(f"D{i}" for i in range(10, 20))
    assert _raster_alpha_at(dl.delivery_density_item, idx, lon[29], lat[29]) == 0
    assert _raster_alpha_at(dl.delivery_density_item, idx, lon[9], lat[9]) > 0


def test_delivery_raster_follows_the_donor_filter(capped):
    view, session = capped
    dl = view.layers["deliveries"]
    b = view.briefing
    session.cursor.set_date(D("2024-06-09"))
    session.filters.set_field("donors", ["Germany"])     # the odd rows only: 20 of them
    rows = dl.marker_rows
    assert len(rows) == 10 and set(b.deliveries["donor"][rows]) == {"Germany"}
    lon, lat = b.deliveries["lon"], b.deliveries["lat"]
    idx = dl.deliv
    assert _raster_alpha_at(dl.delivery_density_item, idx, lon[1], lat[1]) > 0    # Germany
    assert _raster_alpha_at(dl.delivery_density_item, idx, lon[0], lat[0]) == 0   # US
    view._on_mouse_moved(view.scene_pos_of(lon[0], lat[0]))
    assert "Town 0" not in view.hover_text
    session.filters.clear()
    assert _raster_alpha_at(dl.delivery_density_item, idx, lon[0], lat[0]) > 0


def test_window_mode_drops_old_deliveries_from_the_raster(capped):
    view, session = capped
    dl = view.layers["deliveries"]
    session.cursor.set_date(D("2024-06-09"))
    session.cursor.set_mode(WINDOW, 14)
    assert len(dl.rows) == 14                       # D26 .. D39
    idx, item = dl.deliv, dl.delivery_density_item
    assert _raster_alpha_at(item, idx, idx.lon[0], idx.lat[0]) == 0      # before the window
    assert _raster_alpha_at(item, idx, idx.lon[27], idx.lat[27]) > 0     # in it, not a marker
    assert _raster_alpha_at(item, idx, idx.lon[33], idx.lat[33]) == 0    # a marker


def test_incremental_density_counts_equal_a_full_count():
    rng = np.random.default_rng(3)
    n = 5000
    days = np.sort(rng.integers(19000, 19400, n))
    lon = rng.uniform(36, 38, n)
    lat = rng.uniform(49, 50.5, n)
    lon[rng.choice(n, 50, replace=False)] = np.nan       # some without a place
    idx = PointIndex(days, lon, lat)
    inc = DensityCounts(idx)
    mask = rng.random(n) < 0.6
    spans = [(0, 100), (0, 180), (20, 260), (20, 240), (300, 900), (310, 880), (0, 0), (3, 3),
             (5, 4990), (4990, 4990), (100, 120)]
    for m in (None, mask):
        inc.set_mask(m)
        for a, b in spans:
            got = inc.update(a, b).copy()
            keep = idx.has_xy[a:b] if m is None else idx.has_xy[a:b] & m[a:b]
            ix = np.floor((idx.lon[a:b][keep] - idx.x0) / idx.cell).astype(int)
            iy = np.floor((idx.lat[a:b][keep] - idx.y0) / idx.cell).astype(int)
            want = np.zeros((idx.h, idx.w), np.int64)
            np.add.at(want, (iy, ix), 1)
            assert np.array_equal(got, want), (a, b)
            assert got.sum() == keep.sum()


def test_control_area_snapshots_are_blitted_when_shown_again(qtbot):
    session = Session(map_briefing())
    w = shown(qtbot, mv.MapView(session, basemap=synthetic_basemap()), 900, 650)
    w.home()
    qtbot.wait(10)              # shown and painted once: repaint() now paints at once
    vp = w.view.viewport()
    cache = w.layers["areas"].area_group.cache
    session.cursor.set_date(D("2024-05-12"))
    vp.repaint()
    session.cursor.set_date(D("2024-05-17"))
    vp.repaint()
    n = cache.renders
    for day in ("2024-05-12", "2024-05-17", "2024-05-13", "2024-05-18"):
        session.cursor.set_date(D(day))
        vp.repaint()
    assert cache.renders == n                       # both snapshots drawn once for this view
    # A new view (pan) or a new style draws them again.
    w.view_box.translateBy(x=0.05)
    vp.repaint()
    assert cache.renders == n + 1
    w.layers["areas"].area_items["occupied"].setStyle(pen=w.style_.area_pen["liberated"])
    vp.repaint()
    assert cache.renders == n + 2
    # The image blitted is the current snapshot's: cropped to its areas, snapshot 1 (two
    # squares and a band) is wider on screen than snapshot 0 (one square).
    session.cursor.set_date(D("2024-05-17"))
    vp.repaint()
    wide = cache.image.width()
    session.cursor.set_date(D("2024-05-12"))
    vp.repaint()
    assert cache.image.width() < wide / 2
    assert cache.renders == n + 3         # snapshot 0 drawn again: the style changed since


def test_a_step_forward_draws_only_the_new_deliveries_over_the_kept_picture(capped, monkeypatch):
    view, session = capped
    monkeypatch.setattr(points, "MAX_DELIVERY_MARKERS", 30)     # 3 fresh ones allowed
    dl = view.layers["deliveries"]
    ids = view.briefing.deliveries["delivery_id"]
    days = view.briefing.deliveries["date"]
    first = np.datetime64(days.min(), "D")
    session.cursor.set_date(first + np.timedelta64(19, "D"))
    settled = dl.delivery_item.rows.copy()
    calls = []
    real = dl.delivery_item.setData
    monkeypatch.setattr(dl.delivery_item, "setData", lambda *a: (calls.append(1), real(*a)))
    session.cursor.set_date(first + np.timedelta64(21, "D"))     # two more deliveries
    assert calls == []                                            # the kept picture
    assert np.array_equal(dl.delivery_item.rows, settled)
    assert sorted(ids[r] for r in dl.fresh_item.rows) == ["D20", "D21"]
    assert list(dl.marker_rows) == list(settled) + list(dl.fresh_item.rows)
    session.cursor.set_date(first + np.timedelta64(25, "D"))     # past the 3 allowed: redrawn
    assert calls == [1] and len(dl.fresh_item.rows) == 0
    assert [ids[r] for r in dl.marker_rows] == [f"D{i}" for i in range(26)]
    session.cursor.set_date(first + np.timedelta64(22, "D"))     # back: redrawn, none fresh
    assert len(dl.fresh_item.rows) == 0 and len(dl.marker_rows) == 23


def test_the_density_rasters_are_kept_as_pictures_in_cumulative_mode_only(capped, qapp):
    """Cumulative, a step that leaves the raster as it was blits its kept picture; in window
    mode (the raster changes on every step) it is drawn directly."""
    view, session = capped
    dl = view.layers["deliveries"]
    raster = dl.delivery_density_item
    first = np.datetime64(view.briefing.deliveries["date"].min(), "D")
    session.cursor.set_date(first + np.timedelta64(30, "D"))    # 31 shown: 21 in the raster
    view.view.viewport().repaint()
    assert raster.cache.enabled and not raster.empty
    drawn = raster.cache.renders
    assert drawn > 0                                             # drawn into its picture
    session.cursor.set_date(first + np.timedelta64(31, "D"))    # a fresh marker, same raster
    view.view.viewport().repaint()
    assert raster.cache.renders == drawn
    session.cursor.set_mode(WINDOW, 7)
    assert not raster.cache.enabled
