"""The window's Ctrl/Alt shortcuts win over a focused text field that would claim the same keys."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence

# What a text field may keep for itself when a window shortcut has the same keys.
_EDITING_KEYS = (QKeySequence.Copy, QKeySequence.Cut, QKeySequence.Paste, QKeySequence.Undo,
                 QKeySequence.Redo, QKeySequence.SelectAll)


class WindowShortcutsFirst(QObject):
    """Lets the window's Ctrl/Alt shortcuts through a focused text field.

    On X11 a line edit claims Ctrl+E (emacs "end of line") and other Ctrl keys before the
    window sees them, so Ctrl+E did nothing once the date field had had focus. Plain keys
    (arrows, Home, Space) stay with the field."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event):
        if event.type() != QEvent.ShortcutOverride:
            return False
        mods = event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier)
        if not mods or any(event.matches(k) for k in _EDITING_KEYS):
            return False
        keys = QKeySequence(event.keyCombination())
        if any(a.isEnabled() and keys in a.shortcuts() for a in self.window.actions()):
            event.ignore()          # not claimed by the field: the shortcut fires
            return True
        return False
