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

from .laid_out_text import elided


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
        self._shown = None            # (width, the text elided to it)
        self._auto_tip = ""           # the tooltip set for an elided text

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._shown = None
            self.update()

    def setToolTip(self, tip: str) -> None:          # the caller's tooltip wins over the elision
        self._tip = tip
        self._shown = None
        super().setToolTip(tip)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * self.min_chars, fm.height() + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.FontChange:        # presentation mode's larger fonts
            self._shown = None
            self.updateGeometry()
        super().changeEvent(event)

    def _elided(self, width: int) -> str:
        """The text as drawn (elided to the width), worked out once per text, width and font;
        drawText beats a QStaticText here, which is laid out again for every new text."""
        if self._shown is None or self._shown[0] != width:
            text = self._text
            shown = elided(self.fontMetrics(), text, width)
            tip = text if shown != text else ""
            if not self._tip and tip != self._auto_tip:
                self._auto_tip = tip
                QWidget.setToolTip(self, tip)
            self._shown = (width, shown)
        return self._shown[1]

    def paintEvent(self, _event) -> None:
        rect = self.rect()
        shown = self._elided(rect.width())
        p = QPainter(self)
        palette = self.palette()
        p.fillRect(rect, palette.brush(self.backgroundRole()))
        p.setPen(palette.color(QPalette.WindowText))
        p.drawText(rect, int(self.align), shown)
        p.end()
