"""What the briefer narrowed the view to: ``FilterValues`` and its evented holder ``Filters``."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

import numpy as np

from .signal import Signal


@dataclass(frozen=True)
class FilterValues:
    """What the briefer narrowed the view to. ``None`` means no restriction on that field."""

    donors: frozenset[str] | None = None
    categories: frozenset[str] | None = None
    coalitions: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    aid_types: frozenset[str] | None = None
    date_from: np.datetime64 | None = None
    date_to: np.datetime64 | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return self != FilterValues()

    def describe(self) -> str:
        parts = []
        for label, values in (("donors", self.donors), ("categories", self.categories),
                              ("coalitions", self.coalitions), ("status", self.statuses),
                              ("aid type", self.aid_types)):
            if values is not None:
                parts.append(f"{label}: {', '.join(sorted(values))}")
        if self.date_from is not None or self.date_to is not None:
            parts.append(f"dates: {self.date_from or '...'} to {self.date_to or '...'}")
        if self.text:
            parts.append(f"text contains '{self.text}'")
        return "; ".join(parts) if parts else "none"

    def as_dict(self) -> dict:
        def s(v):
            return None if v is None else sorted(v)
        return {"donors": s(self.donors), "categories": s(self.categories),
                "coalitions": s(self.coalitions), "statuses": s(self.statuses),
                "aid_types": s(self.aid_types),
                "date_from": None if self.date_from is None else str(self.date_from),
                "date_to": None if self.date_to is None else str(self.date_to),
                "text": self.text}


def _set_or_none(values: Iterable[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)


class Filters:
    """The evented holder of the current ``FilterValues``."""

    FIELDS = ("donors", "categories", "coalitions", "statuses", "aid_types")

    def __init__(self, values: FilterValues | None = None):
        self.changed = Signal()   # (FilterValues)
        self._values = values or FilterValues()

    @property
    def values(self) -> FilterValues:
        return self._values

    def set_values(self, values: FilterValues) -> None:
        if values != self._values:
            self._values = values
            self.changed.emit(values)

    def set_field(self, name: str, values: Iterable[str] | None) -> None:
        if name not in self.FIELDS:
            raise KeyError(name)
        self.set_values(replace(self._values, **{name: _set_or_none(values)}))

    def set_text(self, text: str) -> None:
        self.set_values(replace(self._values, text=text.strip()))

    def set_dates(self, date_from=None, date_to=None) -> None:
        conv = lambda d: None if d is None else np.datetime64(d, "D")
        self.set_values(replace(self._values, date_from=conv(date_from), date_to=conv(date_to)))

    def clear(self) -> None:
        self.set_values(FilterValues())
