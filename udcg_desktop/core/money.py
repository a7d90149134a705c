"""Currency conversion from a table of ECB reference rates (foreign units per 1 EUR).

A reporting currency is a view: amounts keep their original currency in the tables, and every
converted figure states the rates used (``FxBasis``). Sources' own converted estimates (Kiel's EUR
and USD columns) are used as given when reporting in that currency.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .dates import NAT

REPORTING_CURRENCIES = ("EUR", "USD")


def _plain_columns(lines: list[str]):
    """(days, currencies, rates) of ``date,currency,per_eur`` lines written plainly (as the
    shipped file is: no quotes, no spaces, upper-case codes), split in one go; (None, None,
    None) otherwise. A third of the csv module's time, at every start."""
    if not lines or lines[0].strip() != "date,currency,per_eur":
        return None, None, None
    body = "".join(lines[1:]).replace("\r", "")
    if '"' in body or " " in body:
        return None, None, None
    fields = body.replace("\n", ",").split(",")
    if fields and fields[-1] == "":
        fields.pop()
    if len(fields) % 3:
        return None, None, None
    codes = fields[1::3]
    if any(c != c.upper() for c in set(codes)):
        return None, None, None
    return (np.array(fields[0::3], dtype="datetime64[D]"), np.array(codes, dtype=str),
            np.array(fields[2::3], dtype="float64"))


class FxRates:
    """Daily rates per currency; a day without a publication uses the latest earlier one."""

    def __init__(self, table: dict[str, tuple[np.ndarray, np.ndarray]], source: str = ""):
        # currency -> (days sorted, per_eur)
        self._table = table
        self.source = source

    @classmethod
    def from_csv(cls, path: str | Path) -> "FxRates":
        """Read ``date,currency,per_eur`` rows (comment lines start with '#')."""
        source = ""
        with open(path, encoding="utf-8", newline="") as fh:
            lines = []
            for line in fh:
                if line.startswith("#"):
                    if line.lower().startswith("# source:"):
                        source = line.split(":", 1)[1].strip()
                    continue
                lines.append(line)
        # Column arrays, grouped by currency with one sort: ~5x faster than a dict per row
        # (the ~14k shipped rows are read at every start).
        day, cur, rate = _plain_columns(lines)
        if day is None:                   # quoted fields, other columns, spaces: the csv way
            reader = csv.reader(lines)
            header = [h.strip() for h in next(reader, [])]
            di, ci, ri = (header.index(name) for name in ("date", "currency", "per_eur"))
            recs = [r for r in reader if r]
            cur = np.array([r[ci].strip().upper() for r in recs], dtype=str)
            day = np.array([r[di].strip() for r in recs], dtype="datetime64[D]")
            rate = np.array([r[ri] for r in recs], dtype=object).astype("float64")
        order = np.lexsort((rate, day, cur))
        cur, day, rate = cur[order], day[order], rate[order]
        bounds = [0, *(np.flatnonzero(cur[1:] != cur[:-1]) + 1).tolist(), len(cur)]
        table = {str(cur[a]): (day[a:b], rate[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a}
        return cls(table, source)

    @property
    def currencies(self) -> list[str]:
        return sorted(set(self._table) | {"EUR"})

    def has(self, currency: str) -> bool:
        return currency == "EUR" or currency in self._table

    def per_eur(self, currency: str, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rate per EUR, the publication day used) for each day; NaN where none is known.

        Unknown days (NaT) take the latest published rate."""
        days = np.asarray(days, dtype="datetime64[D]")
        if currency == "EUR":
            return np.ones(len(days)), days.copy()
        if currency not in self._table:
            return np.full(len(days), np.nan), np.full(len(days), NAT)
        pub, rate = self._table[currency]
        lookup = np.where(np.isnat(days), pub[-1], days)
        idx = np.searchsorted(pub, lookup, side="right") - 1
        # Before the first publication: use the first rate rather than none.
        idx = np.clip(idx, 0, len(pub) - 1)
        return rate[idx], pub[idx]


@dataclass
class FxBasis:
    """The rates a converted figure rests on, to print beside it."""

    currency: str
    source: str
    # (from currency, rows, first ECB publication day used, last day used, min and max of the
    # cross rate in target units per one unit of the source currency)
    used: list[tuple[str, int, str, str, float, float]] = field(default_factory=list)
    given_rows: int = 0       # rows where the source's own estimate in ``currency`` was used

    def describe(self) -> str:
        parts = [f"Values in {self.currency}."]
        if self.given_rows:
            parts.append(f"{self.given_rows} rows use the source's own {self.currency} estimate.")
        for cur, n, first, last, lo, hi in self.used:
            span = first if first == last else f"{first} to {last}"
            rate = f"{lo:.4f}" if abs(hi - lo) < 1e-9 else f"{lo:.4f}-{hi:.4f}"
            parts.append(f"{n} {cur} rows converted at {rate} {self.currency}/{cur} "
                         f"(ECB reference rates of {span}).")
        if self.source and self.used:
            parts.append(f"Rates: {self.source}.")
        return " ".join(parts)

    def as_dict(self) -> dict:
        return {"currency": self.currency, "source": self.source, "given_rows": self.given_rows,
                "converted": [{"from": c, "rows": n, "first_rate_date": f, "last_rate_date": l,
                               "min_rate": lo, "max_rate": hi}
                              for c, n, f, l, lo, hi in self.used],
                "text": self.describe()}


def convert_values(amount: np.ndarray, currency: np.ndarray, days: np.ndarray,
                   given: dict[str, np.ndarray], target: str, fx: FxRates
                   ) -> tuple[np.ndarray, np.ndarray, FxBasis]:
    """Each row's value in ``target``: the source's own estimate in ``target`` if given, else
    the original amount (converted through EUR at the row's date if needed).

    Returns (values with NaN where no value is known, rows that were converted, basis)."""
    n = len(amount)
    values = np.full(n, np.nan)
    converted = np.zeros(n, dtype=bool)
    basis = FxBasis(target, fx.source)
    own = given.get(target)
    if own is not None:
        has_own = np.isfinite(own)
        values[has_own] = own[has_own]
        basis.given_rows = int(has_own.sum())
    todo = ~np.isfinite(values) & np.isfinite(amount)
    cur = np.asarray([str(c) for c in currency], dtype=object)     # no fixed-width copy
    same = todo & (cur == target)
    values[same] = amount[same]
    todo &= ~same
    target_per_eur, target_day = fx.per_eur(target, days)
    for code in sorted(set(cur[todo])):
        rows = todo & (cur == code)
        if not (fx.has(code) and fx.has(target)):
            continue            # left NaN: the summary counts these as "no value"
        code_per_eur, code_day = fx.per_eur(code, days[rows])
        cross = target_per_eur[rows] / code_per_eur       # target units per 1 unit of code
        values[rows] = amount[rows] * cross
        converted[rows] = True
        used_days = code_day if code != "EUR" else target_day[rows]
        basis.used.append((code, int(rows.sum()), str(used_days.min()), str(used_days.max()),
                           float(cross.min()), float(cross.max())))
    return values, converted, basis
