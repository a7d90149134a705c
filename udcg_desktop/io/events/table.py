"""One ``EventTable`` builder for every event source, and the column helpers it needs."""
from __future__ import annotations

import numpy as np

from ...core.dates import Precision
from ...core.model import EventTable
from ..tables import objects

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


def event_table(kind: str, path: str, columns: dict) -> EventTable:
    """The ``EventTable`` of one file's events, each on an exact day.

    ``columns``: lists or arrays named event_id, date, date_text, type, source_type, place, lon,
    lat, coord_source, description, source, source_row (and optionally fatalities); a text
    instead of a list is that text on every row. Places are normalised here."""
    from ...core.places import normalise_place
    n = len(columns["event_id"])

    def text(name):
        v = columns[name]
        return constant(v, n) if isinstance(v, str) else objects(v)

    days = np.asarray(columns["date"], dtype="datetime64[D]")
    place_of = {t: normalise_place(t) for t in set(columns["place"])}
    cols = {
        "event_id": text("event_id"), "date": days, "date_start": days,
        "date_precision": np.full(n, int(Precision.EXACT), dtype=np.uint8),
        "date_text": text("date_text"), "type": text("type"),
        "source_type": text("source_type"), "source_kind": constant(kind, n),
        "place": objects([place_of[t] for t in columns["place"]]),
        "lon": np.asarray(columns["lon"], dtype=float),
        "lat": np.asarray(columns["lat"], dtype=float),
        "coord_source": text("coord_source"), "description": text("description"),
        "source": text("source"), "illustrative": np.zeros(n, dtype=bool),
        "source_file": constant(path, n), "source_sheet": constant("", n),
        "source_row": np.asarray(columns["source_row"], dtype=np.int64),
    }
    if "fatalities" in columns:
        cols["fatalities"] = np.asarray(columns["fatalities"], dtype=float)
    return EventTable(cols)
