"""Dates as people type them, with their precision: one parser for every reader.

Everything works on one value (``parse_date``) or, fast, on a whole column (``date_column``):
real columns repeat their values, so each distinct string is parsed once, and real date cells
take a fast path.

Dates follow ``core.dates``: ``FuzzyDate.end`` is the last day a value can mean (the day "as of"
compares with), ``start`` the first (None when open, as in "until 7/27/2022"). A day is never
invented: "unclear 05/2024" is the month of May 2024 (precision MONTH), not the 1st.

Numeric dates such as ``3/4/2022`` are read day-first or month-first per COLUMN (or file):
values that only fit one order (``29/06/2022``, ``7/27/2022``) decide it; when none does, the
reader's default is used and a warning says so.

Event readers want a calendar day or nothing (``parse_day``, ``day_column``): the same parser,
keeping only exact days in ``PLAUSIBLE_YEARS``; ``not_a_day`` says why a text gave none.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
import datetime as dt
import re

import numpy as np

from ..core.dates import (LATE_OUTLIER_DAYS, FuzzyDate, Precision, implausible_year,
                          late_outlier_mask, outlier_bulk_end)
from ..core.donors import clean_text

EXCEL_EPOCH = dt.date(1899, 12, 30)
_EPOCH_ORD = EXCEL_EPOCH.toordinal()
_UNIX_ORD = dt.date(1970, 1, 1).toordinal()

# English names whatever the user's locale (``calendar.month_name`` follows LC_TIME): the sources
# write English.
_MONTHS = {m: i + 1 for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"))}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))

# A time of day after a day (Excel's "10/05/2024 00:00:00", ISO's "T13:05:00Z") is dropped.
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
ISO_DAY = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}$")
_ISO_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_NUM_DAY = re.compile(rf"^(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{2}}|\d{{4}}){_TIME}$")
_NUM_MONTH = re.compile(r"^(\d{1,2})[/.\-](\d{2}|\d{4})$")
_D_MON_Y = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?[\s-]*(?:of\s+)?({_MONTH_ALT})\.?[\s,-]*(\d{{4}})$")
_MON_D_Y = re.compile(rf"^({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s*(\d{{4}})$")
_MON_Y = re.compile(rf"^({_MONTH_ALT})\.?,?\s*(\d{{4}})$")
_UNTIL = re.compile(r"^(?:until|till|by|before|no later than|up to|as of)\s*:?\s*(.+)$")
_VAGUE = re.compile(r"^(?:unclear|not specified|unspecified|unknown|approx\.?|around|about|"
                    r"ca\.?|circa|early|mid|late|sometime in|in)\s*[,:;]?\s*(.+)$")
_BETWEEN = re.compile(r"^(?:between\s+)(.+?)(?:\s*&\s*|\s+(?:and|to|-|–)\s+)(.+)$")
_FROM = re.compile(r"^(?:from\s+)(.+?)\s+(?:until|till|to|-|–)\s+(.+)$")
_SINCE = re.compile(r"^(?:since|after|from)\s+(.+)$")
_DASH_RANGE = re.compile(r"^(.+?)\s+(?:-|–|to)\s+(.+)$")
_UNKNOWN_WORDS = frozenset({"", ".", "-", "unspecified", "not specified", "unknown", "unclear",
                            "n/a", "na", "not given", "tbd", "tbc", "?", "none", "undisclosed"})


def _year(y: str) -> int:
    v = int(y)
    return v + 2000 if len(y) == 2 else v


def _month_span(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


_NUMERIC_DMY = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/.])")


def numeric_order_hint(text: str) -> str | None:
    """'dmy' or 'mdy' if a numeric day/month/year in ``text`` only fits one order, 'ambiguous'
    if it fits both with different meanings, else None."""
    found = None
    for a, _, b in _NUMERIC_DMY.findall(text):
        a, b = int(a), int(b)
        if a > 12 and b <= 12:
            return "dmy"
        if b > 12 and a <= 12:
            return "mdy"
        if a != b and a <= 12 and b <= 12:
            found = "ambiguous"
    return found


class DateParseError(ValueError):
    pass


def _simple(text: str, order: str) -> FuzzyDate:
    """A date with no qualifier: exact day, month or year."""
    m = ISO_DAY.match(text)
    if m:
        d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return FuzzyDate(d, d, Precision.EXACT)
    m = _NUM_DAY.match(text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        if order == "dmy":
            a, b = b, a
        if a > 12 and b <= 12:          # does not fit the column's order: the only reading
            a, b = b, a
        d = dt.date(y, a, b)
        return FuzzyDate(d, d, Precision.EXACT)
    m = _ISO_MONTH.match(text)
    if m:
        s, e = _month_span(int(m.group(1)), int(m.group(2)))
        return FuzzyDate(s, e, Precision.MONTH)
    m = _NUM_MONTH.match(text)
    if m:
        s, e = _month_span(_year(m.group(2)), int(m.group(1)))
        return FuzzyDate(s, e, Precision.MONTH)
    m = _D_MON_Y.match(text)
    if m:
        d = dt.date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        return FuzzyDate(d, d, Precision.EXACT)
    m = _MON_D_Y.match(text)
    if m:
        d = dt.date(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)))
        return FuzzyDate(d, d, Precision.EXACT)
    m = _MON_Y.match(text)
    if m:
        s, e = _month_span(int(m.group(2)), _MONTHS[m.group(1)])
        return FuzzyDate(s, e, Precision.MONTH)
    m = _YEAR.match(text)
    if m and 1900 <= int(m.group(1)) <= 2100:
        y = int(m.group(1))
        return FuzzyDate(dt.date(y, 1, 1), dt.date(y, 12, 31), Precision.YEAR)
    raise DateParseError(text)


def _parse_date_text(raw: str, order: str) -> FuzzyDate:
    text = " ".join(raw.replace("\u00a0", " ").split())
    folded = text.casefold().strip(" ,;")
    if folded in _UNKNOWN_WORDS:
        return FuzzyDate.unknown(text)
    try:
        f = _simple(folded, order)
        return FuzzyDate(f.start, f.end, f.precision, text)
    except (DateParseError, ValueError):
        pass
    m = _UNTIL.match(folded)
    if m:
        inner = _simple(m.group(1).strip(" ,;"), order)
        return FuzzyDate(None, inner.end, Precision.UNTIL, text)
    m = _FROM.match(folded) or _BETWEEN.match(folded)
    if m:
        a = _simple(m.group(1).strip(" ,;"), order)
        b = _simple(m.group(2).strip(" ,;"), order)
        if b.end < a.start:
            raise DateParseError(text)
        return FuzzyDate(a.start, b.end, Precision.RANGE, text)
    m = _SINCE.match(folded)
    if m:       # "since 2/24/2022": from that day on, end open; no as-of day can be claimed
        inner = _simple(m.group(1).strip(" ,;"), order)
        return FuzzyDate(inner.start, None, Precision.UNKNOWN, text)
    m = _VAGUE.match(folded)
    if m:
        inner = _simple(m.group(1).strip(" ,;"), order)
        prec = inner.precision if inner.precision != Precision.EXACT else Precision.EXACT
        return FuzzyDate(inner.start, inner.end, prec, text)
    m = _DASH_RANGE.match(folded)
    if m:
        a = _simple(m.group(1).strip(" ,;"), order)
        b = _simple(m.group(2).strip(" ,;"), order)
        if b.end >= a.start:
            return FuzzyDate(a.start, b.end, Precision.RANGE, text)
    raise DateParseError(text)


def _from_serial(v: float) -> dt.date:
    return dt.date.fromordinal(_EPOCH_ORD + int(v))


def parse_date(value, order: str = "mdy") -> FuzzyDate:
    """One cell as a ``FuzzyDate``; raises ``DateParseError`` for text that is no date.

    ``order`` ('mdy' or 'dmy') decides numeric dates that fit both orders."""
    t = type(value)
    if t is dt.datetime:
        d = value.date()
        return FuzzyDate(d, d, Precision.EXACT)
    if t is dt.date:
        return FuzzyDate(value, value, Precision.EXACT)
    if t is float or t is int:
        v = float(value)
        if v.is_integer() and 1900 <= v <= 2100:
            y = int(v)
            return FuzzyDate(dt.date(y, 1, 1), dt.date(y, 12, 31), Precision.YEAR)
        if 1 <= v < 2958466:
            d = _from_serial(v)
            return FuzzyDate(d, d, Precision.EXACT)
        raise DateParseError(str(value))
    if value is None:
        return FuzzyDate.unknown()
    if t is str:
        return _parse_date_text(value, order)
    raise DateParseError(repr(value))


@dataclass
class DateColumn:
    """Parsed dates of a column as arrays (``date`` = end, ``date_start``, precision, text)."""

    end: np.ndarray
    start: np.ndarray
    precision: np.ndarray
    text: np.ndarray
    order: str
    issues: list = field(default_factory=list)   # (position, raw, severity, message)
    order_note: str = ""                          # how d/m vs m/d was decided, if it mattered



def decide_order(cells, default: str = "mdy") -> tuple[str, str, int | None]:
    """(order, note, position of the first ambiguous value) for a column's numeric dates."""
    votes = {"dmy": 0, "mdy": 0}
    ambiguous = None
    try:
        uniq = set(cells)
    except TypeError:
        uniq = cells
    for v in uniq:
        if type(v) is not str or ("/" not in v and "." not in v):
            continue
        hint = numeric_order_hint(v)
        if hint in votes:
            votes[hint] += 1
        elif hint == "ambiguous" and ambiguous is None:
            ambiguous = v
    first_ambiguous = None if ambiguous is None else list(cells).index(ambiguous)
    if votes["dmy"] and votes["mdy"]:
        order = default if votes["dmy"] == votes["mdy"] else \
            "dmy" if votes["dmy"] > votes["mdy"] else "mdy"
        return order, (f"the column mixes day/month ({votes['dmy']} values) and month/day "
                       f"({votes['mdy']} values) dates; ambiguous ones read as "
                       f"{'day/month' if order == 'dmy' else 'month/day'}"), first_ambiguous
    if votes["dmy"] or votes["mdy"]:
        order = "dmy" if votes["dmy"] else "mdy"
        return order, "", None
    if first_ambiguous is not None:
        return default, (f"no value in the column shows whether dates are day/month or "
                         f"month/day; read as {'day/month' if default == 'dmy' else 'month/day'}"
                         ), first_ambiguous
    return default, "", None


