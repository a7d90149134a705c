"""The time controls drive session.cursor as a user would: typing, keys, playback, modes."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from udcg_desktop.core.cursor import CUMULATIVE, WINDOW
from udcg_desktop.core.session import Session
from udcg_desktop.gui.views.time_controls import TimeControls

from .mw_helpers import D, make_briefing, type_date


@pytest.fixture
def controls(qtbot):
    session = Session(make_briefing())
    w = TimeControls(session)
    qtbot.addWidget(w)
    w.show()
    return w


def test_typing_a_date_moves_cursor_and_slider(qtbot, controls):
    s = controls.session
    type_date(qtbot, controls.date_edit, "2024-05-12")
    assert s.cursor.date == D("2024-05-12")
    assert controls.slider.value() == int((D("2024-05-12") - s.cursor.minimum).astype(int))


def test_slider_moves_cursor_and_date_field(qtbot, controls):
    s = controls.session
    controls.slider.setValue(10)
    assert s.cursor.date == s.cursor.minimum + np.timedelta64(10, "D")
    assert controls.date_edit.text() == str(s.cursor.date)


def test_cursor_change_updates_widgets_without_echo(qtbot, controls):
    s = controls.session
    seen = []
    s.cursor.changed.connect(seen.append)
    s.cursor.set_date("2024-05-01")
    assert seen == [D("2024-05-01")]       # the slider/date field did not echo a second change
    assert controls.date_edit.text() == "2024-05-01"


def test_step_buttons(qtbot, controls):
    s = controls.session
    s.cursor.set_date("2024-05-01")
    qtbot.mouseClick(controls.forward_button, Qt.LeftButton)
    assert s.cursor.date == D("2024-05-02")
    controls.step_days.setValue(7)
    qtbot.mouseClick(controls.back_button, Qt.LeftButton)
    assert s.cursor.date == D("2024-04-25")


def test_play_advances_and_stops_at_the_end(qtbot, controls):
    s = controls.session
    controls.speed.setCurrentIndex(controls.speed.count() - 1)    # fastest
    s.cursor.set_date(s.cursor.maximum - np.timedelta64(5, "D"))
    start = s.cursor.date
    qtbot.mouseClick(controls.play_button, Qt.LeftButton)
    assert controls.playing
    qtbot.waitUntil(lambda: s.cursor.date > start, timeout=3000)
    qtbot.waitUntil(lambda: not controls.playing, timeout=5000)
    assert s.cursor.date == s.cursor.maximum
    assert controls.play_button.text() == "Play"


def test_pause_stops_the_date(qtbot, controls):
    s = controls.session
    controls.speed.setCurrentIndex(controls.speed.count() - 1)
    s.cursor.set_date(s.cursor.minimum)
    controls.play()
    qtbot.waitUntil(lambda: s.cursor.date > s.cursor.minimum, timeout=3000)
    controls.pause()
    stopped = s.cursor.date
    qtbot.wait(150)
    assert s.cursor.date == stopped


def test_mode_and_step_keep_the_date(qtbot, controls):
    s = controls.session
    s.cursor.set_date("2024-05-15")
    controls.mode.setCurrentIndex(1)
    controls.window_days.setValue(14)
    assert s.cursor.mode == WINDOW and s.cursor.window_days == 14
    assert s.cursor.date == D("2024-05-15")
    controls.step_days.setValue(3)
    assert s.cursor.step_days == 3 and s.cursor.date == D("2024-05-15")
    controls.mode.setCurrentIndex(0)
    assert s.cursor.mode == CUMULATIVE and s.cursor.date == D("2024-05-15")
    assert not controls.window_days.isEnabled()


def test_arrow_keys_stay_in_the_date_field(qtbot):
    """In a window, Left/Right step the cursor, except while editing the date field."""
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QMainWindow
    session = Session(make_briefing())
    win = QMainWindow()
    qtbot.addWidget(win)
    controls = TimeControls(session)
    win.setCentralWidget(controls)
    step = QAction(win)
    step.setShortcut(QKeySequence("Right"))
    step.triggered.connect(lambda: controls.step(1))
    win.addAction(step)
    win.show()
    qtbot.waitExposed(win)
    session.cursor.set_date("2024-05-01")
    controls.slider.setFocus()
    qtbot.keyClick(controls.slider, Qt.Key_Right)
    assert session.cursor.date == D("2024-05-02")     # the slider moves by itself too: once
    controls.date_edit.edit.setFocus()
    qtbot.keyClick(controls.date_edit.edit, Qt.Key_Right)
    assert session.cursor.date == D("2024-05-02")     # moved between the date's sections


def test_typing_a_full_date_goes_there_on_a_range_like_the_kiel_release(qtbot):
    """Kiel release 7 with its late outliers ran 2022-01-26 .. 2027-04-06: a QDateEdit turned
    a typed 2024-05-15 into 2027-05-15, then 2027-04-06. The typed year is the year used."""
    session = Session(make_briefing())
    session.cursor.set_range("2022-01-26", "2027-04-06")
    session.cursor.set_date("2022-09-30")
    controls = TimeControls(session)
    qtbot.addWidget(controls)
    controls.show()
    type_date(qtbot, controls.date_edit, "2024-05-15")
    assert session.cursor.date == D("2024-05-15")
    assert controls.date_edit.text() == "2024-05-15"
    assert controls.slider.value() == int((D("2024-05-15") - D("2022-01-26")).astype(int))


def test_a_typed_date_outside_the_data_widens_the_range_and_goes_there(qtbot, controls):
    s = controls.session
    hi = s.cursor.maximum
    type_date(qtbot, controls.date_edit, "2027-04-06")        # e.g. an outlier's date
    assert s.cursor.date == D("2027-04-06") and s.cursor.maximum == D("2027-04-06")
    assert controls.slider.value() == controls.slider.maximum()
    assert hi < s.cursor.maximum


def test_a_typed_non_date_is_marked_and_the_cursor_stays(qtbot, controls):
    s = controls.session
    before = s.cursor.date
    type_date(qtbot, controls.date_edit, "2024-13-45")
    assert s.cursor.date == before
    assert "Not a date" in controls.date_edit.edit.toolTip()
    assert "border" in controls.date_edit.edit.styleSheet()


def test_a_step_repaints_the_slider_between_its_handles_and_leaves_no_trace(qtbot, controls):
    """The slider on screen (the window's backing store, not a fresh render) is what a full
    repaint draws, after steps, jumps and a resize; a one-day step repaints a narrow strip."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QGuiApplication, QImage
    s, slider = controls.session, controls.slider
    controls.resize(900, controls.sizeHint().height())
    qtbot.waitExposed(controls)
    s.cursor.set_date(s.cursor.minimum + np.timedelta64(20, "D"))
    qtbot.wait(30)
    painted = []

    class Spy(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint:
                painted.append(event.rect())
            return False
    spy = Spy()
    slider.installEventFilter(spy)
    s.cursor.step(1)
    qtbot.waitUntil(lambda: bool(painted), timeout=1000)
    assert 0 < max(r.width() for r in painted) < slider.width() / 4

    def on_screen():
        window = QGuiApplication.primaryScreen().grabWindow(controls.winId())
        top_left = slider.mapTo(controls, slider.rect().topLeft())
        part = window.copy(top_left.x(), top_left.y(), slider.width(), slider.height())
        return part.toImage().convertToFormat(QImage.Format.Format_RGB32)

    def drawn_anew():
        return slider.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)

    for step in (5, -3, 40, -60, 1):
        s.cursor.step(step)
        qtbot.wait(20)
        assert on_screen() == drawn_anew()
    controls.resize(700, controls.height())
    qtbot.wait(30)
    s.cursor.step(2)
    qtbot.wait(20)
    assert on_screen() == drawn_anew()
