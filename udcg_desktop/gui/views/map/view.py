"""The map of the briefing viewer: offline base map, control areas, events and deliveries at the
cursor date, with legend, date stamp, scale bar, attribution, layer toggles and a home view.

``MapView(session)`` binds to the session's cursor, filters, selection and briefing (connected
in ``__init__``, disconnected on close). A cursor move touches only the dynamic layers: the area
paths are built once per snapshot index and cached (and their rendered images, per view, in a
small LRU, so playing back and forth is a blit); events and deliveries are each a density raster
(counts of pre-binned cells, updated incrementally by the rows that entered or left the span)
plus markers for the latest few thousand; the base map items are never rebuilt and are drawn from
device caches, so a cursor move repaints them with one blit each.

``render.py`` draws the same map offscreen for exports.
"""
from __future__ import annotations

import datetime as dt
import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ....core.describe import front_change_text
from ....core.model import AREA_STATUSES, EVENT_TYPES
from ....core.cursor import WINDOW
from ....core.session import Session
from .basemap import BasemapGeometry, shipped_geometry
from .data import DensityCounts, PointIndex, day_int, density_lut, fade_alpha
from .items import GroupItem, LabelItem, MarkerItem, PathItem, RasterItem, xy_to_path
from .panels import Attribution, DateStamp, Legend, ScaleBar
from .style import (AREA_LABELS, EVENT_LABELS, EVENT_SYMBOLS, NO_BRUSH, NO_PEN,
                    current_style, theme_signal)

Qt = QtCore.Qt

HOME_RANGE = ((35.9, 37.6), (49.7, 50.6))    # the front near Kharkiv (lon, lat), when no AOI
HOME_TOP_ROOM = 0.22   # home view: this share of the area's height added above it
LAT0 = 50.0
MAX_MARKERS = 3000     # the latest events as markers; earlier ones as a density raster
MAX_DELIVERY_MARKERS = 3000   # the same for deliveries with a destination
AREA_CACHE_IMAGES = 12        # rendered control-area snapshots kept for the current view
DENSITY_SATURATE = 40         # raster cells this full or fuller get the darkest shade
FADE_DAYS = 30         # cumulative mode: markers fade over this many days
# Older than that, at most this many events stay markers (at the fade's floor); the rest join
# the density raster, so 1,779 crosses since 2022 recede instead of covering Kharkiv.
OLD_MARKERS = 150
MARKER_PX = 10.0       # event markers, window (presentation mode and exports: larger)
PRESENTATION_MARKER_PX = 14.0
SMALLEST_TEXT_PT = 7.0  # the attribution's (panels.Attribution); exports scale up from it
HOVER_PX = 8.0
LAYERS = ("base", "labels", "areas", "events", "deliveries", "overlays")
LAYER_TITLES = {"base": "Base map", "labels": "Place names", "areas": "Control areas",
                "events": "Events", "deliveries": "Deliveries", "overlays": "Overlays"}


def _fmt_day(day) -> str:
    d = dt.date.fromisoformat(str(np.datetime64(day, "D")))
    return f"{d.day} {d:%B %Y}"


def _fmt_short(day) -> str:
    d = dt.date.fromisoformat(str(np.datetime64(day, "D")))
    return f"{d.day} {d:%b}"


