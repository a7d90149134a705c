"""The control areas at the cursor: the snapshot on or before the day, with attack directions.
Changes only when the snapshot changes, not every day."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

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
        self.add(self.attack_item)
        self.attack_labels: list[str] = []

    def set_briefing(self, briefing) -> None:
        self._area_cache: dict[int, dict] = {}
        self._area_index = None

    @property
    def area_index(self) -> int:
        """The snapshot shown (-1: none)."""
        return -1 if self._area_index is None else self._area_index

    def _area_paths(self, index: int) -> dict:
        cached = self._area_cache.get(index)
        if cached is None:
            snap = self.briefing.areas.snapshots[index]
            by_status: dict[str, list] = {}
            for f in snap.features:
                by_status.setdefault(f.status, []).extend(f.rings)
            cached = {status: xy_to_path(flatten_rings(rings))
                      for status, rings in by_status.items()}
            pts = snap.points or []
            cached["_points"] = (np.array([p[0] for p in pts], float),
                                 np.array([p[1] for p in pts], float),
                                 [str(p[2]) for p in pts])
            self._area_cache[index] = cached
        return cached

    def update(self, day, start) -> None:
        areas = self.briefing.areas
        index = areas.index_at(day) if len(areas) else -1
        if index == self._area_index:
            return
        self._area_index = index
        paths = self._area_paths(index) if index >= 0 else {}
        self.area_group.set_paths({s: p for s, p in paths.items() if not s.startswith("_")},
                                  key=index)
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


def _hatch(style, status):
    return style.area_hatch if status == "contested" else None
