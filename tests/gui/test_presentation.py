"""Presentation mode and the area of interest in the window, as a briefer uses them."""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .mw_helpers import D, make_briefing, make_window


@pytest.fixture
def window(qtbot, tmp_path):
    return make_window(qtbot, tmp_path)


def test_presentation_mode_gives_the_map_two_thirds_of_the_height(qtbot, window):
    qtbot.keyClick(window, Qt.Key_F11)
    assert window.presenting
    QTest.qWait(200)          # the docks are sized once full screen
    qtbot.waitUntil(lambda: window.map_view.height() >= 0.65 * window.height(), timeout=3000)
    assert not window.menuBar().isVisible() and not window.map_view.toolbar.isVisible()
    assert not window.time_controls.speed.isVisible()          # the slim time bar
    assert window.time_controls.slider.isVisible() and window.time_controls.date_edit.isVisible()
    assert window.map_view.marker_px > 10
    qtbot.keyClick(window, Qt.Key_Escape)
    assert not window.presenting
    qtbot.waitUntil(lambda: window.menuBar().isVisible(), timeout=2000)
    assert window.map_view.toolbar.isVisible() and window.time_controls.speed.isVisible()


def test_page_down_and_up_step_through_the_event_days(qtbot, window):
    s = window.session
    s.cursor.set_date("2024-05-01")
    qtbot.keyClick(window, Qt.Key_F11)
    # Events of the test briefing: 10, 12 and 20 May in the area; the meeting of 26 April.
    qtbot.keyClick(window, Qt.Key_PageDown)
    assert s.cursor.date == D("2024-05-10")
    qtbot.keyClick(window, Qt.Key_PageDown)
    assert s.cursor.date == D("2024-05-12")
    qtbot.keyClick(window, Qt.Key_PageDown)
    assert s.cursor.date == D("2024-05-20")
    qtbot.keyClick(window, Qt.Key_PageUp)
    qtbot.keyClick(window, Qt.Key_PageUp)
    qtbot.keyClick(window, Qt.Key_PageUp)
    assert s.cursor.date == D("2024-04-26")
    qtbot.keyClick(window, Qt.Key_Escape)
    qtbot.keyClick(window, Qt.Key_PageDown)      # outside presentation mode: not a day step
    assert s.cursor.date == D("2024-04-26")


def test_events_after_the_cursor_day_are_never_drawn(qtbot, window):
    s = window.session
    mv = window.map_view
    e = s.briefing.events
    for day in ("2024-05-09", "2024-05-10", "2024-05-15", "2024-06-01"):
        s.cursor.set_date(day)
        drawn = mv.layers["events"].marker_rows
        assert all(e["date"][r] <= D(day) for r in drawn)
        assert sorted(str(e["event_id"][r]) for r in drawn) == sorted(
            str(i) for i, d, lon in zip(e["event_id"], e["date"], e["lon"])
            if d <= D(day) and np.isfinite(lon))


def test_area_of_interest_switch_changes_the_event_lane_and_the_map_count(qtbot, window):
    s = window.session
    s.cursor.set_date("2024-06-01")
    stamp = lambda: " ".join(window.map_view.date_stamp.lines)     # noqa: E731
    assert window.aoi_label.text() == "Events: Kharkiv axis"
    assert "events in the Kharkiv axis" in stamp()
    n_lane = len(window.timeline._ev_rows)
    # An event far from Kharkiv (Odesa) joins the briefing: outside the axis.
    b = make_briefing()
    e = b.events
    far = int(np.flatnonzero(e["event_id"] == "E3")[0])
    e["lon"][far], e["lat"][far] = 30.72, 46.48
    s.set_briefing(b)
    s.cursor.set_date("2024-06-01")
    assert len(window.timeline._ev_rows) == n_lane - 1
    count_axis = int(stamp().split(" events")[0].split()[-1])
    window.aoi_actions["all"].trigger()
    assert s.aoi.key == "all"
    assert window.aoi_label.text() == "Events: Everything loaded"
    assert len(window.timeline._ev_rows) == n_lane
    count_all = int(stamp().split(" events")[0].split()[-1])
    assert count_all == count_axis + 1
    # The figures the export uses say the same.
    assert s.summary().events["count"] == count_all
