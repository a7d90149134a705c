"""The time cursor's controls: a date slider, a date field, play/pause, step, speed and mode.

Bound to ``session.cursor``: every change goes through ``cursor.set_date`` / ``set_mode`` /
``set_step_days``; cursor changes update the widgets with their signals blocked, so slider ->
cursor -> slider never loops.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (QAbstractSlider, QComboBox, QHBoxLayout, QLabel, QSlider,
                               QSpinBox, QStyle, QStyleOptionSlider, QToolButton, QWidget)

from ...core.cursor import CUMULATIVE, WINDOW
from ..connections import Connections
from .date_field import DateField

SPEEDS = (("1 day/s", 1), ("2 days/s", 2), ("5 days/s", 5), ("10 days/s", 10),
          ("30 days/s", 30), ("60 days/s", 60))


def to_qdate(day: np.datetime64) -> QDate:
    y, m, d = (int(x) for x in str(np.datetime64(day, "D")).split("-"))
    return QDate(y, m, d)


def from_qdate(q: QDate) -> np.datetime64:
    return np.datetime64(f"{q.year():04d}-{q.month():02d}-{q.day():02d}", "D")


class TimeSlider(QSlider):
    """A slider whose new value repaints the strip from the handle's old place to its new one,
    not the whole slider: the cursor moves it on every step, and Fusion's rounded groove
    across 900 px took ~0.3 ms to draw again (0.44 against 0.13 ms a step, same pixels)."""

    _painted: int | None = None            # the position the handle was last drawn at

    def _handle_rect(self, position: int):
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        opt.sliderPosition = opt.sliderValue = position
        return self.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                           QStyle.SubControl.SC_SliderHandle, self)

    def sliderChange(self, change) -> None:
        if (change == QAbstractSlider.SliderChange.SliderValueChange
                and self._painted is not None):
            strip = self._handle_rect(self._painted).united(
                self._handle_rect(self.sliderPosition()))
            self.update(strip.adjusted(-2, -2, 2, 2))       # (the handle's shadow)
        else:
            super().sliderChange(change)

    def paintEvent(self, event) -> None:
        self._painted = self.sliderPosition()
        super().paintEvent(event)


class TimeControls(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("TimeControls")
        self.session = session
        self._conns = Connections()

        self.play_button = QToolButton(text="Play")
        self.play_button.setCheckable(True)
        self.play_button.setToolTip("Play / pause (Space)")
        self.back_button = QToolButton(text="◀")
        self.back_button.setToolTip("One step back (Left arrow)")
        self.forward_button = QToolButton(text="▶")
        self.forward_button.setToolTip("One step forward (Right arrow)")
        self.slider = TimeSlider(Qt.Horizontal)
        self.slider.setMinimumWidth(80)
        self.slider.setToolTip("Drag to move the cursor date")
        # Typed dates apply on Enter (or leaving the field), the whole date at once.
        self.date_edit = DateField()
        self.speed = QComboBox()
        for label, days in SPEEDS:
            self.speed.addItem(label, days)
        self.speed.setCurrentIndex(2)
        self.speed.setToolTip("Playback speed")
        self.step_days = QSpinBox(minimum=1, maximum=365, suffix=" d")
        self.step_days.setToolTip("Days per step")
        self.mode = QComboBox()
        self.mode.addItem("Cumulative", CUMULATIVE)
        self.mode.addItem("Window", WINDOW)
        self.mode.setToolTip("Cumulative: everything up to the date; Window: the last N days")
        self.window_days = QSpinBox(minimum=1, maximum=3650, suffix=" days")
        self.window_days.setToolTip("Length of the window (window mode)")

        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        step_label = QLabel("Step")
        # Settings a presenter does not touch: hidden in the slim bar of presentation mode.
        self._settings = (self.speed, step_label, self.step_days, self.mode, self.window_days)
        for w in (self.play_button, self.back_button, self.forward_button, self.slider,
                  self.date_edit) + self._settings:
            lay.addWidget(w)
        lay.setStretchFactor(self.slider, 1)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)

        self.play_button.toggled.connect(self._on_play_toggled)
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.forward_button.clicked.connect(lambda: self.step(1))
        self.slider.valueChanged.connect(self._on_slider)
        self.date_edit.entered.connect(self._on_date_edit)
        self.speed.currentIndexChanged.connect(self._update_interval)
        self.step_days.valueChanged.connect(self._on_step_days)
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.window_days.valueChanged.connect(self._on_mode)

        self._conns.connect(session.cursor.changed, self._on_cursor)
        self._conns.connect(session.cursor.mode_changed, self._on_cursor_mode)
        self._conns.connect(session.cursor.range_changed, self._on_briefing)
        self._conns.connect(session.briefing_changed, self._on_briefing)
        self._on_briefing(session.briefing)
        self._on_cursor_mode(session.cursor.mode, session.cursor.window_days)
        self._update_interval()

    def set_slim(self, on: bool) -> None:
        """Presentation mode: play, step, the slider and the date only."""
        for w in self._settings:
            w.setVisible(not on)

    # -- from the cursor ---------------------------------------------------------------------
    def _on_briefing(self, *_) -> None:
        c = self.session.cursor
        n = int((c.maximum - c.minimum).astype(int))
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, max(0, n))
        self._on_cursor(c.date)

    def _on_cursor(self, day) -> None:
        c = self.session.cursor
        with QSignalBlocker(self.slider):
            self.slider.setValue(int((c.date - c.minimum).astype(int)))
        self.date_edit.set_day(c.date)

    def _on_cursor_mode(self, mode, window_days) -> None:
        with QSignalBlocker(self.mode), QSignalBlocker(self.window_days):
            self.mode.setCurrentIndex(0 if mode == CUMULATIVE else 1)
            self.window_days.setValue(int(window_days))
        self.window_days.setEnabled(mode == WINDOW)

    # -- from the user -----------------------------------------------------------------------
    def _on_slider(self, value: int) -> None:
        self.session.cursor.set_date(self.session.cursor.minimum + np.timedelta64(int(value), "D"))

    def _on_date_edit(self, day) -> None:
        self.session.cursor.go_to(day)
        self.date_edit.set_day(self.session.cursor.date)   # what the cursor could take

    def _on_step_days(self, days: int) -> None:
        self.session.cursor.set_step_days(days)

    def _on_mode(self, *_):
        self.session.cursor.set_mode(self.mode.currentData(), self.window_days.value())

    def step(self, count: int = 1) -> bool:
        return self.session.cursor.step(count)

    # -- playback ----------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def toggle_play(self) -> None:
        self.play_button.toggle()

    def play(self) -> None:
        if not self.play_button.isChecked():
            self.play_button.setChecked(True)

    def pause(self) -> None:
        if self.play_button.isChecked():
            self.play_button.setChecked(False)

    def _on_play_toggled(self, on: bool) -> None:
        c = self.session.cursor
        if on:
            if c.date >= c.maximum:           # at the end: start again from the beginning
                c.set_date(c.minimum)
            self._update_interval()
            self.timer.start()
            self.play_button.setText("Pause")
        else:
            self.timer.stop()
            self.play_button.setText("Play")

    def _update_interval(self, *_):
        days_per_s = self.speed.currentData() or 5
        # One step of the cursor per tick; at most ~60 ticks a second.
        self.timer.setInterval(max(16, int(1000 * self.session.cursor.step_days / days_per_s)))

    def _tick(self) -> None:
        if not self.step(1):
            self.pause()

    def shutdown(self) -> None:
        self.timer.stop()
        self._conns.disconnect_all()

    def closeEvent(self, event):
        self.shutdown()
        super().closeEvent(event)