class MapView(QtWidgets.QWidget):
    """The interactive map bound to a ``Session``."""

    def __init__(self, session: Session, parent=None, basemap: BasemapGeometry | None = None,
                 toolbar: bool = True):
        super().__init__(parent)
        self.session = session
        self.style_ = current_style()
        self.basemap = basemap if basemap is not None else shipped_geometry()
        self._closed = False
        self.hover_text = ""
        self._hover_key = None

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.toolbar = QtWidgets.QToolBar("Map", self)
        self.toolbar.setIconSize(QtCore.QSize(16, 16))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.home_action = self.toolbar.addAction(session.aoi.label, self.home)
        self.home_action.setToolTip("Show the area of interest (home view)")
        self.fit_action = self.toolbar.addAction("Fit data", self.fit_data)
        self.toolbar.addSeparator()
        self.layer_actions: dict[str, QtGui.QAction] = {}
        for name in LAYERS:
            act = self.toolbar.addAction(LAYER_TITLES[name])
            act.setCheckable(True)
            act.setChecked(True)
            act.toggled.connect(lambda on, n=name: self.set_layer_visible(n, on))
            self.layer_actions[name] = act
        layout.addWidget(self.toolbar)
        self.toolbar.setVisible(toolbar)

        self.view = pg.GraphicsView(self, background=self.style_.background)
        self.view.setAntialiasing(True)
        self.view_box = pg.ViewBox(enableMenu=False, defaultPadding=0.0)
        # pyqtgraph's ratio is (data per pixel in y)/(data per pixel in x): for a map one degree
        # of longitude is cos(lat) as long as one of latitude, so y/x per-pixel = cos(lat0).
        self.view_box.setAspectLocked(True, ratio=math.cos(math.radians(LAT0)))
        self.view.setCentralItem(self.view_box)
        layout.addWidget(self.view, 1)
        self.view.setMouseTracking(True)

        self._build_static_items()
        self._build_dynamic_items()
        self._build_panels()
        self._bind_briefing(session.briefing)
        self.home()

        s = session
        s.cursor.changed.connect(self._on_cursor)
        s.cursor.mode_changed.connect(self._on_mode)
        s.filters.changed.connect(self._on_filters)
        s.selection.changed.connect(self._on_selection)
        s.briefing_changed.connect(self._on_briefing)
        s.compare_changed.connect(self._on_compare)
        s.aoi_changed.connect(self._on_aoi)
        self.view.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.view.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self.view_box.sigResized.connect(self._reposition_panels)
        self._theme_signal = theme_signal()
        self._theme_signal.connect(self.apply_theme)
        self.refresh()

    # -- construction ----------------------------------------------------------------------------
    def _add(self, layer: str, item) -> None:
        self.view_box.addItem(item, ignoreBounds=True)
        self.layer_items.setdefault(layer, []).append(item)

    def _build_static_items(self) -> None:
        st, bm = self.style_, self.basemap
        self.layer_items: dict[str, list] = {}
        # The whole base map is ONE item (fills, then lines), drawn through a device cache.
        self.base_item = GroupItem(z=-100)
        self.country_items: dict = {}
        for name, rings in bm.countries.items():
            key = name if name in st.land else "other"
            layer = self.base_item.add(f"country:{name}", NO_PEN, st.land[key])
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
        self._add("base", self.base_item)
        # The Kharkiv outline goes above the control areas, so it stays readable.
        self.kharkiv_group = GroupItem(z=5)
        self.kharkiv_item = self.kharkiv_group.add("kharkiv", st.kharkiv_pen, NO_BRUSH)
        self.kharkiv_item.setPath(xy_to_path(bm.kharkiv))
        self._add("base", self.kharkiv_group)
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
        self.label_item.setColours(st.text, st.text_halo, st.place_dot)
        self._add("labels", self.label_item)

    def _build_dynamic_items(self) -> None:
        st = self.style_
        # Rendered snapshots are kept (cropped to the areas) for the current view, so playing
        # back and forth over a few dates is a blit; fills aliased, outlines antialiased.
        self.area_group = GroupItem(z=-20, cache_entries=AREA_CACHE_IMAGES, aliased_fill=True)
        self.area_items: dict = {}
        for status in ("liberated", "contested", "occupied"):
            extra = st.area_hatch if status == "contested" else None
            self.area_items[status] = self.area_group.add(status, st.area_pen[status],
                                                          st.area_brush[status], extra)
        self._add("areas", self.area_group)
        self.attack_item = pg.ScatterPlotItem(size=11, symbol="t1", pen=st.attack_pen,
                                              brush=st.attack_brush, pxMode=True)
        self.attack_item.setZValue(20)
        self._add("areas", self.attack_item)
        self.density_item = RasterItem(z=10)
        self._add("events", self.density_item)
        # Deliveries too: the latest MAX_DELIVERY_MARKERS in scope as markers, earlier ones as
        # a density raster in the delivery colour (under every marker, over the event raster).
        self.delivery_density_item = RasterItem(z=11)
        self._add("deliveries", self.delivery_density_item)
        # Deliveries can be many (Kiel rows with destinations): the same atlas-drawn marker item
        # as events, not a ScatterPlotItem, whose setData costs ~20 ms per 25k points per step.
        # Markers above the control areas and the place dots and names (z 40), so an event on a
        # town is seen; the overlay labels and the selection ring stay on top.
        self.delivery_item = MarkerItem(z=44)
        self.marker_item = MarkerItem(z=43)
        self.marker_px = MARKER_PX
        self._style_markers()
        self._add("events", self.marker_item)
        self._add("deliveries", self.delivery_item)
        self.overlay_line_item = PathItem(st.overlay_pen, NO_BRUSH, z=8)
        self._add("overlays", self.overlay_line_item)
        self.overlay_label_item = LabelItem(z=41, max_labels=40, italic=True, dots=False)
        self.overlay_label_item.setColours(st.overlay_text, st.text_halo, st.overlay_text)
        self._add("overlays", self.overlay_label_item)
        self.selection_item = pg.ScatterPlotItem(size=24, symbol="o", pen=st.selection_pen,
                                                 brush=NO_BRUSH, pxMode=True)
        self.selection_item.setZValue(50)
        self.view_box.addItem(self.selection_item, ignoreBounds=True)

    def _style_markers(self) -> None:
        st = self.style_
        self.delivery_item.setStyle(["s"], [st.delivery_brush.color()],
                                    size=self.marker_px + 1.0, outline=st.delivery_pen.color())
        self.marker_item.setStyle([EVENT_SYMBOLS[t] for t in EVENT_TYPES],
                                  [st.event_colour[t] for t in EVENT_TYPES], size=self.marker_px,
                                  outline=QtGui.QColor(255, 255, 255, 230))

    def _build_panels(self) -> None:
        vb = self.view_box
        self.date_stamp = DateStamp(vb, "tl")
        self.attribution = Attribution(vb, "br")
        self.legend = Legend(vb, "br")
        self.scale_bar = ScaleBar(vb, "bl")
        for panel in (self.date_stamp, self.legend, self.attribution):
            panel.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._style_panels()

    def _style_panels(self) -> None:
        st = self.style_
        for panel in (self.date_stamp, self.legend, self.scale_bar, self.attribution):
            bg = QtGui.QColor(st.panel_bg)
            if panel is self.attribution:
                bg.setAlpha(170)
            panel.setColours(bg, st.panel_border, st.panel_text)

    def _reposition_panels(self, *args) -> None:
        ah = self.attribution.boundingRect().height()
        self.legend.extra_offset = QtCore.QPointF(0, -(ah + 2))
        self.scale_bar.extra_offset = QtCore.QPointF(0, -(ah + 2))
        rects = []
        for panel in (self.date_stamp, self.attribution, self.legend, self.scale_bar):
            panel.reposition()
            if panel.isVisible():
                r = panel.mapRectToParent(panel.boundingRect())
                rects.append((r.left(), r.top(), r.right(), r.bottom()))
        # Place names do not go under the panels (view-box pixels = label layout pixels).
        self.label_item.setBlocked(rects)
        self.overlay_label_item.setBlocked(rects)

    # -- the briefing ----------------------------------------------------------------------------
    def _bind_briefing(self, briefing) -> None:
        self.briefing = briefing
        self.events = PointIndex.from_events(briefing.events)
        self.deliv = PointIndex.from_deliveries(briefing.deliveries)
        for item, idx in ((self.density_item, self.events),
                          (self.delivery_density_item, self.deliv)):
            item.setRect(QtCore.QRectF(*idx.rect))
            item.setData(np.zeros((idx.h, idx.w, 4), np.uint8))
        self._ev_counts = DensityCounts(self.events)
        self._d_counts = DensityCounts(self.deliv)
        self._raster_span = None
        self._d_raster_key = None
        self._make_luts()
        self._d_days = self.deliv.days
        self._d_lon = self.deliv.lon
        self._d_lat = self.deliv.lat
        self._d_xy = self.deliv.has_xy
        self._d_rows = np.zeros(0, np.int64)          # every delivery shown (markers + raster)
        self._d_marker_rows = np.zeros(0, np.int64)   # those drawn as markers (the latest)
        self._d_span = (0, 0)
        self._d_mask = None
        self._d_mask_valid = False
        self._area_cache: dict[int, dict] = {}
        self._area_index = None
        self._marker_rows = np.zeros(0, np.int64)
        self._span = (0, 0)
        # Overlays: all lines as one path, all labels as one label item.
        lines, lab_lon, lab_lat, lab_text = [], [], [], []
        nan = np.array([[np.nan, np.nan]])
        for ov in getattr(briefing, "overlays", []) or []:
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
        self._build_legend()
        self._update_attribution()

    def _make_luts(self) -> None:
        st = self.style_
        self._ev_lut = density_lut((st.density.red(), st.density.green(), st.density.blue()),
                                   DENSITY_SATURATE)
        c = st.delivery_brush.color()
        self._d_lut = density_lut((c.red(), c.green(), c.blue()), DENSITY_SATURATE)

    def _build_legend(self) -> None:
        st, b = self.style_, self.briefing
        entries: list[tuple] = []
        statuses = {f.status for s in b.areas.snapshots for f in s.features}
        if statuses:
            entries.append(("heading", "Control areas"))
            for status in AREA_STATUSES:
                if status in statuses:
                    extra = st.area_hatch if status == "contested" else None
                    entries.append(("patch", AREA_LABELS[status], st.area_pen[status],
                                    st.area_brush[status], extra))
        if any(s.points for s in b.areas.snapshots):
            entries.append(("symbol", "Attack direction", "t1", st.attack_brush.color(), 10.0))
        if self.events.types_present:
            entries.append(("heading", "Events (fade with age)"))
            for t in self.events.types_present:
                entries.append(("symbol", EVENT_LABELS[t], EVENT_SYMBOLS[t],
                                st.event_colour[t], 10.0))
            if int(self.events.has_xy.sum()) > OLD_MARKERS:
                entries.append(("raster", "Earlier events (density)", st.density))
        if self._d_xy.any():
            entries.append(("heading", "Aid"))
            entries.append(("symbol", "Delivery (destination)", "s", st.delivery_brush.color(),
                            10.0))
            if int(self._d_xy.sum()) > MAX_DELIVERY_MARKERS:
                entries.append(("raster", "Earlier deliveries (density)",
                                st.delivery_brush.color()))
        entries.append(("heading", "Boundaries"))
        entries.append(("line", "Kharkiv oblast", st.kharkiv_pen))
        entries.append(("line", "State border", st.border_pen))
        for ov in getattr(b, "overlays", []) or []:
            entries.append(("line", str(getattr(ov, "name", "Overlay"))[:40], st.overlay_pen))
        self.legend.set_entries(entries)
        self._reposition_panels()

    def _update_attribution(self, snap=None) -> None:
        lines = [self.basemap.attribution]
        areas = self.briefing.areas
        if len(areas):
            if any(s.illustrative for s in areas.snapshots):
                lines.append("Control areas: ILLUSTRATIVE sketch for this sample, not DeepState "
                             "data and not the real front line")
            else:
                formats = sorted({str(src.format) for src in self.briefing.sources
                                  if src.kind == "areas" and src.format})
                if any("deepstate" in f.lower() for f in formats):
                    lines.append("Control areas: DeepStateMap (deepstatemap.live) snapshots")
                elif formats:
                    lines.append("Control areas: " + ", ".join(formats) + " snapshots as loaded")
                else:
                    lines.append("Control areas: snapshots as loaded (source not stated)")
        if len(self.briefing.events) and self.briefing.events["illustrative"].any():
            lines.append("Some events are illustrative (marked in their details)")
        self.attribution.set_lines(lines)
        self._reposition_panels()

    # -- what the view shows at the cursor -------------------------------------------------------
    def refresh(self) -> None:
        """Bring every dynamic layer to the session's cursor, mode, filters and selection."""
        cur = self.session.cursor
        day, start = cur.date, cur.window_start
        self._update_areas(day)
        self._update_events(day, start)
        self._update_deliveries(day, start)
        self._update_selection()
        self._update_stamp(day, start)

    def _area_paths(self, index: int) -> dict:
        cached = self._area_cache.get(index)
        if cached is None:
            snap = self.briefing.areas.snapshots[index]
            by_status: dict[str, list] = {}
            for f in snap.features:
                by_status.setdefault(f.status, []).extend(f.rings)
            from .data import flatten_rings
            cached = {status: xy_to_path(flatten_rings(rings))
                      for status, rings in by_status.items()}
            pts = snap.points or []
            cached["_points"] = (np.array([p[0] for p in pts], float),
                                 np.array([p[1] for p in pts], float),
                                 [str(p[2]) for p in pts])
            self._area_cache[index] = cached
        return cached

    def _update_areas(self, day) -> None:
        index = self.briefing.areas.index_at(day) if len(self.briefing.areas) else -1
        if index == self._area_index:
            return
        self._area_index = index
        paths = self._area_paths(index) if index >= 0 else {}
        self.area_group.set_paths({s: p for s, p in paths.items() if not s.startswith("_")},
                                  key=index)
        x, y, labels = paths.get("_points", (np.zeros(0), np.zeros(0), []))
        self.attack_item.setData(x=x, y=y, data=np.arange(len(x)))
        self._attack_labels = labels

    def content_key(self) -> tuple:
        """Equal keys: the map layers look the same (the date stamp aside), so an animation
        can hold the previous picture instead of drawing it again."""
        return (self._area_index, self._span, self._raster_span, self._marker_fade,
                self._d_span, self._d_raster_key, len(self._d_marker_rows),
                self.highlighted)

    @property
    def area_index(self) -> int:
        return -1 if self._area_index is None else self._area_index

    def _update_events(self, day, start) -> None:
        ev = self.events
        a, k = ev.span(day, start)      # never an event after the cursor day
        self._span = (a, k)
        cur = self.session.cursor
        fade = cur.window_days if cur.mode == WINDOW else FADE_DAYS
        m0 = max(a, k - MAX_MARKERS)
        recent = int(np.searchsorted(ev.days, day_int(day) - int(fade) + 1, side="left"))
        m0 = max(m0, recent - OLD_MARKERS)
        if (a, m0) != self._raster_span:
            self._raster_span = (a, m0)
            self._show_density(self.density_item, self._ev_counts, self._ev_lut, a, m0)
        sel = np.flatnonzero(ev.has_xy[m0:k]) + m0
        self._marker_rows = sel
        alpha = fade_alpha(ev.days[sel], day_int(day), fade)
        self.marker_item.setData(ev.lon[sel], ev.lat[sel], ev.type_code[sel], alpha, sel)
        self._marker_fade = np.round(alpha * 255).astype(np.uint8).tobytes()

    @staticmethod
    def _show_density(item, counts: DensityCounts, lut, a: int, b: int) -> None:
        """Rows [a, b) of a point index as the raster item's image; after a small cursor step
        only the cells whose counts changed are recoloured."""
        grid = counts.update(a, b)
        if b <= a and item.image.shape[:2] == grid.shape:
            item.clear()
        elif counts.changed is None or item.image.shape[:2] != grid.shape:
            item.setData(lut[np.minimum(grid, DENSITY_SATURATE)])
        else:
            flat = counts.changed
            item.setCells(flat, lut[np.minimum(counts.counts[flat], DENSITY_SATURATE)])

    def _update_deliveries(self, day, start) -> None:
        idx = self.deliv
        mask = self._delivery_mask()
        if not idx.n:
            a = k = 0
            rows = np.zeros(0, np.int64)
        else:
            a, k = idx.span(day, start)
            ok = idx.has_xy[a:k] if mask is None else (idx.has_xy[a:k] & mask[a:k])
            rows = np.flatnonzero(ok) + a
        self._d_span = (a, k)
        if np.array_equal(rows, self._d_rows) and self._d_raster_key is not None:
            return
        self._d_rows = rows
        markers = rows[-MAX_DELIVERY_MARKERS:] if len(rows) else rows
        m0 = int(markers[0]) if len(markers) else k
        key = (a, m0)
        if key != self._d_raster_key:
            self._d_raster_key = key
            self._show_density(self.delivery_density_item, self._d_counts, self._d_lut, a, m0)
        self._d_marker_rows = markers
        self.delivery_item.setData(self._d_lon[markers], self._d_lat[markers],
                                   np.zeros(len(markers), np.int64), np.ones(len(markers)),
                                   markers)

    def _delivery_mask(self) -> np.ndarray | None:
        """Deliveries the filters let through (None: all), computed once per filter change."""
        if not self._d_mask_valid:
            values = self.session.filters.values
            mask = None
            if values.active and self.deliv.n:
                from ....core.summary import engine_for
                mask = np.asarray(engine_for(self.briefing).masks(values)[1], dtype=bool)
            self._d_mask = mask
            self._d_mask_valid = True
            self._d_counts.set_mask(mask)
            self._d_raster_key = None
        return self._d_mask

    def _update_selection(self) -> None:
        sel = self.session.selection.value
        xs, ys = np.zeros(0), np.zeros(0)
        if sel.kind == "events" and sel.rows:
            rows = np.array([r for r in sel.rows if 0 <= r < self.events.n], np.int64)
            rows = rows[self.events.has_xy[rows]]
            xs, ys = self.events.lon[rows], self.events.lat[rows]
        elif sel.kind in ("deliveries", "pledges") and sel.rows and len(self._d_rows):
            d = self.briefing.deliveries
            shown = self._d_rows
            if sel.kind == "deliveries":
                pick = shown[np.isin(shown, np.array(sel.rows, np.int64))]
            else:
                pick = shown[np.isin(d["pledge_index"][shown], np.array(sel.rows, np.int64))]
            xs, ys = self._d_lon[pick], self._d_lat[pick]
        self.selection_item.setData(x=xs, y=ys)
        self.highlighted = (sel.kind, len(xs))

    def _update_stamp(self, day, start) -> None:
        # The count the summary and the slides give: the events of the period in the area of
        # interest; those without coordinates are said, not silently left out.
        ev = self.session.current_summary().events
        n_events, unplaced = int(ev.get("count", 0)), int(ev.get("without_coordinates", 0))
        where = f" ({unplaced:,} without a place, not drawn)" if unplaced else ""
        aoi = self.session.aoi
        inside = "" if aoi.everything else f" in the {aoi.label}"
        lines = []
        if self._area_index is not None and self._area_index >= 0:
            snap = self.briefing.areas.snapshots[self._area_index]
            when = str(np.datetime64(snap.time, "D"))
            tag = " (illustrative)" if snap.illustrative else ""
            lines.append(f"Control areas as of {when}{tag}")
        elif len(self.briefing.areas):
            lines.append("No control-area snapshot on or before this date")
        summ = self.session.current_summary()
        if self.session.compare_with is not None:     # the front's change, as the exports say it
            change = front_change_text(summ.areas)
            if change:
                lines.append(change)
        # Stale pledge data said here too (the exported map image carries this box).
        lines += [note.split(" (")[0] for note in summ.stale_notes]
        if start is None:
            lines.append(f"{n_events:,} events{inside} up to this date{where}")
        else:
            lines.append(f"{n_events:,} events{inside} {_fmt_short(start)} to {_fmt_short(day)}"
                         f" ({self.session.cursor.window_days}-day window){where}")
        self.date_stamp.set_text(_fmt_day(day), lines, getattr(self, "heading", ""))
        self._reposition_panels()

    # -- slots -----------------------------------------------------------------------------------
    def _on_compare(self, _day) -> None:
        cur = self.session.cursor
        self._update_stamp(cur.date, cur.window_start)

    def _on_cursor(self, date) -> None:
        cur = self.session.cursor
        day, start = cur.date, cur.window_start
        self._update_areas(day)
        self._update_events(day, start)
        self._update_deliveries(day, start)
        if self.session.selection.value.kind in ("deliveries", "pledges"):
            self._update_selection()
        self._update_stamp(day, start)

    def _on_mode(self, mode, window_days) -> None:
        self.refresh()

    def _on_filters(self, values) -> None:
        self._d_mask_valid = False
        cur = self.session.cursor
        self._update_deliveries(cur.date, cur.window_start)
        self._update_selection()

    def _on_selection(self, value) -> None:
        self._update_selection()

    def _on_briefing(self, briefing) -> None:
        self._bind_briefing(briefing)
        self._area_index = None
        self.refresh()

    # -- layers, views, theme --------------------------------------------------------------------
    def set_layer_visible(self, name: str, visible: bool) -> None:
        for item in self.layer_items.get(name, []):
            item.setVisible(visible)
        act = self.layer_actions.get(name)
        if act is not None and act.isChecked() != visible:
            act.setChecked(visible)

    def layer_visible(self, name: str) -> bool:
        items = self.layer_items.get(name, [])
        return bool(items) and all(i.isVisible() for i in items)

    def home(self) -> None:
        """The area of interest (everything loaded: the data's extent)."""
        bounds = self.session.aoi.bounds
        if bounds is None:
            if self.events.has_xy.any() or self._d_xy.any() or len(self.briefing.areas):
                return self.fit_data()
            (x0, x1), (y0, y1) = HOME_RANGE
        else:
            x0, y0, x1, y1 = bounds
            # Room above the area for the date box: the front runs along its northern edge.
            y1 += HOME_TOP_ROOM * (y1 - y0)
        self.view_box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)

    def _on_aoi(self, aoi) -> None:
        self.home_action.setText(aoi.label)
        self.home()
        cur = self.session.cursor
        self._update_stamp(cur.date, cur.window_start)

    def fit_data(self) -> None:
        """Everything loaded: events, deliveries and control areas."""
        xs, ys = [], []
        ev = self.events
        if ev.has_xy.any():
            xs += [np.nanpercentile(ev.lon[ev.has_xy], [0.5, 99.5])]
            ys += [np.nanpercentile(ev.lat[ev.has_xy], [0.5, 99.5])]
        if self._d_xy.any():
            xs.append(self._d_lon[self._d_xy])
            ys.append(self._d_lat[self._d_xy])
        for item in self.area_items.values():
            r = item.boundingRect()
            if not r.isNull():
                xs.append(np.array([r.left(), r.right()]))
                ys.append(np.array([r.top(), r.bottom()]))
        if not xs:
            return self.home()
        x, y = np.concatenate(xs), np.concatenate(ys)
        pad_x = max(0.05, 0.08 * (x.max() - x.min()))
        pad_y = max(0.05, 0.08 * (y.max() - y.min()))
        self.view_box.setRange(xRange=(x.min() - pad_x, x.max() + pad_x),
                               yRange=(y.min() - pad_y, y.max() + pad_y), padding=0.0)

    def apply_theme(self, *args) -> None:
        """Re-read the palette (light, dark, colour-blind) and restyle every layer."""
        st = self.style_ = current_style()
        self.view.setBackground(st.background)
        for name, item in self.country_items.items():
            item.setStyle(NO_PEN, st.land[name if name in st.land else "other"])
        self.lake_item.setStyle(st.water_pen, st.water_brush)
        self.coast_item.setStyle(st.water_pen, NO_BRUSH)
        self.oblast_item.setStyle(st.oblast_pen, NO_BRUSH)
        self.border_item.setStyle(st.border_pen, NO_BRUSH)
        self.kharkiv_item.setStyle(st.kharkiv_pen, NO_BRUSH)
        self.label_item.setColours(st.text, st.text_halo, st.place_dot)
        for status, item in self.area_items.items():
            item.setStyle(st.area_pen[status], st.area_brush[status],
                          st.area_hatch if status == "contested" else None)
        self.attack_item.setPen(st.attack_pen)
        self.attack_item.setBrush(st.attack_brush)
        self.overlay_line_item.setStyle(st.overlay_pen, NO_BRUSH)
        self.overlay_label_item.setColours(st.overlay_text, st.text_halo, st.overlay_text)
        self.selection_item.setPen(st.selection_pen)
        self._style_markers()
        self._style_panels()
        self._raster_span = None
        self._d_raster_key = None
        self._make_luts()
        self._build_legend()
        self.refresh()

    def set_presentation(self, on: bool) -> None:
        """Larger text and markers for presentation mode."""
        self.set_text_scale(1.35 if on else 1.0,
                            PRESENTATION_MARKER_PX if on else MARKER_PX)

    def set_text_scale(self, scale: float, marker_px: float | None = None) -> None:
        """Every text of the map (panels, place names) ``scale`` times its normal size."""
        for panel in (self.date_stamp, self.legend, self.scale_bar, self.attribution):
            panel.set_font_scale(scale)
        self.label_item.set_font_size(8.5 * scale)
        self.overlay_label_item.set_font_size(8.5 * scale)
        if marker_px is not None and marker_px != self.marker_px:
            self.marker_px = float(marker_px)
            self._style_markers()
        self._build_legend()
        self._update_attribution()
        self.refresh()

    # -- hover and click -------------------------------------------------------------------------
    def _hit(self, scene_pos) -> tuple[str, int] | None:
        vb = self.view_box
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        pt = vb.mapSceneToView(scene_pos)
        px, py = vb.viewPixelSize()
        rx, ry = HOVER_PX * px, HOVER_PX * py
        lon, lat = pt.x(), pt.y()
        if self.layer_visible("deliveries") and len(self._d_rows):
            # Every delivery shown (as a marker or in the raster), through the cell index.
            a, k = self._d_span
            row = self.deliv.nearest(lon, lat, rx, ry, a, k, self._d_mask)
            if row >= 0:
                return ("deliveries", row)
        if self.layer_visible("events"):
            a, k = self._span
            row = self.events.nearest(lon, lat, rx, ry, a, k)
            if row >= 0:
                return ("events", row)
        if self.layer_visible("areas") and len(getattr(self, "_attack_labels", [])):
            x, y = self.attack_item.getData()
            d = ((x - lon) / rx) ** 2 + ((y - lat) / ry) ** 2
            j = int(np.argmin(d))
            if d[j] <= 1.0:
                return ("attack", j)
        return None

    def tooltip_for(self, kind: str, row: int) -> str:
        esc = html.escape
        if kind == "events":
            e = self.briefing.events
            date = str(e["date_text"][row] or e["date"][row])
            t = EVENT_LABELS.get(str(e["type"][row]), str(e["type"][row]))
            parts = [f"<b>{esc(str(e['place'][row]) or 'Unnamed place')}</b>",
                     f"{esc(date)} &middot; {esc(t)}"]
            desc = str(e["description"][row] or "")
            if desc:
                parts.append(esc(desc[:400] + ("…" if len(desc) > 400 else "")))
            src = str(e["source"][row] or "")
            if src:
                parts.append(f"<i>Source:</i> {esc(src[:200])}")
            if bool(e["illustrative"][row]):
                parts.append("<i>Illustrative row</i>")
            return "<br>".join(parts)
        if kind == "deliveries":
            d = self.briefing.deliveries
            date = str(d["date"][row]) if not np.isnat(d["date"][row]) else \
                f"{d['effective_date'][row]} (pledge date; delivery day unknown)"
            parts = [f"<b>Delivery to {esc(str(d['destination'][row]) or 'destination')}</b>",
                     f"{esc(date)} &middot; {esc(str(d['donor'][row]))}",
                     esc(str(d["item"][row]))]
            src = str(d["source"][row] or "")
            if src:
                parts.append(f"<i>Source:</i> {esc(src[:200])}")
            return "<br>".join(p for p in parts if p)
        if kind == "attack":
            return f"<b>Attack direction</b><br>{esc(self._attack_labels[row])}"
        return ""

    def _on_mouse_moved(self, scene_pos) -> None:
        hit = self._hit(scene_pos)
        if hit == self._hover_key:
            return
        self._hover_key = hit
        if hit is None:
            self.hover_text = ""
            QtWidgets.QToolTip.hideText()
            return
        self.hover_text = self.tooltip_for(*hit)
        global_pos = self.view.mapToGlobal(self.view.mapFromScene(scene_pos))
        QtWidgets.QToolTip.showText(global_pos, self.hover_text, self.view)

    def _on_mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or ev.double():
            return
        hit = self._hit(ev.scenePos())
        sel = self.session.selection
        if hit is None or hit[0] == "attack":
            if sel.value.kind in ("events", "deliveries"):
                sel.clear()
            return
        sel.select(hit[0], [hit[1]])
        ev.accept()

    def scene_pos_of(self, lon: float, lat: float) -> QtCore.QPointF:
        return self.view_box.mapViewToScene(QtCore.QPointF(lon, lat))

    def viewport_pos_of(self, lon: float, lat: float) -> QtCore.QPoint:
        return self.view.mapFromScene(self.scene_pos_of(lon, lat))

    # -- life cycle ------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Disconnect from the session (and the theme); safe to call twice."""
        if self._closed:
            return
        self._closed = True
        s = self.session
        s.cursor.changed.disconnect(self._on_cursor)
        s.cursor.mode_changed.disconnect(self._on_mode)
        s.filters.changed.disconnect(self._on_filters)
        s.selection.changed.disconnect(self._on_selection)
        s.briefing_changed.disconnect(self._on_briefing)
        s.compare_changed.disconnect(self._on_compare)
        s.aoi_changed.disconnect(self._on_aoi)
        self._theme_signal.disconnect(self.apply_theme)

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def set_caching(self, on: bool) -> None:
        """Device caches of the base map, areas, labels and panels (off for one-off renders)."""
        for item in (self.base_item, self.kharkiv_group, self.area_group, self.label_item,
                     self.overlay_label_item):
            item.cache.enabled = bool(on)
            item.cache.image = None
            item.update()
        mode = (QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache if on
                else QtWidgets.QGraphicsItem.CacheMode.NoCache)
        for panel in (self.date_stamp, self.legend, self.attribution, self.scale_bar):
            panel.setCacheMode(mode)
