"""What every export shows, derived from ONE ``Summary`` (and nothing else for figures).

Exporters call these so that the workbook, the deck, the PDF, the images and the text agree
with each other and with ``udcg-desktop summary --json`` for the same inputs.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np

from ..core.describe import (control_area_text, delivered_text, front_change_text, money,
                             pledged_text, sectors_text, settlements_text, share_text)
from ..core.source_disagreement import disagreement_text
from ..core.groups import Group
from ..core.summary import Summary

TOP_DONORS = 15


@dataclass
class KeyFigure:
    label: str
    value: float | int | None     # the raw number (as in summary.to_dict())
    text: str                     # how it reads in a sentence
    kind: str = "count"           # count | money | share | km2 | text


@dataclass
class PackInfo:
    """What the briefer sets for a pack (export dialog, ``--title`` ... on the command line).

    Empty fields take defaults from the data: the title from the briefing and its area of
    interest, the subtitle from the period; ``prepared_on`` defaults to today."""
    title: str = ""
    subtitle: str = ""
    classification: str = ""        # free text marking, e.g. "UNCLASSIFIED", "OFFICIAL"
    author: str = ""                # prepared by (name, unit)
    prepared_on: dt.date | None = None

    def prepared_line(self) -> str:
        day = (self.prepared_on or dt.date.today()).isoformat()
        return f"Prepared by {self.author} on {day}" if self.author else f"Prepared on {day}"


def data_period(s: Summary) -> tuple[str, str] | None:
    """(first, last) ISO day of the loaded data, or None when nothing is dated."""
    b = s.briefing
    if b is None:
        return None
    first, last = b.date_range
    if first is None or np.isnat(first):
        return None
    return str(first), str(last)


def as_of_text(s: Summary) -> str:
    if s.as_of is not None:
        return str(s.as_of)
    span = data_period(s)
    return f"{span[0]} to {span[1]}" if span else "all dates"


def period_text(s: Summary) -> str:
    if s.since is not None:
        return f"{s.since} to {as_of_text(s) if s.as_of is not None else 'the latest data'}"
    if s.as_of is None:
        span = data_period(s)
        return f"data from {span[0]} to {span[1]}" if span else "all dates"
    return f"as of {as_of_text(s)}"


GENERIC_TITLES = {"", "UDCG briefing"}


def title(s: Summary, info: PackInfo | None = None) -> str:
    info = info or PackInfo()
    if info.title.strip():
        return info.title.strip()
    b = s.briefing
    t = (getattr(b, "title", "") or "") if b is not None else ""
    if t.strip() in GENERIC_TITLES:
        aoi = area_label(s)
        return f"UDCG briefing: {aoi}" if aoi else "UDCG briefing"
    return t.strip()


def subtitle(s: Summary, info: PackInfo | None = None) -> str:
    info = info or PackInfo()
    if info.subtitle.strip():
        return info.subtitle.strip()
    p = period_text(s)
    return f"Briefing {p}" if s.as_of is not None or s.since is not None else p[:1].upper() + p[1:]


def marking(info: PackInfo | None) -> str:
    """The classification marking, or "" when none was set."""
    return " ".join((info or PackInfo()).classification.split())


def area_label(s: Summary) -> str:
    aoi = getattr(s, "aoi", None)
    return aoi.label if aoi is not None else ""


def area_sentence(s: Summary) -> str:
    """Which events the figures and key events count (outputs say which area)."""
    aoi = getattr(s, "aoi", None)
    if aoi is None or aoi.everything:
        return "Events: everything loaded."
    tag = " (illustrative outline)" if aoi.illustrative else ""
    ev = s.events
    extra = ""
    if ev.get("count_loaded", ev["count"]) != ev["count"]:
        extra = f"; {ev['count']:,} of {ev['count_loaded']:,} events in the period"
    return f"Events: {aoi.label}, {aoi.description}{tag}{extra}."


def file_name(path) -> str:
    """A file's name without its folders (no local paths in the pack)."""
    text = str(path or "")
    return PurePath(text.replace("\\", "/")).name or text


