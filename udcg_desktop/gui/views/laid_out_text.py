"""Short texts that repeat from one cursor step to the next, measured and laid out once:
``LaidOutTexts`` keeps them laid out (``QStaticText``) for widgets that repaint the same names and
values on every step (the pledge table's cells, the bar charts; drawText lays its text out on
every call); ``KeptWidths`` keeps their widths and elisions (the bar charts, the map's date box);
``elided`` skips the measure of a text that surely fits (the text lines)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QStaticText, QTransform


def elided(metrics, text: str, width):
    """``text`` cut to ``width`` with an ellipsis. Measuring is laying out: a text that fits
    even in the font's widest glyphs is returned unmeasured."""
    if len(text) * metrics.maxWidth() <= width:
        return text
    return metrics.elidedText(text, Qt.ElideRight, width)


class KeptWidths:
    """A font's metrics (``QFontMetrics`` or ``QFontMetricsF``) whose text widths and elisions are
    measured once and kept; used where metrics are (``horizontalAdvance``, ``height``)."""

    LIMIT = 2048          # kept widths and elisions; all are dropped past this

    def __init__(self, metrics):
        self.metrics = metrics
        self._kept: dict = {}

    def horizontalAdvance(self, text: str):
        width = self._kept.get(text)
        if width is None:
            if len(self._kept) > self.LIMIT:
                self._kept.clear()
            width = self._kept[text] = self.metrics.horizontalAdvance(text)
        return width

    def elided(self, text: str, width):
        """``text`` cut to ``width`` with an ellipsis (itself when its kept width fits)."""
        if self.horizontalAdvance(text) <= width:
            return text
        shown = self._kept.get((text, width))
        if shown is None:
            shown = self._kept[(text, width)] = self.metrics.elidedText(text, Qt.ElideRight,
                                                                        width)
        return shown

    def height(self):
        return self.metrics.height()


class LaidOutTexts:
    """Laid-out texts with their sizes, kept per (text, ``tag``, elided width); all are dropped
    when more than ``limit`` are kept. The owner calls ``clear`` when its font changes (the tag
    tells apart the fonts one owner uses, e.g. bold or not)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._kept: dict[tuple, tuple[QStaticText, float, float]] = {}
        self._metrics: dict = {}         # tag -> the font's metrics

    def clear(self) -> None:
        self._kept.clear()
        self._metrics.clear()

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
                metrics = self._metrics.get(tag)
                if metrics is None:
                    metrics = self._metrics[tag] = QFontMetrics(font)
                shown = elided(metrics, text, elide_to)
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
