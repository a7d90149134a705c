"""Small faults of the window a briefer meets (issue 10 item 10)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from udcg_desktop.core.paths import sample_briefing_files
from udcg_desktop.core.session import Session
from udcg_desktop.gui.loading import read_briefing

from .mw_helpers import make_window, settings_in, type_date


@pytest.fixture
def window(qtbot, tmp_path):
    return make_window(qtbot, tmp_path)


def test_ctrl_e_opens_the_export_after_the_date_field_had_focus(qtbot, window, monkeypatch):
    export_dialog = pytest.importorskip("udcg_desktop.gui.dialogs.export_dialog")
    opened = []
    monkeypatch.setattr(export_dialog.ExportDialog, "exec",
                        lambda self: opened.append(self) or 0)
    window.activateWindow()
    qtbot.waitActive(window)
    edit = window.time_controls.date_edit
    type_date(qtbot, edit, "2024-05-01")
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (edit, edit.lineEdit()), timeout=2000)
    qtbot.keyClick(edit.lineEdit(), Qt.Key_E, Qt.ControlModifier)
    assert len(opened) == 1


@pytest.mark.skipif(not shutil.which("xvfb-run") or os.environ.get("UDCG_IN_XVFB") == "1",
                    reason="needs xvfb-run (X11 is where line edits claim Ctrl+E)")
def test_ctrl_e_after_the_date_field_on_x11():
    """The same test on the X11 platform, whose key bindings give Ctrl+E to line edits."""
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", UDCG_IN_XVFB="1")
    out = subprocess.run(["xvfb-run", "-a", sys.executable, "-m", "pytest", "-q", "-p",
                          "no:cacheprovider", f"{__file__}::"
                          "test_ctrl_e_opens_the_export_after_the_date_field_had_focus"],
                         env=env, capture_output=True, text=True, timeout=180,
                         cwd=str(Path(__file__).resolve().parents[2]))
    if "could not connect to display" in out.stderr + out.stdout:
        pytest.skip("xvfb could not start a display here")
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]


def test_open_recent_enabled_after_opening_files_from_the_command_line(qtbot, tmp_path):
    from udcg_desktop.gui.main_window import MainWindow
    settings = settings_in(tmp_path)
    files = sample_briefing_files()
    session = Session(read_briefing(files, "t"))
    window = MainWindow(session, settings=settings)
    qtbot.addWidget(window)
    window.adopt_loaded(files, sample=False)     # what ``run`` does with command-line files
    assert window.recent_menu.isEnabled()
    assert sorted(a.text() for a in window.recent_menu.actions()) == sorted(map(str, files))


def test_details_panel_shows_iso_dates(qtbot, window):
    e = window.session.briefing.events
    row = int(np.flatnonzero(e["event_id"] == "E3")[0])
    e["date_text"][row] = "5/20/2024"         # as the Bellingcat file writes its dates
    window.session.selection.select("events", [row])
    text = window.details.toPlainText()
    assert "2024-05-20" in text
    assert "/" not in text.split("Source")[0]