def km2(v) -> str:
    return "n/a" if v is None else f"{v:,.0f} km²"


def front_rows(s: Summary) -> list[tuple[str, str]]:
    """(label, sentence) of the control-area figures, the change since the comparison date
    and the settlements that changed status: the same words in the md, pdf, deck and xlsx."""
    ar = s.areas
    rows = [("Control areas", control_area_text(ar)), ("Front change", front_change_text(ar)),
            ("By sector", sectors_text(s.sector_change)),
            ("Settlements changed", settlements_text(ar)),
            ("Sources disagree", disagreement_text(s.source_disagreement))]
    return [(label, text) for label, text in rows if text]


def front_lines(s: Summary) -> list[str]:
    return [text for _, text in front_rows(s)]


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
        KeyFigure(f"Events ({area_label(s)})" if area_label(s) else "Events in the period",
                  s.events["count"], f"{s.events['count']:,}"),
    ]
    ar = s.areas
    if ar.get("snapshots"):
        tag = " (illustrative)" if ar.get("illustrative") else ""
        figs.append(KeyFigure(f"Occupied in Kharkiv oblast{tag}", ar.get("occupied_km2"),
                              km2(ar.get("occupied_km2")), "km2"))
        figs.append(KeyFigure(f"Contested in Kharkiv oblast{tag}", ar.get("contested_km2"),
                              km2(ar.get("contested_km2")), "km2"))
        ch = ar.get("change_since")
        if ch:
            for status in ("occupied", "contested"):
                v = ch["kharkiv"].get(f"{status}_km2")
                figs.append(KeyFigure(f"{status.capitalize()} change since {ch['date']}, "
                                      f"Kharkiv oblast{tag}", v,
                                      "n/a" if v is None else f"{v:+,.0f} km²", "km2"))
    return figs


def groups(s: Summary, name: str) -> list[Group]:
    """Groups with something in them (as the text summary lists them)."""
    return [g for g in s.groups[name]
            if g.count or g.deliveries or g.value_pledged or g.value_delivered]


def bar_words(g: Group, currency: str) -> str | None:
    """None when a group's pledged bar is a real value; otherwise the words shown instead of a
    bar ("value not given", or "none recorded" for a group with deliveries but no pledge line
    in the period), so a chart never draws an unknown as a zero bar."""
    if g.pledged_given and (g.count or g.value_pledged):
        return None
    return pledged_text(g, currency, partial=False)


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

    Every month from the first with data to the axis end (``axis_end_month``) gets a point (a
    month with nothing new carries the total over). Rows with an unknown month, and rows dated
    after the axis end, count in the totals but have no place on the time axis; the last point
    therefore equals the totals minus those (see ``undated`` and ``after_axis``)."""
    end = axis_end_month(s)
    dated = {g.key: g for g in s.groups["by_month"]
             if month_end(g.key) is not None and (end is None or g.key <= end)}
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


def pledge_data_end(s: Summary):
    """The last plausible pledge date of the pledge sources (``core.coverage``), or None.

    A time axis of pledges ends here, not at the latest date in the rows: release 7 of the
    Kiel tracker (data to 2022-10) has rows "until 4/6/2027", a delivery-by date, not a pledge
    date, which ``core.dates.late_outlier_mask`` leaves out of a source's range."""
    if s.briefing is None:
        return None
    lasts = [c.last for c in s.coverage if c.kind == "pledges" and not np.isnat(c.last)]
    return max(lasts) if lasts else None


def axis_end_month(s: Summary) -> str | None:
    """"YYYY-MM" of the last month on a pledge time axis (None: no limit)."""
    end = pledge_data_end(s)
    return None if end is None else str(end)[:7]


def after_axis(s: Summary) -> list[Group]:
    """The months of ``by_month`` after the axis end: in the totals, not on the time axis."""
    end = axis_end_month(s)
    if end is None:
        return []
    return sorted((g for g in s.groups["by_month"]
                   if month_end(g.key) is not None and g.key > end), key=lambda g: g.key)


