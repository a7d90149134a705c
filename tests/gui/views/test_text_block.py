"""TextBlock: wrapped rich text that relays its panel out only when the height it needs changes."""
import math

from PySide6.QtCore import QEvent
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from udcg_desktop.gui.views.text_block import TextBlock

from ..mw_helpers import EventCounter, shown


def _panel(qtbot, block):
    panel = QWidget()
    lay = QVBoxLayout(panel)
    lay.addWidget(QLabel("Figures"))
    lay.addWidget(block)
    lay.addStretch(1)
    return shown(qtbot, panel, 300, 400)


def test_same_height_repaints_without_a_relayout_and_a_longer_text_grows(qtbot):
    block = TextBlock()
    panel = _panel(qtbot, block)
    block.setText("<small>Kharkiv oblast: occupied 119 km², contested 50 km²</small>")
    qtbot.wait(20)
    one_line = block.height()
    assert one_line > 0 and block.text().startswith("<small>Kharkiv")
    requests = EventCounter(QEvent.LayoutRequest)
    panel.installEventFilter(requests)
    for km in (120, 121, 122):           # new figures, same one line: no relayout
        block.setText(f"<small>Kharkiv oblast: occupied {km} km², contested 50 km²</small>")
        qtbot.wait(10)
    assert requests.count == 0 and block.height() == one_line
    long = "<small>" + "<br>".join(["Kharkiv oblast: occupied 122 km²"] * 4) + "</small>"
    block.setText(long)
    qtbot.waitUntil(lambda: block.height() > 3 * one_line, timeout=1000)
    assert requests.count >= 1


def test_paints_its_text_in_the_window_text_colour(qtbot):
    block = TextBlock()
    panel = _panel(qtbot, block)     # kept: the panel owns the block
    block.setText("<b>█████</b>")
    qtbot.wait(20)
    image = block.grab().toImage()
    dark = [image.pixelColor(x, y).lightness() for x in range(min(40, image.width()))
            for y in range(image.height())]
    assert min(dark) < 80          # the block characters are drawn, dark on the light panel
    block.setText("")
    qtbot.wait(20)
    assert block.heightForWidth(300) == 0 and panel.isVisible()


def test_heights_at_other_widths_are_right_and_leave_the_drawn_text_laid_out(qtbot):
    """A layout asks heights at widths the block does not have: they are measured apart, so
    the text drawn is laid out once per new text, not again for every question."""
    block = TextBlock()
    panel = _panel(qtbot, block)     # kept: the panel owns the block
    texts = ["<small>" + ", ".join(f"Settlement {k} (unmarked → contested)" for k in range(n))
             + "</small>" for n in (6, 11)]
    for html in texts:
        block.setText(html)
        qtbot.wait(20)
        drawn = block._doc.textWidth()
        assert drawn == block.width()
        for width in (80, 150, 290, block.width()):
            fresh = QTextDocument()
            fresh.setDocumentMargin(0)
            fresh.setDefaultFont(block.font())
            fresh.setHtml(html)
            fresh.setTextWidth(width)
            assert block.heightForWidth(width) == math.ceil(fresh.size().height())
        hint = block.sizeHint()
        assert 0 < hint.width() <= 400 and hint.height() > 0
        assert block._doc.textWidth() == drawn       # the drawn text was not laid out again
