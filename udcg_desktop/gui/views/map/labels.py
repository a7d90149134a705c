"""``LabelItem``: settlement (or overlay) labels, most important first, only as many as fit
without overlap at the current scale; the layout is redone when the view transform changes."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from .data import place_labels
from .items import DeviceCache, device_ratio, is_vector

Qt = QtCore.Qt


class LabelItem(pg.GraphicsObject):
    """Text labels by priority; only those that fit without overlap at the current scale."""

    def __init__(self, z: float = 0.0, max_labels: int = 110, max_candidates: int = 2500,
                 italic: bool = False, dots: bool = True):
        super().__init__()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.max_labels = max_labels
        self.max_candidates = max_candidates
        self.italic = italic
        self.dots = dots
        self.lon = np.zeros(0)
        self.lat = np.zeros(0)
        self.names: list[str] = []
        self.klass = np.zeros(0, np.int8)    # 0 big city, 1 town, 2 village (font/dot size)
        self._rect = QtCore.QRectF()
        self._fonts: list[QtGui.QFont] = []
        self._widths = np.zeros(0)
        self._height = 12.0
        self._layout_key = None
        self._placed = np.zeros((0, 2), np.int64)
        self._pix: dict = {}
        self.cache = DeviceCache()
        self.text_colour = QtGui.QColor("#1d1d1d")
        self.halo_colour = QtGui.QColor(255, 255, 255, 216)
        self.dot_colour = QtGui.QColor("#333333")
        self.set_font_size(8.5)

    def set_font_size(self, pt: float) -> None:
        self._fonts = []
        for k, (scale, bold) in enumerate(((1.25, True), (1.0, False), (0.9, False))):
            f = QtGui.QFont()
            f.setPointSizeF(pt * scale)
            f.setBold(bold)
            f.setItalic(self.italic)
            self._fonts.append(f)
        self._measure()

    def setColours(self, text: QtGui.QColor, halo: QtGui.QColor, dot: QtGui.QColor) -> None:
        self.text_colour, self.halo_colour, self.dot_colour = text, halo, dot
        self._colour_version = getattr(self, "_colour_version", 0) + 1
        self._pix.clear()
        self.update()

    def setBlocked(self, rects: list[tuple[float, float, float, float]]) -> None:
        """Pixel rectangles (relative to the view's top-left) where no label may go."""
        rects = [tuple(round(v, 1) for v in r) for r in rects]
        if rects != getattr(self, "blocked", None):
            self.blocked = rects
            self._layout_key = None
            self.update()

    def setPlaces(self, lon, lat, names, klass=None, min_px_per_deg=None) -> None:
        self.min_px_per_deg = (np.zeros(len(lon)) if min_px_per_deg is None
                               else np.asarray(min_px_per_deg, float))
        self.lon = np.asarray(lon, float)
        self.lat = np.asarray(lat, float)
        self.names = [str(n) for n in names]
        self.klass = np.asarray(klass if klass is not None else np.ones(len(self.lon)), np.int8)
        self.prepareGeometryChange()
        if len(self.lon):
            self._rect = QtCore.QRectF(float(np.nanmin(self.lon)), float(np.nanmin(self.lat)),
                                       float(np.nanmax(self.lon) - np.nanmin(self.lon)),
                                       float(np.nanmax(self.lat) - np.nanmin(self.lat)))
        else:
            self._rect = QtCore.QRectF()
        self._measure()
        self.update()

    def _measure(self) -> None:
        """Forget the text widths: each is measured when its place is first a candidate (a
        view shows a few hundred of the ~2,000 places; measuring all cost ~8 ms at start-up)."""
        self._metrics = [QtGui.QFontMetricsF(f) for f in self._fonts]
        self._height = max(m.height() for m in self._metrics)
        self._widths = np.full(len(self.names), np.nan)
        self._pix.clear()
        self._layout_key = None

    def _widths_of(self, idx: np.ndarray) -> np.ndarray:
        todo = idx[np.isnan(self._widths[idx])]
        for i in todo.tolist():
            self._widths[i] = self._metrics[min(int(self.klass[i]), 2)].horizontalAdvance(
                self.names[i])
        return self._widths[idx]

    def boundingRect(self) -> QtCore.QRectF:
        if self._rect.isNull():
            return QtCore.QRectF()
        # Labels extend beyond the dots; pad generously (in degrees).
        return self._rect.adjusted(-1.5, -0.5, 1.5, 0.5)

    def visible_labels(self) -> list[str]:
        """Names placed by the last layout (what the user sees)."""
        return [self.names[i] for i, _ in self._placed]

    def _layout(self, t: QtGui.QTransform) -> None:
        vb = self.getViewBox()
        if vb is None or not len(self.lon):
            self._placed = np.zeros((0, 2), np.int64)
            return
        vr = vb.viewRect()
        key = (round(t.m11(), 6), round(t.m22(), 6), round(t.m31(), 2), round(t.m32(), 2),
               round(vr.left(), 6), round(vr.top(), 6), round(vr.width(), 6),
               round(vr.height(), 6))
        if key == self._layout_key:
            return
        self._layout_key = key
        scale = abs(t.m11())
        inside = np.flatnonzero((self.lon >= vr.left()) & (self.lon <= vr.right())
                                & (self.lat >= vr.top()) & (self.lat <= vr.bottom())
                                & (self.min_px_per_deg <= scale))
        inside = inside[:self.max_candidates]
        ox = vr.left() * t.m11() + t.m31()
        oy = vr.bottom() * t.m22() + t.m32()
        w = vr.width() * abs(t.m11())
        h = vr.height() * abs(t.m22())
        px = self.lon[inside] * t.m11() + t.m31() - ox
        py = self.lat[inside] * t.m22() + t.m32() - oy
        placed = place_labels(px, py, self._widths_of(inside), self._height, w, h,
                              max_labels=self.max_labels, dot=3.0 if self.dots else 0.0,
                              blocked=getattr(self, "blocked", None))
        if len(placed):
            placed[:, 0] = inside[placed[:, 0]]
        self._placed = placed
        self._layout_count += 1

    def _label_pixmap(self, i: int, side: int, ratio: float) -> tuple[QtGui.QImage, float, float]:
        key = (i, side, ratio)
        if key not in self._pix:
            k = min(int(self.klass[i]), 2)
            tw = self._widths[i]
            dot_r = (3.2, 2.4, 1.9)[k] if self.dots else 0.0
            wid = tw + 2 * dot_r + 3.0 + 4
            hei = self._height + 4
            img = QtGui.QImage(int(math.ceil(wid * ratio)), int(math.ceil(hei * ratio)),
                               QtGui.QImage.Format.Format_ARGB32_Premultiplied)
            img.fill(0)
            img.setDevicePixelRatio(ratio)
            p = QtGui.QPainter(img)
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
            cy = hei / 2.0
            cx = 2 + dot_r if side == 0 else wid - 2 - dot_r
            self._draw_label(p, i, side, cx, cy, raster=True)
            p.end()
            self._pix[key] = (img, cx, cy)
        return self._pix[key]

    def paint(self, p, *args):
        if not len(self.lon):
            return
        self._layout(p.transform())
        if not len(self._placed):
            return
        self.cache.paint(p, (self._layout_count, self._colour_version), self._render)

    _colour_version = 0
    _layout_count = 0

    def _render(self, p):
        t = p.transform()
        p.save()
        p.resetTransform()
        vector = is_vector(p)
        ratio = device_ratio(p)
        for i, side in self._placed:
            x = self.lon[i] * t.m11() + self.lat[i] * t.m21() + t.m31()
            y = self.lon[i] * t.m12() + self.lat[i] * t.m22() + t.m32()
            if vector:
                self._draw_label(p, int(i), int(side), x, y)
            else:
                img, cx, cy = self._label_pixmap(int(i), int(side), ratio)
                p.drawImage(QtCore.QPointF(x - cx, y - cy), img)
        p.restore()

    # The halo of a label in a raster image: the text drawn at these offsets (px) under it.
    # A stroked outline of the glyphs looks the same and costs ~10x more (~0.4 ms a label,
    # most of the first map paint).
    _HALO_OFFSETS = [(1.5 * math.cos(a), 1.5 * math.sin(a))
                     for a in np.linspace(0, 2 * math.pi, 12, endpoint=False)]

    def _draw_label(self, p, i, side, x, y, raster: bool = False):
        """Place name ``i`` with its dot at (x, y) in device pixels, text right of the dot
        (side 0) or left of it (side 1), with a halo. Draws straight onto SVG/PDF painters (the
        halo a stroked outline) and into the cached label images for the screen (``raster``)."""
        k = min(int(self.klass[i]), 2)
        font = self._fonts[k]
        dot_r = (3.2, 2.4, 1.9)[k] if self.dots else 0.0
        metrics = QtGui.QFontMetricsF(font)
        tx = x + dot_r + 3.0 if side == 0 else x - dot_r - 3.0 - self._widths[i]
        origin = QtCore.QPointF(tx, y + metrics.ascent() / 2.0 - metrics.descent() / 2.0)
        name = str(self.names[i])
        if raster:
            p.setFont(font)
            p.setPen(self.halo_colour)
            for dx, dy in self._HALO_OFFSETS:
                p.drawText(origin + QtCore.QPointF(dx, dy), name)
            p.setPen(self.text_colour)
            p.drawText(origin, name)
        else:
            path = QtGui.QPainterPath()
            path.addText(origin, font, name)
            halo = QtGui.QPen(self.halo_colour)
            halo.setWidthF(3.0)
            halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            p.strokePath(path, halo)
            p.fillPath(path, self.text_colour)
        if self.dots:
            p.setPen(QtGui.QPen(self.halo_colour, 1.2))
            p.setBrush(self.dot_colour)
            p.drawEllipse(QtCore.QPointF(x, y), dot_r, dot_r)
