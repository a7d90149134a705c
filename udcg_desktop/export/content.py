"""What every export shows, derived from ONE ``Summary`` (and nothing else for figures).

Exporters call these so that the workbook, the deck, the PDF, the images and the text agree
with each other and with ``udcg-desktop summary --json`` for the same inputs.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..core.describe import delivered_text, pledged_text, share_text, source_dates
from ..core.summary import Group, Summary, _day_ints, _day_slice

KEY_EVENT_TYPES = ("capture", "withdrawal", "counterattack", "meeting", "policy", "assault")
TOP_DONORS = 15


@dataclass
class KeyFigure:
    label: str
    value: float | int | None     # the raw number (as in summary.to_dict())
    text: str                     # how it reads in a sentence
    kind: str = "count"           # count | money | share | km2 | text


def as_of_text(s: Summary) -> str:
    return str(s.as_of) if s.as_of is not None else "all dates"


def period_text(s: Summary) -> str:
    if s.since is not None:
        return f"{s.since} to {as_of_text(s)}"
    return f"as of {as_of_text(s)}"


def title(s: Summary) -> str:
    b = s._briefing
    return (getattr(b, "title", None) or "UDCG briefing") if b is not None else "UDCG briefing"


def km2(v) -> str:
    return "n/a" if v is None else f"{v:,.0f} km²"


def key_figures(s: Summary) -> list[KeyFigure]:
    cur = s.currency
    figs = [
        KeyFigure("Pledge lines", s.pledge_count, f"{s.pledge_count:,}"),
        KeyFigure("Donors", s.donors, f"{s.donors:,}"),
        KeyFigure(f"Value pledged ({cur})", s.value_pledged if s.pledged_given else None,
                  pledged_text(s, cur, partial=False), "money"),
        KeyFigure(f"Value delivered ({cur})", s.value_delivered if s.delivered_given else None,
                  delivered_text(s, cur), "money"),
        KeyFigure("Share delivered", s.share_delivered, share_text(s), "share"),
        KeyFigure("Deliveries", s.delivery_count, f"{s.delivery_count:,}"),
        KeyFigure("Lines without a value (counted, not summed)", s.unvalued, f"{s.unvalued:,}"),
        KeyFigure("Lines with estimated values", s.estimates, f"{s.estimates:,}"),
        KeyFigure("Events in the period", s.events["count"], f"{s.events['count']:,}"),
    ]
    ar = s.areas
    if ar.get("snapshots"):
        tag = " (illustrative)" if ar.get("illustrative") else ""
        figs.append(KeyFigure(f"Occupied in Kharkiv oblast{tag}", ar.get("occupied_km2"),
                              km2(ar.get("occupied_km2")), "km2"))
        figs.append(KeyFigure(f"Contested in Kharkiv oblast{tag}", ar.get("contested_km2"),
                              km2(ar.get("contested_km2")), "km2"))
    return figs


def groups(s: Summary, name: str) -> list[Group]:
    """Groups with something in them (as the text summary lists them)."""
    return [g for g in s.groups[name] if g.count or g.deliveries]


def label(key: str) -> str:
    return key if key else "(none)"


def top_groups(s: Summary, name: str, n: int = TOP_DONORS) -> list[Group]:
    return groups(s, name)[:n]


def month_end(key: str) -> dt.date | None:
    try:
        y, m = int(key[:4]), int(key[5:7])
    except (ValueError, IndexError):
        return None
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


@dataclass
class CumulativePoint:
    month: str          # "2024-05"
    day: dt.date        # last day of the month
    pledged: float      # cumulative value pledged by the end of the month
    delivered: float
    pledged_in_month: float
    delivered_in_month: float


def cumulative(s: Summary) -> list[CumulativePoint]:
    """Cumulative pledged and delivered at the end of each month, from ``s.groups['by_month']``.

    Every month from the first to the last with data gets a point (a month with nothing new
    carries the total over). Rows with an unknown month count in the totals but have no place on
    a time axis; the last point therefore equals the totals minus those (see ``undated``)."""
    dated = {g.key: g for g in s.groups["by_month"] if month_end(g.key) is not None}
    if not dated:
        return []
    keys = sorted(dated)
    y, m = int(keys[0][:4]), int(keys[0][5:7])
    last = keys[-1]
    out: list[CumulativePoint] = []
    p = d = 0.0
    while True:
        key = f"{y:04d}-{m:02d}"
        g = dated.get(key)
        dp = g.value_pledged if g else 0.0
        dd = g.value_delivered if g else 0.0
        p += dp
        d += dd
        out.append(CumulativePoint(key, month_end(key), p, d, dp, dd))
        if key >= last:
            break
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def undated(s: Summary) -> Group | None:
    for g in s.groups["by_month"]:
        if month_end(g.key) is None:
            return g
    return None


def event_rows(s: Summary) -> list[dict]:
    """The events the summary counted (same day range), oldest first."""
    b = s._briefing
    if b is None:
        return []
    e = b.events
    rng = _day_slice(_day_ints(e["date"]), s.as_of, s.since)
    rows = []
    for i in range(rng.start, rng.stop):
        day = e["date"][i]
        rows.append({
            "index": i, "event_id": e["event_id"][i],
            "date": None if np.isnat(day) else str(day),
            "date_text": e["date_text"][i], "type": e["type"][i], "place": e["place"][i],
            "description": e["description"][i], "source": e["source"][i],
            "illustrative": bool(e["illustrative"][i]),
            "source_file": e["source_file"][i], "source_sheet": e["source_sheet"][i],
            "source_row": int(e["source_row"][i])})
    return rows


def key_events(s: Summary, limit: int = 10) -> list[dict]:
    """The latest events of the key types (captures, withdrawals, meetings, ...), oldest first."""
    rows = event_rows(s)
    key = [r for r in rows if r["type"] in KEY_EVENT_TYPES] or rows
    return key[-limit:]


def sources_text(s: Summary) -> list[str]:
    lines = []
    for src in s.sources:
        lines.append(f"{src['path']} [{src['kind']}, {src['format']}]: rows read "
                     f"{src['rows_read']}, loaded {src['rows_loaded']}, rejected "
                     f"{src['rows_rejected']}{source_dates(src)}")
    ar = s.areas
    if ar.get("snapshot_file"):
        lines.append(f"Control areas: snapshot {ar['snapshot_time']} ({ar['snapshot_file']})"
                     + (" - illustrative" if ar.get("illustrative") else ""))
    lines.append(s.fx.describe())
    return lines


def filters_text(s: Summary) -> str:
    return s.filters.describe()


def pledge_row_dicts(s: Summary, columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The filtered pledge rows' columns (index arrays into the briefing's pledge table)."""
    p = s._briefing.pledges
    return {c: p[c][s.pledge_rows] for c in columns}


def pledge_values(s: Summary) -> np.ndarray:
    """Each in-scope pledge row's value in the summary currency (NaN where unknown)."""
    return s._engine.values(s.currency)[0][s.pledge_rows]


def delivery_values(s: Summary) -> np.ndarray:
    return s._engine.values(s.currency)[2][s.delivery_rows]
