"""The time cursor every view follows: one day, a step, and cumulative or last-N-days mode.

Evented with ``core.signal.Signal``: setting a value that did not change emits nothing, so linked
views cannot ping-pong.
"""
from __future__ import annotations

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
        return self.window_start_at(self._date)

    def window_start_at(self, day) -> np.datetime64 | None:
        """First day of the window that ends on ``day`` (None in cumulative mode): the one place
        the window is computed, for the cursor's own day and for figures asked "as of" another."""
        if self._mode != WINDOW:
            return None
        return np.datetime64(day, "D") - np.timedelta64(self._window_days - 1, "D")

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
