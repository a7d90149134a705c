"""The selected rows of one table (pledges, deliveries or events), evented."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .signal import Signal


@dataclass(frozen=True)
class SelectionValue:
    """Selected rows of one table: ``kind`` is pledges, deliveries, events or None."""

    kind: str | None = None
    rows: tuple[int, ...] = field(default_factory=tuple)


class Selection:
    def __init__(self):
        self.changed = Signal()   # (SelectionValue)
        self._value = SelectionValue()

    @property
    def value(self) -> SelectionValue:
        return self._value

    def select(self, kind: str | None, rows: Iterable[int] = ()) -> None:
        value = SelectionValue(kind, tuple(sorted(int(r) for r in rows))) if kind else SelectionValue()
        if value != self._value:
            self._value = value
            self.changed.emit(value)

    def clear(self) -> None:
        self.select(None)
