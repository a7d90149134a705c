"""Glue between the Qt-free core and Qt widgets.

* ``Connections``: remember every ``core.signal.Signal`` a view connected to, so it can
  disconnect all of them when it closes (no callbacks into deleted widgets).
* ``MainThreadCaller``: call a function on the GUI thread from any thread (queued), for the rare
  core signal emitted from a worker.
* ``current_summary(session)``: the Summary at the session's cursor, computed once per state and
  shared by every view (the table's totals and the figures panel ask for the same thing).
* Day <-> epoch-second helpers for pyqtgraph axes.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal

from ..core.cursor import WINDOW

DAY_S = 86400


class Connections:
    """A list of (core signal, slot) pairs that can all be disconnected at once."""

    def __init__(self) -> None:
        self._pairs: list[tuple[Any, Callable]] = []

    def connect(self, signal, slot: Callable) -> None:
        signal.connect(slot)
        self._pairs.append((signal, slot))

    def connect_qt(self, signal, slot: Callable) -> None:
        """A Qt signal (e.g. the theme manager's), disconnected with the rest."""
        signal.connect(slot)
        self._pairs.append((_QtSignal(signal), slot))

    def disconnect_all(self) -> None:
        pairs, self._pairs = self._pairs, []
        for signal, slot in pairs:
            signal.disconnect(slot)

    def __len__(self) -> int:
        return len(self._pairs)


class _QtSignal:
    def __init__(self, signal):
        self.signal = signal

    def disconnect(self, slot):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            try:
                self.signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass


class MainThreadCaller(QObject):
    """``caller.call(fn, *args)`` from any thread runs ``fn(*args)`` on this object's thread."""

    _invoke = Signal(object, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._invoke.connect(self._run, Qt.QueuedConnection)

    def call(self, fn: Callable, *args) -> None:
        self._invoke.emit(fn, args)

    @staticmethod
    def _run(fn, args):
        fn(*args)


def state_key(session) -> tuple:
    c = session.cursor
    return (id(session.briefing), c.date, c.mode, c.window_days if c.mode == WINDOW else 0,
            session.filters.values, session.currency, session.aoi.key,
            getattr(session, "compare_with", None))


def current_summary(session):
    """``session.summary()`` memoised on the session's state (cursor, mode, filters, currency)."""
    key = state_key(session)
    cached = getattr(session, "_gui_summary_cache", None)
    if cached is not None and cached[0] == key and cached[2] is session.briefing:
        return cached[1]
    b = session.briefing
    if _empty(b):       # nothing to convert: do not read the rates table on the UI thread
        from ..core.summary import summary
        c = session.cursor
        since = c.window_start if c.mode == WINDOW else None
        s = summary(b, c.date, session.filters.values, session.currency, since=since,
                    fx=_no_rates(), aoi=session.aoi,
                    areas_since=getattr(session, "compare_with", None))
    else:
        s = session.summary()
    session._gui_summary_cache = (key, s, session.briefing)
    return s


def _empty(briefing) -> bool:
    return not len(briefing.pledges) and not len(briefing.deliveries)


_NO_RATES = []


def _no_rates():
    if not _NO_RATES:
        from ..core.money import FxRates
        _NO_RATES.append(FxRates({}, source=""))
    return _NO_RATES[0]


def session_fx(session):
    """The rates table the session converts with (None: the shipped ECB rates)."""
    return getattr(session, "_fx", None)


def engine(session):
    """The summary engine of the session's briefing (an empty briefing needs no rates)."""
    from ..core.summary import engine_for
    b = session.briefing
    return engine_for(b, _no_rates() if _empty(b) else session_fx(session))


def day_to_s(day) -> float:
    return float(np.datetime64(day, "D").astype("datetime64[s]").astype(np.int64))


def days_to_s(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype(np.int64).astype(np.float64) * DAY_S


def s_to_day(seconds: float) -> np.datetime64:
    return np.datetime64(int(np.floor(seconds / DAY_S + 0.5)), "D")
