"""Layers that do not move with the cursor: the base map (land, water, borders, the Kharkiv
outline), place names and the briefing's overlays (lines and labels)."""
from __future__ import annotations

import numpy as np

from ..items import GroupItem, PathItem, xy_to_path
from ..labels import LabelItem
from ..style import NO_BRUSH, NO_PEN
from .layer import MapLayer


class BaseMapLayer(MapLayer):
    """The whole base map as ONE item (fills, then lines) drawn through a device cache, and the
    Kharkiv outline above the control areas so it stays readable."""

    name = toggle = "base"
    title = "Base map"
    legend_rank = 40

    def bind(self, view) -> None:
        super().bind(view)
        st, bm = view.style_, view.basemap
        self.base_item = GroupItem(z=-100)
        self.country_items: dict = {}
        for name, rings in bm.countries.items():
            layer = self.base_item.add(f"country:{name}", NO_PEN, st.land[_land_key(st, name)])
            layer.setPath(xy_to_path(rings))
            self.country_items[name] = layer
        self.lake_item = self.base_item.add("lakes", st.water_pen, st.water_brush)
        self.lake_item.setPath(xy_to_path(bm.lakes))
        self.coast_item = self.base_item.add("coast", st.water_pen, NO_BRUSH)
        self.coast_item.setPath(xy_to_path(bm.coast))
        self.oblast_item = self.base_item.add("oblasts", st.oblast_pen, NO_BRUSH)
        self.oblast_item.setPath(xy_to_path(bm.oblasts))
        self.border_item = self.base_item.add("borders", st.border_pen, NO_BRUSH)
        self.border_item.setPath(xy_to_path(bm.borders))
        self.base_item.set_background(st.background)
        self.add(self.base_item)
        # One outline: its cached image covers its own box, not the whole view.
        self.kharkiv_group = GroupItem(z=5, crop=True)
        self.kharkiv_item = self.kharkiv_group.add("kharkiv", st.kharkiv_pen, NO_BRUSH)
        self.kharkiv_item.setPath(xy_to_path(bm.kharkiv))
        self.add(self.kharkiv_group)

    def apply_style(self, st) -> None:
        self.base_item.set_background(st.background)
        for name, item in self.country_items.items():
            item.setStyle(NO_PEN, st.land[_land_key(st, name)])
        self.lake_item.setStyle(st.water_pen, st.water_brush)
        self.coast_item.setStyle(st.water_pen, NO_BRUSH)
        self.oblast_item.setStyle(st.oblast_pen, NO_BRUSH)
        self.border_item.setStyle(st.border_pen, NO_BRUSH)
        self.kharkiv_item.setStyle(st.kharkiv_pen, NO_BRUSH)

    def legend_entries(self) -> list[tuple]:
        st = self.view.style_
        return [("heading", "Boundaries"), ("line", "Kharkiv oblast", st.kharkiv_pen),
                ("line", "State border", st.border_pen)]


def _land_key(style, country: str) -> str:
    return country if country in style.land else "other"


class PlaceLabelsLayer(MapLayer):
    """Settlement names, most important first, as many as fit at the current scale."""

    name = toggle = "labels"
    title = "Place names"

    def bind(self, view) -> None:
        super().bind(view)
        bm = view.basemap
        self.label_item = LabelItem(z=40)
        rank = bm.place_rank if bm.place_rank is not None else np.arange(len(bm.place_lon))
        pop = bm.place_pop[rank]
        klass = np.where(pop >= 100_000, 0, np.where(pop >= 10_000, 1, 2)).astype(np.int8)
        # City districts (demoted after every independent place) only when zoomed well in.
        demoted = (bm.place_demoted[rank] if bm.place_demoted is not None
                   else np.zeros(len(rank), dtype=bool))
        klass[demoted] = 2
        self.label_item.setPlaces(bm.place_lon[rank], bm.place_lat[rank],
                                  [bm.place_name[i] for i in rank], klass,
                                  np.where(demoted, 2500.0, 0.0))
        self.add(self.label_item)
        self.apply_style(view.style_)

    def apply_style(self, st) -> None:
        self.label_item.setColours(st.text, st.text_halo, st.place_dot)


class OverlaysLayer(MapLayer):
    """The briefing's overlays: all their lines as one path, all their labels as one item."""

    name = toggle = "overlays"
    title = "Overlays"
    legend_rank = 50

    def bind(self, view) -> None:
        super().bind(view)
        self.overlay_line_item = self.add(PathItem(view.style_.overlay_pen, NO_BRUSH, z=8))
        self.overlay_label_item = self.add(LabelItem(z=41, max_labels=40, italic=True,
                                                     dots=False))
        self.apply_style(view.style_)

    def set_briefing(self, briefing) -> None:
        lines, lab_lon, lab_lat, lab_text = [], [], [], []
        nan = np.array([[np.nan, np.nan]])
        for ov in self._overlays(briefing):
            for line in getattr(ov, "lines", []) or []:
                a = np.asarray(line, float)
                if a.ndim == 2 and len(a) >= 2:
                    lines += [a[:, :2], nan]
            for lab in getattr(ov, "labels", []) or []:
                lab_lon.append(float(lab[0]))
                lab_lat.append(float(lab[1]))
                lab_text.append(str(lab[2]))
        self.overlay_line_item.setPath(xy_to_path(np.concatenate(lines)) if lines else None)
        self.overlay_label_item.setPlaces(lab_lon, lab_lat, lab_text,
                                          np.ones(len(lab_lon), np.int8))

    @staticmethod
    def _overlays(briefing) -> list:
        return getattr(briefing, "overlays", []) or []

    def apply_style(self, st) -> None:
        self.overlay_line_item.setStyle(st.overlay_pen, NO_BRUSH)
        self.overlay_label_item.setColours(st.overlay_text, st.text_halo, st.overlay_text)

    def legend_entries(self) -> list[tuple]:
        pen = self.view.style_.overlay_pen
        return [("line", str(getattr(ov, "name", "Overlay"))[:40], pen)
                for ov in self._overlays(self.briefing)]