_NAT_INT = np.iinfo(np.int64).min
_UNKNOWN_CELL = (_NAT_INT, _NAT_INT, int(Precision.UNKNOWN), "", None)


def _implausible(text: str, *days: dt.date | None):
    """The cell of a date whose year cannot be right: kept as text, counted as unknown and
    reported, so that one typo does not stretch the time axis over 900 years."""
    why = implausible_year(*days)
    if why is None:
        return None
    return (_NAT_INT, _NAT_INT, int(Precision.UNKNOWN), text,
            ("warning", f"{why}; loaded with an unknown date"))


def _date_cell(v, order: str):
    """(end day int, start day int, precision, text, issue or None) for one distinct cell."""
    t = type(v)
    if t is dt.date or t is dt.datetime:
        day = v if t is dt.date else v.date()
        odd = _implausible(day.isoformat(), day)
        if odd is not None:
            return odd
        d = v.toordinal() - _UNIX_ORD
        return (d, d, 0, "", None)
    if v == "" or v is None:
        return _UNKNOWN_CELL
    issue = None
    try:
        fd = parse_date(v, order)
        if t is str and fd.precision == Precision.UNKNOWN:
            if fd.start is not None:
                issue = ("info", "only a first possible day is given; the date counts as "
                                 "unknown")
            elif fd.text.casefold().strip(" .") not in ("", "unspecified", "unknown",
                                                        "not specified", "unclear"):
                issue = ("info", "no date given")
    except (DateParseError, ValueError, OverflowError):
        fd = FuzzyDate.unknown(clean_text(v) if t is str else str(v))
        issue = ("warning", "not a date this app understands; loaded with an unknown date")
    odd = _implausible(fd.text if t is str else str(v), fd.start, fd.end)
    if odd is not None:
        return odd
    end = _NAT_INT if fd.end is None else fd.end.toordinal() - _UNIX_ORD
    start = _NAT_INT if fd.start is None else fd.start.toordinal() - _UNIX_ORD
    return (end, start, int(fd.precision), fd.text if t is str else "", issue)


