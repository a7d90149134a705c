"""The shared objects every view binds to: the time cursor, the selection, the filters.

Each is evented with ``core.signal.Signal``: setting a value that did not change emits nothing,
so linked views cannot ping-pong.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

import numpy as np

from .signal import Signal

CUMULATIVE = "cumulative"
WINDOW = "window"


class TimeCursor:
    """A day clamped to [minimum, maximum], a step, and cumulative or last-N-days mode."""

    def __init__(self, minimum: np.datetime64, maximum: np.datetime64,
                 date: np.datetime64 | None = None):
        self.changed = Signal()          # (date)
        self.mode_changed = Signal()     # (mode, window_days)
        self.range_changed = Signal()    # (minimum, maximum): widened by ``go_to``
        self._min = np.datetime64(minimum, "D")
        self._max = np.datetime64(maximum, "D")
        self._date = self._clamp(date if date is not None else self._max)
        self._step_days = 1
        self._mode = CUMULATIVE
        self._window_days = 7

    @property
    def date(self) -> np.datetime64:
        return self._date

    @property
    def minimum(self) -> np.datetime64:
        return self._min

    @property
    def maximum(self) -> np.datetime64:
        return self._max

    @property
    def step_days(self) -> int:
        return self._step_days

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def window_days(self) -> int:
        return self._window_days

    @property
    def window_start(self) -> np.datetime64 | None:
        """First day shown in window mode (None in cumulative mode)."""
        if self._mode != WINDOW:
            return None
        return self._date - np.timedelta64(self._window_days - 1, "D")

    def _clamp(self, day) -> np.datetime64:
        day = np.datetime64(day, "D")
        if np.isnat(day):
            return self._max
        return min(max(day, self._min), self._max)

    def set_date(self, day) -> None:
        new = self._clamp(day)
        if new != self._date:
            self._date = new
            self.changed.emit(new)

    def go_to(self, day) -> None:
        """Move to a day the user typed, widening the range to reach it when it lies outside
        (a late outlier, or a date past the data): typing a date always goes there."""
        from .dates import PLAUSIBLE_YEARS
        day = np.datetime64(day, "D")
        if np.isnat(day) or not (PLAUSIBLE_YEARS[0] <= day.astype(object).year
                                 <= PLAUSIBLE_YEARS[1]):
            return
        if day < self._min or day > self._max:
            self._min, self._max = min(self._min, day), max(self._max, day)
            self.range_changed.emit(self._min, self._max)
        self.set_date(day)

    def set_range(self, minimum, maximum) -> None:
        """New bounds (after a load); the date is kept if it still fits, else clamped."""
        self._min = np.datetime64(minimum, "D")
        self._max = np.datetime64(maximum, "D")
        self.set_date(self._date)

    def step(self, count: int = 1) -> bool:
        """Move by ``count`` steps; False when already at the bound in that direction."""
        before = self._date
        self.set_date(self._date + np.timedelta64(count * self._step_days, "D"))
        return bool(self._date != before)

    def set_step_days(self, days: int) -> None:
        self._step_days = max(1, int(days))

    def set_mode(self, mode: str, window_days: int | None = None) -> None:
        if mode not in (CUMULATIVE, WINDOW):
            raise ValueError(f"unknown cursor mode {mode!r}")
        window_days = self._window_days if window_days is None else max(1, int(window_days))
        if (mode, window_days) != (self._mode, self._window_days):
            self._mode, self._window_days = mode, window_days
            self.mode_changed.emit(mode, window_days)


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


class Session:
    """The briefing on screen and the shared state every view binds to.

    Views take a ``Session``, connect to its signals in ``__init__``, read ``summary()`` and change
    things only through the setters of ``cursor``, ``filters``, ``selection`` and this object."""

    def __init__(self, briefing, fx=None):
        self.briefing_changed = Signal()   # (briefing)
        self.currency_changed = Signal()   # (currency)
        self.compare_changed = Signal()    # (day or None): the front's comparison date
        self._compare_with = None
        self.aoi_changed = Signal()        # (AreaOfInterest)
        self._briefing = briefing
        self._fx = fx
        self._currency = "EUR"
        from .aoi import area_of_interest
        self._aoi = area_of_interest()     # the default area of interest (the Kharkiv axis)
        lo, hi = briefing.date_range
        if np.isnat(lo):
            lo = hi = np.datetime64("today", "D")
        self.cursor = TimeCursor(lo, hi)
        self.filters = Filters()
        self.selection = Selection()

    @property
    def briefing(self):
        return self._briefing

    @property
    def currency(self) -> str:
        return self._currency

    @property
    def compare_with(self):
        """The "Compare with" date: the front's change is shown since it (None: no change)."""
        return self._compare_with

    def set_compare_with(self, day) -> None:
        day = None if day is None else np.datetime64(day, "D")
        if day is not None and np.isnat(day):
            day = None
        if day != self._compare_with:
            self._compare_with = day
            self.compare_changed.emit(day)

    @property
    def aoi(self):
        """The area of interest (``core.aoi.AreaOfInterest``) the event figures are for."""
        return self._aoi

    def set_aoi(self, key: str) -> None:
        """Switch the area of interest by key ("kharkiv_axis", "all")."""
        from .aoi import area_of_interest
        aoi = area_of_interest(key)
        if aoi is not self._aoi:
            self._aoi = aoi
            self.aoi_changed.emit(aoi)

    def set_currency(self, currency: str) -> None:
        if currency != self._currency:
            self._currency = currency
            self.currency_changed.emit(currency)

    def set_briefing(self, briefing) -> None:
        """Replace the briefing (a load or reload); the cursor keeps its date where it fits."""
        if briefing is self._briefing:
            return
        self._briefing = briefing
        self.selection.clear()
        lo, hi = briefing.date_range
        if not np.isnat(lo):
            self.cursor.set_range(lo, hi)
        self.briefing_changed.emit(briefing)

    def summary(self, as_of=None):
        """Figures at the cursor (or ``as_of``), honouring mode, filters and currency."""
        from .summary import summary
        day = self.cursor.date if as_of is None else as_of
        since = None
        if self.cursor.mode == WINDOW:
            since = np.datetime64(day, "D") - np.timedelta64(self.cursor.window_days - 1, "D")
        return summary(self._briefing, day, self.filters.values, self._currency, since=since,
                       fx=self._fx, aoi=self._aoi, areas_since=self._compare_with)
