"""``TextLine``: one line of text that changes with every cursor step (a figure, a date, the
table's totals) without making its window lay itself out again.

A QLabel asks its parent's layout to recompute on every new text (``updateGeometry``), and the
layout requests travel up through the dock and the main window: ~1 ms a step for a handful of
labels. A TextLine's size hint comes from its font, not its text, so a new text only repaints
it. Text too long for the width is elided; the full text is then in the tooltip.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class TextLine(QWidget):
    def __init__(self, text: str = "", parent=None, min_chars: int = 6,
                 align=Qt.AlignLeft | Qt.AlignVCenter):
        super().__init__(parent)
        self._text = text
        self._tip = ""
        self.min_chars = min_chars
        self.align = align
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        # It fills its own background: a new text then repaints this line only, not the
        # panel, dock and window behind it (~0.4 ms a step for the table's totals line).
        self.setAttribute(Qt.WA_OpaquePaintEvent)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.update()

    def setToolTip(self, tip: str) -> None:          # the caller's tooltip wins over the elision
        self._tip = tip
        super().setToolTip(tip)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * self.min_chars, fm.height() + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.FontChange:        # presentation mode's larger fonts
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, _event) -> None:
        fm = self.fontMetrics()
        shown = fm.elidedText(self._text, Qt.ElideRight, self.width())
        if not self._tip:
            tip = self._text if shown != self._text else ""
            if self.toolTip() != tip:
                QWidget.setToolTip(self, tip)
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().brush(self.backgroundRole()))
        p.setPen(self.palette().color(QPalette.WindowText))
        p.drawText(self.rect(), int(self.align), shown)
        p.end()
