"""Boxes fixed to the map view's corners, not to the map, drawn above every layer:
``ScreenPanel`` and its kinds, the date stamp, scale bar, legend and attribution."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ..laid_out_text import KeptWidths
from .data import km_per_deg_lon, nice_scale_km
from .markers import symbol_path
from .style import NO_PEN

Qt = QtCore.Qt


class ScreenPanel(QtWidgets.QGraphicsObject):
    """A box fixed to a corner of the ViewBox (not to the map), drawn above the map layers."""

    def __init__(self, view_box: pg.ViewBox, anchor: str = "tl", margin: float = 10.0):
        super().__init__()
        self.setParentItem(view_box)
        self.setZValue(10_000)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        # Never a pixel outside the box: what is drawn there would not be repainted when the box
        # shrinks or moves (stale text under the date box in presentation mode).
        self.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemClipsToShape, True)
        self.anchor = anchor
        self.margin = margin
        self.extra_offset = QtCore.QPointF(0, 0)
        self._size = QtCore.QSizeF(10, 10)
        self.bg = QtGui.QColor(255, 255, 255, 230)
        self.border = QtGui.QPen(QtGui.QColor("#9a9a9a"))
        self.border.setCosmetic(True)
        self.fg = QtGui.QColor("#1d1d1d")
        self.font_scale = 1.0

    def setColours(self, bg: QtGui.QColor, border: QtGui.QPen, fg: QtGui.QColor) -> None:
        self.bg, self.border, self.fg = bg, border, fg
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        return QtCore.QRectF(0, 0, self._size.width(), self._size.height())

    def set_size(self, w: float, h: float) -> None:
        if (w, h) != (self._size.width(), self._size.height()):
            self.prepareGeometryChange()
            self._size = QtCore.QSizeF(w, h)
        self.reposition()

    def reposition(self) -> None:
        parent = self.parentItem()
        if parent is None:
            return
        r = parent.boundingRect()
        w, h, m = self._size.width(), self._size.height(), self.margin
        x = r.left() + m if self.anchor[1] == "l" else r.right() - m - w
        y = r.top() + m if self.anchor[0] == "t" else r.bottom() - m - h
        self.setPos(x + self.extra_offset.x(), y + self.extra_offset.y())

    def max_width(self) -> float:
        """The widest the box may be: the view's width less the margins."""
        parent = self.parentItem()
        if parent is None or parent.boundingRect().width() <= 0:
            return float("inf")
        return max(80.0, parent.boundingRect().width() - 2 * self.margin)

    def refit(self) -> None:
        """Measured again for the view's width (the view was resized)."""
        width = self.max_width()
        if width != getattr(self, "_fitted_width", None):
            self._fitted_width = width
            self._relayout()
            self.update()

    def set_font_scale(self, scale: float) -> None:
        """Larger text (presentation mode): the box is measured again for it."""
        if scale != self.font_scale:
            self.font_scale = scale
            self._relayout()
            self.update()

    def _relayout(self) -> None:
        """Size the box for its text (panels whose size follows their text override this)."""

    def font(self, pt: float, bold: bool = False) -> QtGui.QFont:
        f = QtGui.QFont()
        f.setPointSizeF(pt * self.font_scale)
        f.setBold(bold)
        return f

    @staticmethod
    def wrap(lines: list[str], metrics: QtGui.QFontMetricsF, width: float) -> list[str]:
        """``lines`` broken at spaces so that none is wider than ``width`` (a single word that is
        wider stays whole)."""
        out = []
        for line in lines:
            if metrics.horizontalAdvance(line) <= width:     # the usual case: one measure
                out.append(line)
                continue
            words, cur = line.split(" "), ""
            for word in words:
                trial = f"{cur} {word}" if cur else word
                if cur and metrics.horizontalAdvance(trial) > width:
                    out.append(cur)
                    cur = "  " + word          # continuation lines indented a little
                else:
                    cur = trial
            out.append(cur)
        return out

    def _box(self, p) -> None:
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        p.setPen(self.border)
        p.setBrush(self.bg)
        p.drawRoundedRect(self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)


