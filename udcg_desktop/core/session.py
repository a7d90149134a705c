"""The briefing on screen and the shared state every view binds to (cursor, filters, selection,
currency, area of interest, comparison date)."""
from __future__ import annotations

import numpy as np

from .cursor import WINDOW, TimeCursor
from .filters import Filters
from .money import FxRates
from .selection import Selection
from .signal import Signal
from .summary import engine_for, summary


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
        self._summary_cache = None     # (state key, Summary, briefing)
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

    @property
    def fx(self):
        """The rates table the session converts with (None: the shipped ECB rates)."""
        return self._fx

    def summary(self, as_of=None):
        """Figures at the cursor (or ``as_of``), honouring mode, filters and currency."""
        day = self.cursor.date if as_of is None else as_of
        return summary(self._briefing, day, self.filters.values, self._currency,
                       since=self.cursor.window_start_at(day), fx=self._fx, aoi=self._aoi,
                       areas_since=self._compare_with)

    def current_summary(self):
        """``summary()`` at the cursor, computed once per state (cursor, mode, filters, currency,
        area, comparison date) and shared by every view that asks: the table's totals and the
        figures panel ask for the same thing."""
        key = self._state_key()
        if self._summary_cache is not None and self._summary_cache[0] == key \
                and self._summary_cache[2] is self._briefing:
            return self._summary_cache[1]
        if _empty(self._briefing):   # nothing to convert: do not read the rates table
            c = self.cursor
            s = summary(self._briefing, c.date, self.filters.values, self._currency,
                        since=c.window_start, fx=_no_rates(), aoi=self._aoi,
                        areas_since=self._compare_with)
        else:
            s = self.summary()
        self._summary_cache = (key, s, self._briefing)
        return s

    def engine(self):
        """The summary engine of the briefing on screen (an empty briefing needs no rates)."""
        return engine_for(self._briefing, _no_rates() if _empty(self._briefing) else self._fx)

    def _state_key(self) -> tuple:
        c = self.cursor
        return (id(self._briefing), c.date, c.mode, c.window_days if c.mode == WINDOW else 0,
                self.filters.values, self._currency, self._aoi.key, self._compare_with)


def _empty(briefing) -> bool:
    return not len(briefing.pledges) and not len(briefing.deliveries)


_NO_RATES: list[FxRates] = []


def _no_rates() -> FxRates:
    """An empty rates table, made once: for a briefing with no money to convert."""
    if not _NO_RATES:
        _NO_RATES.append(FxRates({}, source=""))
    return _NO_RATES[0]
