"""A filter that picks any number of values: a button naming the choice, and a drop-down of
check boxes with a search line, "Clear" and "Invert" (so "every donor but one" is two clicks).

Nothing ticked means no filter. The drop-down is a ``Qt.Popup`` frame, not a QMenu: it closes
on a click outside like a menu, but ticking a box does not close it and nothing blocks.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QSizePolicy, QToolButton, QVBoxLayout)

ALL = "(all)"
SEARCH_FROM = 10          # a search line once a list has this many values


class MultiSelect(QToolButton):
    """``changed(list[str] | None)``: the ticked values, or None for all."""

    changed = Signal(object)

    def __init__(self, noun_plural: str, parent=None):
        super().__init__(parent)
        self.noun = noun_plural
        self.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setMinimumWidth(70)

        self.popup = QFrame(self, Qt.Popup)
        self.popup.setFrameShape(QFrame.StyledPanel)
        self.search = QLineEdit(placeholderText=f"Find {noun_plural}…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_list)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.itemDoubleClicked.connect(self._only)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip(f"No filter on {noun_plural}")
        self.clear_button.clicked.connect(lambda: self.set_chosen(None, emit=True))
        self.invert_button = QPushButton("Invert")
        self.invert_button.setToolTip("Tick what is not ticked, and the reverse")
        self.invert_button.clicked.connect(self._invert)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.invert_button)
        lay = QVBoxLayout(self.popup)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.search)
        lay.addWidget(self.list)
        lay.addLayout(buttons)
        self.clicked.connect(self.open_popup)
        self._values: list[str] = []
        self._label()

    # -- the choices -----------------------------------------------------------------------
    def set_values(self, values: list[str]) -> None:
        """The values offered (the ticks of values still offered are kept)."""
        keep = set(self.chosen() or ())
        self._values = list(values)
        with QSignalBlocker(self.list):
            self.list.clear()
            for v in self._values:
                item = QListWidgetItem(v)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked if v in keep else Qt.Unchecked)
                self.list.addItem(item)
        self.search.setVisible(len(self._values) >= SEARCH_FROM)
        self._label()

    def values(self) -> list[str]:
        return list(self._values)

    def item(self, value: str) -> QListWidgetItem | None:
        found = self.list.findItems(value, Qt.MatchExactly)
        return found[0] if found else None

    # -- the choice --------------------------------------------------------------------------
    def chosen(self) -> list[str] | None:
        ticked = [self.list.item(i).text() for i in range(self.list.count())
                  if self.list.item(i).checkState() == Qt.Checked]
        return ticked or None

    def set_chosen(self, chosen, emit: bool = False) -> None:
        """Tick exactly ``chosen`` (None or empty: nothing ticked, no filter)."""
        chosen = set(chosen or ())
        with QSignalBlocker(self.list):
            for i in range(self.list.count()):
                item = self.list.item(i)
                item.setCheckState(Qt.Checked if item.text() in chosen else Qt.Unchecked)
        self._label()
        if emit:
            self.changed.emit(self.chosen())

    def _label(self) -> None:
        chosen = self.chosen()
        if not chosen:
            text, tip = ALL, f"Only some {self.noun}: click to choose"
        elif len(chosen) == 1:
            text, tip = chosen[0], f"Only {chosen[0]}"
        else:
            text, tip = f"{len(chosen)} {self.noun}", "Only " + ", ".join(chosen)
        self.setText(f"{text} ▾")        # a down arrow, as on a combo box
        self.setToolTip(tip)

    # -- the drop-down -----------------------------------------------------------------------
    def open_popup(self) -> None:
        """Below the button, or above it when the screen has more room there."""
        want = min(420, 90 + 22 * max(len(self._values), 3))
        width = max(self.width(), 240)
        top = self.mapToGlobal(QPoint(0, 0))
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        room_below = screen.bottom() - below.y()
        room_above = top.y() - screen.top()
        if want <= room_below or room_below >= room_above:
            height = max(120, min(want, room_below))
            pos = below
        else:
            height = max(120, min(want, room_above))
            pos = QPoint(top.x(), top.y() - height)
        x = min(max(pos.x(), screen.left()), screen.right() - width)
        self.popup.setGeometry(x, pos.y(), width, height)
        self.popup.show()
        (self.search if self.search.isVisible() else self.list).setFocus()

    def _filter_list(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _on_item_changed(self, _item) -> None:
        self._label()
        self.changed.emit(self.chosen())

    def _only(self, item: QListWidgetItem) -> None:
        """Double-click: this value alone."""
        self.set_chosen([item.text()], emit=True)

    def _invert(self) -> None:
        chosen = set(self.chosen() or ())
        self.set_chosen([v for v in self._values if v not in chosen], emit=True)
