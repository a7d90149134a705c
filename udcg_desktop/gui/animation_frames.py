"""Frames of the animated map, drawn offscreen by the window's own MapView (and TimelineView).

``MapFilmFrames(briefing, request)`` is the frame source ``export.animation`` asks for through
``gui.render.QtRenderer.animation_frames``. It keeps one offscreen MapView for the whole film and,
per keyframe, moves the session's cursor, draws the map into an image, and paints on top of it
what changes every frame: the date panel (the window's own ``DateStamp``, larger; with the
control-area snapshot's date when it is not the frame's day), the title, the classification
marking in bands at the top and bottom, and the cursor on the timeline strip. When the map's
content key is unchanged (no new events or snapshot, the same extent), the map picture is
reused: a held frame costs the overlay only.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from ..core.describe import NO_SNAPSHOT, snapshot_line

LOGICAL_WIDTH = 1280          # the frame is laid out like a 1280-px window, then scaled up
STRIP_SHARE = 0.22            # the timeline strip's share of the frame height
BAND_SHARE = 0.04             # each classification band's share of the frame height
STAMP_SCALE = 1.6             # the date panel's text, larger than in the window
STRIP_LANE_PX = 15            # logical pixels per timeline lane, so lane labels never overlap


def _long_day(day) -> str:
    d = dt.date.fromisoformat(str(np.datetime64(day, "D")))
    return f"{d.day} {d:%B %Y}"


class MapFilmFrames:
    """``render(keyframe)`` -> (h, w, 4) uint8 BGRA of the whole frame (valid until the next
    call); ``rendered`` counts the map pictures actually drawn; ``close()`` when done."""

    def __init__(self, briefing, request, filters=None, basemap=None):
        from .render import ensure_app
        from .views.map.render import offscreen_map_view
        ensure_app()
        self.briefing = briefing
        self.w, self.h = (int(v) for v in request.size)
        self.title = request.title or ""
        self.marking = (request.marking or "").strip()
        self.ratio = max(1.0, self.w / LOGICAL_WIDTH)
        band = int(round(self.h * BAND_SHARE)) if self.marking else 0
        strip = int(round(self.h * STRIP_SHARE)) if request.timeline else 0
        self.band_h, self.strip_h = band, strip
        self.map_rect = QtCore.QRect(0, band, self.w, self.h - 2 * band - strip)
        self.map_logical = (self.map_rect.width() / self.ratio,
                            self.map_rect.height() / self.ratio)
        self.view = offscreen_map_view(briefing, request.start, filters,
                                       (round(self.map_logical[0]), round(self.map_logical[1])),
                                       basemap)
        self.session = self.view.session
        self.stamp = self.view.date_stamp
        self.stamp.setVisible(False)        # drawn per frame on top of the held map instead
        self.stamp.set_font_scale(STAMP_SCALE)
        self.map_image = QtGui.QImage(self.map_rect.width(), self.map_rect.height(),
                                      QtGui.QImage.Format.Format_RGB32)
        self.frame = QtGui.QImage(self.w, self.h, QtGui.QImage.Format.Format_RGB32)
        self._map_key = None
        self._extent = "unset"
        self.rendered = 0
        days = np.arange(request.start, request.end + 1, dtype="datetime64[D]")
        self._widest_day = max(days, key=lambda d: len(_long_day(d)))
        self.strip = None
        if strip:
            self._make_strip(request, filters)

    # -- the timeline strip: drawn once, the cursor per frame ------------------------------------
    def _make_strip(self, request, filters) -> None:
        from .day_seconds import DAY_S, day_to_s
        from .views.timeline_render import offscreen_timeline_view
        view = offscreen_timeline_view(self.briefing, request.end, filters, (200, 200))
        # Tall enough for every lane's label, then scaled to the strip (smaller text, no overlap).
        lh = max(self.strip_h / self.ratio, STRIP_LANE_PX * (len(view.lanes) + 2) + 40)
        ratio = self.strip_h / lh
        lw, lh = round(self.w / ratio), round(lh)
        view.resize(lw, lh)
        QtWidgets.QApplication.processEvents()
        try:
            view.cursor_line.setVisible(False)
            view.plot.setXRange(day_to_s(request.start) - DAY_S, day_to_s(request.end) + DAY_S,
                                padding=0.01)
            QtWidgets.QApplication.processEvents()
            img = QtGui.QImage(self.w, self.strip_h, QtGui.QImage.Format.Format_RGB32)
            img.setDevicePixelRatio(ratio)
            img.fill(QtGui.QColor("white"))
            p = QtGui.QPainter(img)
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            view.plot.render(p, QtCore.QRectF(0, 0, lw, lh), view.plot.viewport().rect())
            p.end()
            img.setDevicePixelRatio(1.0)
            # Day -> x pixel of the strip, through the plot's own axis.
            vb = view.plot.plotItem.vb
            to_widget = view.plot.mapFromScene
            x0 = to_widget(vb.mapViewToScene(QtCore.QPointF(0.0, 0.0))).x()
            x1 = to_widget(vb.mapViewToScene(QtCore.QPointF(DAY_S * 1000.0, 0.0))).x()
            top = to_widget(vb.mapToScene(vb.boundingRect().topLeft())).y()
            bottom = to_widget(vb.mapToScene(vb.boundingRect().bottomLeft())).y()
            self._strip_x = (x0 * ratio, (x1 - x0) * ratio / (DAY_S * 1000.0))
            self._strip_y = (top * ratio, bottom * ratio)
            self._day_to_s = day_to_s
            self.strip = img
        finally:
            view.hide()
            view.deleteLater()

    def _paint_strip(self, p: QtGui.QPainter, day) -> None:
        y0 = self.h - self.band_h - self.strip_h
        p.drawImage(0, y0, self.strip)
        x = self._strip_x[0] + self._strip_x[1] * self._day_to_s(day)
        top, bottom = (y0 + v for v in self._strip_y)
        # What is still to come is veiled; the cursor line marks the frame's day.
        veil = QtCore.QRectF(x, top, self.w - x, bottom - top)
        p.fillRect(veil, QtGui.QColor(255, 255, 255, 150))
        pen = QtGui.QPen(QtGui.QColor("#c0392b"), max(2.0, 2.0 * self.ratio))
        p.setPen(pen)
        p.drawLine(QtCore.QPointF(x, top), QtCore.QPointF(x, bottom))

    # -- one frame -----------------------------------------------------------------------------
    # The map is drawn in three layers: under it the base map, over it the place names and the
    # panels (legend, scale bar, attribution), both drawn once per extent; between them what
    # moves with the date (control areas, events, deliveries, the oblast outline).
    def _layers(self):
        v = self.view
        over = [v.label_item, v.overlay_label_item, v.legend, v.attribution, v.scale_bar]
        under = [v.layers["base"].base_item]
        every = [i for layer in v.layers.values() for i in layer.items]
        moving = [i for i in every if i not in over and i not in under]
        return under, moving, over

    def _paint_layer(self, image, visible, background) -> None:
        v = self.view
        under, moving, over = self._layers()
        for item in under + moving + over:
            item.setVisible(item in visible)
        v.view.setBackground(background)
        lw, lh = self.map_logical
        image.setDevicePixelRatio(self.ratio)        # text and lines sized as in the window
        p = QtGui.QPainter(image)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        v.view.render(p, QtCore.QRectF(0, 0, lw, lh), QtCore.QRect(0, 0, round(lw), round(lh)))
        p.end()
        image.setDevicePixelRatio(1.0)               # then composed pixel for pixel

    def _static_layers(self) -> None:
        under, moving, over = self._layers()
        w, h = self.map_rect.width(), self.map_rect.height()
        self.under = QtGui.QImage(w, h, QtGui.QImage.Format.Format_RGB32)
        self.under.fill(self.view.style_.background)
        self._paint_layer(self.under, under, self.view.style_.background)
        self.over = QtGui.QImage(w, h, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        self.over.fill(0)
        # Place names avoid the panels, the date panel included (at its widest in this film).
        self._stamp_text(self._widest_day)
        for item in over + [self.stamp]:
            item.setVisible(True)
        self.view._reposition_panels()
        self.stamp.setVisible(False)
        self._paint_layer(self.over, over, None)

    def _draw_map(self, keyframe) -> None:
        view = self.view
        if keyframe.extent != self._extent:
            self._extent = keyframe.extent
            if keyframe.extent is None:
                view.home()
            else:
                lon0, lon1, lat0, lat1 = keyframe.extent
                view.view_box.setRange(xRange=(lon0, lon1), yRange=(lat0, lat1), padding=0.0)
            self.session.cursor.set_date(np.datetime64(keyframe.day, "D"))
            self._static_layers()
            self._map_key = None
        self.session.cursor.set_date(np.datetime64(keyframe.day, "D"))
        key = view.content_key()
        if key == self._map_key:
            return                          # held: the same picture as the previous frame
        self._map_key = key
        under, moving, over = self._layers()
        p = QtGui.QPainter(self.map_image)
        p.drawImage(0, 0, self.under)
        p.end()
        self._paint_layer(self.map_image, moving, None)
        p = QtGui.QPainter(self.map_image)
        p.drawImage(0, 0, self.over)
        p.end()
        self.rendered += 1

    def _stamp_text(self, day) -> None:
        lines = []
        snap = self.briefing.areas.at(day) if len(self.briefing.areas) else None
        if snap is not None:
            when = np.datetime64(snap.time, "D")
            tag = " (illustrative)" if snap.illustrative else ""
            if when != np.datetime64(day, "D"):
                lines.append(snapshot_line(_long_day(when), snap.illustrative))
            elif tag:
                lines.append(f"Control areas{tag}")
        elif len(self.briefing.areas):
            lines.append(NO_SNAPSHOT)
        self.stamp.set_text(_long_day(day), lines, self.title)

    def _paint_overlay(self, p: QtGui.QPainter, keyframe) -> None:
        self._stamp_text(keyframe.day)
        p.save()
        p.translate(self.map_rect.topLeft())
        p.scale(self.ratio, self.ratio)
        p.translate(self.stamp.scenePos())
        self.stamp.paint(p, None, None)
        p.restore()
        if keyframe.caption:
            self._paint_caption(p, keyframe.caption)
        if self.marking:
            self._paint_bands(p)

    def _paint_caption(self, p: QtGui.QPainter, text: str) -> None:
        font = QtGui.QFont()
        font.setPointSizeF(16 * self.ratio)
        font.setBold(True)
        p.setFont(font)
        m = QtGui.QFontMetricsF(font)
        w, h = m.horizontalAdvance(text) + 30 * self.ratio, m.height() + 16 * self.ratio
        # Centred, but never over the date panel: beside it when there is room, else below it.
        stamp = self.stamp.mapRectToScene(self.stamp.boundingRect())
        left = self.map_rect.left() + stamp.right() * self.ratio + 12 * self.ratio
        top = self.map_rect.top() + 12 * self.ratio
        x = max((self.w - w) / 2, left)
        if x + w > self.w - 12 * self.ratio:
            x = self.map_rect.left() + stamp.left() * self.ratio
            top = self.map_rect.top() + stamp.bottom() * self.ratio + 8 * self.ratio
        r = self.caption_rect = QtCore.QRectF(x, top, w, h)
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(QtGui.QColor(255, 255, 255, 235))
        p.drawRoundedRect(r, 6, 6)
        p.setPen(QtGui.QColor("#1d1d1d"))
        p.drawText(r, QtCore.Qt.AlignmentFlag.AlignCenter, text)

    def _paint_bands(self, p: QtGui.QPainter) -> None:
        font = QtGui.QFont()
        font.setPixelSize(max(10, int(self.band_h * 0.62)))
        font.setBold(True)
        p.setFont(font)
        for y in (0, self.h - self.band_h):
            r = QtCore.QRect(0, y, self.w, self.band_h)
            p.fillRect(r, QtGui.QColor("#1d1d1d"))
            p.setPen(QtGui.QColor("white"))
            p.drawText(r, QtCore.Qt.AlignmentFlag.AlignCenter, self.marking.upper())

    def render(self, keyframe) -> np.ndarray:
        self._draw_map(keyframe)
        p = QtGui.QPainter(self.frame)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
        p.drawImage(self.map_rect.topLeft(), self.map_image)
        if self.strip is not None:
            self._paint_strip(p, keyframe.day)
        self._paint_overlay(p, keyframe)
        p.end()
        bits = self.frame.constBits()
        stride = self.frame.bytesPerLine()
        arr = np.frombuffer(bits, np.uint8, count=stride * self.h).reshape(self.h, stride // 4, 4)
        return arr[:, :self.w]

    def close(self) -> None:
        self.view.shutdown()
        self.view.close()
        self.view.deleteLater()
