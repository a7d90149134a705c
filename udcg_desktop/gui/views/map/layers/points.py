"""Layers of dated points: events and deliveries, each a density raster (counts of pre-binned
cells, updated incrementally by the rows that entered or left the span) plus markers for the
latest few thousand; and the selection rings on top of them."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from .....core.model import EVENT_TYPES
from .....core.cursor import WINDOW
from ..data import DensityCounts, PointIndex, day_int, density_lut, fade_alpha, fade_band
from ..items import RasterItem
from ..markers import MarkerItem
from ..style import EVENT_LABELS, EVENT_SYMBOLS, NO_BRUSH
from .layer import MapLayer

MAX_MARKERS = 3000     # the latest events as markers; earlier ones as a density raster
MAX_DELIVERY_MARKERS = 3000   # the same for deliveries with a destination
# Stepping forward, new deliveries are drawn over the cached picture of the earlier markers
# until a tenth of MAX_DELIVERY_MARKERS have come; then the latest MAX_DELIVERY_MARKERS are
# drawn again (so at most 10% more deliveries than that are markers at any time).
FRESH_SHARE = 0.1
DENSITY_SATURATE = 40         # raster cells this full or fuller get the darkest shade
FADE_DAYS = 30         # cumulative mode: markers fade over this many days (in FADE_BANDS steps)
# Cumulative mode, stepping forward within a fade band: the new events are drawn over the kept
# picture of the others until this share of MAX_MARKERS has come, or the band changes.
FRESH_EVENTS_SHARE = 0.5
# Older than that, at most this many events stay markers (at the fade's floor); the rest join
# the density raster, so 1,779 crosses since 2022 recede instead of covering Kharkiv.
OLD_MARKERS = 150
EMPTY_ROWS = np.zeros(0, np.int64)


def show_density(item: RasterItem, counts: DensityCounts, lut, a: int, b: int) -> None:
    """Rows [a, b) of a point index as the raster item's image; after a small cursor step only
    the cells whose counts changed are recoloured."""
    grid = counts.update(a, b)
    if b <= a and item.image.shape[:2] == grid.shape:
        item.clear()
    elif counts.changed is None or item.image.shape[:2] != grid.shape:
        item.setData(lut[np.minimum(grid, DENSITY_SATURATE)])
    else:
        flat = counts.changed
        item.setCells(flat, lut[np.minimum(counts.counts[flat], DENSITY_SATURATE)])


def show_markers(item: MarkerItem, index: PointIndex, rows: np.ndarray, codes: np.ndarray,
                 opacity: np.ndarray) -> None:
    """``rows`` of a point index as the marker item's markers (nothing to redraw when it had
    none and gets none)."""
    if len(rows) or len(item.rows):
        item.setData(index.lon[rows], index.lat[rows], codes, opacity, rows)


def _lut(colour: QtGui.QColor) -> np.ndarray:
    return density_lut((colour.red(), colour.green(), colour.blue()), DENSITY_SATURATE)


def _reset_raster(item: RasterItem, idx: PointIndex) -> None:
    item.setRect(QtCore.QRectF(*idx.rect))
    item.setData(np.zeros((idx.h, idx.w, 4), np.uint8))


class EventsLayer(MapLayer):
    """Events up to the cursor (or in its window): markers fading with age over a raster."""

    name = toggle = "events"
    title = "Events"
    legend_rank = 20

    def bind(self, view) -> None:
        super().bind(view)
        self.density_item = self.add(RasterItem(z=10))
        # Above the control areas and the place names (z 40), so an event on a town is seen.
        self.marker_item = self.add(MarkerItem(z=43))
        # The events that came since the markers were last all drawn, above them: a step
        # forward in the same fade band draws only these (cumulative mode).
        self.fresh_item = self.add(MarkerItem(z=43.5))
        self.style_markers()

    def style_markers(self) -> None:
        st = self.view.style_
        for item in (self.marker_item, self.fresh_item):
            item.setStyle([EVENT_SYMBOLS[t] for t in EVENT_TYPES],
                          [st.event_colour[t] for t in EVENT_TYPES], size=self.view.marker_px,
                          outline=QtGui.QColor(255, 255, 255, 230))

    def set_briefing(self, briefing) -> None:
        self.events = PointIndex.from_events(briefing.events)
        _reset_raster(self.density_item, self.events)
        self._counts = DensityCounts(self.events)
        self._raster_span = None
        self._lut = _lut(self.view.style_.density)
        self.marker_rows = EMPTY_ROWS     # every event drawn as a marker, oldest first
        self._fresh = EMPTY_ROWS          # of those, the ones the fresh item draws
        self.span = (0, 0)
        self._drawn = None                # (a, k, band, fade) of the markers drawn
        self._main_band = None            # (band, fade) the main item's opacities are for

    def update(self, day, start) -> None:
        ev = self.events
        a, k = ev.span(day, start)      # never an event after the cursor day
        cur = self.session.cursor
        fade = cur.window_days if cur.mode == WINDOW else FADE_DAYS
        today = day_int(day)
        band = float(fade_band(today, fade))
        self.span = (a, k)
        # Cumulative, the raster changes once a band or so: its picture is kept between.
        self.density_item.cache.enabled = start is None
        drawn = self._drawn
        if (start is None and drawn is not None and drawn[0] == a and drawn[2:] == (band, fade)
                and k >= drawn[1]):
            # Forward in the same band: the markers drawn keep their opacity; the new events
            # (all in this band, at full opacity) go on top until too many have come.
            new = np.flatnonzero(ev.has_xy[drawn[1]:k]) + drawn[1]
            if len(new) + len(self._fresh) <= int(MAX_MARKERS * FRESH_EVENTS_SHARE):
                if len(new):
                    self._fresh = np.concatenate([self._fresh, new])
                    self.marker_rows = np.concatenate([self.marker_rows, new])
                    self._draw(self.fresh_item, self._fresh, today, fade)
                self._drawn = (a, k, band, fade)
                return
        m0 = max(a, k - MAX_MARKERS)
        recent = int(np.searchsorted(ev.days, today - int(fade) + 1, side="left"))
        m0 = max(m0, recent - OLD_MARKERS)
        if (a, m0) != self._raster_span:
            self._raster_span = (a, m0)
            show_density(self.density_item, self._counts, self._lut, a, m0)
        sel = np.flatnonzero(ev.has_xy[m0:k]) + m0
        self._drawn = (a, k, band, fade)
        # The same markers at the same opacities are not drawn again.
        if not (np.array_equal(sel, self.marker_item.rows) and self._main_band == (band, fade)):
            self._draw(self.marker_item, sel, today, fade)
            self._main_band = (band, fade)
        self.marker_rows = sel
        self._fresh = EMPTY_ROWS
        self._draw(self.fresh_item, EMPTY_ROWS, today, fade)

    def _draw(self, item: MarkerItem, rows: np.ndarray, today: int, fade: float) -> None:
        ev = self.events
        show_markers(item, ev, rows, ev.type_code[rows], fade_alpha(ev.days[rows], today, fade))

    @property
    def marker_items(self) -> tuple[MarkerItem, MarkerItem]:
        return self.marker_item, self.fresh_item

    def marker_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """(lon, lat) of every event drawn as a marker, oldest first."""
        return self.events.lon[self.marker_rows], self.events.lat[self.marker_rows]

    def key(self):
        return (self.span, self._raster_span, self._drawn, len(self._fresh))

    def apply_style(self, st) -> None:
        self.style_markers()
        self._lut = _lut(st.density)
        self._raster_span = None
        self._drawn = self._main_band = None

    def legend_entries(self) -> list[tuple]:
        st, ev = self.view.style_, self.events
        if not ev.types_present:
            return []
        entries = [("heading", "Events (fade with age)")]
        for t in ev.types_present:
            entries.append(("symbol", EVENT_LABELS[t], EVENT_SYMBOLS[t], st.event_colour[t],
                            10.0))
        if int(ev.has_xy.sum()) > OLD_MARKERS:
            entries.append(("raster", "Earlier events (density)", st.density))
        return entries


class DeliveriesLayer(MapLayer):
    """Deliveries with a destination, as the filters let them through: the latest as markers
    over a raster in the delivery colour (under every marker, over the event raster)."""

    name = toggle = "deliveries"
    title = "Deliveries"
    legend_rank = 30

    def bind(self, view) -> None:
        super().bind(view)
        self.delivery_density_item = self.add(RasterItem(z=11))
        # Deliveries can be many (Kiel rows with destinations): the atlas-drawn marker item,
        # not a ScatterPlotItem, whose setData costs ~20 ms per 25k points per step.
        self.delivery_item = self.add(MarkerItem(z=44))
        # The newest deliveries, above the others: a step forward draws only these, and the
        # picture of the others (the item's device cache) is kept (~1 ms a step for 3,000).
        self.fresh_item = self.add(MarkerItem(z=44.5))
        self.style_markers()

    @property
    def marker_items(self) -> tuple[MarkerItem, MarkerItem]:
        return self.delivery_item, self.fresh_item

    def style_markers(self) -> None:
        st = self.view.style_
        for item in self.marker_items:
            item.setStyle(["s"], [st.delivery_brush.color()], size=self.view.marker_px + 1.0,
                          outline=st.delivery_pen.color())

    def set_briefing(self, briefing) -> None:
        self.deliv = PointIndex.from_deliveries(briefing.deliveries)
        _reset_raster(self.delivery_density_item, self.deliv)
        self._counts = DensityCounts(self.deliv)
        self._raster_key = None
        self._lut = _lut(self.view.style_.delivery_brush.color())
        self.rows = EMPTY_ROWS            # every delivery shown (markers + raster)
        self.marker_rows = EMPTY_ROWS     # those drawn as markers (the latest)
        self._fresh = EMPTY_ROWS          # of those, the ones drawn by the fresh item
        self.span = (0, 0)
        self._mask = None
        self._mask_valid = False

    def update(self, day, start) -> None:
        idx = self.deliv
        mask = self.mask()
        # Cumulative, the raster changes once a tenth of the marker cap has come: kept between.
        self.delivery_density_item.cache.enabled = start is None
        if not idx.n:
            a = k = 0
            rows = EMPTY_ROWS
        else:
            a, k = idx.span(day, start)
            ok = idx.has_xy[a:k] if mask is None else (idx.has_xy[a:k] & mask[a:k])
            rows = np.flatnonzero(ok) + a
        self.span = (a, k)
        if np.array_equal(rows, self.rows) and self._raster_key is not None:
            return
        new = self._appended(rows)
        if (new is not None
                and len(self._fresh) + len(new) <= int(MAX_DELIVERY_MARKERS * FRESH_SHARE)):
            # Only newer deliveries came: they go on top; the rest, and the raster, stay.
            self.rows = rows
            self._fresh = np.concatenate([self._fresh, new])
            self.marker_rows = np.concatenate([self.marker_rows, new])
            self._draw(self.fresh_item, self._fresh)
            return
        self.rows = rows
        markers = rows[-MAX_DELIVERY_MARKERS:] if len(rows) else rows
        m0 = int(markers[0]) if len(markers) else k
        if (a, m0) != self._raster_key:
            self._raster_key = (a, m0)
            show_density(self.delivery_density_item, self._counts, self._lut, a, m0)
        self.marker_rows = markers
        self._fresh = EMPTY_ROWS
        self._draw(self.delivery_item, markers)
        self._draw(self.fresh_item, EMPTY_ROWS)

    def _appended(self, rows: np.ndarray) -> np.ndarray | None:
        """The rows that ``rows`` adds after the ones shown, if it keeps all of those (a step
        forward, same filters); None otherwise."""
        old = self.rows
        n = len(old)
        if self._raster_key is None or len(rows) < n or not np.array_equal(rows[:n], old):
            return None
        return rows[n:]

    def marker_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """(lon, lat) of every delivery drawn as a marker, oldest first."""
        return self.deliv.lon[self.marker_rows], self.deliv.lat[self.marker_rows]

    def _draw(self, item: MarkerItem, rows: np.ndarray) -> None:
        show_markers(item, self.deliv, rows, np.zeros(len(rows), np.int64), np.ones(len(rows)))

    def mask(self) -> np.ndarray | None:
        """Deliveries the filters let through (None: all), computed once per filter change."""
        if not self._mask_valid:
            values = self.session.filters.values
            mask = None
            if values.active and self.deliv.n:
                # The session's engine (its rates): engine_for() with default rates built a
                # second engine of the same briefing.
                mask = np.asarray(self.session.engine().masks(values)[1], dtype=bool)
            self._mask = mask
            self._mask_valid = True
            self._counts.set_mask(mask)
            self._raster_key = None
        return self._mask

    def on_filters(self) -> None:
        self._mask_valid = False

    def key(self):
        return (self.span, self._raster_key, len(self.marker_rows))

    def apply_style(self, st) -> None:
        self.style_markers()
        self._lut = _lut(st.delivery_brush.color())
        self._raster_key = None

    def legend_entries(self) -> list[tuple]:
        st, has_xy = self.view.style_, self.deliv.has_xy
        if not has_xy.any():
            return []
        colour = st.delivery_brush.color()
        entries = [("heading", "Aid"), ("symbol", "Delivery (destination)", "s", colour, 10.0)]
        if int(has_xy.sum()) > MAX_DELIVERY_MARKERS:
            entries.append(("raster", "Earlier deliveries (density)", colour))
        return entries


class SelectionLayer(MapLayer):
    """Rings around the selected events, deliveries (or the deliveries of selected pledges)."""

    name = "selection"

    def bind(self, view) -> None:
        super().bind(view)
        self.selection_item = self.add(pg.ScatterPlotItem(size=24, symbol="o", brush=NO_BRUSH,
                                                          pen=view.style_.selection_pen,
                                                          pxMode=True))
        self.selection_item.setZValue(50)
        self.highlighted = ("none", 0)
        self._shown = None

    def update(self, day, start) -> None:
        sel = self.session.selection.value
        xs, ys = np.zeros(0), np.zeros(0)
        events = self.view.layers["events"].events
        deliveries = self.view.layers["deliveries"]
        shown = deliveries.rows
        if sel.kind == "events" and sel.rows:
            rows = np.array([r for r in sel.rows if 0 <= r < events.n], np.int64)
            rows = rows[events.has_xy[rows]]
            xs, ys = events.lon[rows], events.lat[rows]
            shown = None                # events stay once selected: no need to follow the day
        elif sel.kind in ("deliveries", "pledges") and sel.rows and len(shown):
            d = self.briefing.deliveries
            chosen = np.array(sel.rows, np.int64)
            pick = shown[np.isin(shown if sel.kind == "deliveries" else
                                 d["pledge_index"][shown], chosen)]
            xs, ys = deliveries.deliv.lon[pick], deliveries.deliv.lat[pick]
        # Only a delivery or pledge selection follows the deliveries shown at the day.
        follows_day = sel.kind in ("deliveries", "pledges") and bool(sel.rows)
        key = (sel, shown.tobytes() if follows_day and shown is not None else None)
        if key == self._shown:
            return
        self._shown = key
        self.selection_item.setData(x=xs, y=ys)
        self.highlighted = (sel.kind, len(xs))

    def on_selection(self) -> None:
        self._shown = None

    def key(self):
        return self.highlighted

    def apply_style(self, st) -> None:
        self.selection_item.setPen(st.selection_pen)
