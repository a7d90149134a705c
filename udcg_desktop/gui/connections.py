"""``Connections``: every signal a view connected to, so it can disconnect all of them when it
closes (no callbacks into deleted widgets)."""
from __future__ import annotations

from typing import Any, Callable
import warnings


class Connections:
    """A list of (signal, slot) pairs that can all be disconnected at once: core signals
    (``core.signal.Signal``) and Qt ones (e.g. the theme manager's)."""

    def __init__(self) -> None:
        self._pairs: list[tuple[Any, Callable]] = []

    def connect(self, signal, slot: Callable) -> None:
        signal.connect(slot)
        self._pairs.append((signal, slot))

    def connect_qt(self, signal, slot: Callable) -> None:
        """A Qt signal, disconnected with the rest (quietly if Qt already dropped it)."""
        signal.connect(slot)
        self._pairs.append((_QtSignal(signal), slot))

    def disconnect_all(self) -> None:
        pairs, self._pairs = self._pairs, []
        for signal, slot in pairs:
            signal.disconnect(slot)

    def __len__(self) -> int:
        return len(self._pairs)


class _QtSignal:
    """A Qt signal whose disconnect does not fail when its object is already gone."""

    def __init__(self, signal):
        self.signal = signal

    def disconnect(self, slot):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            try:
                self.signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