class DateStamp(ScreenPanel):
    """The cursor date, large, with a line or two on what is shown."""

    def __init__(self, view_box, anchor="tl"):
        super().__init__(view_box, anchor)
        self.title = ""
        self.lines: list[str] = []
        self.heading = ""
        self._fonts_for = None               # the font scale the fonts below are for
        self._font_set: tuple = ()
        # Their metrics, widths kept: a cursor step changes the date and a count, the rest
        # of the lines repeat.
        self._widths: tuple = ()
        self._relayout()

    def set_text(self, title: str, lines: list[str], heading: str = "") -> None:
        if (title, lines, heading) != (self.title, self.lines, self.heading):
            self.title, self.lines, self.heading = title, list(lines), heading
            self._relayout()
            self.update()

    def shown_lines(self) -> list[str]:
        """The lines as drawn: wrapped to the view's width."""
        return getattr(self, "_shown", self.lines)

    def text(self) -> str:
        return self.title

    def _fonts(self):
        if self._fonts_for != self.font_scale:
            self._fonts_for = self.font_scale
            self._font_set = (self.font(9.5, True), self.font(20, True), self.font(8.5))
            self._widths = tuple(KeptWidths(QtGui.QFontMetricsF(f)) for f in self._font_set)
        return self._font_set

    def _relayout(self) -> None:
        self._fonts()
        fh, fb, fs = self._widths
        self._shown = self.wrap(self.lines, fs, self.max_width() - 20)
        w = max([fb.horizontalAdvance(self.title)] + [fs.horizontalAdvance(s) for s in self._shown]
                + [fh.horizontalAdvance(self.heading)])
        h = fb.height() + fs.height() * len(self._shown) + (fh.height() if self.heading else 0)
        self.set_size(w + 20, h + 12)

    def paint(self, p, *args):
        self._box(p)
        fh, fb, fs = self._fonts()
        y = 6.0
        p.setPen(self.fg)
        rows = ([(fh, self.heading)] if self.heading else []) + [(fb, self.title)] + [
            (fs, s) for s in self.shown_lines()]
        for font, text in rows:
            p.setFont(font)
            m = QtGui.QFontMetricsF(font)
            p.drawText(QtCore.QPointF(10, y + m.ascent()), text)
            y += m.height()


class ScaleBar(ScreenPanel):
    """A km scale bar, correct at the latitude of the view's centre."""

    BAR_PX = 130.0

    def __init__(self, view_box, anchor="bl"):
        super().__init__(view_box, anchor)
        self.view_box = view_box
        self.set_size(self.BAR_PX + 50, 36)
        self.bg = QtGui.QColor(255, 255, 255, 200)
        self._shown = None
        # Drawn from a device cache like the other panels (a cursor step repaints the map under
        # it); the cache is dropped when a zoom or pan changes the bar, not on every step.
        self.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        view_box.sigRangeChanged.connect(self._on_range)
        view_box.sigResized.connect(self._on_range)

    def _on_range(self, *_):
        if self.km_and_pixels() != self._shown:
            self.update()

    def km_and_pixels(self) -> tuple[float, float]:
        vr = self.view_box.viewRect()
        dx = self.view_box.viewPixelSize()[0]
        lat = vr.center().y()
        km_per_px = dx * km_per_deg_lon(lat)
        km = nice_scale_km(km_per_px, self.BAR_PX)
        return km, (km / km_per_px if km_per_px > 0 else 0.0)

    def paint(self, p, *args):
        km, px = self._shown = self.km_and_pixels()
        if px <= 0:
            return
        label = f"{km:g} km"
        p.setFont(self.font(8))
        m = QtGui.QFontMetricsF(p.font())
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        p.setPen(self.border)
        p.setBrush(self.bg)
        width = min(self._size.width(), px + 20 + m.horizontalAdvance(label) / 2.0)
        p.drawRoundedRect(QtCore.QRectF(0.5, 0.5, width - 1, self._size.height() - 1), 4, 4)
        x0, y0 = 10.0, 22.0
        dark = QtGui.QColor(self.fg)
        light = QtGui.QColor(self.bg)
        light.setAlpha(255)
        p.setPen(QtGui.QPen(dark, 1))
        for j in range(4):
            seg = px / 4.0
            p.setBrush(dark if j % 2 == 0 else light)
            p.drawRect(QtCore.QRectF(x0 + j * seg, y0, seg, 5))
        p.drawText(QtCore.QPointF(x0, y0 - 5), "0")
        p.drawText(QtCore.QPointF(x0 + px - m.horizontalAdvance(label) / 2.0, y0 - 5), label)


