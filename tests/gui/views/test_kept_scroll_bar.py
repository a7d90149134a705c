"""KeptScrollBar: draws what a plain scroll bar draws, from a kept picture while its state is
the same; the pledge table's bars are such bars."""
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QScrollBar, QVBoxLayout, QWidget

from udcg_desktop.core.cursor import WINDOW
from udcg_desktop.core.session import Session
from udcg_desktop.gui.views.kept_scroll_bar import KeptScrollBar
from udcg_desktop.gui.views.pledge_table import PledgeTableView
from tests.bench.bench_viewer import large_briefing

from ..mw_helpers import shown


def _pixels(widget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_it_draws_what_a_plain_scroll_bar_draws(qtbot):
    panel = QWidget()                   # one window: both active or inactive alike
    lay = QVBoxLayout(panel)
    kept, plain = KeptScrollBar(Qt.Horizontal), QScrollBar(Qt.Horizontal)
    for bar in (kept, plain):
        bar.setFixedSize(400, 16)
        lay.addWidget(bar)
    shown(qtbot, panel, 420, 60)
    for maximum, value, page in ((100, 0, 10), (100, 60, 10), (5000, 4990, 3), (0, 0, 1)):
        for bar in (kept, plain):
            bar.setRange(0, maximum)
            bar.setPageStep(page)
            bar.setValue(value)
        assert _pixels(kept) == _pixels(plain)
    kept.setEnabled(False)
    plain.setEnabled(False)
    assert _pixels(kept) == _pixels(plain)


def test_a_window_step_draws_the_unchanged_bar_from_its_kept_picture(qtbot):
    session = Session(large_briefing(n_pledges=5000, n_events=100, n_snapshots=1))
    view = shown(qtbot, PledgeTableView(session), 736, 314)
    table = view.table
    vertical, horizontal = table.verticalScrollBar(), table.horizontalScrollBar()
    assert isinstance(vertical, KeptScrollBar) and isinstance(horizontal, KeptScrollBar)
    session.cursor.set_mode(WINDOW, 14)
    session.cursor.set_date(np.datetime64("2024-05-01"))
    qtbot.wait(30)
    before = (vertical._kept, horizontal._kept)
    rows = view.model.rowCount()
    session.cursor.set_date(np.datetime64("2024-05-09"))
    qtbot.waitUntil(lambda: vertical._kept is not before[0], timeout=1000)
    assert view.model.rowCount() != rows                      # the vertical range changed
    assert horizontal._kept is before[1]                     # the horizontal bar did not
    qtbot.wait(50)
    window = QGuiApplication.primaryScreen().grabWindow(view.winId())
    for bar in (vertical, horizontal):                       # on screen as drawn anew
        corner = bar.mapTo(view, bar.rect().topLeft())
        on_screen = window.copy(corner.x(), corner.y(), bar.width(), bar.height())
        assert on_screen.toImage().convertToFormat(QImage.Format.Format_RGB32) == _pixels(bar)
