"""The map of the briefing viewer: offline base map, control areas, events and deliveries at the
cursor date, with legend, date stamp, scale bar, attribution, layer toggles and a home view.

``MapView(session)`` binds to the session's cursor, filters, selection and briefing (connected
in ``__init__``, disconnected on close) and drives one object per layer (``layers/``): each keeps
its own items and state and, on a cursor step, redraws only when what it shows changed (the
control areas when the snapshot changes, the events when the visible set or its fading does).
Around the map: the date stamp, legend, scale bar and attribution (``panels.py``).

``render.py`` draws the same map offscreen for exports.
"""
from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ....core.dates import day_words
from ....core.describe import NO_SNAPSHOT, front_change_text, snapshot_line
from ....core.session import Session
from ...connections import Connections
from .basemap import BasemapGeometry, shipped_geometry
from .layers import LAYER_CLASSES, MapLayer
from .panels import Attribution, DateStamp, Legend, ScaleBar
from .style import EVENT_LABELS, current_style, theme_signal

Qt = QtCore.Qt

HOME_RANGE = ((35.9, 37.6), (49.7, 50.6))    # the front near Kharkiv (lon, lat), when no AOI
HOME_TOP_ROOM = 0.22   # home view: this share of the area's height added above it
LAT0 = 50.0
MARKER_PX = 10.0       # event markers, window (presentation mode and exports: larger)
PRESENTATION_MARKER_PX = 14.0
SMALLEST_TEXT_PT = 7.0  # the attribution's (panels.Attribution); exports scale up from it
HOVER_PX = 8.0
STAMP_GRID_PX = 24.0     # the date box's edges as place names see them: rounded up to this
LEGEND_CORNERS = ("br", "tr")    # the date box has the top left, the scale bar the bottom left


