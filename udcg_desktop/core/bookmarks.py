"""Bookmarks: named moments of a briefing (a date, a map extent, the layers on, the filters, a
title and a note) kept in the order they are told, evented like the cursor and the filters."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .signal import Signal


@dataclass(frozen=True)
class Bookmark:
    title: str
    date: str                                     # ISO day
    note: str = ""
    extent: list[float] | None = None             # [lon_min, lon_max, lat_min, lat_max]
    layers: dict[str, bool] = field(default_factory=dict)
    filters: dict = field(default_factory=dict)   # FilterValues.as_dict()


class Bookmarks:
    """The briefing's bookmarks in story order. ``changed`` is emitted after every edit."""

    def __init__(self, items: list[Bookmark] | None = None):
        self._items: list[Bookmark] = list(items or [])
        self.changed = Signal()

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: int) -> Bookmark:
        return self._items[i]

    def __iter__(self):
        return iter(list(self._items))

    def set_all(self, items: list[Bookmark]) -> None:
        if list(items) != self._items:
            self._items = list(items)
            self.changed.emit()

    def add(self, mark: Bookmark, index: int | None = None) -> int:
        index = len(self._items) if index is None else max(0, min(index, len(self._items)))
        self._items.insert(index, mark)
        self.changed.emit()
        return index

    def update(self, index: int, **changes) -> None:
        new = replace(self._items[index], **changes)
        if new != self._items[index]:
            self._items[index] = new
            self.changed.emit()

    def remove(self, index: int) -> None:
        del self._items[index]
        self.changed.emit()

    def move(self, index: int, to: int) -> int:
        """Move bookmark ``index`` to position ``to`` (clamped); returns where it went."""
        to = max(0, min(to, len(self._items) - 1))
        if to != index:
            self._items.insert(to, self._items.pop(index))
            self.changed.emit()
        return to