def date_column(cells: list, default_order: str = "mdy") -> DateColumn:
    """Parse a column of dates: each distinct cell once, then arrays built at C speed (the
    distinct results are gathered by a code per cell; issues are looked up only where a
    distinct value has one)."""
    order, note, first_amb = decide_order(cells, default_order)
    n = len(cells)
    try:
        table = {v: _date_cell(v, order) for v in set(cells)}
    except TypeError:           # an unhashable cell: parse each one
        table = None
    if table is not None:
        results = list(table.values())
        index = dict(zip(table, range(len(results))))
        codes = np.fromiter(map(index.__getitem__, cells), dtype=np.intp, count=n)
    else:
        results = [_date_cell(v, order) for v in cells]
        codes = np.arange(n, dtype=np.intp)
    ends, starts, precs, texts, found = zip(*results) if results else ((),) * 5
    end = np.array(ends, dtype=np.int64).view("datetime64[D]")[codes]
    start = np.array(starts, dtype=np.int64).view("datetime64[D]")[codes]
    prec = np.array(precs, dtype=np.uint8)[codes]
    text = np.empty(len(texts), dtype=object)
    text[:] = texts
    text = text[codes]
    has_issue = np.fromiter((f is not None for f in found), dtype=bool, count=len(found))
    issues = [(i, cells[i], *found[codes[i]]) for i in np.flatnonzero(has_issue[codes]).tolist()]
    if first_amb is not None and note:
        issues.append((first_amb, cells[first_amb], "warning", note))
    issues.extend(_late_outliers(end, cells))
    return DateColumn(end, start, prec, text, order, issues, note)


def _late_outliers(end: np.ndarray, cells) -> list:
    """Dates far after nearly all of their column (late outliers): kept as they are, but
    flagged (``core.dates.late_outlier_mask`` says which; the time range ignores them)."""
    mask = late_outlier_mask(end)
    late = np.flatnonzero(mask)
    if not len(late):
        return []
    bulk = outlier_bulk_end(end)
    known = end[~np.isnat(end) & ~mask]

    def message(day):
        if (day - bulk).astype(int) > LATE_OUTLIER_DAYS:
            where = "is more than a year after nearly every other date in this column"
        else:
            before = known[known < day].max()
            where = (f"comes {(day - before).astype(int)} days after the last date of the "
                     f"rest of this column ({before})")
        return (f"{day} {where} (95% are on or before {bulk}); check the source; it does not "
                f"set the time range")
    return [(int(i), cells[int(i)], "warning", message(end[i])) for i in late]


# ----------------------------------------------------------------------------- event days
def _exact_day(text, order: str) -> dt.date | None:
    """The day ``text`` names exactly, plausible or not; None for anything vaguer or no date."""
    try:
        f = parse_date(str(text), order)
    except (DateParseError, ValueError, OverflowError):
        return None
    return f.end if f.precision == Precision.EXACT else None


def parse_day(text, order: str = "dmy") -> dt.date | None:
    """A calendar day (events have exact days); None when ``text`` names none, or when its year
    is outside ``PLAUSIBLE_YEARS`` (a typo; ``not_a_day`` says which)."""
    day = _exact_day(text, order)
    return None if implausible_year(day) else day


def not_a_day(text, order: str, usual: str) -> str:
    """Why ``text`` gave no day: ``usual``, or the implausible year it holds."""
    why = implausible_year(_exact_day(text, order))
    return usual if why is None else f"{why}; row rejected"


def day_column(texts, order: str) -> np.ndarray:
    """datetime64[D] of each text (NaT where ``parse_day`` gives none), each distinct text
    parsed once (200k events hold a few hundred distinct dates)."""
    lookup = {}
    for t in set(texts):
        day = parse_day(t, order)
        lookup[t] = _NAT_INT if day is None else day.toordinal() - _UNIX_ORD
    return np.fromiter((lookup[t] for t in texts), dtype=np.int64,
                       count=len(texts)).view("datetime64[D]")
