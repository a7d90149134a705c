"""Map benchmark: cursor moves and pan/zoom with 200k events and 60 control-area snapshots.

    python tests/bench/bench_map.py [--events 200000] [--snapshots 60] [--runs 60]

Prints medians (ms) of:
* a cursor move of one day: ``cursor.set_date`` -> map items updated -> a synchronous repaint of
  the map viewport (1200x800), with the shipped base map drawn;
  against two alternatives measured in the same run: the same with the base map's device-pixmap
  cache off, and the naive way (one ScatterPlotItem.setData with every event so far).
* a pan/zoom frame: ``ViewBox.setRange`` + repaint, with the full base map (frames per second).
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402


def make_briefing(n_events: int, n_snapshots: int, seed: int = 7):
    from udcg_desktop.core.model import (AreaFeature, BriefingPart, ControlSnapshot, EventTable,
                                         EVENT_TYPES, assemble)
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-05-01", "D")
    days = start + np.sort(rng.integers(0, n_snapshots, n_events)).astype("timedelta64[D]")
    centres = np.array([[36.94, 50.29], [36.47, 50.27], [36.42, 50.21], [36.23, 49.99],
                        [37.2, 50.1], [36.7, 50.35]])
    which = rng.integers(0, len(centres), n_events)
    lon = centres[which, 0] + rng.normal(0, 0.08, n_events)
    lat = centres[which, 1] + rng.normal(0, 0.05, n_events)
    types = np.array(EVENT_TYPES, dtype=object)[rng.integers(0, len(EVENT_TYPES), n_events)]
    events = EventTable({
        "event_id": np.array([f"E{i}" for i in range(n_events)], dtype=object),
        "date": days, "type": types, "place": np.full(n_events, "somewhere", dtype=object),
        "lon": lon, "lat": lat,
    })
    snaps = []
    t = np.linspace(0, 2 * np.pi, 300, endpoint=False)
    for i in range(n_snapshots):
        depth = 0.02 + 0.08 * i / max(1, n_snapshots - 1)
        ring = np.column_stack([36.7 + 0.45 * np.cos(t) + 0.01 * np.sin(9 * t),
                                50.40 + depth * 2.2 * np.sin(t) + 0.005 * np.cos(13 * t)])
        ring = np.vstack([ring, ring[:1]])
        band = ring.copy()
        band[:, 1] -= 0.03
        snaps.append(ControlSnapshot(
            np.datetime64("2024-05-01T21:00:00") + np.timedelta64(86400 * i, "s"), f"s{i}",
            [AreaFeature("occupied", [ring]), AreaFeature("contested", [band])],
            points=[(36.9, 50.3, "direction")]))
    part = BriefingPart(events=events, snapshots=snaps)
    return assemble([part])


def median_ms(samples):
    return statistics.median(samples) * 1e3


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--snapshots", type=int, default=60)
    ap.add_argument("--runs", type=int, default=59)
    args = ap.parse_args()

    import pyqtgraph as pg
    from PySide6 import QtWidgets
    from udcg_desktop.core.session import Session
    from udcg_desktop.gui.views.map import view as mv

    app = pg.mkQApp()
    t0 = time.perf_counter()
    briefing = make_briefing(args.events, args.snapshots)
    print(f"data: {len(briefing.events):,} events, {len(briefing.areas)} snapshots "
          f"({time.perf_counter() - t0:.2f} s to generate)")
    session = Session(briefing)
    t0 = time.perf_counter()
    view = mv.MapView(session)
    view.resize(1200, 830)
    view.show()
    app.processEvents()
    view.home()
    vp = view.view.viewport()
    vp.repaint()
    print(f"map view built in {(time.perf_counter() - t0) * 1e3:.0f} ms; base map "
          f"{view.basemap.vertex_count:,} vertices, {len(view.basemap.place_lon):,} places "
          f"({view.basemap.attribution[:40]}...)")
    print(f"viewport {vp.width()}x{vp.height()} px")

    base_items = view.layers["base"].base_item.layers + view.layers["base"].kharkiv_group.layers
    paths_before = [id(i.path()) for i in base_items]

    def cursor_moves(n):
        lo = np.datetime64("2024-05-01", "D")
        session.cursor.set_date(lo)
        vp.repaint()
        out = []
        for i in range(n):
            t = time.perf_counter()
            session.cursor.set_date(lo + np.timedelta64(i + 1, "D"))
            vp.repaint()
            out.append(time.perf_counter() - t)
        return out

    cursor_moves(5)   # warm-up (area paths cached per snapshot on first sight)
    ours = cursor_moves(args.runs)
    assert [id(i.path()) for i in base_items] == paths_before, "cursor rebuilt the base map"
    a, k = view.layers["events"].span
    print(f"\ncursor move, one day (update + repaint), median of {args.runs}: "
          f"{median_ms(ours):.1f} ms   [at the end: {k - a:,} events shown, "
          f"{len(view.layers['events'].marker_rows):,} as markers, the rest as a density raster]")

    view.set_caching(False)
    cursor_moves(3)
    nocache = cursor_moves(args.runs)
    view.set_caching(True)
    print(f"  same, base map, areas, labels and panels not cached: {median_ms(nocache):.1f} ms "
          f"(x{median_ms(nocache) / median_ms(ours):.2f} of ours)")

    # Naive alternative: every event so far as scatter markers in one item.
    view.set_layer_visible("events", False)
    naive_item = pg.ScatterPlotItem(size=6, pen=None, brush=pg.mkBrush(200, 40, 40, 160))
    view.view_box.addItem(naive_item, ignoreBounds=True)
    days = view.layers["events"].events.days
    lo = np.datetime64("2024-05-01", "D")
    naive = []
    for i in (30, 40, 50, 59):
        t = time.perf_counter()
        session.cursor.set_date(lo + np.timedelta64(i, "D"))
        kk = int(np.searchsorted(days, (lo + np.timedelta64(i, "D")).astype(np.int64), "right"))
        events = view.layers["events"].events
        naive_item.setData(x=events.lon[:kk], y=events.lat[:kk])
        vp.repaint()
        naive.append(time.perf_counter() - t)
    view.view_box.removeItem(naive_item)
    view.set_layer_visible("events", True)
    print(f"  naive alternative (ScatterPlotItem.setData of all events so far), median of 4: "
          f"{median_ms(naive):.0f} ms (x{median_ms(naive) / median_ms(ours):.0f} of ours)")

    # Pan and zoom with the full base map (and everything else) shown.
    session.cursor.set_date(np.datetime64("2024-06-15", "D"))
    view.home()
    vp.repaint()
    (x0, x1), (y0, y1) = mv.HOME_RANGE
    frames = []
    for i in range(args.runs + 1):
        f = 1.0 + 0.6 * np.sin(i / 6.0)                    # zoom in and out
        cx = (x0 + x1) / 2 + 0.4 * np.sin(i / 9.0)         # and pan
        cy = (y0 + y1) / 2 + 0.2 * np.cos(i / 9.0)
        hw, hh = (x1 - x0) / 2 * f, (y1 - y0) / 2 * f
        t = time.perf_counter()
        view.view_box.setRange(xRange=(cx - hw, cx + hw), yRange=(cy - hh, cy + hh), padding=0)
        vp.repaint()
        frames.append(time.perf_counter() - t)
    frames = frames[1:]
    med = median_ms(frames)
    print(f"\npan/zoom frame (setRange + repaint), median of {len(frames)}: {med:.1f} ms "
          f"= {1000.0 / med:.0f} frames per second")
    pans = []
    view.home()
    vp.repaint()
    for i in range(args.runs):
        dx = 0.01 * (1 if i % 2 else -1)
        r = view.view_box.viewRect()
        t = time.perf_counter()
        view.view_box.setRange(xRange=(r.left() + dx, r.right() + dx),
                               yRange=(r.top(), r.bottom()), padding=0)
        vp.repaint()
        pans.append(time.perf_counter() - t)
    print(f"pure pan frame, median of {len(pans)}: {median_ms(pans):.1f} ms "
          f"= {1000.0 / median_ms(pans):.0f} frames per second")
    view.view_box.setRange(xRange=(30, 42), yRange=(46.5, 53), padding=0)
    vp.repaint()
    wide = []
    for i in range(20):
        f = 1.0 + 0.02 * (i % 2)
        t = time.perf_counter()
        view.view_box.setRange(xRange=(36 - 6 * f, 36 + 6 * f), yRange=(49.8 - 3.2 * f,
                                                                         49.8 + 3.2 * f),
                               padding=0)
        vp.repaint()
        wide.append(time.perf_counter() - t)
    print(f"zoom frame with the whole region in view, median of 20: {median_ms(wide):.1f} ms "
          f"= {1000.0 / median_ms(wide):.0f} frames per second")
    view.close()
    QtWidgets.QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
