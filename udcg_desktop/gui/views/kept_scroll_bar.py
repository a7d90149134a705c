"""``KeptScrollBar``: a scroll bar that keeps its last picture and shows it again while nothing
it draws has changed.

A window-mode step adds and removes table rows, and the table's relayout repaints both of its
scroll bars; Fusion draws each (gradients, rounded handle) in ~0.3 ms, the horizontal one
unchanged every time. Under the mouse or while dragged, the style draws it as usual (hover and
pressed looks come from the bar's private state). It paints its own background, as its parent
would under it (Fusion draws parts of it see-through): the picture is then opaque and a plain
copy, and its pixels are those of a plain bar.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QScrollBar, QStyle, QStyleOptionSlider


class KeptScrollBar(QScrollBar):
    _kept: tuple | None = None             # (what was drawn, its picture)

    def __init__(self, *args):
        super().__init__(*args)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def _background(self, device) -> None:
        p = QPainter(device)
        p.fillRect(self.rect(), self.palette().brush(self.backgroundRole()))
        p.end()

    def paintEvent(self, event) -> None:
        if self.underMouse() or self.isSliderDown():
            self._kept = None
            self._background(self)
            super().paintEvent(event)
            return
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        opt.subControls = QStyle.SubControl.SC_All
        opt.activeSubControls = QStyle.SubControl.SC_None
        ratio = self.devicePixelRatioF()
        key = (opt.rect.getRect(), opt.minimum, opt.maximum, opt.sliderPosition, opt.pageStep,
               opt.singleStep, opt.upsideDown, opt.state.value, opt.palette.cacheKey(), ratio,
               self.style().name())
        if self._kept is None or self._kept[0] != key:
            picture = QPixmap(self.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            self._background(picture)
            p = QPainter(picture)
            self.style().drawComplexControl(QStyle.ComplexControl.CC_ScrollBar, opt, p, self)
            p.end()
            self._kept = (key, picture)
        p = QPainter(self)
        p.drawPixmap(0, 0, self._kept[1])
        p.end()
