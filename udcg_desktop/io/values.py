"""Cell values as people type them: amounts with scale and currency, text, flags.

Everything here works on one value (``parse_amount``) or, fast, on a whole column
(``amount_column``, ``text_column``, ``flag_column``): real columns repeat their values, so each
distinct string is parsed once and cached, and plain floats take a fast path. Dates are
``io/dates.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
import math
from operator import is_
import re

import numpy as np

from ..core.donors import clean_text

NAN = math.nan

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


# -------------------------------------------------------------------------------------- text
def map_unique(cells, fn, unchanged=None) -> list:
    """``[fn(v) for v in cells]``, calling ``fn`` once per distinct value (columns repeat).

    ``unchanged(distinct values)``: True when ``fn`` would give every one of them back as it
    is, checked for the whole set at once; it spares a column of IDs ``fn`` on every cell."""
    n = len(cells)
    if n and cells[0] == "" and cells.count("") == n:      # an empty or absent column
        return [fn("")] * n
    first: dict = {}
    try:
        # One pass over the cells: equal cells become one object (the first seen), so later
        # passes and lookups touch a few objects instead of one per cell; the keys are the
        # distinct values.
        same = list(map(first.setdefault, cells, cells))
    except TypeError:           # an unhashable cell: no shortcut
        return [fn(v) for v in cells]
    if unchanged is not None and len(first) > UNCHANGED_CHECK_FROM and unchanged(first):
        return same
    table = {v: fn(v) for v in first}
    if all(map(is_, table.values(), first)):
        return same
    return list(map(table.__getitem__, same))


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
    if missing_as_blank:
        return map_unique(cells, _cell_text_or_blank, _clean_texts_no_markers)
    return map_unique(cells, _cell_text, _clean_texts)


UNCHANGED_CHECK_FROM = 1000     # fewer distinct values: calling the function on each is cheap


def _clean_texts(distinct) -> bool:
    """True when ``_cell_text`` gives back every value unchanged: all of them text of printable
    ASCII without leading, trailing or double spaces (its own per-value test), checked on the
    joined texts at C speed."""
    return _clean_lines(distinct) is not None


def _clean_texts_no_markers(distinct) -> bool:
    """``_clean_texts`` and no value is a 'not given' marker ('n/a', 'Unknown', ...)."""
    lines = _clean_lines(distinct)
    return lines is not None and MISSING_MARKERS.isdisjoint(lines.casefold().split("\n"))


def _clean_lines(distinct) -> str | None:
    """The values joined one per line when they are all clean texts (see ``_clean_texts``),
    else None. One pass over the values; the checks then run on one contiguous string."""
    try:
        lines = "\n".join(distinct)
    except TypeError:               # a value that is not text
        return None
    if lines.count("\n") != len(distinct) - 1:                 # a value holds a newline
        return None
    if not (lines.isascii() and lines.replace("\n", "").isprintable()):
        return None
    if "  " in lines or "\n " in lines or " \n" in lines or lines.startswith(" ") \
            or lines.endswith(" "):
        return None
    return lines


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
