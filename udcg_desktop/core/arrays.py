"""Small array helpers shared by the core and the views."""
from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values, as ``np.unique(values)`` gives them. NumPy 2.4's plain
    ``np.unique`` imports ``numpy.ma`` on first use (~11 ms at start-up); a sort does not."""
    s = np.sort(np.asarray(values).ravel())
    if not len(s):
        return s
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]