def _toggles() -> list[tuple[str, str, bool]]:
    """The toolbar's Show/Hide entries: (toggle name, title, on at start), in layer order."""
    seen: dict[str, tuple[str, bool]] = {}
    for cls in LAYER_CLASSES:
        if cls.toggle and cls.toggle not in seen:
            seen[cls.toggle] = (cls.title, cls.visible_at_start)
    return [(name, title, on) for name, (title, on) in seen.items()]


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
        for name, title, on in _toggles():
            act = self.toolbar.addAction(title)
            act.setCheckable(True)
            act.setChecked(on)
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

        self.marker_px = MARKER_PX
        self._build_layers()
        self._build_panels()
        self._bind_briefing(session.briefing)
        self.home()

        s = session
        self._connections = Connections()
        for signal, slot in ((s.cursor.changed, self._on_cursor),
                             (s.cursor.mode_changed, self._on_mode),
                             (s.filters.changed, self._on_filters),
                             (s.selection.changed, self._on_selection),
                             (s.briefing_changed, self._on_briefing),
                             (s.compare_changed, self._on_compare),
                             (s.aoi_changed, self._on_aoi)):
            self._connections.connect(signal, slot)
        self.view.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.view.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self.view_box.sigResized.connect(self._reposition_panels)
        self.view_box.sigRangeChanged.connect(self._on_range)
        self._connections.connect_qt(theme_signal(), self.apply_theme)
        for layer in self.layers.values():      # a comparison date set before the map opened
            layer.on_compare(s.compare_with)
        self.refresh()

    # -- construction ----------------------------------------------------------------------------
    def _build_layers(self) -> None:
        self.layers: dict[str, MapLayer] = {}
        for cls in LAYER_CLASSES:
            layer = cls()
            layer.bind(self)
            self.layers[layer.name] = layer

    def _build_panels(self) -> None:
        vb = self.view_box
        self.date_stamp = DateStamp(vb, "tl")
        self.attribution = Attribution(vb, "br")
        self.legend = Legend(vb, "br")
        self.scale_bar = ScaleBar(vb, "bl")
        for panel in (self.legend, self.attribution):
            panel.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # Not the date box: its text changes on every step, so a cache would only be redrawn
        # and then copied (its rounded box costs more into a fresh pixmap than drawn directly).
        self._style_panels()

    def _style_panels(self) -> None:
        st = self.style_
        for panel in (self.date_stamp, self.legend, self.scale_bar, self.attribution):
            bg = QtGui.QColor(st.panel_bg)
            if panel is self.attribution:
                bg.setAlpha(170)
            panel.setColours(bg, st.panel_border, st.panel_text)

    def _reposition_panels(self, *args) -> None:
        for panel in (self.date_stamp, self.attribution, self.legend, self.scale_bar):
            panel.refit()           # wrapped again if the view's width changed
        ah = self.attribution.boundingRect().height()
        self.scale_bar.extra_offset = QtCore.QPointF(0, -(ah + 2))
        for panel in (self.date_stamp, self.attribution, self.scale_bar):
            panel.reposition()
        self._place_legend(ah)
        self._block_labels()

    def _block_labels(self) -> None:
        """Place names do not go under the panels (view-box pixels = label layout pixels). The
        date box's edges are rounded up, so a date whose text is a little wider or narrower does
        not lay out (and redraw) every place name again on a cursor step."""
        rects = []
        for panel in (self.date_stamp, self.attribution, self.legend, self.scale_bar):
            if panel.isVisible():
                r = panel.mapRectToParent(panel.boundingRect())
                right, bottom = r.right(), r.bottom()
                if panel is self.date_stamp:
                    right = math.ceil(right / STAMP_GRID_PX) * STAMP_GRID_PX
                    bottom = math.ceil(bottom / STAMP_GRID_PX) * STAMP_GRID_PX
                rects.append((r.left(), r.top(), right, bottom))
        self.label_item.setBlocked(rects)
        self.overlay_label_item.setBlocked(rects)

    def _on_range(self, *_) -> None:
        """Panned or zoomed: the legend may hide something else now."""
        for layer in self.layers.values():
            layer.on_view_changed()
        self._place_legend(self.attribution.boundingRect().height())
        self._block_labels()

    def _place_legend(self, attribution_h: float) -> None:
        """The legend in the right-hand corner (bottom unless the top hides less) where it covers
        the least of what the map is about: the date box, the shown events, control areas and
        the area of interest, so a zoomed view keeps its subject visible."""
        best = None
        for corner in LEGEND_CORNERS:
            self.legend.anchor = corner
            self.legend.extra_offset = QtCore.QPointF(
                0, -(attribution_h + 2) if corner[0] == "b" else 0)
            self.legend.reposition()
            cost = self._covered_cost(self.legend.mapRectToParent(self.legend.boundingRect()))
            if best is None or cost < best[0]:
                best = (cost, corner, self.legend.extra_offset)
        _, self.legend.anchor, self.legend.extra_offset = best
        self.legend.reposition()

    def _covered_cost(self, r: QtCore.QRectF) -> float:
        """How much a box (view-box pixels) hides: the date box above all, then control areas,
        event markers and the area of interest."""
        stamp = self.date_stamp.mapRectToParent(self.date_stamp.boundingRect())
        hit = r.intersected(stamp)
        cost = 1e9 * hit.width() * hit.height()
        p0, p1 = self.view_box.mapToView(r.topLeft()), self.view_box.mapToView(r.bottomRight())
        x0, x1 = sorted((p0.x(), p1.x()))
        y0, y1 = sorted((p0.y(), p1.y()))
        box = QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)

        def share(rect: QtCore.QRectF) -> float:
            inter = rect.intersected(box)
            return 0.0 if rect.isEmpty() else inter.width() * inter.height() / (
                rect.width() * rect.height())
        areas = self.layers["areas"].area_group.boundingRect()
        cost += 1000.0 * share(areas)
        ev = self.layers["events"]
        rows = ev.marker_rows
        if len(rows):
            lon, lat = ev.events.lon[rows], ev.events.lat[rows]
            cost += float(np.count_nonzero((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)))
        bounds = self.session.aoi.bounds
        if bounds is not None:
            cost += 100.0 * share(QtCore.QRectF(bounds[0], bounds[1], bounds[2] - bounds[0],
                                                bounds[3] - bounds[1]))
        return cost

    @property
    def label_item(self):
        return self.layers["labels"].label_item

    @property
    def overlay_label_item(self):
        return self.layers["overlays"].overlay_label_item

    # -- the briefing ----------------------------------------------------------------------------
    def _bind_briefing(self, briefing) -> None:
        self.briefing = briefing
        for layer in self.layers.values():
            layer.set_briefing(briefing)
        self._build_legend()
        self._update_attribution()

    def _build_legend(self) -> None:
        entries: list[tuple] = []
        for layer in sorted(self.layers.values(), key=lambda la: la.legend_rank):
            entries += layer.legend_entries()
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
        """Bring every layer to the session's cursor, mode, filters and selection."""
        cur = self.session.cursor
        day, start = cur.date, cur.window_start
        for layer in self.layers.values():
            layer.update(day, start)
        self._update_stamp(day, start)

    def content_key(self) -> tuple:
        """Equal keys: the map layers look the same (the date stamp aside), so an animation
        can hold the previous picture instead of drawing it again."""
        return tuple(layer.key() for layer in self.layers.values())

    @property
    def area_index(self) -> int:
        return self.layers["areas"].area_index

    def _update_stamp(self, day, start) -> None:
        # The count the summary and the slides give: the events of the period in the area of
        # interest; those without coordinates are said, not silently left out.
        summ = self.session.current_summary()
        ev = summ.events
        n_events, unplaced = int(ev.get("count", 0)), int(ev.get("without_coordinates", 0))
        where = f" ({unplaced:,} without a place, not drawn)" if unplaced else ""
        aoi = self.session.aoi
        inside = "" if aoi.everything else f" in the {aoi.label}"
        lines = []
        index = self.area_index
        if index >= 0:
            snap = self.briefing.areas.snapshots[index]
            lines.append(snapshot_line(str(np.datetime64(snap.time, "D")), snap.illustrative))
        elif len(self.briefing.areas):
            lines.append(NO_SNAPSHOT)
        if self.session.compare_with is not None:     # the front's change, as the exports say it
            change = front_change_text(summ.areas)
            if change:
                lines.append(change)
        # Stale pledge data said here too (the exported map image carries this box).
        lines += [note.split(" (")[0] for note in summ.stale_notes]
        if start is None:
            lines.append(f"{n_events:,} events{inside} up to this date{where}")
        else:
            lines.append(f"{n_events:,} events{inside} {day_words(start, year=False)} to {day_words(day, year=False)}"
                         f" ({self.session.cursor.window_days}-day window){where}")
        self.date_stamp.set_text(day_words(day, "%B"), lines, getattr(self, "heading", ""))
        self._block_labels()        # (the box moved itself if its size changed)

    # -- slots -----------------------------------------------------------------------------------
    def _on_compare(self, day) -> None:
        for layer in self.layers.values():
            layer.on_compare(day)
        self.refresh()

    def _on_cursor(self, date) -> None:
        self.refresh()

    def _on_mode(self, mode, window_days) -> None:
        self.refresh()

    def _on_filters(self, values) -> None:
        for layer in self.layers.values():
            layer.on_filters()
        self.refresh()

    def _on_selection(self, value) -> None:
        for layer in self.layers.values():
            layer.on_selection()
        cur = self.session.cursor
        self.layers["selection"].update(cur.date, cur.window_start)

    def _on_briefing(self, briefing) -> None:
        self._bind_briefing(briefing)
        self.refresh()

    # -- layers, views, theme --------------------------------------------------------------------
    def toggle_items(self, name: str) -> list:
        """The graphics items of every layer behind the toolbar's ``name`` toggle."""
        return [i for la in self.layers.values() if la.toggle == name for i in la.items]

    def set_layer_visible(self, name: str, visible: bool) -> None:
        for item in self.toggle_items(name):
            item.setVisible(visible)
        act = self.layer_actions.get(name)
        if act is not None and act.isChecked() != visible:
            act.setChecked(visible)
        cur = self.session.cursor
        for layer in self.layers.values():       # a layer shown again catches up with the day
            if layer.toggle == name:
                layer.update(cur.date, cur.window_start)
        self._build_legend()

    def layer_visible(self, name: str) -> bool:
        items = self.toggle_items(name)
        return bool(items) and all(i.isVisible() for i in items)

    def home(self) -> None:
        """The area of interest (everything loaded: the data's extent)."""
        bounds = self.session.aoi.bounds
        if bounds is None:
            if (self.layers["events"].events.has_xy.any()
                    or self.layers["deliveries"].deliv.has_xy.any() or len(self.briefing.areas)):
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
        ev, dv = self.layers["events"].events, self.layers["deliveries"].deliv
        if ev.has_xy.any():
            xs += [np.nanpercentile(ev.lon[ev.has_xy], [0.5, 99.5])]
            ys += [np.nanpercentile(ev.lat[ev.has_xy], [0.5, 99.5])]
        if dv.has_xy.any():
            xs.append(dv.lon[dv.has_xy])
            ys.append(dv.lat[dv.has_xy])
        for x0, x1, y0, y1 in self.layers["areas"].fit_bounds():
            xs.append(np.array([x0, x1]))
            ys.append(np.array([y0, y1]))
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
        for layer in self.layers.values():
            layer.apply_style(st)
        self._style_panels()
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
            self.layers["events"].style_markers()
            self.layers["deliveries"].style_markers()
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
        dl = self.layers["deliveries"]
        if self.layer_visible("deliveries") and len(dl.rows):
            # Every delivery shown (as a marker or in the raster), through the cell index.
            a, k = dl.span
            row = dl.deliv.nearest(lon, lat, rx, ry, a, k, dl.mask())
            if row >= 0:
                return ("deliveries", row)
        if self.layer_visible("events"):
            ev = self.layers["events"]
            row = ev.events.nearest(lon, lat, rx, ry, *ev.span)
            if row >= 0:
                return ("events", row)
        if self.layer_visible("areas"):
            j = self.layers["areas"].nearest_attack(lon, lat, rx, ry)
            if j >= 0:
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
            return f"<b>Attack direction</b><br>{esc(self.layers['areas'].attack_labels[row])}"
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
        self._connections.disconnect_all()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def set_caching(self, on: bool) -> None:
        """Device caches of the base map, areas, labels and panels (off for one-off renders)."""
        base, areas = self.layers["base"], self.layers["areas"]
        for item in (base.base_item, base.kharkiv_group, areas.area_group, self.label_item,
                     self.overlay_label_item):
            item.cache.enabled = bool(on)
            item.cache.image = None
            item.update()
        mode = (QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache if on
                else QtWidgets.QGraphicsItem.CacheMode.NoCache)
        markers = (*self.layers["events"].marker_items, *self.layers["deliveries"].marker_items)
        for item in (self.legend, self.attribution, self.scale_bar, areas.attack_item, *markers):
            item.setCacheMode(mode)
        for item in markers:
            item.snap_to_pixels = bool(on)
        # A render for an export keeps every vertex of the control areas (an SVG is zoomed).
        areas.set_simplify(on)
