"""Dates with their precision: a source's "until 7/27/2022" is not the 27th of July.

Columns store dates as numpy ``datetime64[D]`` (NaT when unknown) plus a precision code:
``date`` is the last day the value can mean (what "as of" compares with), ``date_start`` the
first (NaT when open, as in "until ..."); for an exact day both are equal.
"""
from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
from enum import IntEnum

import numpy as np

from .arrays import distinct, percentile

NAT = np.datetime64("NaT", "D")


# Years a date in a briefing can have: Ukraine's independence to a decade ahead. A date outside
# is a typo in the source (the Kiel tracker's release 7 has a 2922 for 2022).
PLAUSIBLE_YEARS = (1991, 2035)


def implausible_year(*days) -> str | None:
    """Why the first of ``days`` (dates or None) outside ``PLAUSIBLE_YEARS`` cannot be right,
    e.g. "the year 2922 is outside 1991-2035 (a typo?)"; None when every day fits."""
    lo, hi = PLAUSIBLE_YEARS
    bad = next((d.year for d in days if d is not None and not lo <= d.year <= hi), None)
    return None if bad is None else f"the year {bad} is outside {lo}-{hi} (a typo?)"


# Late outliers: dates after the bulk of their column (its 95th percentile) that either lie
# more than LATE_OUTLIER_DAYS beyond it, or come after a gap of more than LATE_GAP_DAYS with
# no dates at all. Kept and reported, but they set neither the time range nor the opening date.
LATE_OUTLIER_DAYS = 365
LATE_GAP_DAYS = 90
LATE_OUTLIER_MIN_ROWS = 20


def late_outlier_mask(days: np.ndarray) -> np.ndarray:
    """True for the late outliers of a column (``datetime64[D]``, NaT for unknown). Release 7
    of the Kiel tracker (data to 2022-10-03) has Latvian rows "until 4/6/2023" ... "until
    4/6/2027", an Excel fill series gone wrong, and one Norwegian "until 6/7/2023": each lies
    after a gap of six months with no dates. Columns with fewer than
    ``LATE_OUTLIER_MIN_ROWS`` known days have no outliers (too few to judge)."""
    days = np.asarray(days, dtype="datetime64[D]")
    known = ~np.isnat(days)
    out = np.zeros(len(days), dtype=bool)
    if int(known.sum()) < LATE_OUTLIER_MIN_ROWS:
        return out
    ints = days.astype(np.int64)
    p95 = int(percentile(ints[known], 95))
    cut = p95 + LATE_OUTLIER_DAYS
    tail = distinct(ints[known & (ints > p95)])     # (np.unique imports numpy.ma)
    steps = np.diff(np.concatenate(([p95], tail)))
    gaps = np.flatnonzero(steps > LATE_GAP_DAYS)
    if len(gaps):
        cut = min(cut, int(tail[gaps[0]]) - 1)
    out[known] = ints[known] > cut
    return out


def outlier_bulk_end(days: np.ndarray) -> np.datetime64:
    """The day on or before which 95% of the known days lie (what outliers are compared with)."""
    days = np.asarray(days, dtype="datetime64[D]")
    known = days[~np.isnat(days)].astype(np.int64)
    return np.datetime64(int(percentile(known, 95)), "D")


class Precision(IntEnum):
    EXACT = 0
    MONTH = 1      # "unclear 05/2024": some day in that month
    UNTIL = 2      # "until 7/27/2022": on or before that day
    RANGE = 3      # "between 3/4/22 & 3/11/22"
    YEAR = 4
    UNKNOWN = 5    # "unspecified", blank

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class FuzzyDate:
    start: dt.date | None
    end: dt.date | None
    precision: Precision
    text: str = ""

    @classmethod
    def exact(cls, day: dt.date, text: str = "") -> "FuzzyDate":
        return cls(day, day, Precision.EXACT, text)

    @classmethod
    def unknown(cls, text: str = "") -> "FuzzyDate":
        return cls(None, None, Precision.UNKNOWN, text)

    @property
    def known(self) -> bool:
        return self.end is not None

    def describe(self) -> str:
        if self.end is None:
            return "unknown"
        if self.precision == Precision.UNTIL:
            return f"until {self.end.isoformat()}"
        if self.precision == Precision.EXACT:
            return self.start.isoformat()
        if self.precision == Precision.MONTH:
            return self.start.strftime("%Y-%m") + " (month)"
        if self.precision == Precision.YEAR:
            return f"{self.start.year} (year)"
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def to_day(value: dt.date | str | np.datetime64 | None) -> np.datetime64:
    """Any date-like value as ``datetime64[D]`` (NaT for None)."""
    if value is None:
        return NAT
    if isinstance(value, dt.datetime):
        value = value.date()
    return np.datetime64(value, "D")


def day_to_iso(day: np.datetime64) -> str | None:
    return None if np.isnat(day) else str(np.datetime64(day, "D"))


def day_words(day, month: str = "%b", year: bool = True) -> str:
    """A day as a briefer reads it: "6 Sep 2024"; ``month="%B"``: "6 September 2024";
    without the year: "6 Sep"."""
    d = to_day(day).astype(object)
    return f"{d.day} {d:{month} %Y}" if year else f"{d.day} {d:{month}}"


def days_to_epoch_seconds(days: np.ndarray) -> np.ndarray:
    """For pyqtgraph's DateAxisItem: float seconds since 1970, NaN for NaT."""
    out = days.astype("datetime64[s]").astype("int64").astype("float64")
    out[np.isnat(days)] = np.nan
    return out


# Day integers: the summary engine and the exports search rows by day with these.
NAT_INT = np.iinfo(np.int64).max   # unknown days sort after every real day


def day_ints(days: np.ndarray) -> np.ndarray:
    """Days since 1970 as int64 (``NAT_INT`` for an unknown day), for ``np.searchsorted``."""
    out = days.astype("datetime64[D]").astype(np.int64)
    out[np.isnat(days)] = NAT_INT
    return out


def month_labels(days: np.ndarray) -> np.ndarray:
    """'YYYY-MM' per day ('unknown' for an unknown day), as objects."""
    months = days.astype("datetime64[M]").astype(str)
    months[np.isnat(days)] = "unknown"
    return months.astype(object)


def day_slice(days: np.ndarray, as_of, since) -> slice:
    """Rows whose day is in [since, as_of]; all rows, unknown days included, when both are None."""
    stop = len(days) if as_of is None else int(
        np.searchsorted(days, np.datetime64(as_of, "D").astype(np.int64), side="right"))
    start = 0 if since is None else int(
        np.searchsorted(days, np.datetime64(since, "D").astype(np.int64), side="left"))
    return slice(start, max(start, stop))
