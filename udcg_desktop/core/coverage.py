"""What dates each source covers, and when a figure is older than the as-of date says.

A source's first and last *plausible* date leave out late outliers (``dates.late_outlier_mask``:
the Kiel tracker's release 7 runs to 2022-10-03 but has rows dated 6 April 2027), so one odd row
neither stretches the time axis nor sets the day the app opens on. When the as-of date is more
than ``STALE_DAYS`` past a pledge source's last date, every output says so in words.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import weakref

import numpy as np

from .dates import late_outlier_mask

STALE_DAYS = 30


@dataclass(frozen=True)
class Coverage:
    """First and last plausible day of one source (NaT when it has no dated row)."""

    path: str
    kind: str
    first: np.datetime64
    last: np.datetime64


def plausible_days(days: np.ndarray) -> np.ndarray:
    """The known days of one source's column, late outliers left out."""
    days = np.asarray(days, dtype="datetime64[D]")
    return days[~np.isnat(days) & ~late_outlier_mask(days)]


def _rows_of(table, column: str, path: str) -> np.ndarray:
    if not len(table):
        return np.array([], dtype="datetime64[D]")
    cats, codes = table.codes("source_file")
    hit = np.flatnonzero(cats.astype(str) == path)
    if not len(hit):
        return np.array([], dtype="datetime64[D]")
    return table[column][codes == hit[0]]


def _snapshot_days(series, path: str) -> np.ndarray:
    folder = path.rstrip("/\\")
    days = [s.time for s in series.snapshots
            if s.source_file == path or str(Path(s.source_file).parent) == folder]
    return np.array(days, dtype="datetime64[s]").astype("datetime64[D]")


def source_days(briefing, path: str, kind: str) -> np.ndarray:
    """Every day of one source's rows (NaT included) as loaded into ``briefing``."""
    if kind == "pledges":
        return _rows_of(briefing.pledges, "date", path)
    if kind == "deliveries":
        return _rows_of(briefing.deliveries, "date", path)
    if kind == "events":
        return _rows_of(briefing.events, "date", path)
    if kind == "areas":
        return _snapshot_days(briefing.areas, path)
    return np.array([], dtype="datetime64[D]")


_COVERAGE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def source_coverage(briefing) -> list[Coverage]:
    """One ``Coverage`` per source of the briefing, in the order of ``briefing.sources``.
    Memoised per briefing and source count (every cursor step's summary asks)."""
    hit = _COVERAGE.get(briefing)
    if hit is not None and hit[0] == len(briefing.sources):
        return list(hit[1])
    out = _source_coverage(briefing)
    _COVERAGE[briefing] = (len(briefing.sources), tuple(out))
    return out


def _source_coverage(briefing) -> list[Coverage]:
    out = []
    for src in briefing.sources:
        days = plausible_days(source_days(briefing, src.path, src.kind))
        first = days.min() if len(days) else np.datetime64("NaT", "D")
        last = days.max() if len(days) else np.datetime64("NaT", "D")
        out.append(Coverage(src.path, src.kind, first, last))
    return out


def plausible_range(briefing) -> tuple[np.datetime64, np.datetime64]:
    """First and last plausible day across the tables and snapshots (NaT, NaT when nothing
    is dated). Late outliers are judged per source file, as the readers flag them."""
    days = [plausible_days(briefing.areas.times.astype("datetime64[D]"))]
    for table in (briefing.pledges, briefing.deliveries, briefing.events):
        if not len(table):
            continue
        cats, codes = table.codes("source_file")
        column = table["date"]
        for k in range(len(cats)):
            days.append(plausible_days(column[codes == k]))
    allday = np.concatenate(days)
    if not len(allday):
        return np.datetime64("NaT", "D"), np.datetime64("NaT", "D")
    return allday.min(), allday.max()


def stale_notes(coverage: list[Coverage], as_of) -> list[str]:
    """One sentence per pledge source whose data ends more than ``STALE_DAYS`` before
    ``as_of``: "Pledge data ends 2022-10-03 (kiel.xlsx), 590 days before the as-of date."""
    if as_of is None:
        return []
    as_of = np.datetime64(as_of, "D")
    notes = []
    for c in coverage:
        if c.kind != "pledges" or np.isnat(c.last):
            continue
        gap = int((as_of - c.last).astype(int))
        if gap > STALE_DAYS:
            notes.append(f"Pledge data ends {c.last} ({Path(c.path).name}), {gap:,} days "
                         f"before the as-of date {as_of}: later pledges are not in it.")
    return notes
