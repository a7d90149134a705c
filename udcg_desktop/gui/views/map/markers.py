"""``MarkerItem``: many small markers (events, deliveries) drawn as pixmap fragments from a
per-type symbol atlas, with a per-marker opacity (fading with age); vector shapes when painting
to SVG."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
from PySide6 import QtCore, QtGui, QtWidgets

from ....core.arrays import distinct
from .items import device_ratio, is_vector

Qt = QtCore.Qt


def symbol_path(name: str) -> QtGui.QPainterPath:
    return Symbols.get(name, Symbols["o"])


class MarkerItem(pg.GraphicsObject):
    """Many small markers: symbol and colour per type code, opacity per marker."""

    _FIELDS = 10   # QPainter.PixmapFragment: x, y, sx, sy, w, h, scaleX, scaleY, rotation, opacity
    # Opacity is baked into the atlas in this many steps: fragments all at opacity 1 draw in
    # about half the time of fragments with an opacity each (3,000 markers: ~0.7 vs ~1.3 ms).
    OPACITY_LEVELS = 12

    def __init__(self, z: float = 0.0):
        super().__init__()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.x = np.zeros(0)
        self.y = np.zeros(0)
        self.codes = np.zeros(0, np.int16)
        self.opacity = np.zeros(0)
        self.rows = np.zeros(0, np.int64)
        self._rect = QtCore.QRectF()
        self._symbols: list[str] = []
        self._colours: list[QtGui.QColor] = []
        self._size = 9.0
        self._outline = QtGui.QColor("#ffffff")
        self._atlas: dict[float, tuple[QtGui.QPixmap, int]] = {}
        self._frags = pg.Qt.internals.PrimitiveArray(QtGui.QPainter.PixmapFragment, self._FIELDS)
        self._pad = None
        # Drawn into Qt's device-pixel cache of the item, then blitted once: the widget's
        # clip (the dirty region, often several rectangles) slows every fragment drawn into
        # the window directly (3,000 markers: ~2.5 ms there against ~1.1 ms unclipped).
        self.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.snap_to_pixels = True         # off for an export's render (MapView.set_caching)

    def setStyle(self, symbols: list[str], colours: list[QtGui.QColor], size: float = 9.0,
                 outline: QtGui.QColor | None = None) -> None:
        if float(size) != self._size:
            self.prepareGeometryChange()
            self._pad = None
        self._symbols, self._colours, self._size = list(symbols), list(colours), float(size)
        if outline is not None:
            self._outline = outline
        self._atlas.clear()
        self.update()

    def setData(self, x, y, codes, opacity, rows) -> None:
        self.x, self.y = np.asarray(x, float), np.asarray(y, float)
        self.codes = np.asarray(codes, np.int64)
        self.opacity = np.asarray(opacity, float)
        self.rows = np.asarray(rows, np.int64)
        if len(self.x):
            rect = QtCore.QRectF(float(self.x.min()), float(self.y.min()),
                                 float(np.ptp(self.x)), float(np.ptp(self.y)))
        else:
            rect = QtCore.QRectF()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of the markers shown, as ScatterPlotItem.getData gives them."""
        return self.x, self.y

    def boundingRect(self) -> QtCore.QRectF:
        if self._rect.isNull() and not len(self.x):
            return QtCore.QRectF()
        # Markers reach a few pixels beyond the points: pad by their size in map units, worked
        # out once per view transform (Qt asks for this rect many times per paint).
        if self._pad is None:
            px = self.pixelLength(pg.Point(1, 0)) or 0.0
            py = self.pixelLength(pg.Point(0, 1)) or 0.0
            self._pad = (self._size * (px or 0.01), self._size * (py or 0.01))
        pad_x, pad_y = self._pad
        return self._rect.adjusted(-pad_x, -pad_y, pad_x, pad_y)

    def viewTransformChanged(self) -> None:
        # Zoomed or resized: a pixel is another length on the map, the padded rect changes.
        self.prepareGeometryChange()
        self._pad = None
        super().viewTransformChanged()

    def _atlas_for(self, ratio: float) -> tuple[QtGui.QPixmap, int]:
        """One cell per symbol (columns) and opacity level (rows), at the device ratio."""
        if ratio not in self._atlas:
            cell = int(math.ceil((self._size + 3) * ratio))
            n = max(1, len(self._symbols))
            fmt = QtGui.QImage.Format.Format_ARGB32_Premultiplied
            solid = QtGui.QImage(cell * n, cell, fmt)
            solid.fill(0)
            p = QtGui.QPainter(solid)
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            outline = QtGui.QPen(self._outline)
            outline.setWidthF(1.0 / self._size)
            for i, (sym, colour) in enumerate(zip(self._symbols, self._colours)):
                p.resetTransform()
                p.translate(i * cell + cell / 2.0, cell / 2.0)
                p.scale(self._size * ratio, self._size * ratio)
                if sym in ("x", "+"):
                    pen = QtGui.QPen(colour)
                    pen.setWidthF(2.2 / self._size)
                else:
                    pen = outline
                p.setPen(pen)
                p.setBrush(QtGui.QBrush(colour))
                p.drawPath(symbol_path(sym))
            p.end()
            # Each level is the whole solid marker faded, as a per-marker opacity would draw it.
            levels = self.OPACITY_LEVELS
            img = QtGui.QImage(cell * n, cell * levels, fmt)
            img.fill(0)
            p = QtGui.QPainter(img)
            for k in range(levels):
                p.setOpacity((k + 1) / levels)
                p.drawImage(0, k * cell, solid)
            p.end()
            self._atlas[ratio] = (QtGui.QPixmap.fromImage(img), cell)
        return self._atlas[ratio]

    def paint(self, p, *args):
        n = len(self.x)
        if not n:
            return
        t = p.transform()
        dx = self.x * t.m11() + self.y * t.m21() + t.m31()
        dy = self.x * t.m12() + self.y * t.m22() + t.m32()
        p.save()
        p.resetTransform()
        if is_vector(p):
            self._paint_vector(p, dx, dy)
        else:
            ratio = device_ratio(p)
            atlas, cell = self._atlas_for(ratio)
            self._frags.resize(n)
            f = self._frags.ndarray()
            if self.snap_to_pixels:
                # On screen: whole device pixels, drawn without smoothing, so the raster engine
                # copies each fragment as a plain blit (3,000 markers ~1.1 ms, against ~2.3 ms
                # at sub-pixel positions with antialiasing); a marker moves under half a pixel.
                half = cell / 2.0
                f[:, 0] = (np.rint(dx * ratio - half) + half) / ratio
                f[:, 1] = (np.rint(dy * ratio - half) + half) / ratio
                p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
                p.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, False)
            else:                 # an export's image: where the map puts them
                f[:, 0] = dx
                f[:, 1] = dy
            levels = self.OPACITY_LEVELS
            level = np.clip(np.rint(self.opacity * levels) - 1, 0, levels - 1)
            f[:, 2] = self.codes * cell
            f[:, 3] = level * cell
            f[:, 4] = cell
            f[:, 5] = cell
            f[:, 6] = 1.0 / ratio
            f[:, 7] = 1.0 / ratio
            f[:, 8] = 0.0
            f[:, 9] = 1.0
            p.drawPixmapFragments(*self._frags.drawargs(), atlas)
        p.restore()

    def _paint_vector(self, p, dx, dy):
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        buckets = np.minimum((self.opacity * 5).astype(int), 4)
        outline = QtGui.QPen(self._outline)
        outline.setWidthF(0.8)
        for code in distinct(self.codes):
            sym = self._symbols[code] if code < len(self._symbols) else "o"
            colour = self._colours[code] if code < len(self._colours) else QtGui.QColor("black")
            base = QtGui.QTransform.fromScale(self._size, self._size).map(symbol_path(sym))
            for b in distinct(buckets[self.codes == code]):
                sel = np.flatnonzero((self.codes == code) & (buckets == b))
                path = QtGui.QPainterPath()
                for i in sel:
                    path.addPath(base.translated(float(dx[i]), float(dy[i])))
                p.setOpacity((b + 1) / 5.0)
                if sym in ("x", "+"):
                    pen = QtGui.QPen(colour)
                    pen.setWidthF(2.0)
                    p.setPen(pen)
                else:
                    p.setPen(outline)
                p.setBrush(QtGui.QBrush(colour))
                p.drawPath(path)
        p.setOpacity(1.0)
