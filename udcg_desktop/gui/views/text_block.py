"""``TextBlock``: a few lines of word-wrapped rich text that change with the cursor (the
control-area figures under the headline numbers) without relaying out their panel each time.

A word-wrapped QLabel asks its layout to recompute on every new text, and the layout then
measures every other wrapped label of the panel again (a text layout each): ~0.8 ms a cursor
step in the figures panel. A TextBlock asks only when the height it needs at its width changes;
otherwise a new text just repaints it.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QWidget


class TextBlock(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._html = ""
        self._doc = QTextDocument(self)
        self._doc.setDocumentMargin(0)
        self._doc.setDefaultFont(self.font())
        policy = QSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._html

    def setText(self, html: str) -> None:
        if html == self._html:
            return
        before = self.heightForWidth(self.width())
        self._html = html
        self._doc.setHtml(html)
        if self.heightForWidth(self.width()) != before:
            self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if not self._html:
            return 0
        self._doc.setTextWidth(max(1, width))
        return int(math.ceil(self._doc.size().height()))

    def sizeHint(self) -> QSize:
        self._doc.setTextWidth(-1)                 # the natural width: one line per paragraph
        width = int(math.ceil(min(self._doc.idealWidth(), 400)))
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(40, 0)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.FontChange:      # presentation mode's larger fonts
            self._doc.setDefaultFont(self.font())
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, _event) -> None:
        self._doc.setTextWidth(self.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.Text, self.palette().color(QPalette.WindowText))
        p = QPainter(self)
        self._doc.documentLayout().draw(p, context)
        p.end()
