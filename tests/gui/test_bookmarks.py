"""Bookmarks panel and briefing files in the window, driven as a briefer would."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt

from udcg_desktop.core.paths import sample_briefing_files
from udcg_desktop.gui import theme
from udcg_desktop.core.briefing_file import SUFFIX

from .mw_helpers import D, make_window


@pytest.fixture
def window(qtbot, tmp_path, settings_dir, monkeypatch):
    monkeypatch.setenv("UDCG_CACHE_DIR", str(tmp_path / "cache"))
    w = make_window(qtbot, tmp_path)
    w.docks["bookmarks"].show()
    w.docks["bookmarks"].raise_()
    return w


def _add(qtbot, w, day, title, note="", extent=None):
    w.session.cursor.set_date(D(day))
    if extent:
        w.map_view.view_box.setRange(xRange=extent[:2], yRange=extent[2:], padding=0)
    panel = w.bookmarks_panel
    qtbot.mouseClick(panel.buttons["add"], Qt.LeftButton)
    panel.title_edit.clear()
    qtbot.keyClicks(panel.title_edit, title)
    qtbot.keyClick(panel.title_edit, Qt.Key_Return)
    if note:
        panel.note_edit.setFocus()
        qtbot.keyClicks(panel.note_edit, note)
        qtbot.waitUntil(lambda: panel.bookmarks[panel.list.currentRow()].note == note)


def test_add_rename_reorder_and_click_to_go_there(qtbot, window):
    w, panel = window, window.bookmarks_panel
    _add(qtbot, w, "2024-05-10", "Assault begins", "Russian forces cross the border.",
         [36.4, 37.4, 49.9, 50.5])
    _add(qtbot, w, "2024-05-20", "Kharkiv struck")
    assert [panel.list.item(i).text() for i in range(panel.list.count())] == \
        ["1. 2024-05-10  Assault begins", "2. 2024-05-20  Kharkiv struck"]
    assert panel.bookmarks[0].note == "Russian forces cross the border."
    # Reorder: the second becomes first.
    panel.list.setCurrentRow(1)
    qtbot.mouseClick(panel.buttons["up"], Qt.LeftButton)
    assert [b.title for b in panel.bookmarks] == ["Kharkiv struck", "Assault begins"]
    # Click a row: the date, the map extent and the filters follow.
    w.session.cursor.set_date(D("2024-06-01"))
    w.map_view.view_box.setRange(xRange=(30, 40), yRange=(45, 52), padding=0)
    w.session.filters.set_field("donors", ["Germany"])
    item = panel.list.item(1)
    qtbot.mouseClick(panel.list.viewport(), Qt.LeftButton,
                     pos=panel.list.visualItemRect(item).center())
    assert w.session.cursor.date == D("2024-05-10")
    _shows(w, [36.4, 37.4, 49.9, 50.5])
    assert not w.session.filters.values.active
    # Update takes the current view; Delete removes.
    w.session.cursor.set_date(D("2024-05-12"))
    qtbot.mouseClick(panel.buttons["update"], Qt.LeftButton)
    assert panel.bookmarks[1].date == "2024-05-12"
    qtbot.mouseClick(panel.buttons["delete"], Qt.LeftButton)
    assert [b.title for b in panel.bookmarks] == ["Kharkiv struck"]


def _shows(w, extent):
    """The map shows ``extent``, centred (the locked aspect may widen one side)."""
    (x0, x1), (y0, y1) = w.map_view.view_box.viewRange()
    ex0, ex1, ey0, ey1 = extent
    assert x0 <= ex0 + 0.02 and x1 >= ex1 - 0.02 and y0 <= ey0 + 0.02 and y1 >= ey1 - 0.02
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx(((ex0 + ex1) / 2, (ey0 + ey1) / 2),
                                                           abs=0.02)
    assert min(x1 - x0 - (ex1 - ex0), y1 - y0 - (ey1 - ey0)) < 0.05   # and no more than needed


def test_step_plays_the_bookmarks_in_order_with_a_transition(qtbot, window):
    w, panel = window, window.bookmarks_panel
    _add(qtbot, w, "2024-05-10", "One", extent=[36.4, 37.4, 49.9, 50.5])
    _add(qtbot, w, "2024-05-20", "Two", extent=[35.5, 37.5, 49.5, 50.6])
    panel.go(0)
    assert panel.step(1)
    # Halfway through the transition (its clock set by hand: this machine may be slow) the
    # date and the map are halfway between the two bookmarks.
    transition = w.briefing_file._transition
    transition.setCurrentTime(transition.duration() // 2)
    assert w.session.cursor.date == D("2024-05-15")
    _shows(w, [35.95, 37.45, 49.7, 50.55])
    qtbot.waitUntil(lambda: w.session.cursor.date == D("2024-05-20"), timeout=3000)
    qtbot.waitUntil(lambda: transition.state() == transition.State.Stopped, timeout=3000)
    _shows(w, [35.5, 37.5, 49.5, 50.6])
    assert not panel.step(1)                     # no bookmark after the last
    assert panel.step(-1)
    qtbot.waitUntil(lambda: w.session.cursor.date == D("2024-05-10"), timeout=3000)


def test_save_and_reopen_a_briefing_restores_view_and_bookmarks(qtbot, window, tmp_path):
    w = window
    w.adopt_loaded(sample_briefing_files())
    _add(qtbot, w, "2024-05-12", "Vovchansk", "Street fighting.", [36.6, 37.2, 50.1, 50.4])
    w.session.cursor.set_date(D("2024-05-15"))
    w.session.filters.set_field("donors", ["Germany"])
    w.session.set_compare_with(D("2024-05-09"))
    w.set_theme("dark")
    target = tmp_path / f"week{SUFFIX}"
    assert w.briefing_file.save_to(target)
    doc = json.loads(target.read_text())
    assert doc["settings"]["as_of"] == "2024-05-15" and doc["settings"]["theme"] == "dark"
    assert doc["settings"]["filters"]["donors"] == ["Germany"]
    assert doc["settings"]["since"] == "2024-05-09"
    assert [b["title"] for b in doc["bookmarks"]] == ["Vovchansk"]
    assert len(doc["inputs"]) == len(sample_briefing_files())
    # Another state, then reopen: everything comes back once the inputs are loaded.
    w.set_theme("light")
    w.session.filters.clear()
    w.session.set_compare_with(None)
    w.session.cursor.set_date(D("2024-06-01"))
    w.bookmarks_panel.bookmarks.set_all([])
    with qtbot.waitSignal(w.load_finished, timeout=60000):
        assert w.briefing_file.open(target)
    assert w.session.cursor.date == D("2024-05-15")
    assert w.session.filters.values.donors == frozenset({"Germany"})
    assert w.session.compare_with == D("2024-05-09")
    assert theme.manager().theme == "dark"
    assert [b.title for b in w.bookmarks_panel.bookmarks] == ["Vovchansk"]
    assert w.bookmarks_panel.list.item(0).text() == "1. 2024-05-12  Vovchansk"
    assert str(target.resolve()) in w.briefing_file.recent()
    w.set_theme("light")


def test_a_briefing_that_is_not_one_leaves_the_window_as_it_was(qtbot, window, tmp_path):
    w = window
    before = w.session.briefing
    bad = tmp_path / f"bad{SUFFIX}"
    bad.write_text("{ not json")
    assert not w.briefing_file.open(bad)
    assert w.session.briefing is before
    assert "not a briefing file" in w.last_error and "bad.udcg.json" in w.last_error


def test_a_missing_input_can_be_located(qtbot, window, tmp_path):
    w = window
    src = tmp_path / "pledges.csv"
    src.write_text("Pledge ID,Donor,Announced,Amount,Currency\nP1,Germany,2024-04-01,100,EUR\n")
    target = tmp_path / f"b{SUFFIX}"
    w.adopt_loaded([src])
    assert w.briefing_file.save_to(target)
    moved = tmp_path / "elsewhere.csv"
    src.rename(moved)
    asked = []
    with qtbot.waitSignal(w.load_finished, timeout=60000):
        assert w.briefing_file.open(target, locate=lambda state: asked.append(state) or moved)
    assert [a.ref.path for a in asked] == ["pledges.csv"]
    assert w.paths == [moved] and len(w.session.briefing.pledges) == 1
    assert w.briefing_file.last_messages == []


def test_one_briefing_suffix_for_the_window_the_command_line_and_core():
    from udcg_desktop.core.paths import is_briefing_file
    assert is_briefing_file("week 21" + SUFFIX.upper()) and not is_briefing_file("week21.json")


def test_compare_with_an_earlier_release_feeds_the_export(qtbot, window, tmp_path):
    from tests.core.test_release_changes import NEW, OLD
    from udcg_desktop.io import load_briefing
    old, new = tmp_path / "release_a.csv", tmp_path / "release_b.csv"
    old.write_text(OLD)
    new.write_text(NEW)
    w = window
    w.session.set_briefing(load_briefing([new]))
    assert w.briefing_file.compare_with(old)
    box = w.briefing_file.notice_box
    assert "1 package new, 3 revised, 1 removed" in box.text()
    assert "P9" in box.detailedText() and "re-conversion" in box.detailedText()
    from udcg_desktop.gui.dialogs.export_dialog import ExportDialog
    dialog = ExportDialog(w.session, w)
    qtbot.addWidget(dialog)
    assert dialog.release_changes() is w.briefing_file.release_changes
    assert not w.briefing_file.compare_with(tmp_path / "missing.csv")
    assert "missing.csv" in w.last_error


def test_page_down_in_presentation_plays_the_bookmarks(qtbot, window):
    w = window
    _add(qtbot, w, "2024-05-20", "Kharkiv struck")
    _add(qtbot, w, "2024-05-10", "Assault begins")        # story order is not date order
    w.bookmarks_panel.current = -1
    w.enter_presentation()
    qtbot.keyClick(w, Qt.Key_PageDown)
    qtbot.waitUntil(lambda: w.session.cursor.date == D("2024-05-20"), timeout=3000)
    qtbot.keyClick(w, Qt.Key_PageDown)
    qtbot.waitUntil(lambda: w.session.cursor.date == D("2024-05-10"), timeout=3000)
    qtbot.keyClick(w, Qt.Key_PageUp)
    qtbot.waitUntil(lambda: w.session.cursor.date == D("2024-05-20"), timeout=3000)
    w.leave_presentation()


def test_presentation_hides_the_bookmarks_panel_and_leaving_restores_it(qtbot, window):
    w = window
    assert not w.docks["bookmarks"].isHidden()
    w.enter_presentation()
    assert w.docks["bookmarks"].isHidden() and w.docks["figures"].isVisible()
    w.leave_presentation()
    qtbot.waitUntil(lambda: not w.docks["bookmarks"].isHidden())
