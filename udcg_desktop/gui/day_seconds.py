"""Days <-> epoch seconds: pyqtgraph's date axes count seconds, the core counts days."""
from __future__ import annotations

import numpy as np

DAY_S = 86400


def day_to_s(day) -> float:
    return float(np.datetime64(day, "D").astype("datetime64[s]").astype(np.int64))


def days_to_s(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype(np.int64).astype(np.float64) * DAY_S


def s_to_day(seconds: float) -> np.datetime64:
    """The day nearest to ``seconds`` (a point dragged on the axis snaps to the closest day)."""
    return np.datetime64(int(np.floor(seconds / DAY_S + 0.5)), "D")
