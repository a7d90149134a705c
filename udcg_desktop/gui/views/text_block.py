"""``TextBlock``: a few lines of word-wrapped rich text that change with the cursor (the
control-area figures under the headline numbers) without relaying out their panel each time.

A word-wrapped QLabel asks its layout to recompute on every new text, and the layout then
measures every other wrapped label of the panel again (a text layout each): ~0.8 ms a cursor
step in the figures panel. A TextBlock asks only when the height it needs at its width changes;
otherwise a new text just repaints it, and only it (it fills its own background).
"""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QPainter, QPalette,
                           QTextDocument)
from PySide6.QtWidgets import QSizePolicy, QWidget

HINT_WIDTH = 400


class TextBlock(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._html = ""
        # The document drawn, laid out at the block's width: once per new text (setting its
        # text width again, even to the same value, lays the whole text out again).
        self._doc = self._document()
        # Heights asked at other widths (a layout trying sizes) are measured on a second
        # document, so the drawn one is not laid out again for them.
        self._scratch = self._document()
        self._scratch_html = None
        self._heights: dict[int, int] = {}        # for this text: width -> height it needs
        policy = QSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAttribute(Qt.WA_OpaquePaintEvent)     # it paints its background itself

    def _document(self) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(self.font())
        return doc

    def set_colour(self, colour: QColor) -> None:
        """The text's colour (default: the palette's window text)."""
        palette = self.palette()
        palette.setColor(QPalette.WindowText, colour)
        self.setPalette(palette)

    def text(self) -> str:
        return self._html

    def setText(self, html: str) -> None:
        if html == self._html:
            return
        width = self.width()
        before = self.heightForWidth(width)
        self._html = html
        self._heights.clear()
        if self._doc.textWidth() != max(1, width):
            self._doc.setTextWidth(max(1, width))
        self._doc.setHtml(html)                    # laid out once, at the block's width
        if self.heightForWidth(width) != before:
            self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if not self._html:
            return 0
        width = max(1, width)
        height = self._heights.get(width)
        if height is None:
            if self._doc.textWidth() == width:
                doc = self._doc
            else:
                doc = self._scratch_for(width)
            height = self._heights[width] = int(math.ceil(doc.size().height()))
        return height

    def _scratch_for(self, width: float) -> QTextDocument:
        if self._scratch_html != self._html:
            self._scratch.setHtml(self._html)
            self._scratch_html = self._html
        if self._scratch.textWidth() != width:
            self._scratch.setTextWidth(width)
        return self._scratch

    def sizeHint(self) -> QSize:
        # Wrapped text takes the width it is given: it asks for HINT_WIDTH, and the height its
        # text needs at the width it has (already measured: a relayout after each new text
        # asks this, and a natural width meant two more layouts of the text every time).
        width = self.width() if self.isVisible() and self.width() > 0 else HINT_WIDTH
        return QSize(HINT_WIDTH, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(40, 0)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.FontChange:      # presentation mode's larger fonts
            for doc in (self._doc, self._scratch):
                doc.setDefaultFont(self.font())
            self._heights.clear()
            self._scratch_html = None
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, _event) -> None:
        if self._doc.textWidth() != self.width():      # resized since the text came
            self._doc.setTextWidth(self.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.Text, self.palette().color(QPalette.WindowText))
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().brush(self.backgroundRole()))
        self._doc.documentLayout().draw(p, context)
        p.end()
