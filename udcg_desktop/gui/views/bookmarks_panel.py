"""The Bookmarks panel: the briefing's story, one moment per row, in the order it is told.

Add takes what the window shows now (date, map extent, layers, filters); click a row to go
there; rename, write a note, update to the current view, reorder and delete. The list is
``core.bookmarks.Bookmarks``; going somewhere is the controller's (it owns the window state).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QToolButton, QVBoxLayout, QWidget)


class BookmarksPanel(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.bookmarks = controller.bookmarks
        self.current = -1                 # the bookmark last gone to (for Page Down/Up)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.buttons = {}
        for key, text, tip, slot in (
                ("add", "Add", "Bookmark what the window shows now", self.add_current),
                ("update", "Update", "Replace the selected bookmark's date and view with what "
                                     "the window shows now", self.update_selected),
                ("up", "↑", "Earlier in the story", lambda: self.move_selected(-1)),
                ("down", "↓", "Later in the story", lambda: self.move_selected(1)),
                ("delete", "Delete", "Delete the selected bookmark", self.delete_selected)):
            b = QToolButton(text=text, toolTip=tip, objectName=f"bookmark_{key}")
            b.clicked.connect(slot)
            bar.addWidget(b)
            self.buttons[key] = b
        bar.addStretch(1)
        lay.addLayout(bar)
        self.list = QListWidget(objectName="bookmark_list")
        self.list.itemClicked.connect(lambda item: self.go(self.list.row(item)))
        self.list.itemActivated.connect(lambda item: self.go(self.list.row(item)))
        self.list.currentRowChanged.connect(self._show_selected)
        lay.addWidget(self.list, 1)
        lay.addWidget(QLabel("Title"))
        self.title_edit = QLineEdit(objectName="bookmark_title")
        self.title_edit.editingFinished.connect(self._save_title)
        lay.addWidget(self.title_edit)
        lay.addWidget(QLabel("Note (one to three sentences; it goes on the slide)"))
        self.note_edit = QPlainTextEdit(objectName="bookmark_note")
        self.note_edit.setMaximumHeight(90)
        self._note_timer = QTimer(self, singleShot=True, interval=400)
        self._note_timer.timeout.connect(self._save_note)
        self.note_edit.textChanged.connect(self._note_timer.start)
        lay.addWidget(self.note_edit)
        self.bookmarks.changed.connect(self.refresh)
        self.refresh()

    # -- list ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for i, mark in enumerate(self.bookmarks):
            item = QListWidgetItem(f"{i + 1}. {mark.date}  {mark.title}")
            item.setToolTip(mark.note or mark.title)
            self.list.addItem(item)
        self.list.setCurrentRow(min(row, len(self.bookmarks) - 1))
        self.list.blockSignals(False)
        self._show_selected(self.list.currentRow())

    def _show_selected(self, row: int) -> None:
        has = 0 <= row < len(self.bookmarks)
        for key in ("update", "up", "down", "delete"):
            self.buttons[key].setEnabled(has)
        self.title_edit.setEnabled(has)
        self.note_edit.setEnabled(has)
        mark = self.bookmarks[row] if has else None
        if self.title_edit.text() != (mark.title if mark else ""):
            self.title_edit.setText(mark.title if mark else "")
        if self.note_edit.toPlainText() != (mark.note if mark else ""):
            self.note_edit.blockSignals(True)
            self.note_edit.setPlainText(mark.note if mark else "")
            self.note_edit.blockSignals(False)

    # -- edits -----------------------------------------------------------------------------------
    def add_current(self) -> int:
        mark = self.controller.current_bookmark()
        row = self.list.currentRow()
        index = self.bookmarks.add(mark, None if row < 0 else row + 1)
        self.list.setCurrentRow(index)
        self.current = index
        self.title_edit.setFocus()
        self.title_edit.selectAll()
        return index

    def update_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            now = self.controller.current_bookmark()
            self.bookmarks.update(row, date=now.date, extent=now.extent, layers=now.layers,
                                  filters=now.filters)

    def move_selected(self, delta: int) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.setCurrentRow(self.bookmarks.move(row, row + delta))

    def delete_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.bookmarks.remove(row)

    def _save_title(self) -> None:
        row = self.list.currentRow()
        if row >= 0 and self.title_edit.text().strip():
            self.bookmarks.update(row, title=self.title_edit.text().strip())

    def _save_note(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.bookmarks.update(row, note=self.note_edit.toPlainText().strip())

    # -- telling the story -----------------------------------------------------------------------
    def go(self, row: int, animate: bool = False) -> None:
        if 0 <= row < len(self.bookmarks):
            self.current = row
            if self.list.currentRow() != row:
                self.list.setCurrentRow(row)
            self.controller.go_to(self.bookmarks[row], animate=animate)

    def step(self, delta: int, animate: bool = True) -> bool:
        """Go to the next (previous) bookmark; False when there is none that way."""
        target = self.current + delta if self.current >= 0 else (0 if delta > 0 else -1)
        if not 0 <= target < len(self.bookmarks):
            return False
        self.go(target, animate=animate)
        return True

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Delete and self.list.hasFocus():
            self.delete_selected()
            return
        super().keyPressEvent(event)
