"""``LaidOutTexts``: short texts laid out once (``QStaticText``) and drawn again from that, for
widgets that repaint the same names and values on every cursor step (the pledge table's cells,
the bar charts). drawText lays its text out on every call."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QStaticText, QTransform


class LaidOutTexts:
    """Laid-out texts with their sizes, kept per (text, ``tag``, elided width); all are dropped
    when more than ``limit`` are kept. The owner calls ``clear`` when its font changes (the tag
    tells apart the fonts one owner uses, e.g. bold or not)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._kept: dict[tuple, tuple[QStaticText, float, float]] = {}
        self._widest: dict = {}          # tag -> the font's widest glyph

    def clear(self) -> None:
        self._kept.clear()
        self._widest.clear()

    def get(self, text: str, font: QFont, tag=None,
            elide_to: int | None = None) -> tuple[QStaticText, float, float]:
        """(laid-out text, its width, its height); ``elide_to``: elided to that many pixels."""
        key = (text, tag, elide_to)
        laid = self._kept.get(key)
        if laid is None:
            if len(self._kept) > self.limit:
                self._kept.clear()
            shown = text
            if elide_to is not None:
                widest = self._widest.get(tag)
                if widest is None:
                    widest = self._widest[tag] = QFontMetrics(font).maxWidth()
                # Measuring is laying out: a text that fits even in the widest glyphs is not.
                if len(text) * widest > elide_to:
                    shown = QFontMetrics(font).elidedText(text, Qt.ElideRight, elide_to)
            st = QStaticText(shown)
            st.setTextFormat(Qt.PlainText)
            st.prepare(QTransform(), font)
            size = st.size()
            laid = self._kept[key] = (st, size.width(), size.height())
        return laid

    def draw(self, p, rect: QRectF, text: str, font: QFont, right: bool = False, tag=None,
             elide_to: int | None = None) -> None:
        """``text`` in ``rect``: at its left (or ``right``) edge, centred vertically."""
        st, w, h = self.get(text, font, tag, elide_to)
        x = rect.right() - w if right else rect.x()
        p.drawStaticText(QPointF(x, rect.y() + (rect.height() - h) / 2), st)
