"""A date typed as text: "2024-05-15" + Enter goes to that day, whatever the data's range.

A QDateEdit edits a date section by section and fixes each section up against its range as
you type: with the Kiel release 7 loaded (2022 .. 2027), typing 2024-05-15 gave 2027-05-15
and then 2027-04-06. This field takes the whole text on Enter (or on leaving the field), so
the year typed is the year used; a calendar button beside it picks a day with the mouse.
"""
from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QToolButton,
                               QWidget, QWidgetAction)

from ...core.dates import PLAUSIBLE_YEARS

_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")


def parse_day(text: str) -> np.datetime64 | None:
    """The day of "2024-05-15" (also 2024-5-15, 2024/05/15), or None if it is not a real
    date with a plausible year."""
    m = _ISO.match(text or "")
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not PLAUSIBLE_YEARS[0] <= y <= PLAUSIBLE_YEARS[1] or not QDate(y, mo, d).isValid():
        return None
    return np.datetime64(f"{y:04d}-{mo:02d}-{d:02d}", "D")


class DateField(QWidget):
    """A line edit for YYYY-MM-DD and a calendar button. ``entered(day)`` is emitted when the
    user confirms a valid date; ``set_day`` shows a day without emitting."""

    entered = Signal(object)      # numpy datetime64[D]; None when cleared (allow_empty)

    def __init__(self, parent=None, allow_empty: bool = False):
        super().__init__(parent)
        self.allow_empty = allow_empty
        self.edit = QLineEdit()
        self.edit.setObjectName("date_text")
        self.edit.setPlaceholderText("YYYY-MM-DD")
        self.edit.setMaxLength(10)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("0000-00-00  ") + 8)
        self.edit.setToolTip("Type a date (YYYY-MM-DD) and press Enter: the cursor goes there")
        self.calendar_button = QToolButton(text="▾")
        self.calendar_button.setToolTip("Pick the date on a calendar")
        self.calendar_button.setPopupMode(QToolButton.InstantPopup)
        self.calendar = QCalendarWidget()
        menu = QMenu(self.calendar_button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.calendar_button.setMenu(menu)
        self.calendar.clicked.connect(self._on_calendar)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.edit)
        lay.addWidget(self.calendar_button)
        self.setFocusProxy(self.edit)         # focusing the field focuses its text
        self._day: np.datetime64 | None = None
        self.edit.returnPressed.connect(self._commit)
        self.edit.editingFinished.connect(self._commit)
        self.edit.textEdited.connect(lambda _t: self._mark(True))

    def lineEdit(self) -> QLineEdit:
        """The text part (as QDateEdit.lineEdit(): shortcuts and tests reach it so)."""
        return self.edit

    def day(self) -> np.datetime64 | None:
        return self._day

    def text(self) -> str:
        return self.edit.text()

    def set_day(self, day) -> None:
        """Show ``day`` (from the cursor; None: empty); never emits ``entered``."""
        if day is None:
            self._day = None
            self.edit.clear()
            return
        self._day = np.datetime64(day, "D")
        self.edit.setText(str(self._day))
        self._mark(True)
        y, m, d = (int(x) for x in str(self._day).split("-"))
        self.calendar.setSelectedDate(QDate(y, m, d))

    def _mark(self, ok: bool) -> None:
        sheet = "" if ok else "QLineEdit { border: 2px solid #c0392b; }"
        if self.edit.styleSheet() != sheet:      # setting one re-polishes the field: each step
            self.edit.setStyleSheet(sheet)
        if not ok:
            self.edit.setToolTip("Not a date: type YYYY-MM-DD (for example 2024-05-15), "
                                 "then Enter")

    def commit(self) -> None:
        """Take the text as typed now (as Enter would)."""
        self._commit()

    def _commit(self) -> None:
        if self.allow_empty and not self.edit.text().strip():
            self._mark(True)
            if self._day is not None:
                self._day = None
                self.entered.emit(None)
            return
        day = parse_day(self.edit.text())
        if day is None:
            self._mark(False)
            return
        self._mark(True)
        if day != self._day:
            self._day = day
            self.entered.emit(day)

    def _on_calendar(self, qdate: QDate) -> None:
        self.calendar_button.menu().hide()
        day = np.datetime64(qdate.toString("yyyy-MM-dd"), "D")
        self.edit.setText(str(day))
        self._commit()
