"""Graphics items of the timeline beyond pyqtgraph's own: the window band, labels that follow
the view's transform only when it changes, and the cursor's line and date tag."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject


class WindowBand(pg.GraphicsObject):
    """Window mode's shaded span [start, end] across the whole plot height.

    A one-day step marks only the two day-wide strips that changed at its ends for repainting,
    not the whole span as a moved LinearRegionItem does (the items under the strips still
    draw, clipped to them: a small saving in pixels, ~0.1 ms). Its bounds are the view's, as
    an InfiniteLine's are."""

    def __init__(self):
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._region = (0.0, 0.0)
        self._brush = QBrush(Qt.NoBrush)

    def setBrush(self, brush) -> None:
        self._brush = QBrush(brush)
        self.update()

    def getRegion(self) -> tuple[float, float]:
        return self._region

    def setRegion(self, region) -> None:
        new = (float(min(region)), float(max(region)))
        old = self._region
        if new == old:
            return
        self._region = new
        view = self.boundingRect()
        changed = [(min(a, b), max(a, b)) for a, b in zip(old, new)]
        if changed[0][1] >= changed[1][0]:          # the strips meet: one update
            changed = [(changed[0][0], changed[1][1])]
        pad = (view.width() / 1000.0) if view.width() > 0 else 0.0
        for lo, hi in changed:
            self.update(QRectF(lo - pad, view.top(), hi - lo + 2 * pad, view.height()))

    def viewTransformChanged(self):
        self.prepareGeometryChange()

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()          # in data coordinates, as this item's own
        return QRectF() if vb is None else QRectF(vb.viewRect())

    def paint(self, p, *args):
        view = self.boundingRect()
        lo, hi = self._region
        p.setPen(Qt.NoPen)
        p.setBrush(self._brush)
        p.drawRect(QRectF(lo, view.top(), hi - lo, view.height()))


class ViewLabel(pg.TextItem):
    """A TextItem kept upright and unscaled when its view's transform changes, not before every
    paint: pyqtgraph's TextItem hooks each label to the scene's prepare-for-paint signal, so a
    cursor step's repaint made ~25 Python calls (~0.7 ms) to find the transform unchanged. The
    owner calls ``follow_view`` with its view box."""

    _rect = None

    def updateTextPos(self):
        self._rect = None          # every change of text, font, anchor or transform comes here
        super().updateTextPos()

    def boundingRect(self):
        # Qt asks every item for its rect on every repaint of the view (25 meeting labels:
        # ~0.4 ms a cursor step when worked out each time).
        if self._rect is None:
            self._rect = super().boundingRect()
        return self._rect

    def paint(self, p, *args):
        scene = self.scene()
        if scene is not self._lastScene:       # first paint in this scene: no hook, just once
            self._lastScene = scene
            self.updateTransform()
            p.setTransform(self.sceneTransform())
        super().paint(p, *args)


def follow_view(view_box, labels) -> None:
    """Bring ``labels`` (ViewLabels, or a callable giving them) up to the view's new transform
    whenever it changes (zoom, pan, resize)."""
    def refresh(*_):
        for label in (labels() if callable(labels) else labels):
            label.updateTransform()
    view_box.sigTransformChanged.connect(refresh)


class CursorLine(pg.InfiniteLine):
    """The time cursor's line (vertical or horizontal), keeping its bounds when it moves across
    itself. In its own coordinates they run along the view's other axis and a few pixels across,
    wherever it stands; pyqtgraph maps the view's rect and a pixel through the item again on
    every move (~0.4 ms of each cursor step). A change of the view still drops them."""

    def setPos(self, pos):
        rect = self._boundingRect
        super().setPos(pos)
        if rect is not None and self.angle % 90 == 0:
            self._boundingRect = rect


class CursorTag(QGraphicsObject):
    """The cursor's date beside its line: a filled box with one line of text, upright and
    unscaled at a point in data coordinates, to the point's right (``anchor`` (0, 1)) or left
    ((1, 1)), bottom on the point. A TextItem redrew a QTextDocument and an outline polygon on
    every step (~0.8 ms of each cursor step's timeline repaint)."""

    PAD = 2.0

    def __init__(self):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._text = ""
        self.anchor = (0.0, 1.0)
        self.colour = QColor("#c0392b")
        self._fill = QBrush(QColor("white"))
        self._font = QFont()
        self._ascent = 0.0
        self._rect = QRectF()

    @property
    def fill(self) -> QBrush:
        return self._fill

    @fill.setter
    def fill(self, brush) -> None:
        self._fill = QBrush(brush)
        self.update()

    def toPlainText(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._relayout()

    def setAnchor(self, anchor) -> None:
        anchor = (float(anchor[0]), float(anchor[1]))
        if anchor != self.anchor:
            self.anchor = anchor
            self._relayout()

    def setColor(self, colour) -> None:
        self.colour = QColor(colour)
        self.update()

    def setFont(self, font: QFont) -> None:
        self._font = QFont(font)
        self._relayout()

    def _relayout(self) -> None:
        fm = QFontMetricsF(self._font)
        self._ascent = fm.ascent()
        w = fm.horizontalAdvance(self._text) + 2 * self.PAD
        h = fm.height() + 2 * self.PAD
        self.prepareGeometryChange()
        self._rect = QRectF(-self.anchor[0] * w, -self.anchor[1] * h, w, h)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p, *args):
        if not self._text:
            return
        p.fillRect(self._rect, self._fill)
        p.setPen(QPen(self.colour))
        p.setFont(self._font)
        p.drawText(QPointF(self._rect.x() + self.PAD, self._rect.y() + self.PAD + self._ascent),
                   self._text)