def off_axis_text(s: Summary, short: bool = False) -> str:
    """What counts in the totals but has no place on the time axis, in words ("" if nothing):
    "4 undated lines (€9.0m) and 6 lines dated after the pledge data ends (2022-09-30; €0)
    are in the totals but not on the time axis."; ``short``: for a chart's subtitle."""
    und = undated(s)
    late = after_axis(s)
    n_late = sum(g.count for g in late)
    parts = []
    if und is not None and (und.count or und.value_delivered):
        parts.append(f"{und.count} undated line{'s' * (und.count != 1)}" + (
            "" if short else f" ({money(und.value_pledged, s.currency)})"))
    if n_late:
        value = sum(g.value_pledged for g in late)
        parts.append(f"{n_late} line{'s' * (n_late != 1)} dated after the pledge data ends"
                     + (f" ({axis_end_month(s)})" if short else
                        f" ({pledge_data_end(s)}; {money(value, s.currency)})"))
    if not parts:
        return ""
    words = " and ".join(parts)
    return f"{words} not on the axis" if short else (
        f"{words} are in the totals but not on the time axis.")


def undated(s: Summary) -> Group | None:
    for g in s.groups["by_month"]:
        if month_end(g.key) is None:
            return g
    return None


def shorten(text, limit: int) -> str:
    """Whole sentences while they fit; otherwise cut at a word, with an ellipsis."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = ""
    for sent in sentences:
        cand = f"{kept} {sent}".strip()
        if len(cand) > limit:
            break
        kept = cand
    if kept:
        return kept
    cut = text[:limit - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:-(") + "\u2026"


def filters_text(s: Summary) -> str:
    return s.filters.describe()


def pledge_row_dicts(s: Summary, columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The filtered pledge rows' columns (index arrays into the briefing's pledge table)."""
    p = s.briefing.pledges
    return {c: p[c][s.pledge_rows] for c in columns}


def delivery_rows(s: Summary, limit: int = 8) -> tuple[list[dict], int]:
    """The largest deliveries in scope (what arrived, when and where, as far as the source says)
    and how many there are in all. A delivery without its own date says "date not given"."""
    b = s.briefing
    rows = s.delivery_rows
    if b is None or not len(rows):
        return [], 0
    d = b.deliveries
    values = s.delivery_values
    order = np.argsort(-np.nan_to_num(values, nan=-1.0), kind="stable")[:limit]
    out = []
    for j in order:
        i = rows[j]
        day = d["date"][i]
        qty = d["quantity"][i]
        item = " ".join(str(d["item"][i] or "").split()) or "(item not given)"
        what = (f"{qty:,.0f} x {item}" if np.isfinite(qty) and qty > 0 else item)
        v = values[j]
        if np.isfinite(v) and v > 0:
            what += f" ({money(float(v), s.currency)})"
        out.append({"date": "date not given" if np.isnat(day) else str(day),
                    "donor": str(d["donor"][i] or ""), "what": shorten(what, 90),
                    "where": shorten(str(d["destination"][i] or "") or "not given", 30),
                    "source": f"{file_name(d['source_file'][i])}, sheet "
                              f"{d['source_sheet'][i]}, row {int(d['source_row'][i])}"})
    return out, len(rows)


def change_rows(s: Summary, change: dict) -> tuple[tuple, list[tuple]]:
    """(headings, rows) of the front's change in Kharkiv oblast between the comparison date and
    the as-of date: status, area then, area now, change."""
    rows = []
    for status in ("occupied", "contested", "liberated"):
        now, diff = s.areas.get(f"{status}_km2"), change.get(f"{status}_km2")
        if now is None and diff is None:
            continue
        then = None if now is None or diff is None else now - diff
        rows.append((status.capitalize(), km2(then), km2(now),
                     "n/a" if diff is None else f"{diff:+,.0f} km²"))
    then_day = str(change.get("snapshot_time") or change["date"])[:10]
    now_day = str(s.areas.get("snapshot_time") or as_of_text(s))[:10]
    return ("Kharkiv oblast", f"Snapshot {then_day}", f"Snapshot {now_day}", "Change"), rows
