"""TextLine: a line whose text changes every cursor step repaints itself, not what is behind it."""
from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from udcg_desktop.gui.views.text_line import TextLine

from ..mw_helpers import EventCounter, shown


def test_a_new_text_repaints_the_line_but_not_its_parent(qtbot):
    parent = QWidget()
    line = TextLine("pledged €1.0bn")
    QVBoxLayout(parent).addWidget(line)
    shown(qtbot, parent, 300, 80)
    qtbot.wait(20)
    behind, own = EventCounter(QEvent.Paint), EventCounter(QEvent.Paint)
    parent.installEventFilter(behind)
    line.installEventFilter(own)
    for value in ("€1.1bn", "€1.2bn", "€1.3bn"):
        line.setText(f"pledged {value}")
        qtbot.waitUntil(lambda: own.count > 0, timeout=1000)
        qtbot.wait(5)
    assert own.count >= 1 and behind.count == 0
    # It paints its own background: the window colour, under and around the text.
    image = line.grab().toImage()
    corner = image.pixelColor(image.width() - 1, 0)
    assert corner == line.palette().color(QPalette.Window)
