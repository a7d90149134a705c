"""Fixtures shared by the GUI tests."""
import pytest
from PySide6.QtCore import QSettings

from udcg_desktop.core.session import Session
from udcg_desktop.gui.views.figures_panel import FiguresPanel
from udcg_desktop.gui.views.pledge_table import PledgeTableView

from .mw_helpers import make_briefing, shown


@pytest.fixture(scope="session", autouse=True)
def _collect_on_ui_thread(qapp):
    """As in the app: no cycle collection may start in a worker thread (the loader, the export
    dialog's worker) and free a widget of an earlier test there."""
    from udcg_desktop.gui.ui_thread_gc import collect_on_ui_thread
    return collect_on_ui_thread()


@pytest.fixture
def table(qtbot):
    """The pledge table view on the small test briefing, shown."""
    return shown(qtbot, PledgeTableView(Session(make_briefing())), 1100, 400)


@pytest.fixture
def panel(qtbot):
    """The figures panel on the small test briefing, shown."""
    return shown(qtbot, FiguresPanel(Session(make_briefing())), 420, 800)


@pytest.fixture
def settings_dir(tmp_path):
    """The dialogs' QSettings in a throwaway ini folder, never the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    yield
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
