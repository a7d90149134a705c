"""A Kiel package's value, split over its rows in proportion to Kiel's own item estimates.

Kiel gives a package's value once, on its first row; its other rows list the package's items,
many with Kiel's own price estimate (``Value committed (own estimate, in USD)``). Counting the
whole value under the first row's item would put, for example, the US packages USM5 and USM6 of
2022-06-17 (EUR 6.07bn and 4.05bn, 30 and 6 rows) under "Maritime" because their first rows are
Harpoon launchers and patrol boats. The rule:

1. A package whose rows all fall in one category keeps its value where Kiel puts it: there is
   nothing to split between categories.
2. Otherwise each row with an estimate gets that estimate, in EUR (at Kiel's own rate for the
   package, its EUR value over its USD total, when the package is in USD; else at the ECB rate
   of the package's day). If the estimates add up to more than the package value, they are
   scaled down in proportion so that they add up to it exactly.
3. The part no estimate explains (the package value minus the parts) goes to the package's own
   aid type as "Unspecified within package": one extra line per package, pointing at the
   package's first row (``package_remainder`` is True; it is not a line of the source and is not
   counted as a pledge line).
So the parts of a package always add up to its value, none is negative, and none exceeds it.
The amount in the original currency is split in the same proportions.

Oddities (no estimate at all on a package that spans several categories, estimates above the
package value, negative or text estimates, one ID in two places of the sheet) are each one
problem naming the rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import math

import numpy as np

SPLIT_RULE = (
    "A package spanning several categories has its value split over its rows in proportion to "
    "Kiel's own item estimates ('Value committed (own estimate, in USD)', at Kiel's rate for "
    "USD packages, else the ECB rate of the day; scaled down if they add up to more than the "
    "package value); the part no estimate explains is counted as 'Unspecified within package' "
    "in the package's aid type. The parts add up exactly to Kiel's package value.")

_NOISE = 1e-9      # relative difference below which two sums of money are the same

MESSAGES = {
    "no_estimates": "the package spans several categories but none of its rows has an item "
                    "estimate of Kiel's; its whole value is 'Unspecified within package'",
    "over": "Kiel's item estimates add up to more than the package value; each item's part is "
            "scaled down so that the parts add up to the package value",
    "negative": "a negative item estimate; not used to split the package value",
    "text": "an item estimate that is not a number; not used to split the package value",
    "apart": "this package ID appears in more than one place of the sheet; its rows are taken "
             "as one package",
}


@dataclass
class Split:
    """What ``split_packages`` did: the remainder lines to add and the oddities found."""

    # (position of the package's first row, remainder in EUR, remainder in the package currency)
    remainders: list = field(default_factory=list)
    # kind (a key of MESSAGES) -> list of row positions (one list per package, in sheet order)
    oddities: dict = field(default_factory=dict)
    heads: list = field(default_factory=list)       # first row of each package that was split


def split_packages(ids: list, keep: np.ndarray, value_eur: np.ndarray, amount: np.ndarray,
                   currency: list, category: list, estimate_usd: np.ndarray,
                   text_estimates: set, days: np.ndarray, usd_rate=None) -> Split:
    """Split each package's value over its rows (in place on ``value_eur`` and ``amount``).

    ``usd_rate(day) -> USD per EUR`` is asked only for packages not in USD; ``keep`` masks the
    rows that are loaded; ``text_estimates`` are positions whose estimate cell is text."""
    out = Split()
    members: dict[str, list[int]] = {}
    for i in np.flatnonzero(keep):
        if ids[i]:
            members.setdefault(ids[i], []).append(int(i))
    for pid, rows in members.items():
        if len(rows) < 2:
            continue
        if rows[-1] - rows[0] + 1 != len(rows) and any(
                keep[j] and ids[j] != pid for j in range(rows[0], rows[-1] + 1)):
            out.oddities.setdefault("apart", []).append(rows)
        est = estimate_usd[rows]
        negative = [r for r, e in zip(rows, est) if e < 0]
        if negative:
            out.oddities.setdefault("negative", []).append(negative)
        text = [r for r in rows if r in text_estimates]
        if text:
            out.oddities.setdefault("text", []).append(text)
        vals = value_eur[rows]
        if not np.isfinite(vals).any():
            continue                                  # Kiel gives no value: nothing to split
        total = float(np.nansum(vals))
        if total <= 0:
            continue
        head = next(r for r, v in zip(rows, vals) if np.isfinite(v) and v != 0)
        cur_total = float(np.nansum(np.where(np.isfinite(amount[rows]), amount[rows], 0.0)))
        usable = np.isfinite(est) & (est > 0)
        if cur_total > 0 and currency[head] == "USD":
            eur_per_usd = total / cur_total           # Kiel's own rate for this package
        else:
            per = usd_rate(days[head]) if usable.any() and usd_rate is not None else math.nan
            eur_per_usd = 1.0 / per if per and np.isfinite(per) else math.nan
        parts = np.where(usable, est, 0.0) * (eur_per_usd if np.isfinite(eur_per_usd) else 0.0)
        explained = math.fsum(parts)
        # Estimates that explain the value exactly differ from it by float noise only.
        over = explained > total * (1 + _NOISE)
        if over:
            out.oddities.setdefault("over", []).append(rows)
        if len({category[r] for r in rows}) == 1:
            continue                                  # one category: the value stays put
        out.heads.append(head)
        if not usable.any():
            out.oddities.setdefault("no_estimates", []).append(rows)
        if over:
            parts = parts * (total / explained)
        rest = total - math.fsum(parts)
        if abs(rest) <= total * _NOISE and usable.any():
            big = int(np.argmax(parts))
            parts[big] = max(parts[big] + rest, 0.0)  # the float residue: the sum is exact
            rest = 0.0
        rest = max(rest, 0.0)
        share = cur_total / total if cur_total > 0 else math.nan
        value_eur[rows] = parts
        amount[rows] = parts * share if np.isfinite(share) else np.where(parts > 0, np.nan, 0.0)
        if rest > 0:
            out.remainders.append((head, rest, rest * share if np.isfinite(share) else np.nan))
    return out
