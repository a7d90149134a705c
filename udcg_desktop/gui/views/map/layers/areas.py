"""The control areas at the cursor: the snapshot on or before the day, with attack directions.
Changes only when the snapshot changes, not every day."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtWidgets

from .....core.model import AREA_STATUSES
from ..data import flatten_rings
from ..items import GroupItem, xy_to_path
from ..style import AREA_LABELS
from .layer import MapLayer

AREA_CACHE_IMAGES = 12        # rendered control-area snapshots kept for the current view


class ControlAreasLayer(MapLayer):
    name = toggle = "areas"
    title = "Control areas"
    legend_rank = 10

    def bind(self, view) -> None:
        super().bind(view)
        st = view.style_
        # Rendered snapshots are kept (cropped to the areas) for the current view, so playing
        # back and forth over a few dates is a blit; fills aliased, outlines antialiased.
        self.area_group = GroupItem(z=-20, cache_entries=AREA_CACHE_IMAGES, aliased_fill=True)
        self.area_items: dict = {}
        for status in ("liberated", "contested", "occupied"):
            self.area_items[status] = self.area_group.add(status, st.area_pen[status],
                                                          st.area_brush[status],
                                                          _hatch(st, status))
        self.add(self.area_group)
        self.attack_item = pg.ScatterPlotItem(size=11, symbol="t1", pen=st.attack_pen,
                                              brush=st.attack_brush, pxMode=True)
        self.attack_item.setZValue(20)
        # Changes with the snapshot only; repainted under the markers on every step, so a blit
        # of its cached picture (a ScatterPlotItem's paint is ~0.5 ms).
        self.attack_item.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.add(self.attack_item)
        self.attack_labels: list[str] = []
        self.simplify = True         # rings simplified to the screen's pixels (not in exports)

    def set_briefing(self, briefing) -> None:
        self._area_cache: dict[int, dict] = {}
        self._paths: dict[tuple, dict] = {}      # (index, detail) -> paths, last used last
        self._area_index = None
        self._detail = None

    @property
    def area_index(self) -> int:
        """The snapshot shown (-1: none)."""
        return -1 if self._area_index is None else self._area_index

    def _rings(self, index: int) -> dict:
        """{status: rings, "_points": attack markers} of snapshot ``index``, as read."""
        cached = self._area_cache.get(index)
        if cached is None:
            snap = self.briefing.areas.snapshots[index]
            cached = {}
            for f in snap.features:
                cached.setdefault(f.status, []).extend(f.rings)
            pts = snap.points or []
            cached["_points"] = (np.array([p[0] for p in pts], float),
                                 np.array([p[1] for p in pts], float),
                                 [str(p[2]) for p in pts])
            self._area_cache[index] = cached
        return cached

    def _area_paths(self, index: int, detail: int | None) -> dict:
        """The snapshot's paths, its rings simplified to half a pixel at the zoom ``detail``
        (``_detail_level``): what cannot be seen is not stroked (a day's snapshot is drawn
        anew as the cursor moves; DeepState's rings carry points every few metres)."""
        key = (index, detail)
        paths = self._paths.pop(key, None)
        if paths is None:
            rings = self._rings(index)
            tolerance = 2.0 ** (detail / 2.0) if detail is not None else 0.0
            paths = {status: xy_to_path(flatten_rings(simplified_rings(r, tolerance)))
                     for status, r in rings.items() if not status.startswith("_")}
            paths["_points"] = rings["_points"]
            if len(self._paths) >= 4 * AREA_CACHE_IMAGES:
                self._paths.pop(next(iter(self._paths)))
        self._paths[key] = paths
        return paths

    def set_simplify(self, on: bool) -> None:
        """Simplify the rings to the screen's pixels (on in the window, off for exports)."""
        self.simplify = bool(on)
        self.on_view_changed()

    def _detail_level(self) -> int | None:
        """Half a screen pixel in map degrees, in half-octave steps (None: every vertex)."""
        if not self.simplify:
            return None
        px = self.view.view_box.viewPixelSize()
        size = min(abs(px[0]), abs(px[1])) if px else 0.0
        if not size or not np.isfinite(size):
            return None
        return int(np.floor(2.0 * np.log2(0.5 * size)))

    def on_view_changed(self) -> None:
        """Zoomed: the rings are simplified again for the new pixel size."""
        if self._area_index is not None and self._detail_level() != self._detail:
            self._show(self._area_index)

    def update(self, day, start) -> None:
        areas = self.briefing.areas
        index = areas.index_at(day) if len(areas) else -1
        if index != self._area_index:
            self._show(index)

    def _show(self, index: int) -> None:
        self._area_index = index
        self._detail = self._detail_level()
        paths = self._area_paths(index, self._detail) if index >= 0 else {}
        self.area_group.set_paths({s: p for s, p in paths.items() if not s.startswith("_")},
                                  key=(index, self._detail))
        x, y, labels = paths.get("_points", (np.zeros(0), np.zeros(0), []))
        if len(x) or len(self.attack_labels):      # (most snapshots have no attack arrows)
            self.attack_item.setData(x=x, y=y, data=np.arange(len(x)))
        self.attack_labels = labels

    def key(self):
        return self._area_index

    def apply_style(self, st) -> None:
        for status, item in self.area_items.items():
            item.setStyle(st.area_pen[status], st.area_brush[status], _hatch(st, status))
        self.attack_item.setPen(st.attack_pen)
        self.attack_item.setBrush(st.attack_brush)

    def legend_entries(self) -> list[tuple]:
        st, b = self.view.style_, self.briefing
        entries: list[tuple] = []
        statuses = {f.status for s in b.areas.snapshots for f in s.features}
        if statuses:
            entries.append(("heading", "Control areas"))
            for status in AREA_STATUSES:
                if status in statuses:
                    entries.append(("patch", AREA_LABELS[status], st.area_pen[status],
                                    st.area_brush[status], _hatch(st, status)))
        if any(s.points for s in b.areas.snapshots):
            entries.append(("symbol", "Attack direction", "t1", st.attack_brush.color(), 10.0))
        return entries

    def nearest_attack(self, lon, lat, rx, ry) -> int:
        """The attack marker within the ellipse (rx, ry) of (lon, lat), or -1."""
        if not len(self.attack_labels):
            return -1
        x, y = self.attack_item.getData()
        d = ((x - lon) / rx) ** 2 + ((y - lat) / ry) ** 2
        j = int(np.argmin(d))
        return j if d[j] <= 1.0 else -1

    def fit_bounds(self) -> list:
        """(x0, x1, y0, y1) of the areas shown, for Fit data."""
        out = []
        for item in self.area_items.values():
            r = item.boundingRect()
            if not r.isNull():
                out.append((r.left(), r.right(), r.top(), r.bottom()))
        return out


def simplified_rings(rings: list, tolerance: float) -> list:
    """``rings`` with points closer than ``tolerance`` (map degrees) to the simplified line
    dropped (Douglas-Peucker, shapely); a ring that would collapse is kept as it was."""
    import shapely
    rings = [np.asarray(r, float)[:, :2] for r in rings]
    if tolerance <= 0 or not rings:
        return rings
    usable = [k for k, r in enumerate(rings) if len(r) >= 4 and np.isfinite(r).all()]
    if not usable:
        return rings
    counts = [len(rings[k]) for k in usable]
    geoms = shapely.linearrings(np.concatenate([rings[k] for k in usable]),
                                indices=np.repeat(np.arange(len(usable)), counts))
    simple = shapely.simplify(geoms, tolerance, preserve_topology=False)
    coords, which = shapely.get_coordinates(simple, return_index=True)
    out = list(rings)
    starts = np.searchsorted(which, np.arange(len(usable) + 1))
    for j, k in enumerate(usable):
        part = coords[starts[j]:starts[j + 1]]
        if len(part) >= 4:
            out[k] = part
    return out


def _hatch(style, status):
    return style.area_hatch if status == "contested" else None
