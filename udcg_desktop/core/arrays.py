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


def percentile(values, q: float) -> float:
    """``np.percentile(values, q)`` (its default, linear method) by a partial sort: NumPy's
    own imports ``numpy.ma`` on first use (~16 ms of a process's start)."""
    x = np.asarray(values, dtype=float).ravel()
    n = len(x)
    if not n:
        raise ValueError("percentile of an empty array")
    pos = (q / 100.0) * (n - 1)
    lo = int(np.floor(pos))
    hi = min(lo + 1, n - 1)
    part = np.partition(x, [lo, hi])
    a, b, t = part[lo], part[hi], pos - lo
    # NumPy's _lerp: from the nearer end, so t = 1 gives b exactly.
    return float(b - (b - a) * (1.0 - t) if t >= 0.5 else a + (b - a) * t)


def text_codes(values) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct texts as an object array, int32 code per value), as
    ``np.unique(values.astype(str), return_inverse=True)`` gives them but without the
    fixed-width string array (rows x longest text x 4 bytes: 12 GiB for 100,000 rows of one
    32,767-character cell). Memory stays a dict of the distinct values."""
    distinct_values = set(values)
    if all(type(v) is str for v in distinct_values):
        # The common case: every value is already text. Sorted distinct texts give the codes
        # directly, and C-level map() looks them up without a Python step per row.
        cats = np.empty(len(distinct_values), dtype=object)
        cats[:] = sorted(distinct_values)
        rank = {v: i for i, v in enumerate(cats.tolist())}
        return cats, np.fromiter(map(rank.__getitem__, values), dtype=np.int32,
                                 count=len(values))
    lookup: dict[str, int] = {}
    codes = np.fromiter((lookup.setdefault(v if type(v) is str else str(v), len(lookup))
                         for v in values), dtype=np.int64, count=len(values))
    cats = np.empty(len(lookup), dtype=object)
    cats[:] = list(lookup)
    order = np.argsort(cats, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return cats[order], rank[codes].astype(np.int32)
