"""Presentation mode of the main window: full screen for briefing a room, and Page Down/Up
through the story (the bookmarks, else the event days)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

TIMELINE_SHARE = 0.28   # of the height: its lanes readable at the larger font;
                        # the map keeps >= 65% (the slim time bar takes the rest)
FIGURES_SHARE = 0.28    # of the width
FONT_SCALE = 1.35


class PresentationMode:
    """Enters and leaves presentation mode on ``window`` (a ``MainWindow``), restoring the
    docks, geometry and font it found."""

    def __init__(self, window):
        self.window = window
        self._saved: tuple | None = None     # (dock state, geometry, maximised, font)

    @property
    def active(self) -> bool:
        return self._saved is not None

    def enter(self):
        """Full screen, the map first (at least 65% of the height), the time controls a slim
        bar, no menus or toolbars, larger text and markers; Page Down/Up step through the
        event days, Esc leaves."""
        w = self.window
        if self.active:
            return
        app = QApplication.instance()
        self._saved = (w.saveState(), w.saveGeometry(), w.isMaximized(), app.font())
        for key in ("pledges", "details", "bookmarks"):   # the story plays on Page Down
            w.docks[key].hide()
        for key in ("timeline", "figures"):
            w.docks[key].show()
        w.docks["figures"].raise_()
        w.menuBar().hide()
        w.statusBar().hide()
        w.time_bar.show()
        w.time_controls.set_slim(True)
        if hasattr(w.map_view, "toolbar"):
            w.map_view.toolbar.hide()
        font = app.font()
        font.setPointSizeF(font.pointSizeF() * FONT_SCALE)
        app.setFont(font)
        if hasattr(w.map_view, "set_presentation"):
            w.map_view.set_presentation(True)
        w.figures.set_compact(True)
        w.showFullScreen()
        self.size_docks()
        QTimer.singleShot(60, self.size_docks)     # again, once full screen
        self._set_actions(True)
        w.setFocus()

    def size_docks(self):
        if not self.active:
            return
        win = self.window
        w, h = win.width(), win.height()
        win.resizeDocks([win.docks["figures"]], [int(w * FIGURES_SHARE)], Qt.Horizontal)
        timeline = win.docks["timeline"]
        win.resizeDocks([timeline], [int(h * TIMELINE_SHARE)], Qt.Vertical)
        win.layout().activate()
        # On a small screen the bars take a larger share: the timeline gives way to the map.
        short = int(0.66 * h) - win.map_view.height()
        if short > 0:
            win.resizeDocks([timeline], [max(60, timeline.height() - short)], Qt.Vertical)

    def leave(self):
        if not self.active:
            return
        w = self.window
        state, geometry, maximised, font = self._saved
        self._saved = None
        QApplication.instance().setFont(font)
        if hasattr(w.map_view, "set_presentation"):
            w.map_view.set_presentation(False)
        if hasattr(w.map_view, "toolbar"):
            w.map_view.toolbar.show()
        w.time_controls.set_slim(False)
        w.menuBar().show()
        w.statusBar().show()
        w.figures.set_compact(False)
        w.showNormal()
        if maximised:
            w.showMaximized()
        w.restoreGeometry(geometry)
        w.restoreState(state)
        self._set_actions(False)

    def _set_actions(self, on: bool) -> None:
        w = self.window
        w.presentation_action.setChecked(on)
        for a in (w.leave_action, w.next_day_action, w.previous_day_action):
            a.setEnabled(on)

    # -- the story --------------------------------------------------------------------------
    def event_days(self) -> np.ndarray:
        """The days with an event in the area of interest, sorted (what Page Down visits)."""
        session = self.window.session
        e = session.briefing.events
        days = e["date"][session.aoi.event_mask(e)]
        return np.unique(days[~np.isnat(days)])

    def step_story(self, direction: int) -> bool:
        """Page Down/Up: through the bookmarks (with their transition) when the briefing has
        any, else to the next/previous event day."""
        w = self.window
        if len(w.briefing_file.bookmarks):
            return w.bookmarks_panel.step(direction)
        return self.step_event_day(direction)

    def step_event_day(self, direction: int) -> bool:
        """Move the cursor to the next (1) or previous (-1) event day; False at the end."""
        days = self.event_days()
        cursor = self.window.session.cursor
        now = cursor.date
        if direction > 0:
            i = int(np.searchsorted(days, now, side="right"))
            target = days[i] if i < len(days) else None
        else:
            i = int(np.searchsorted(days, now, side="left")) - 1
            target = days[i] if i >= 0 else None
        if target is None:
            return False
        cursor.set_date(target)
        return True