class Legend(ScreenPanel):
    """Grouped entries: patches (areas), symbols (events, deliveries), lines (overlays)."""

    def __init__(self, view_box, anchor="br"):
        super().__init__(view_box, anchor)
        self.entries: list[tuple] = []   # (kind, label, style...)
        self._relayout()

    def set_entries(self, entries: list[tuple]) -> None:
        self.entries = list(entries)
        self._relayout()
        self.update()

    def labels(self) -> list[str]:
        return [e[1] for e in self.entries]

    def _relayout(self):
        fh = QtGui.QFontMetricsF(self.font(8.5, True))
        fe = QtGui.QFontMetricsF(self.font(8.5))
        w, h = 0.0, 0.0
        for e in self.entries:
            if e[0] == "heading":
                w = max(w, fh.horizontalAdvance(e[1]))
                h += fh.height() + 2
            else:
                w = max(w, 22 + fe.horizontalAdvance(e[1]))
                h += max(fe.height(), 14)
        self.set_size(w + 20, h + 12 if self.entries else 0)

    def paint(self, p, *args):
        if not self.entries:
            return
        self._box(p)
        fh, fe = self.font(8.5, True), self.font(8.5)
        mh, me = QtGui.QFontMetricsF(fh), QtGui.QFontMetricsF(fe)
        y = 6.0
        for e in self.entries:
            kind = e[0]
            if kind == "heading":
                p.setFont(fh)
                p.setPen(self.fg)
                p.drawText(QtCore.QPointF(10, y + mh.ascent()), e[1])
                y += mh.height() + 2
                continue
            row_h = max(me.height(), 14)
            cy = y + row_h / 2.0
            if kind == "patch":
                _, _, pen, brush, extra = e
                p.setPen(pen)
                p.setBrush(brush)
                r = QtCore.QRectF(10, cy - 5, 16, 10)
                p.drawRect(r)
                if extra is not None:
                    p.setPen(NO_PEN)
                    p.setBrush(extra)
                    p.drawRect(r)
            elif kind == "symbol":
                _, _, sym, colour, size = e
                p.save()
                p.translate(18, cy)
                p.scale(size, size)
                if sym in ("x", "+"):
                    pen = QtGui.QPen(colour)
                    pen.setWidthF(2.2 / size)
                else:
                    pen = QtGui.QPen(QtGui.QColor("#ffffff"))
                    pen.setWidthF(1.0 / size)
                p.setPen(pen)
                p.setBrush(QtGui.QBrush(colour))
                p.drawPath(symbol_path(sym))
                p.restore()
            elif kind == "line":
                _, _, pen = e
                p.setPen(pen)
                p.drawLine(QtCore.QPointF(10, cy), QtCore.QPointF(26, cy))
            elif kind == "raster":
                _, _, colour = e
                g = QtGui.QLinearGradient(10, 0, 26, 0)
                c0 = QtGui.QColor(colour)
                c0.setAlpha(50)
                c1 = QtGui.QColor(colour)
                c1.setAlpha(210)
                g.setColorAt(0, c0)
                g.setColorAt(1, c1)
                p.setPen(NO_PEN)
                p.setBrush(QtGui.QBrush(g))
                p.drawRect(QtCore.QRectF(10, cy - 5, 16, 10))
            p.setFont(fe)
            p.setPen(self.fg)
            p.drawText(QtCore.QPointF(32, y + (row_h - me.height()) / 2 + me.ascent()), e[1])
            y += row_h


class Attribution(ScreenPanel):
    """Small source line(s) at the bottom of the map."""

    def __init__(self, view_box, anchor="br"):
        super().__init__(view_box, anchor, margin=4)
        self.lines: list[str] = []
        self._shown: list[str] = []
        self.bg = QtGui.QColor(255, 255, 255, 190)

    def set_lines(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self._relayout()
        self.update()

    def _relayout(self) -> None:
        # Wrapped to the view: a line wider than the map was cut at its left edge.
        m = QtGui.QFontMetricsF(self.font(7))
        self._shown = self.wrap(self.lines, m, self.max_width() - 10)
        w = max([m.horizontalAdvance(s) for s in self._shown] + [0])
        self.set_size(w + 10, m.height() * len(self._shown) + 4)

    def text(self) -> str:
        return "\n".join(self.lines)

    def paint(self, p, *args):
        if not self.lines:
            return
        p.setPen(NO_PEN)
        p.setBrush(self.bg)
        p.drawRect(self.boundingRect())
        f = self.font(7)
        p.setFont(f)
        m = QtGui.QFontMetricsF(f)
        p.setPen(self.fg)
        y = 2.0
        for s in self._shown:
            p.drawText(QtCore.QPointF(5, y + m.ascent()), s)
            y += m.height()
