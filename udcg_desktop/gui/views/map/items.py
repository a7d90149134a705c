"""Graphics items of the map: one item per layer, pens and brushes reused.

- ``PathItem``: a prebuilt ``QPainterPath`` (lines or filled rings, NaN-separated arrays turned
  into sub-paths once) drawn with one pen and one brush.
- ``GroupItem`` (several paths drawn as one item through a ``DeviceCache``) and ``RasterItem``
  (an RGBA image whose cells can be recoloured in place).

Markers (``MarkerItem``) are in ``markers.py``, place names (``LabelItem``) in ``labels.py``,
the boxes fixed to the view's corners (date stamp, legend, ...) in ``panels.py``.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from .style import NO_BRUSH, NO_PEN

Qt = QtCore.Qt


def xy_to_path(xy: np.ndarray) -> QtGui.QPainterPath:
    """(N, 2) lon/lat with NaN rows between parts -> one QPainterPath with a sub-path per part."""
    xy = np.asarray(xy, dtype=float)
    if xy.ndim != 2 or len(xy) < 2:
        return QtGui.QPainterPath()
    path = pg.arrayToQPath(xy[:, 0].copy(), xy[:, 1].copy(), connect="finite")
    path.setFillRule(Qt.FillRule.OddEvenFill)
    return path


def is_vector(painter: QtGui.QPainter) -> bool:
    engine = painter.paintEngine()
    return engine is not None and engine.type() not in (
        QtGui.QPaintEngine.Type.Raster, QtGui.QPaintEngine.Type.OpenGL2,
        QtGui.QPaintEngine.Type.OpenGL)


def device_ratio(painter: QtGui.QPainter) -> float:
    dev = painter.device()
    try:
        return max(1.0, float(dev.devicePixelRatioF()))
    except Exception:   # noqa: BLE001
        return 1.0


class PathItem(pg.GraphicsObject):
    """One prebuilt path, one pen, one brush."""

    def __init__(self, pen=NO_PEN, brush=NO_BRUSH, z: float = 0.0, cache: bool = False):
        super().__init__()
        self._path = QtGui.QPainterPath()
        self._rect = QtCore.QRectF()
        self._pen, self._brush = pen, brush
        self._extra_brush = None
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        if cache:
            self.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def path(self) -> QtGui.QPainterPath:
        return self._path

    def setPath(self, path: QtGui.QPainterPath | None) -> None:
        self.prepareGeometryChange()
        self._path = path if path is not None else QtGui.QPainterPath()
        self._rect = self._path.boundingRect()
        self.update()

    def setStyle(self, pen=None, brush=None, extra_brush=None) -> None:
        if pen is not None:
            self._pen = pen
        if brush is not None:
            self._brush = brush
        self._extra_brush = extra_brush
        self.update()

    @property
    def pen(self):
        return self._pen

    @property
    def brush(self):
        return self._brush

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p, *args):
        if self._path.isEmpty():
            return
        p.setPen(self._pen)
        p.setBrush(self._brush)
        p.drawPath(self._path)
        if self._extra_brush is not None:
            p.setPen(NO_PEN)
            p.setBrush(self._extra_brush)
            p.drawPath(self._path)


class DeviceCache:
    """Images of what an item drew at the current view transform and viewport size, reused
    while those and the item's content version are unchanged (a cursor move then costs one blit
    instead of redrawing every polygon). Only used when painting onto a widget.

    ``entries`` > 1 keeps that many content versions for the current view (least recently used
    dropped first), so stepping back and forth between a few states is a blit. With ``crop`` the
    image covers only the item's bounding rect inside the viewport, not the whole viewport.
    Images are reused (filled transparent) rather than reallocated when the size is unchanged.
    """

    def __init__(self, entries: int = 1, crop: bool = False):
        self.entries = max(1, int(entries))
        self.crop = crop
        # An opaque backdrop (the lowest layer, the view's background under it): its image is
        # filled with that colour and has no alpha, so showing it is a plain copy, not a blend
        # (a view-sized blend is ~0.3 ms on every cursor step).
        self.background: QtGui.QColor | None = None
        self.enabled = True
        self.view_key = None
        self.images: dict = {}        # content version -> (QImage, origin QPointF), LRU order
        self.renders = 0              # how many times content was drawn (for tests/benchmarks)

    @property
    def image(self):
        return next(reversed(self.images.values()))[0] if self.images else None

    @image.setter
    def image(self, value) -> None:
        if value is None:
            self.images.clear()

    def paint(self, p: QtGui.QPainter, version, render, rect: QtCore.QRectF | None = None) -> None:
        dev = p.device()
        if not self.enabled or not isinstance(dev, QtWidgets.QWidget) or is_vector(p):
            render(p)
            return
        t = p.transform()
        ratio = device_ratio(p)
        w, h = dev.width(), dev.height()
        view_key = (t.m11(), t.m12(), t.m21(), t.m22(), t.m31(), t.m32(), w, h, ratio)
        if view_key != self.view_key:
            self.view_key = view_key
            spare = self.images
            self.images = {}
        else:
            spare = {}
        entry = self.images.pop(version, None)
        if entry is None:
            if self.crop and rect is not None:
                # The item's rect in device pixels (a few pixels out for pens), inside the view.
                r = t.mapRect(rect).adjusted(-4, -4, 4, 4).toAlignedRect()
                r = r.intersected(QtCore.QRect(0, 0, w, h))
            else:
                r = QtCore.QRect(0, 0, w, h)
            if r.isEmpty():
                self.images[version] = (None, QtCore.QPointF())
                self._trim()
                return
            iw, ih = int(math.ceil(r.width() * ratio)), int(math.ceil(r.height() * ratio))
            img = None
            pool = list(spare.values()) + (
                [self.images.pop(next(iter(self.images)))] if len(self.images) >= self.entries
                else [])
            fmt = (QtGui.QImage.Format.Format_RGB32 if self.background is not None
                   else QtGui.QImage.Format.Format_ARGB32_Premultiplied)
            for old, _ in pool:
                if (old is not None and old.width() == iw and old.height() == ih
                        and old.format() == fmt):
                    img = old
                    break
            if img is None:
                img = QtGui.QImage(iw, ih, fmt)
            img.setDevicePixelRatio(ratio)
            img.fill(self.background if self.background is not None else 0)
            q = QtGui.QPainter(img)
            q.setRenderHints(p.renderHints())
            q.setTransform(t * QtGui.QTransform.fromTranslate(-r.x(), -r.y()))
            render(q)
            q.end()
            self.renders += 1
            entry = (img, QtCore.QPointF(r.x(), r.y()))
        self.images[version] = entry
        self._trim()
        if entry[0] is None:
            return
        p.save()
        p.resetTransform()
        p.drawImage(entry[1], entry[0])
        p.restore()

    def _trim(self) -> None:
        while len(self.images) > self.entries:
            self.images.pop(next(iter(self.images)))


class SubLayer:
    """One path with its pen and brush inside a ``GroupItem`` (not a graphics item itself)."""

    def __init__(self, group: "GroupItem", name: str, pen, brush, extra_brush=None):
        self.group, self.name = group, name
        self.pen, self.brush, self.extra_brush = pen, brush, extra_brush
        self._path = QtGui.QPainterPath()
        self.visible = True

    def path(self) -> QtGui.QPainterPath:
        return self._path

    def setPath(self, path: QtGui.QPainterPath | None) -> None:
        self._path = path if path is not None else QtGui.QPainterPath()
        self.group._changed(geometry=True)

    def setStyle(self, pen=None, brush=None, extra_brush=None) -> None:
        if pen is not None:
            self.pen = pen
        if brush is not None:
            self.brush = brush
        self.extra_brush = extra_brush
        self.group._changed()

    def boundingRect(self) -> QtCore.QRectF:
        return self._path.boundingRect()

    def isVisible(self) -> bool:
        return self.visible and self.group.isVisible()

    def setVisible(self, on: bool) -> None:
        self.visible = bool(on)
        self.group._changed()


class GroupItem(pg.GraphicsObject):
    """Several paths (e.g. the base map's fills and lines, or the three area statuses) drawn by
    ONE graphics item, in order, through a device cache."""

    def __init__(self, z: float = 0.0, cache_entries: int = 1, aliased_fill: bool = False,
                 crop: bool = False):
        super().__init__()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.layers: list[SubLayer] = []
        self._rect = QtCore.QRectF()
        self._version = 0
        self._counter = 0
        self._key_versions: dict = {}
        # Fills drawn without antialiasing, then the outlines with it (when the painter
        # antialiases): the antialiased outline covers the fill's edge, and an antialiased fill
        # of large polygons costs several times an aliased one.
        self.aliased_fill = aliased_fill
        self.cache = DeviceCache(entries=cache_entries, crop=crop or cache_entries > 1)

    def add(self, name: str, pen=NO_PEN, brush=NO_BRUSH, extra_brush=None) -> SubLayer:
        layer = SubLayer(self, name, pen, brush, extra_brush)
        self.layers.append(layer)
        return layer

    def _next_version(self) -> int:
        self._counter += 1
        return self._counter

    def set_paths(self, paths: dict, key=None) -> None:
        """Replace the paths of the named sub-layers at once (missing names: empty). ``key``
        names this content (e.g. a snapshot index): showing the same key again, with nothing
        else changed in between, reuses its cached image."""
        for layer in self.layers:
            path = paths.get(layer.name)
            layer._path = path if path is not None else QtGui.QPainterPath()
        if key is None:
            self._changed(geometry=True)
            return
        version = self._key_versions.get(key)
        if version is None:
            version = self._key_versions[key] = self._next_version()
        self._update_geometry()
        self._version = version
        self.update()

    def _update_geometry(self) -> None:
        rect = QtCore.QRectF()
        for layer in self.layers:
            if not layer.path().isEmpty():
                rect = rect.united(layer.path().boundingRect())
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def _changed(self, geometry: bool = False) -> None:
        self._key_versions.clear()       # a style or path change: earlier images are stale
        self._version = self._next_version()
        if geometry:
            self._update_geometry()
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def _render(self, p) -> None:
        split = self.aliased_fill and bool(
            p.renderHints() & QtGui.QPainter.RenderHint.Antialiasing)
        for layer in self.layers:
            if not layer.visible or layer.path().isEmpty():
                continue
            if split:
                p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
                p.setPen(NO_PEN)
            else:
                p.setPen(layer.pen)
            p.setBrush(layer.brush)
            p.drawPath(layer.path())
            if layer.extra_brush is not None:
                p.setPen(NO_PEN)
                p.setBrush(layer.extra_brush)
                p.drawPath(layer.path())
            if split:
                p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
                if layer.pen.style() != Qt.PenStyle.NoPen:
                    p.setPen(layer.pen)
                    p.setBrush(NO_BRUSH)
                    p.drawPath(layer.path())

    def set_background(self, colour: QtGui.QColor | None) -> None:
        """Draw as an opaque backdrop on ``colour`` (only for the lowest item of a view)."""
        self.cache.background = None if colour is None else QtGui.QColor(colour)
        self._changed()

    def paint(self, p, *args):
        if self._rect.isNull():
            return
        self.cache.paint(p, self._version, self._render, self._rect)


class RasterItem(pg.GraphicsObject):
    """A density raster: an (h, w, 4) premultiplied RGBA array (row 0 = the southern edge)
    drawn into a lon/lat rectangle as one QImage, without pyqtgraph's ImageItem conversions."""

    def __init__(self, z: float = 0.0):
        super().__init__()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._rect = QtCore.QRectF()
        self._rgba = np.zeros((1, 1, 4), np.uint8)
        self._image = None
        self._argb = None
        self._src = QtCore.QRect()
        self.empty = True
        # Off by default: a raster that changes on every cursor step (window mode) would be
        # drawn into the cache and then blitted; its layer turns it on when it mostly holds.
        self.cache = DeviceCache(crop=True)
        self.cache.enabled = False
        self._version = 0

    def setRect(self, rect: QtCore.QRectF) -> None:
        self.prepareGeometryChange()
        self._rect = QtCore.QRectF(rect)
        self.update()

    def setData(self, rgba: np.ndarray) -> None:
        """``rgba``: (h, w, 4) uint8, premultiplied alpha."""
        self._rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
        h, w = self._rgba.shape[:2]
        self._image = QtGui.QImage(self._rgba.data, w, h, w * 4,
                                   QtGui.QImage.Format.Format_RGBA8888_Premultiplied)
        alpha = self._rgba[..., 3]
        rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
        self._src = (QtCore.QRect(int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1),
                                  int(rows[-1] - rows[0] + 1)) if len(rows) else QtCore.QRect())
        self.empty = not len(rows)
        self._changed()

    def clear(self) -> None:
        """Every cell transparent (the array keeps its shape)."""
        if not self.empty:
            self._rgba[...] = 0
            self._src = QtCore.QRect()
            self.empty = True
            self._changed()

    def setCells(self, flat: np.ndarray, values: np.ndarray) -> None:
        """Change only some pixels (flat indices into h * w) of the current array in place."""
        if not len(flat):
            return
        self._rgba.reshape(-1, 4)[flat] = values
        on = flat[values[:, 3] > 0]
        if len(on):
            # The drawn part grows to cover new cells (cells that emptied leave it as it is).
            w = self._rgba.shape[1]
            iy, ix = on // w, on % w
            r = QtCore.QRect(int(ix.min()), int(iy.min()), int(ix.max() - ix.min() + 1),
                             int(iy.max() - iy.min() + 1))
            self._src = r if self._src.isEmpty() else self._src.united(r)
            self.empty = False
        elif not self.empty:
            self.empty = not bool(self._rgba[..., 3].any())
        self._changed()

    def _changed(self) -> None:
        self._argb = None          # converted again at the next paint
        self._version += 1
        self.update()

    @property
    def image(self) -> np.ndarray:
        return self._rgba

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def _target(self) -> QtCore.QRectF:
        """The part with counts in it, in map coordinates (transparent cells cost as much to
        blend as any)."""
        h, w = self._rgba.shape[:2]
        src, r = self._src, self._rect
        sx, sy = r.width() / w, r.height() / h
        return QtCore.QRectF(r.x() + src.x() * sx, r.y() + src.y() * sy,
                             src.width() * sx, src.height() * sy)

    def paint(self, p, *args):
        if self._image is None or self.empty or self._rect.isNull():
            return
        self.cache.paint(p, self._version, self._render, self._target())

    def _render(self, p) -> None:
        src = self._src
        target = self._target()
        if self._argb is None:
            # The raster engine's own pixel format: scaling RGBA8888 converts on every paint.
            self._argb = self._image.convertToFormat(
                QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        p.drawImage(target, self._argb, QtCore.QRectF(src))
