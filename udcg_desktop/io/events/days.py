"""Event days: a calendar day from the forms event sources use, the file's slash order."""
from __future__ import annotations

import datetime as dt
import re

import numpy as np

from ...core.dates import NAT, implausible_year

_MONTHS = {m.casefold(): i + 1 for i, m in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"))}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DMY_TEXT = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)\.?[ -,]*(\d{4})$")
_MDY_TEXT = re.compile(r"^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$")
_SLASH = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


# -- dates --------------------------------------------------------------------------------------
def slash_order(texts, default: str = "dmy") -> str:
    """"dmy" or "mdy" for a file's slash dates: the order under which more of them are real
    days (Bellingcat's 02/24/2022 is month first; ACLED through a European Excel, 10/05/2024,
    day first); ``default`` when the dates cannot tell (all parts up to 12)."""
    bad_dmy = bad_mdy = 0
    for t in texts:
        m = _SLASH.match(t.strip()) if isinstance(t, str) else None
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            bad_dmy += b > 12 or a > 31
            bad_mdy += a > 12 or b > 31
    if bad_dmy == bad_mdy:
        return default
    return "dmy" if bad_dmy < bad_mdy else "mdy"


def parse_day(text: str, order: str = "dmy") -> dt.date | None:
    """A calendar day from the forms sources use; None when it is not one, or when its year is
    outside ``PLAUSIBLE_YEARS`` (a typo; ``not_a_day`` says which)."""
    day = _calendar_day(text, order)
    return None if implausible_year(day) else day


def not_a_day(text: str, order: str, usual: str) -> str:
    """Why ``text`` gave no day: ``usual``, or the implausible year it holds."""
    why = implausible_year(_calendar_day(text, order))
    return usual if why is None else f"{why}; row rejected"


def _calendar_day(text: str, order: str) -> dt.date | None:
    t = " ".join(str(text).split())
    if not t:
        return None
    try:
        m = ISO_DAY.match(t)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _SLASH.match(t)
        if m:
            a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if y < 100:
                y += 2000
            day, month = (a, b) if order == "dmy" else (b, a)
            return dt.date(y, month, day)
        m = _DMY_TEXT.match(t)
        if m and m.group(2).casefold() in _MONTHS:
            return dt.date(int(m.group(3)), _MONTHS[m.group(2).casefold()], int(m.group(1)))
        m = _MDY_TEXT.match(t)
        if m and m.group(1).casefold() in _MONTHS:
            return dt.date(int(m.group(3)), _MONTHS[m.group(1).casefold()], int(m.group(2)))
    except ValueError:
        return None
    return None


class DayCache:
    """Parse each distinct date text once (200k rows hold a few hundred distinct dates)."""

    def __init__(self, order: str):
        self.order = order
        self.cache: dict[str, np.datetime64] = {}

    def __call__(self, text: str) -> np.datetime64:
        v = self.cache.get(text)
        if v is None:
            day = parse_day(text, self.order)
            v = NAT if day is None else np.datetime64(day, "D")
            self.cache[text] = v
        return v


_NAT_INT = np.datetime64("NaT", "D").astype(np.int64)


def day_ints(texts, order: str) -> np.ndarray:
    """datetime64[D] for each text, parsing each distinct text once."""
    lookup = {}
    for t in set(texts):
        day = parse_day(t, order)
        lookup[t] = _NAT_INT if day is None else (day - _EPOCH).days
    return np.fromiter((lookup[t] for t in texts), dtype=np.int64,
                       count=len(texts)).view("datetime64[D]")


_EPOCH = dt.date(1970, 1, 1)
