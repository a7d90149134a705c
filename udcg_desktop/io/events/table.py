"""Columns of an event table: numbers, coordinates and object arrays from source cells."""
from __future__ import annotations

import numpy as np

NULL_ISLAND = 0.01          # |lat| and |lon| below this: the (0, 0) placeholder, not a place


def floats(values: list) -> np.ndarray:
    """Strings to float64, blanks, junk and infinities ('1e309') as NaN (fast path for clean
    columns)."""
    try:
        out = np.fromiter(map(float, values), dtype=np.float64, count=len(values))
    except (ValueError, TypeError, OverflowError):
        out = np.empty(len(values))
        for i, v in enumerate(values):
            try:
                out[i] = float(v) if v not in ("", None) else np.nan
            except (ValueError, TypeError, OverflowError):
                out[i] = np.nan
    out[np.isinf(out)] = np.nan
    return out


def object_array(values) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def constant(value, n: int) -> np.ndarray:
    arr = np.empty(n, dtype=object)
    arr[:] = [value] * n if n else []
    return arr


def coordinate(v) -> float:
    if v is None or v == "":
        return np.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan
