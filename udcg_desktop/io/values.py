"""Cell values as people type them: dates with their precision, amounts with scale and currency.

Everything here works on one value (``parse_date``, ``parse_amount``) or, fast, on a whole column
(``date_column``, ``amount_column``, ``text_column``): real columns repeat their values, so each
distinct string is parsed once and cached, and plain floats and real date cells take a fast path.

Dates follow ``core.dates``: ``FuzzyDate.end`` is the last day a value can mean (the day "as of"
compares with), ``start`` the first (None when open, as in "until 7/27/2022"). A day is never
invented: "unclear 05/2024" is the month of May 2024 (precision MONTH), not the 1st.

Numeric dates such as ``3/4/2022`` are read day-first or month-first per COLUMN: values that only
fit one order (``29/06/2022``, ``7/27/2022``) decide it; when none does, the reader's default is
used and a warning says so.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
import datetime as dt
import math
import re

import numpy as np

from ..core.dates import (LATE_OUTLIER_DAYS, FuzzyDate, Precision, implausible_year,
                          late_outlier_mask, outlier_bulk_end)
from ..core.donors import clean_text

NAN = math.nan
EXCEL_EPOCH = dt.date(1899, 12, 30)
_EPOCH_ORD = EXCEL_EPOCH.toordinal()
_UNIX_ORD = dt.date(1970, 1, 1).toordinal()

# Text that means "no value here" (compared casefolded, spaces collapsed).
MISSING_MARKERS = frozenset({
    "", ".", "..", "-", "--", "–", "—", "n/a", "na", "n.a.", "none", "null", "nan", "?",
    "not given", "no price", "undisclosed", "not disclosed", "unknown", "unspecified",
    "not specified", "dozens", "partially", "tbd", "tbc", "#n/a", "#name?", "#value!", "#ref!",
    "#div/0!", "#num!", "#null!",
})
# Excel error values: reported as such (a formula failed), not as "not given".
# Every version's error values (Excel 365 added #SPILL!, #CALC!, #FIELD!, #BUSY!, ...).
EXCEL_ERRORS = frozenset({"#n/a", "#name?", "#value!", "#ref!", "#div/0!", "#num!", "#null!",
                          "#spill!", "#calc!", "#field!", "#busy!", "#blocked!", "#connect!",
                          "#unknown!", "#python!", "#external!", "#getting_data"})

CURRENCY_CODES = frozenset({
    "USD", "EUR", "GBP", "CZK", "CAD", "AUD", "DKK", "SEK", "NOK", "NZD", "CHF", "HRK", "CNY",
    "HUF", "PLN", "RON", "JPY", "KRW", "BGN", "ISK", "TRY", "UAH", "LTL", "ILS", "INR", "SGD",
    "HKD", "MXN", "BRL", "ZAR",
})
_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "C$": "CAD",
            "A$": "AUD", "NZ$": "NZD", "kč": "CZK", "zł": "PLN", "₴": "UAH", "kr": None}
_SCALES = {
    "k": 1e3, "thousand": 1e3, "thousands": 1e3, "th": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6, "mil": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9, "billions": 1e9, "mrd": 1e9,
    "tn": 1e12, "trillion": 1e12,
}


def norm_text(value) -> str:
    """Casefolded, spaces collapsed, no-break spaces as spaces: for comparing markers/headers."""
    return clean_text(value).casefold()


def is_blank(value) -> bool:
    """'' / None / whitespace-only (including U+00A0)."""
    if value is None or value == "":
        return True
    return type(value) is str and not value.replace("\u00a0", " ").strip()


# ------------------------------------------------------------------------------------ amounts
@dataclass(frozen=True)
class Amount:
    """One parsed amount. ``value`` is NaN when there is none; ``status`` says why."""

    value: float
    currency: str | None = None       # from a symbol or code in the cell ("$1.2bn", "CAD 76M")
    status: str = "ok"                # ok | blank | missing (a marker) | error (#NAME?) | invalid
    estimate: bool = False            # "~5m", "about 5m", "approx."


_AMOUNT_RE = re.compile(
    r"^(?P<num>[-+]?(?:\d[\d\s.,'’]*\d|\d)(?:[.,]\d+)?|[-+]?[.,]\d+)\s*(?P<scale>[a-z]+\.?)?$")
_APPROX = re.compile(r"^(?:[~≈]\s*|(?:c\.|ca\.|ca|circa|about|approx\.|approx|approximately|"
                     r"around|some|over|more than|up to|at least|almost|nearly)"
                     r"(?:\s+|(?<=\.)))")


def _number(body: str) -> float | None:
    """``1,234.5``, ``1.234,5``, ``1.000.00``, ``15.000.00``, ``3193503.68``, ``1 234``."""
    body = body.replace(" ", "").replace("'", "").replace("’", "").replace("\u202f", "")
    if not body:
        return None
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        if body.rfind(",") > body.rfind("."):       # 1.234,5 (European)
            body = body.replace(".", "").replace(",", ".")
        else:                                        # 1,234.5
            body = body.replace(",", "")
    elif commas:
        tail = body.rsplit(",", 1)[1]
        if commas > 1 or len(tail) == 3:             # 1,234 / 1,234,567
            body = body.replace(",", "")
        else:                                        # 1,5
            body = body.replace(",", ".")
    elif dots > 1:
        head, tail = body.rsplit(".", 1)
        if len(tail) == 3:                           # 1.234.567: all thousands
            body = body.replace(".", "")
        else:                                        # 1.000.00 / 15.000.00: last is the decimal
            body = head.replace(".", "") + "." + tail
    try:
        v = float(body)
    except ValueError:
        return None
    return v if math.isfinite(v) else None      # '1e309' is no amount


def _parse_amount_text(raw: str) -> Amount:
    text = raw.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if not text:
        return Amount(NAN, status="blank")
    folded = " ".join(text.casefold().split())
    if folded in EXCEL_ERRORS:
        return Amount(NAN, status="error")
    if folded in MISSING_MARKERS:
        return Amount(NAN, status="missing")
    estimate = False
    m = _APPROX.match(folded)
    if m:
        estimate = True
        folded = folded[m.end():]
    currency = None
    # Leading symbol or code: "$1.2bn", "€500m", "US$ 5m", "CAD 76M"
    for sym in ("us$", "nz$", "c$", "a$", "$", "€", "£", "¥", "₴"):
        if folded.startswith(sym):
            currency = _SYMBOLS[sym.upper()] if sym.upper() in _SYMBOLS else _SYMBOLS[sym]
            folded = folded[len(sym):].strip()
            break
    else:
        if len(folded) > 3 and folded[:3].upper() in CURRENCY_CODES and not folded[3].isalpha():
            currency = folded[:3].upper()
            folded = folded[3:].strip()
    # Trailing code or symbol: "76M CAD", "500 m€", "1.2 bn EUR"
    if currency is None:
        if len(folded) > 3 and folded[-3:].upper() in CURRENCY_CODES and not folded[-4].isalpha():
            currency = folded[-3:].upper()
            folded = folded[:-3].strip()
        elif folded.endswith(("€", "$", "£")):
            currency = _SYMBOLS[folded[-1]]
            folded = folded[:-1].strip()
    m = _AMOUNT_RE.match(folded)
    if not m:
        return Amount(NAN, currency, status="invalid", estimate=estimate)
    value = _number(m.group("num"))
    if value is None:
        return Amount(NAN, currency, status="invalid", estimate=estimate)
    scale = m.group("scale")
    if scale:
        factor = _SCALES.get(scale.rstrip("."))
        if factor is None:
            return Amount(NAN, currency, status="invalid", estimate=estimate)
        value *= factor
    return Amount(value, currency, "ok", estimate)


_AMOUNT_CACHE: dict = {}


def parse_amount(value) -> Amount:
    """One cell as an amount: floats pass through, text is parsed (and cached)."""
    t = type(value)
    if t is float or t is int:
        try:
            v = float(value)
        except OverflowError:
            v = NAN
        return Amount(v) if math.isfinite(v) else Amount(NAN, status="invalid")
    if value is None:
        return Amount(NAN, status="blank")
    if t is bool:
        return Amount(NAN, status="invalid")
    if t is not str:
        return Amount(NAN, status="invalid")
    hit = _AMOUNT_CACHE.get(value)
    if hit is None:
        hit = _parse_amount_text(value)
        if len(_AMOUNT_CACHE) < 200_000:
            _AMOUNT_CACHE[value] = hit
    return hit


@dataclass
class ColumnResult:
    """A parsed column plus the rows whose cells need a word to the user.

    ``issues``: (row position in the column, raw value, status) for cells that were text but
    gave no value (status missing / error / invalid) or needed a decision."""

    values: np.ndarray
    issues: list = field(default_factory=list)
    currencies: dict = field(default_factory=dict)    # position -> currency found in the cell
    estimates: list = field(default_factory=list)     # positions marked approximate
    note: str = ""


def amount_column(cells: list) -> ColumnResult:
    """Parse a column of amounts. Blank cells give NaN silently; text that gives no number is
    listed in ``issues`` for the reader to report where a value was expected."""
    n = len(cells)
    out = np.full(n, NAN)
    # Fast path: the floats, in one pass at C speed.
    if n:
        out[:] = [v if type(v) is float else NAN for v in cells]
    rest = [i for i in np.flatnonzero(np.isnan(out)).tolist() if cells[i] != ""]
    res = ColumnResult(out)
    for i in rest:
        v = cells[i]
        a = parse_amount(v)
        if a.status == "ok":
            out[i] = a.value
            if a.currency:
                res.currencies[i] = a.currency
            if a.estimate:
                res.estimates.append(i)
        elif a.status != "blank":
            res.issues.append((i, v, a.status))
    return res


# ------------------------------------------------------------------------------------- dates
_MONTHS = {}
for _i, _name in enumerate(calendar.month_name):
    if _i:
        _MONTHS[_name.lower()] = _i
        _MONTHS[calendar.month_abbr[_i].lower()] = _i
_MONTHS["sept"] = 9
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))

_ISO_DAY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_ISO_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_NUM_DAY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_NUM_MONTH = re.compile(r"^(\d{1,2})[/.\-](\d{2}|\d{4})$")
_D_MON_Y = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?({_MONTH_ALT})\.?,?\s*(\d{{4}})$")
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


def numeric_order_hint(text: str) -> str | None:
    """'dmy' or 'mdy' if a numeric day/month/year in ``text`` only fits one order, 'ambiguous'
    if it fits both with different meanings, else None."""
    found = None
    for a, b in re.findall(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})(?![\d/])", text):
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
    m = _ISO_DAY.match(text)
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


def map_unique(cells, fn) -> list:
    """``[fn(v) for v in cells]``, calling ``fn`` once per distinct value (columns repeat)."""
    n = len(cells)
    if n and cells[0] == "" and cells.count("") == n:      # an empty or absent column
        return [fn("")] * n
    try:
        table = {v: fn(v) for v in set(cells)}
    except TypeError:           # an unhashable cell: no shortcut
        return [fn(v) for v in cells]
    # Mapped even when every value is already clean: equal cells then share one object, so
    # later gathers and lookups touch a few objects instead of one per cell.
    return list(map(table.__getitem__, cells))


def decide_order(cells, default: str = "mdy") -> tuple[str, str, int | None]:
    """(order, note, position of the first ambiguous value) for a column's numeric dates."""
    votes = {"dmy": 0, "mdy": 0}
    ambiguous = None
    try:
        uniq = set(cells)
    except TypeError:
        uniq = cells
    for v in uniq:
        if type(v) is not str or "/" not in v:
            continue
        hint = numeric_order_hint(v)
        if hint in votes:
            votes[hint] += 1
        elif hint == "ambiguous" and ambiguous is None:
            ambiguous = v
    first_ambiguous = None if ambiguous is None else list(cells).index(ambiguous)
    if votes["dmy"] and votes["mdy"]:
        order = "dmy" if votes["dmy"] > votes["mdy"] else "mdy"
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
    """Parse a column of dates: each distinct cell once, then arrays built at C speed."""
    order, note, first_amb = decide_order(cells, default_order)
    n = len(cells)
    try:
        table = {v: _date_cell(v, order) for v in set(cells)}
        parsed = list(map(table.__getitem__, cells))
    except TypeError:
        table = None
        parsed = [_date_cell(v, order) for v in cells]
    if n:
        ends, starts, precs, texts, _issues = zip(*parsed)
    else:
        ends = starts = precs = texts = ()
    end = np.array(ends, dtype=np.int64).view("datetime64[D]") if n else \
        np.array([], dtype="datetime64[D]")
    start = np.array(starts, dtype=np.int64).view("datetime64[D]") if n else \
        np.array([], dtype="datetime64[D]")
    prec = np.array(precs, dtype=np.uint8)
    text = np.empty(n, dtype=object)
    text[:] = texts
    issues = []
    bad = {v for v, r in table.items() if r[4] is not None} if table is not None else None
    if bad is None or bad:
        for i, v in enumerate(cells):
            if (bad is None or v in bad) and parsed[i][4] is not None:
                sev, msg = parsed[i][4]
                issues.append((i, v, sev, msg))
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


# -------------------------------------------------------------------------------------- text
def _cell_text(v) -> str:
    t = type(v)
    if t is str:
        if v.isascii() and v.isprintable() and "  " not in v and v == v.strip():
            return v            # the common case: nothing to clean
        return clean_text(v)
    if t is float:
        if v != v:
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if t is bool:
        return "Y" if v else "N"
    if t is dt.datetime:
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if t is dt.date:
        return v.isoformat()
    return clean_text(v)


def _cell_text_or_blank(v) -> str:
    text = _cell_text(v)
    return "" if text.casefold() in MISSING_MARKERS else text


def text_column(cells: list, missing_as_blank: bool = False, cache: dict | None = None) -> list:
    """Clean text of each cell (NFC, no-break spaces, runs of spaces), once per distinct value.

    ``missing_as_blank``: markers such as '.' or 'Not given' become ''."""
    return map_unique(cells, _cell_text_or_blank if missing_as_blank else _cell_text)


def mapped_column(cells: list, mapping, cache: dict | None = None) -> list:
    """``mapping(text)`` applied once per distinct cell value (e.g. ``core.donors.donor_key``)."""
    return map_unique(cells, lambda v: mapping(_cell_text(v)))


_TRUE = frozenset({"y", "yes", "true", "1", "x", "estimate", "est", "e", "✓"})


def _flag(v) -> bool:
    if v == "" or v is None:
        return False
    if type(v) is bool:
        return v
    if type(v) is float:
        return v != 0
    return norm_text(v) in _TRUE


def flag_column(cells: list) -> np.ndarray:
    """Y/N-like cells as booleans (blank is False)."""
    return np.array(map_unique(cells, _flag), dtype=bool)
