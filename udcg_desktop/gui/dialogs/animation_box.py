"""The export dialog's "Animated map" box: MP4/GIF, from/to, step, frame rate, size, strip.

The film is drawn on the UI thread (Qt draws there) and encoded on a second thread by
``export.animation.write_animation``; between frames the dialog's progress bar moves and its
Cancel button is honoured. When PyAV (the optional ``video`` extra) is missing the box says so
and its formats cannot be chosen.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QGridLayout, QGroupBox, QLabel,
                               QSpinBox)

from ...export import animation

SIZES = ("1920x1080", "1280x720", "960x540")


def _qdate(day) -> QDate:
    return QDate.fromString(str(np.datetime64(day, "D")), "yyyy-MM-dd")


def _day(qdate: QDate) -> np.datetime64:
    return np.datetime64(qdate.toString("yyyy-MM-dd"), "D")


class AnimationBox(QGroupBox):
    def __init__(self, briefing, parent=None):
        super().__init__("Animated map (the front line day by day)", parent)
        grid = QGridLayout(self)
        self.format_boxes: dict[str, QCheckBox] = {}
        for i, fmt in enumerate(animation.ANIMATION_FORMATS):
            cb = QCheckBox(animation.FORMAT_LABELS[fmt])
            cb.setObjectName(f"format_{fmt}")
            grid.addWidget(cb, 0 if i == 0 else 1, 0, 1, 4)
            self.format_boxes[fmt] = cb
        self.from_edit, self.to_edit = QDateEdit(), QDateEdit()
        for edit, name in ((self.from_edit, "film_from"), (self.to_edit, "film_to")):
            edit.setObjectName(name)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        self.step = QSpinBox()
        self.step.setObjectName("film_step")
        self.step.setRange(1, 365)
        self.step.setSuffix(" day(s) a frame")
        self.fps = QSpinBox()
        self.fps.setObjectName("film_fps")
        self.fps.setRange(1, animation.MAX_FPS)
        self.fps.setValue(animation.DEFAULT_FPS)
        self.fps.setSuffix(" frames/s")
        self.size = QComboBox()
        self.size.setObjectName("film_size")
        self.size.addItems(SIZES)
        self.timeline = QCheckBox("Timeline strip beneath the map")
        self.timeline.setObjectName("film_timeline")
        grid.addWidget(QLabel("From:"), 2, 0)
        grid.addWidget(self.from_edit, 2, 1)
        grid.addWidget(QLabel("To:"), 2, 2)
        grid.addWidget(self.to_edit, 2, 3)
        grid.addWidget(self.step, 3, 0, 1, 2)
        grid.addWidget(self.fps, 3, 2, 1, 2)
        grid.addWidget(QLabel("Size:"), 4, 0)
        grid.addWidget(self.size, 4, 1)
        grid.addWidget(self.timeline, 4, 2, 1, 2)
        self.note = QLabel()
        self.note.setObjectName("film_note")
        self.note.setWordWrap(True)
        grid.addWidget(self.note, 5, 0, 1, 4)
        self.set_briefing(briefing)
        problem = animation.encoder_problem()
        if problem:
            for cb in self.format_boxes.values():
                cb.setChecked(False)
                cb.setEnabled(False)
            self.note.setText(f"Not available: {problem}.")
        else:
            self.note.setText("Encoded with PyAV (the optional video extra). The MP4 also goes "
                              "into the deck as its own slide.")

    def set_briefing(self, briefing) -> None:
        days = animation.map_days(briefing)
        if len(days):
            for edit in (self.from_edit, self.to_edit):
                edit.setDateRange(_qdate(days[0]), _qdate(days[-1]))
            self.from_edit.setDate(_qdate(days[0]))
            self.to_edit.setDate(_qdate(days[-1]))

    def formats(self) -> list[str]:
        return [f for f, cb in self.format_boxes.items() if cb.isChecked() and cb.isEnabled()]

    def request(self, title=None, marking=None) -> animation.AnimationRequest:
        return animation.AnimationRequest(
            start=_day(self.from_edit.date()), end=_day(self.to_edit.date()),
            step_days=self.step.value(), fps=self.fps.value(),
            size=animation.parse_size(self.size.currentText()), formats=tuple(self.formats()),
            timeline=self.timeline.isChecked(), title=title, marking=marking)


def film_into_pack(result, film, req, film_files, deck) -> None:
    """Count the film's files in the pack's result and, when the deck was written, give the
    MP4 its own slide there (a failure is listed, the rest stands)."""
    result.written[:0] = film.written
    if "mp4" in film_files and deck in result.written:
        try:
            animation.add_movie_to_deck(deck, film_files["mp4"], film, req)
        except Exception as exc:
            result.failures.append((f"{deck} (movie slide)", f"{type(exc).__name__}: {exc}"))
