"""The timeline's axes and its default span, without the view: a date axis with one level of
ticks (so "May" never lands on "02") that names the year where it changes, value ticks for the
cumulative band, and the span first shown (the data's plausible dates and the cursor, in whole
months)."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from ...core.describe import money

DAY_S = 86400.0
_EPOCH = dt.datetime(1970, 1, 1)
# (count, unit) from fine to coarse; days are aligned to the epoch (weeks to Mondays).
_STEPS = ((1, "d"), (2, "d"), (7, "d"), (14, "d"), (1, "m"), (2, "m"), (3, "m"), (6, "m"),
          (12, "m"), (24, "m"), (60, "m"), (120, "m"))


def _date(seconds: float) -> dt.date:
    return (_EPOCH + dt.timedelta(seconds=float(seconds))).date()


def _seconds(day: dt.date) -> float:
    return (dt.datetime(day.year, day.month, day.day) - _EPOCH).total_seconds()


def _month_add(day: dt.date, months: int) -> dt.date:
    k = day.year * 12 + day.month - 1 + months
    return dt.date(k // 12, k % 12 + 1, 1)


def plausible_days(briefing) -> tuple[np.datetime64, np.datetime64] | None:
    """First and last plausible day of the loaded data (``Briefing.date_range``: each
    source's late outliers left out), or None when nothing is dated."""
    lo, hi = briefing.date_range
    return None if np.isnat(lo) else (lo, hi)


def default_span(briefing, cursor_day) -> tuple[float, float]:
    """(start, end) in seconds: whole months covering the plausible data and the cursor."""
    cursor_day = np.datetime64(cursor_day, "D")
    days = plausible_days(briefing)
    lo, hi = (cursor_day, cursor_day) if days is None else (min(days[0], cursor_day),
                                                            max(days[1], cursor_day))
    first = dt.date.fromisoformat(str(lo)).replace(day=1)
    last = _month_add(dt.date.fromisoformat(str(hi)), 1)
    return _seconds(first), _seconds(last)


class DateAxis(pg.AxisItem):
    """Bottom axis in UTC days: one level of ticks spaced so that labels never touch, the year
    on the first label and wherever it changes."""

    def __init__(self, **kwargs):
        super().__init__(orientation="bottom", **kwargs)
        self._unit = ("d", 1)

    def _font(self):
        return self.style.get("tickFont") or QApplication.font()

    def tickValues(self, minVal, maxVal, size):
        if not (size > 0 and maxVal > minVal and math.isfinite(minVal) and math.isfinite(maxVal)):
            return []
        fm = QFontMetrics(self._font())
        px_per_day = size / ((maxVal - minVal) / DAY_S)
        values = []
        for count, unit in _STEPS:
            widest = "30 Sep 2024" if unit == "d" else "Sep 2024" if count < 12 else "2024"
            days = count if unit == "d" else count * 30.4
            label_w = fm.horizontalAdvance(widest)
            if days * px_per_day >= label_w + 16 or count == 120:
                self._unit = (unit, count)
                # Not so near an end that the label would be cut (and with it the year).
                margin = (label_w / 2 + 2) / px_per_day * DAY_S
                values = [v for v in self._values(minVal, maxVal, unit, count)
                          if minVal + margin <= v <= maxVal - margin]
                break
        return [(count * DAY_S, values)]

    @staticmethod
    def _values(lo, hi, unit, count):
        out = []
        if unit == "d":
            first = math.ceil(lo / DAY_S)
            # Weeks on Mondays (1970-01-01 was a Thursday: epoch day 4 is a Monday).
            offset = 4 if count == 7 else 0
            first += (offset - first) % count
            day = first
            while day * DAY_S <= hi and len(out) < 500:
                out.append(day * DAY_S)
                day += count
            return out
        start = _date(lo)
        month = _month_add(start, 0 if start.day == 1 and _seconds(start) >= lo else 1)
        while (month.year * 12 + month.month - 1) % count:
            month = _month_add(month, 1)
        while _seconds(month) <= hi and len(out) < 500:
            out.append(_seconds(month))
            month = _month_add(month, count)
        return out

    def tickStrings(self, values, scale, spacing):
        unit, count = self._unit
        out, year = [], None
        for v in values:
            d = _date(v)
            if unit == "m" and count >= 12:
                out.append(str(d.year))
                continue
            text = f"{d.day} {d:%b}" if unit == "d" else f"{d:%b}"
            if d.year != year:
                text += f" {d.year}"
                year = d.year
            out.append(text)
        return out


def value_ticks(top: float, lo: float, hi: float, currency: str, count: int = 3):
    """Ticks [(y, "€20bn"), ...] for values 0..top drawn scaled into the band [lo, hi]."""
    if not (top > 0 and math.isfinite(top)):
        return [(lo, money(0.0, currency, 0))]
    raw = top / count
    exp = 10 ** math.floor(math.log10(raw))
    step = next(m * exp for m in (1, 2, 5, 10) if m * exp >= raw)
    scale = (hi - lo) / top
    ticks, v = [], 0.0
    while v <= top * 1.0001:
        digits = 0 if v == 0 or (v / (1e9 if v >= 1e9 else 1e6 if v >= 1e6 else 1)) % 1 == 0 \
            else 1
        ticks.append((lo + v * scale, money(v, currency, digits)))
        v += step
    return ticks
