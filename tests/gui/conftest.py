"""Fixtures shared by the GUI tests."""
import pytest

from udcg_desktop.core.state import Session
from udcg_desktop.gui.views.figures_panel import FiguresPanel
from udcg_desktop.gui.views.pledge_table import PledgeTableView

from .mw_helpers import make_briefing


def _shown(qtbot, view_class, width, height):
    w = view_class(Session(make_briefing()))
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    return w


@pytest.fixture
def table(qtbot):
    """The pledge table view on the small test briefing, shown."""
    return _shown(qtbot, PledgeTableView, 1100, 400)


@pytest.fixture
def panel(qtbot):
    """The figures panel on the small test briefing, shown."""
    return _shown(qtbot, FiguresPanel, 420, 800)
