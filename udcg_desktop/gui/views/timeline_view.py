"""The timeline: lanes of events by type, aid announcements (size by value), deliveries, the
cumulative pledged and delivered value, UDCG meetings, and the time cursor as a draggable line.

One graphics item per layer. Up to ``MARKER_LIMIT`` rows a layer is drawn as markers (hover for a
tooltip, click to select); above that as a per-day density raster (one ``ImageItem`` for every
lane), which repaints in a few milliseconds whatever the row count. Moving the cursor only moves
the line (and the window band), so it costs a repaint, not a rebuild.

The line and ``session.cursor`` are linked both ways without loops: dragging sets the cursor
(snapped to a day); a cursor change moves the line while ``_syncing`` is set, so the line's own
signal is ignored; and the core emits nothing when the day does not change.

``timeline_render.py`` draws the same timeline offscreen for exports.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem, QVBoxLayout, QWidget

from ...core.arrays import distinct
from ...core.describe import NOT_GIVEN, money
from ...core.model import EVENT_TYPES
from ...core.cursor import WINDOW
from ...core.dates import NAT_INT, day_ints, day_words
from .. import theme
from ..connections import Connections
from ..day_seconds import DAY_S, day_to_s, s_to_day
from .timeline_axes import DateAxis, default_span, value_ticks
from .timeline_items import CursorLine, CursorTag, ViewLabel, WindowBand, follow_view

MARKER_LIMIT = 5000
_LABELS = {"civilian_harm": "civilian harm", "counterattack": "counter-attack"}


class TimelineView(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("TimelineView")
        self.session = session
        self._conns = Connections()
        self._syncing = False
        self.lanes: list[str] = []
        self.lane_y: dict[str, float] = {}
        self._meeting_labels: list[ViewLabel] = []
        self._dim_from = NAT_INT        # exports: rows after this day drawn faint

        self.date_axis = DateAxis()
        self.plot = pg.PlotWidget(axisItems={"bottom": self.date_axis})
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        pi = self.plot.plotItem
        pi.vb.setDefaultPadding(0.01)
        pi.showAxis("right")           # the cumulative band's value scale
        pi.getAxis("right").setStyle(tickLength=4)
        pi.vb.sigTransformChanged.connect(self._place_meeting_labels)

        self.density = pg.ImageItem(axisOrder="row-major")
        self.density.setZValue(-5)
        self.events_item = pg.ScatterPlotItem(size=9, pen=None, hoverable=True, tip=self._tip)
        self.meetings_item = pg.ScatterPlotItem(size=15, symbol="star", hoverable=True,
                                                tip=self._tip)
        self.pledges_item = pg.ScatterPlotItem(pen=None, hoverable=True, tip=self._tip)
        self.deliveries_item = pg.ScatterPlotItem(size=9, symbol="t1", pen=None,
                                                  hoverable=True, tip=self._tip)
        self.pledged_curve = pg.PlotCurveItem()
        self.delivered_curve = pg.PlotCurveItem()
        self.pledged_label = ViewLabel(anchor=(1, 1))
        self.delivered_label = ViewLabel(anchor=(1, 1))
        self.highlight = pg.ScatterPlotItem(size=18, symbol="o", brush=None)
        self.highlight.setZValue(20)
        self.window_band = WindowBand()
        self.window_band.setZValue(-10)
        self.window_band.hide()
        self.cursor_line = CursorLine(angle=90, movable=True)
        self.cursor_line.setZValue(30)
        # The date beside the line, near the plot's bottom: a tag placed by _on_cursor (an
        # InfLineLabel re-derived its text, ends and anchor on every move, ~0.5 ms).
        self.cursor_label = CursorTag()
        self.cursor_label.setZValue(31)
        self.plot.addItem(self.window_band, ignoreBounds=True)
        for item in (self.density, self.pledged_curve, self.delivered_curve,
                     self.events_item, self.meetings_item, self.pledges_item,
                     self.deliveries_item, self.highlight, self.pledged_label,
                     self.delivered_label, self.cursor_line):
            self.plot.addItem(item)
        self.plot.addItem(self.cursor_label, ignoreBounds=True)
        follow_view(pi.vb, lambda: [self.pledged_label, self.delivered_label]
                    + self._meeting_labels)
        pi.vb.sigRangeChanged.connect(self._place_cursor_label)
        self.set_caching(True)

        self.events_item.sigClicked.connect(lambda _it, pts, _ev: self._clicked("events", pts))
        self.meetings_item.sigClicked.connect(lambda _it, pts, _ev: self._clicked("events", pts))
        self.pledges_item.sigClicked.connect(lambda _it, pts, _ev: self._clicked("pledges", pts))
        self.deliveries_item.sigClicked.connect(
            lambda _it, pts, _ev: self._clicked("deliveries", pts))
        self.cursor_line.sigPositionChanged.connect(self._on_line_moved)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)

        self._conns.connect(session.cursor.changed, self._on_cursor)
        self._conns.connect(session.cursor.mode_changed, self._on_mode)
        self._conns.connect(session.briefing_changed, self._on_briefing)
        # A typed date outside the data widens the cursor's range: the axis follows.
        self._conns.connect(session.cursor.range_changed, lambda *_: self._on_briefing())
        self._conns.connect(session.filters.changed, self._on_filters)
        self._conns.connect(session.currency_changed, self._on_filters)
        self._conns.connect(session.selection.changed, self._on_selection)
        self._conns.connect(session.aoi_changed, self._on_aoi)
        self._conns.connect_qt(theme.manager().theme_changed, self._on_theme)
        self._palette = theme.current_palette()
        self._on_briefing(session.briefing)

    # -- building the layers -------------------------------------------------------------------
    def _on_briefing(self, briefing=None):
        b = self.session.briefing
        self._eday = day_ints(b.events["date"])
        self._pday = day_ints(b.pledges["date"])
        self._dday = day_ints(b.deliveries["effective_date"])
        types = [str(t) for t in b.events.codes("type")[0]] if len(b.events) else []
        others = [t for t in EVENT_TYPES if t in types and t != "meeting"]
        others += sorted(t for t in types if t not in EVENT_TYPES and t != "meeting")
        lanes = (["meeting"] if "meeting" in types else []) + others + ["pledges", "deliveries"]
        self.lanes = lanes
        n = len(lanes)
        self.lane_y = {name: float(n - 1 - k) for k, name in enumerate(lanes)}
        self._band = (-2.9, -0.7)
        lo, hi = self.session.cursor.minimum, self.session.cursor.maximum
        self._x_range = (day_to_s(lo) - 3 * DAY_S, day_to_s(hi) + 3 * DAY_S)
        self._syncing = True      # new bounds clamp the line: that is not the user moving it
        try:
            self.cursor_line.setBounds([day_to_s(lo), day_to_s(hi)])
        finally:
            self._syncing = False
        vb = self.plot.plotItem.vb
        span = self.focus_range()
        vb.setLimits(xMin=min(self._x_range[0], span[0]) - 30 * DAY_S,
                     xMax=max(self._x_range[1], span[1]) + 30 * DAY_S,
                     minXRange=3 * DAY_S, yMin=self._band[0] - 0.6, yMax=n + 0.6)
        # Room above the top lane for the meeting labels.
        self.plot.setYRange(self._band[0] - 0.4, n + 0.4, padding=0)
        self.plot.setXRange(*span, padding=0)
        self._build_events()
        self._build_aid()
        self._apply_styles()
        self._on_mode()
        self._on_cursor(self.session.cursor.date)
        self._on_selection(self.session.selection.value)

    def _lane_ticks(self, band_text: str):
        ticks = [(y, _LABELS.get(name, name.replace("_", " ")) if name not in
                  ("meeting", "pledges", "deliveries") else
                  {"meeting": "UDCG meetings", "pledges": "Aid announcements",
                   "deliveries": "Deliveries"}[name]) for name, y in self.lane_y.items()]
        ticks.append((sum(self._band) / 2, band_text))
        self.plot.getAxis("left").setTicks([ticks, []])
        self._fit_axis()

    def _fit_axis(self):
        """Left axis wide enough for the longest lane name in the current font."""
        from PySide6.QtGui import QFontMetrics
        fm = QFontMetrics(self.plot.font())
        self.plot.getAxis("left").setWidth(fm.horizontalAdvance("Aid announcements") + 24)
        self.plot.getAxis("right").setWidth(fm.horizontalAdvance("€888.8bn") + 12)

    def changeEvent(self, event):
        from PySide6.QtCore import QEvent
        if event.type() == QEvent.FontChange:
            self._fit_axis()
        super().changeEvent(event)

    def _build_events(self):
        b = self.session.briefing
        e = b.events
        types = e["type"].astype(str) if len(e) else np.zeros(0, dtype=str)
        known = self._eday != NAT_INT
        is_meeting = (types == "meeting") & known
        # The event lanes show the area of interest's events (meetings are everywhere's).
        other = (~is_meeting) & known & self.session.aoi.event_mask(e)
        self._ev_rows = np.flatnonzero(other)
        self._mt_rows = np.flatnonzero(is_meeting)
        self._ev_density = len(self._ev_rows) > MARKER_LIMIT
        self._ev_types = types
        for t in self._meeting_labels:
            self.plot.removeItem(t)
        self._meeting_labels = []
        if len(self._mt_rows) <= 60:
            for i in self._mt_rows:
                label = str(e["event_id"][i]) if str(e["event_id"][i]).upper().startswith(
                    "UDCG") else "UDCG"
                t = ViewLabel(label, anchor=(0.5, 1.3))
                t.setCacheMode(self.density.cacheMode())     # as set_caching set the others
                t.setPos(day_to_s(e["date"][i]), self.lane_y["meeting"])
                self.plot.addItem(t, ignoreBounds=True)
                self._meeting_labels.append(t)
        self._place_meeting_labels()

    def _place_meeting_labels(self, *_):
        """Meeting labels that fit: none clipped at the plot's edges (they turn inwards there)
        and none on top of another (the earlier one stays); on a view-range change only."""
        vb = self.plot.plotItem.vb
        (x0, x1), width = vb.viewRange()[0], vb.width()
        if not self._meeting_labels or width <= 0 or x1 <= x0:
            return
        right_edge = -1e9
        for t in self._meeting_labels:
            px = (t.pos().x() - x0) / (x1 - x0) * width
            w = t.boundingRect().width()
            if px < -2 or px > width + 2:
                t.hide()
                continue
            left = min(max(px - w / 2, 0.0), max(width - w, 0.0))
            if left < right_edge + 6:
                t.hide()
                continue
            t.setAnchor(((px - left) / w if w else 0.5, 1.3))
            t.show()
            right_edge = left + w

    def _build_aid(self):
        engine = self.session.engine()
        values = engine.values(self.session.currency)
        pv, pv0, dv0 = values.pledges, values.pledges_or_zero, values.deliveries_or_zero
        pmask, dmask = engine.masks(self.session.filters.values)
        self._p_rows = np.flatnonzero(pmask & (self._pday != NAT_INT))
        self._d_rows = np.flatnonzero(dmask & (self._dday != NAT_INT))
        self._pv = pv
        self._aid_density = (len(self._p_rows) > MARKER_LIMIT
                             or len(self._d_rows) > MARKER_LIMIT)
        # Cumulative value lines (filtered), scaled into the band below the lanes.
        cur = self.session.currency
        xs_p, ys_p = _cumulative(self._pday[self._p_rows], pv0[self._p_rows])
        xs_d, ys_d = _cumulative(self._dday[self._d_rows], dv0[self._d_rows])
        # Flat to the last day of the briefing: the totals hold until something new comes.
        end = day_to_s(self.session.cursor.maximum)
        if len(xs_p) and xs_p[-1] < end:
            xs_p, ys_p = np.append(xs_p, end), np.append(ys_p, ys_p[-1])
        if len(xs_d) and xs_d[-1] < end:
            xs_d, ys_d = np.append(xs_d, end), np.append(ys_d, ys_d[-1])
        top = max(ys_p[-1] if len(ys_p) else 0.0, ys_d[-1] if len(ys_d) else 0.0)
        lo, hi = self._band
        scale = (hi - lo) / top if top > 0 else 0.0
        self._curves = (xs_p, lo + ys_p * scale, xs_d, lo + ys_d * scale)
        self._cum_top = top
        self._lane_ticks("Cumulative value")
        self.plot.getAxis("right").setTicks([value_ticks(top, lo, hi, cur), []])
        for label, what, xs, ys, row_values in (
                (self.pledged_label, "pledged", xs_p, ys_p, pv[self._p_rows]),
                (self.delivered_label, "delivered", xs_d, ys_d, values.deliveries[self._d_rows])):
            _set_total_label(label, what, xs, ys, row_values, lo, scale, cur)
        self._value_max = float(np.nanmax(pv0[self._p_rows])) if len(self._p_rows) else 0.0

    def dim_after(self, day) -> None:
        """Draw what happened after ``day`` faint (an exported timeline "as of" that day)."""
        self._dim_from = int(np.datetime64(day, "D").astype(np.int64))
        self._apply_styles()

    def _brushes(self, brush, days):
        """One brush per row: ``brush`` (one, or one per row), faint after ``_dim_from``."""
        n = len(days)
        brushes = list(brush) if isinstance(brush, (list, tuple)) else [brush] * n
        later = np.flatnonzero(days > self._dim_from)
        faint = {}
        for i in later:
            b = brushes[i]
            if id(b) not in faint:
                c = QColor(b.color())
                c.setAlpha(max(30, c.alpha() // 4))
                faint[id(b)] = pg.mkBrush(c)
            brushes[i] = faint[id(b)]
        return brushes if (len(later) or isinstance(brush, (list, tuple))) else brush

    def _apply_styles(self):
        """(Re)create the styled data of every layer from the built arrays and the palette."""
        pal = self._palette
        self.plot.setBackground(pal.background)
        for ax in ("left", "bottom", "right"):
            a = self.plot.getAxis(ax)
            a.setPen(pal.foreground)
            a.setTextPen(pal.foreground)
        # Events: markers or density.
        brushes = {t: pg.mkBrush(theme.event_color(t, pal)) for t in set(self._ev_types)}
        if self._ev_density:
            self.events_item.setData([])
        else:
            rows = self._ev_rows
            self.events_item.setData(
                x=self._eday[rows].astype(np.float64) * DAY_S,
                y=np.array([self.lane_y[t] for t in self._ev_types[rows]], dtype=float),
                brush=self._brushes([brushes[t] for t in self._ev_types[rows]],
                                    self._eday[rows]), data=rows)
        rows = self._mt_rows
        mt_brush = pg.mkBrush(pal.meeting)
        self.meetings_item.setData(x=self._eday[rows].astype(np.float64) * DAY_S,
                                   y=np.full(len(rows), self.lane_y.get("meeting", 0.0)),
                                   brush=self._brushes(mt_brush, self._eday[rows]),
                                   pen=pg.mkPen(pal.foreground, width=0.5),
                                   data=rows)
        for t in self._meeting_labels:
            t.setColor(pal.foreground)
        # Aid: markers sized by value, or density.
        pcol, dcol = theme.qcolor(pal.pledged), theme.qcolor(pal.delivered)
        pcol_a = QColor(pcol)
        pcol_a.setAlpha(170)
        if self._aid_density:
            self.pledges_item.setData([])
            self.deliveries_item.setData([])
        else:
            rows = self._p_rows
            v = self._pv[rows]
            vmax = self._value_max or 1.0
            sizes = np.where(np.isfinite(v), 5 + 17 * np.sqrt(np.clip(v, 0, None) / vmax), 5)
            self.pledges_item.setData(x=self._pday[rows].astype(np.float64) * DAY_S,
                                      y=np.full(len(rows), self.lane_y["pledges"]), size=sizes,
                                      brush=self._brushes(pg.mkBrush(pcol_a), self._pday[rows]),
                                      data=rows)
            rows = self._d_rows
            self.deliveries_item.setData(x=self._dday[rows].astype(np.float64) * DAY_S,
                                         y=np.full(len(rows), self.lane_y["deliveries"]),
                                         brush=self._brushes(pg.mkBrush(dcol),
                                                             self._dday[rows]), data=rows)
        self._update_density(brushes, pal)
        xs_p, ys_p, xs_d, ys_d = self._curves
        self.pledged_curve.setData(xs_p, ys_p, pen=pg.mkPen(pcol, width=1))
        self.delivered_curve.setData(xs_d, ys_d, pen=pg.mkPen(dcol, width=1))
        self.pledged_label.setColor(pcol)
        self.delivered_label.setColor(dcol)
        cursor_pen = pg.mkPen(pal.cursor, width=2)
        self.cursor_line.setPen(cursor_pen)
        self.cursor_line.setHoverPen(pg.mkPen(pal.cursor, width=4))
        self.cursor_label.setColor(pal.cursor)
        self.cursor_label.fill = pg.mkBrush(pal.background)
        band = theme.qcolor(pal.cursor)
        band.setAlpha(35)
        self.window_band.setBrush(pg.mkBrush(band))
        self.highlight.setPen(pg.mkPen(pal.highlight, width=2.5))

    def _update_density(self, brushes, pal):
        """One RGBA image: a row per lane, a column per day, alpha by log(count)."""
        want_ev, want_aid = self._ev_density, self._aid_density
        if not (want_ev or want_aid):
            self.density.hide()
            return
        lo, hi = self.session.cursor.minimum, self.session.cursor.maximum
        d0 = int(lo.astype(np.int64))
        ndays = int((hi - lo).astype(int)) + 1
        nl = len(self.lanes)
        rgba = np.zeros((nl, ndays, 4), dtype=np.uint8)

        def paint(days, lane_rows, colours):
            if not len(days):
                return
            cols = np.clip(days - d0, 0, ndays - 1)
            counts = np.bincount(lane_rows * ndays + cols, minlength=nl * ndays).reshape(nl, ndays)
            lanes_present = distinct(lane_rows)
            for r in lanes_present:
                c = counts[r]
                on = c > 0
                if not on.any():
                    continue
                alpha = 70 + 185 * np.log1p(c[on]) / np.log1p(c.max())
                q = theme.qcolor(colours[r])
                rgba[r, on, 0], rgba[r, on, 1], rgba[r, on, 2] = q.red(), q.green(), q.blue()
                rgba[r, on, 3] = alpha.astype(np.uint8)

        row_of = {name: int(y) for name, y in self.lane_y.items()}
        colours = {row_of[name]: (theme.event_color(name, pal) if name in pal.events else
                                  pal.pledged if name == "pledges" else pal.delivered)
                   for name in self.lanes}
        if want_ev:
            rows = self._ev_rows
            lane_codes = {t: row_of[t] for t in set(self._ev_types[rows])}
            cats, codes = np.unique(self._ev_types[rows], return_inverse=True)
            lut = np.array([lane_codes[c] for c in cats], dtype=np.int64)
            paint(self._eday[rows], lut[codes.reshape(-1)], colours)
        if want_aid:
            paint(self._pday[self._p_rows], np.full(len(self._p_rows), row_of["pledges"]),
                  colours)
            paint(self._dday[self._d_rows], np.full(len(self._d_rows), row_of["deliveries"]),
                  colours)
        self.density.setImage(rgba, autoLevels=False, levels=(0, 255))
        self.density.setRect(QRectF(d0 * DAY_S - DAY_S / 2, -0.4, ndays * DAY_S, nl))
        self.density.show()

    # -- reacting to state ---------------------------------------------------------------------
    def _on_filters(self, *_):
        self._build_aid()
        self._apply_styles()
        self._on_selection(self.session.selection.value)

    def _on_aoi(self, _aoi):
        self._build_events()
        self._apply_styles()
        self._on_selection(self.session.selection.value)

    def _on_theme(self, pal):
        self._palette = pal
        self._apply_styles()

    def set_caching(self, on: bool) -> None:
        """In the window the cursor line moves every step and the rows under it repaint: the
        items that did not change blit their cached picture of the view instead of drawing
        every point again. Off for an export's render, which must draw them (vector in SVG,
        at the image's resolution in PNG)."""
        mode = (QGraphicsItem.CacheMode.DeviceCoordinateCache if on
                else QGraphicsItem.CacheMode.NoCache)
        pi = self.plot.plotItem
        # The axes too: the date axis draws the grid across the plot, so each step's strips
        # replayed its ticks, grid lines and labels (~0.2 ms); the meeting labels likewise.
        for item in (self.density, self.pledged_curve, self.delivered_curve, self.events_item,
                     self.meetings_item, self.pledges_item, self.deliveries_item,
                     self.pledged_label, self.delivered_label,
                     *(pi.getAxis(side) for side in ("left", "bottom", "right")),
                     *self._meeting_labels):
            item.setCacheMode(mode)

    def _on_cursor(self, day):
        day = self.session.cursor.date
        self._syncing = True
        try:
            self.cursor_line.setValue(day_to_s(day))
            self.cursor_label.setText(str(day))          # (a tag ignores the same text)
            self._place_cursor_label()
            if self.session.cursor.mode == WINDOW:
                self.window_band.setRegion((day_to_s(self.session.cursor.window_start) - DAY_S / 2,
                                            day_to_s(day) + DAY_S / 2))
        finally:
            self._syncing = False

    def _place_cursor_label(self, *_):
        """The date at the line's foot, reading inwards: left of the line in the right fifth
        of the view."""
        x = self.cursor_line.value()
        (x0, x1), (y0, y1) = self.plot.plotItem.vb.viewRange()
        self.cursor_label.setAnchor((1, 1) if x > x1 - 0.2 * (x1 - x0) else (0, 1))
        self.cursor_label.setPos(x, y0 + 0.02 * (y1 - y0))

    def _on_mode(self, *_):
        self.window_band.setVisible(self.session.cursor.mode == WINDOW)
        self._on_cursor(self.session.cursor.date)

    def _on_line_moved(self, line):
        if self._syncing:
            return
        self.session.cursor.set_date(s_to_day(line.value()))
        # Snap the line to the day even when the day did not change.
        if abs(line.value() - day_to_s(self.session.cursor.date)) > 1:
            self._on_cursor(self.session.cursor.date)

    def _on_selection(self, value):
        b = self.session.briefing
        xs, ys = [], []
        if value.kind == "events" and value.rows:
            rows = np.array(value.rows)
            rows = rows[self._eday[rows] != NAT_INT]
            xs = self._eday[rows] * DAY_S
            ys = [self.lane_y.get(str(b.events["type"][i]), 0.0) for i in rows]
        elif value.kind in ("pledges", "deliveries") and value.rows:
            rows = np.array(value.rows)
            if value.kind == "pledges":
                prow = rows[self._pday[rows] != NAT_INT]
                drows = np.flatnonzero(np.isin(b.deliveries["pledge_index"], rows))
            else:
                prow = np.zeros(0, dtype=np.int64)
                drows = rows
            drows = drows[self._dday[drows] != NAT_INT]
            xs = np.concatenate([self._pday[prow], self._dday[drows]]) * DAY_S
            ys = np.concatenate([np.full(len(prow), self.lane_y["pledges"]),
                                 np.full(len(drows), self.lane_y["deliveries"])])
        self.highlighted = (np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
        self.highlight.setData(x=self.highlighted[0], y=self.highlighted[1])

    def _clicked(self, kind, points):
        if len(points):
            self.session.selection.select(kind, [int(points[0].data())])

    def _tip(self, x, y, data):
        b = self.session.briefing
        try:
            i = int(data)
        except (TypeError, ValueError):
            return ""
        if y == self.lane_y.get("pledges") and i < len(b.pledges):
            p = b.pledges
            v = self._pv[i]
            val = money(float(v), self.session.currency) if np.isfinite(v) else "no value"
            return f"{p['date'][i]}  {p['donor'][i]}: {val}\n{p['item'][i]}"
        if y == self.lane_y.get("deliveries") and i < len(b.deliveries):
            d = b.deliveries
            return f"{d['effective_date'][i]}  delivery from {d['donor'][i]}\n{d['item'][i]}"
        if i < len(b.events):
            e = b.events
            text = str(e["description"][i])
            return f"{e['date'][i]}  {e['type'][i]}  {e['place'][i]}\n{text[:200]}"
        return ""

    # -- helpers ------------------------------------------------------------------------------
    def cursor_x(self) -> float:
        return float(self.cursor_line.value())

    def show_all(self):
        self.plot.setXRange(*self._x_range, padding=0)

    def focus_range(self) -> tuple[float, float]:
        """The span first shown: whole months covering the loaded data's plausible dates and
        the cursor (a source's typo years later does not stretch it)."""
        return default_span(self.session.briefing, self.session.cursor.date)

    def x_span(self) -> tuple[float, float]:
        """The span shown now (seconds), for an export that matches the window."""
        x0, x1 = self.plot.plotItem.vb.viewRange()[0]
        return float(x0), float(x1)

    def shutdown(self):
        self._conns.disconnect_all()

    def closeEvent(self, e):
        self.shutdown()
        super().closeEvent(e)



def _set_total_label(label, what: str, xs, ys, row_values, lo: float, scale: float,
                     currency: str) -> None:
    """The total at the end of a cumulative line; "value not given" when none of its rows has
    a value (the line lies at zero, but nothing says the value was zero)."""
    if not len(xs):
        label.setText("")
        return
    given = bool(np.isfinite(row_values).any())
    # The total at the end of the data, dated: beside the figures at the cursor, an undated
    # "pledged €19.9bn" read as a contradiction of the panel's "€10.9bn" as of the cursor.
    by = day_words(s_to_day(float(xs[-1])))
    label.setText(f"{what} {money(float(ys[-1]), currency)} by {by}" if given
                  else f"{what}: {NOT_GIVEN}")
    label.setPos(xs[-1], lo + ys[-1] * scale)

def _cumulative(days: np.ndarray, values: np.ndarray):
    """(x seconds at each day with a change, cumulative value) for days sorted ascending."""
    if not len(days):
        return np.zeros(0), np.zeros(0)
    order = np.argsort(days, kind="stable")
    days, values = days[order], np.nan_to_num(values[order])
    uniq, start = np.unique(days, return_index=True)
    per_day = np.add.reduceat(values, start)
    return uniq.astype(np.float64) * DAY_S, np.cumsum(per_day)
