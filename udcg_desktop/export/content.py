"""What every export shows, derived from ONE ``Summary`` (and nothing else for figures).

Exporters call these so that the workbook, the deck, the PDF, the images and the text agree
with each other and with ``udcg-desktop summary --json`` for the same inputs.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePath

import numpy as np

from ..core.describe import (control_area_text, delivered_text, front_change_text, money,
                             pledged_text, sectors_text, settlements_text, share_text,
                             source_dates)
from ..core.dates import day_ints, day_slice
from ..core.summary import Group, Summary

KEY_EVENT_TYPES = ("capture", "withdrawal", "counterattack", "meeting", "policy", "assault")
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
            ("Settlements changed", settlements_text(ar))]
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
    """The events the summary counted (same day range and area of interest), oldest first."""
    b = s.briefing
    if b is None:
        return []
    e = b.events
    rng = day_slice(day_ints(e["date"]), s.as_of, s.since)
    aoi = getattr(s, "aoi", None)
    inside = aoi.event_mask(e) if aoi is not None else np.ones(len(e), dtype=bool)
    rows = []
    for i in range(rng.start, rng.stop):
        if not inside[i]:
            continue
        day = e["date"][i]
        rows.append({
            "index": i, "event_id": e["event_id"][i],
            "date": None if np.isnat(day) else str(day),
            "date_text": e["date_text"][i], "type": e["type"][i], "place": e["place"][i],
            "description": e["description"][i], "source": e["source"][i],
            "fatalities": float(e["fatalities"][i]),
            "illustrative": bool(e["illustrative"][i]),
            "source_file": file_name(e["source_file"][i]), "source_sheet": e["source_sheet"][i],
            "source_row": int(e["source_row"][i])})
    return rows


TYPE_LABELS = {
    "assault": "Assault", "capture": "Capture", "counterattack": "Counter-attack",
    "withdrawal": "Withdrawal", "battle": "Battle", "strike": "Strike",
    "civilian_harm": "Civilian harm", "policy": "Policy", "meeting": "Meeting",
    "unrest": "Unrest", "other": "Other", "package": "Package",
}
# How much a type weighs in "most significant first" (higher first).
_TYPE_WEIGHT = {"capture": 90, "counterattack": 85, "assault": 80, "withdrawal": 80,
                "meeting": 75, "package": 70, "strike": 50, "battle": 45, "policy": 40,
                "civilian_harm": 30, "unrest": 10, "other": 0}
_CASUALTY_WORDS = re.compile(r"\b(killed|killing|dead|died|deaths?|fatalit\w*|wounded|injured"
                             r"|casualt\w*)\b", re.I)
_DEATH_WORDS = re.compile(r"\b(killed|killing|dead|died|deaths?|fatalit\w*|death toll)\b", re.I)
LARGE_PACKAGE_EUR = 1e9      # a pledge package of at least this much is a key event


def type_label(t) -> str:
    t = str(t or "")
    return TYPE_LABELS.get(t, t.replace("_", " ").capitalize())


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


@dataclass
class KeyEvent:
    date: str | None
    kind: str             # readable type ("Capture", "Package")
    place: str
    text: str             # the whole description (shorten for a slide)
    weight: float
    source: str = ""      # where it comes from (file, sheet, row or the source's own note)


def _event_weight(r: dict) -> float:
    w = _TYPE_WEIGHT.get(r["type"], 0)
    fat = r.get("fatalities")
    casualties = (fat is not None and fat == fat and fat > 0) or bool(
        _CASUALTY_WORDS.search(str(r["description"] or "")))
    if r["type"] in ("strike", "civilian_harm") and casualties:
        w += 25 + min(float(fat) if fat == fat and fat else 0.0, 50.0) / 5
        if (fat is not None and fat == fat and fat > 0) or _DEATH_WORDS.search(
                str(r["description"] or "")):
            w += 10          # deaths weigh more than injuries
    return w


def large_packages(s: Summary, threshold_eur: float = LARGE_PACKAGE_EUR) -> list[KeyEvent]:
    """Pledge packages in scope worth at least ``threshold_eur`` (in the summary currency,
    roughly: the same threshold is used for USD), one per donor and day."""
    b = s.briefing
    if b is None or not len(s.pledge_rows):
        return []
    p = b.pledges
    values = s.pledge_values
    packs: dict[tuple, list] = {}
    for i, v in zip(s.pledge_rows, values):
        day = p["date"][i]
        if np.isnat(day) or not np.isfinite(v):
            continue
        key = (str(day), p["donor"][i])
        entry = packs.setdefault(key, [0.0, [], i])
        entry[0] += float(v)
        item = str(p["item"][i] or p["category"][i] or "")
        if item.casefold() in ("unspecified", "unknown", "n/a", "other"):
            item = ""
        if item and item not in entry[1]:
            entry[1].append(item)
    out = []
    for (day, donor), (value, items, first) in packs.items():
        if value < threshold_eur:
            continue
        what = ", ".join(items[:3]) + (" and more" if len(items) > 3 else "")
        text = f"{donor} pledged {money(value, s.currency)}" + (f": {what}" if what else "")
        out.append(KeyEvent(day, "Package", str(donor), text, 70 + min(value / 1e9, 20.0),
                            f"{file_name(p['source_file'][first])}, sheet "
                            f"{p['source_sheet'][first]}, row {int(p['source_row'][first])}"))
    return out


def key_events(s: Summary, limit: int = 8) -> list[KeyEvent]:
    """The most significant events of the period in the area of interest (captures,
    counter-attacks, assaults, UDCG meetings, large packages, strikes with casualties), then
    shown by date. Ties go to the latest."""
    cands = []
    for r in event_rows(s):
        src = f"{r['source_file']}" + (f", sheet {r['source_sheet']}" if r["source_sheet"] else "") \
            + (f", row {r['source_row']}" if r["source_row"] >= 0 else "")
        if r["source"]:
            src = f"{r['source']} ({src})"
        cands.append(KeyEvent(r["date"], type_label(r["type"]), " ".join(
            str(r["place"] or "").split()), " ".join(str(r["description"] or "").split())
            or type_label(r["type"]), _event_weight(r), src))
    cands += large_packages(s)
    cands.sort(key=lambda k: (-k.weight, _neg_day(k.date)))
    # Round by round, the best of each kind not yet shown: a story (captures, a meeting, a
    # package, a strike) rather than eight captures.
    chosen: list[KeyEvent] = []
    per_kind: dict[str, int] = {}
    for cap in range(1, limit + 1):
        for k in cands:
            if len(chosen) >= limit:
                break
            if per_kind.get(k.kind, 0) < cap and not any(k is c for c in chosen):
                chosen.append(k)
                per_kind[k.kind] = per_kind.get(k.kind, 0) + 1
        if len(chosen) >= limit or len(chosen) == len(cands):
            break
    chosen.sort(key=lambda k: (k.date is None, k.date or ""))
    return chosen


def _neg_day(day: str | None) -> int:
    """Sort key putting later days first (undated last)."""
    if not day:
        return 1 << 40
    return -int(np.datetime64(day, "D").astype(np.int64))


@dataclass
class SourceEntry:
    """One input as the Sources and caveats page names it."""
    name: str
    publisher: str
    date: str              # release or snapshot dates, as far as the data says
    url: str
    file: str              # file or folder name, never its folders
    rows: str              # rows read / loaded / rejected
    illustrative: bool = False


# format -> (name, publisher, url)
KNOWN_SOURCES = {
    "kiel-ust": ("Ukraine Support Tracker", "Kiel Institute for the World Economy",
                 "https://www.ifw-kiel.de/topics/war-against-ukraine/ukraine-support-tracker/"),
    "deepstate": ("DeepStateMap", "DeepState (Ukraine)", "https://deepstatemap.live/"),
    "bellingcat": ("Civilian Harm in Ukraine", "Bellingcat", "https://ukraine.bellingcat.com/"),
    "acled": ("ACLED event data", "Armed Conflict Location & Event Data Project",
              "https://acleddata.com/"),
}


def _release(path: str) -> str:
    m = re.search(r"release[ _-]?(\d+)", file_name(path), re.I)
    return f"release {m.group(1)}" if m else ""


def source_entries(s: Summary) -> list[SourceEntry]:
    out = []
    b = s.briefing
    for src in s.sources:
        fmt = src["format"]
        name, publisher, url = KNOWN_SOURCES.get(fmt, (
            "Briefing workbook" if src["kind"] in ("pledges", "deliveries", "events")
            else "Control-area file", "compiled from the public sources named in each row", ""))
        date = ""
        illustrative = False
        if fmt == "kiel-ust":
            date = _release(src["path"]) or "release not stated in the file name"
        if src["kind"] == "areas" and b is not None and len(b.areas):
            snaps = [sn for sn in b.areas.snapshots
                     if file_name(sn.source_file) == file_name(src["path"])
                     or str(sn.source_file).startswith(str(src["path"]))] or b.areas.snapshots
            times = sorted(str(sn.time)[:16].replace("T", " ") for sn in snaps)
            date = (f"{len(times)} snapshots, {times[0]} to {times[-1]} UTC" if len(times) > 1
                    else f"snapshot {times[0]} UTC")
            illustrative = any(sn.illustrative for sn in snaps)
        if src["kind"] == "events" and b is not None:
            e = b.events
            mine = e["source_file"].astype(str) == str(src["path"])
            days = e["date"][mine]
            days = days[~np.isnat(days)]
            if len(days):
                date = f"events {days.min()} to {days.max()}"
            illustrative = bool(e["illustrative"][mine].any())
        if fmt.startswith("udcg") or "sample" in file_name(src["path"]).casefold():
            illustrative = illustrative or "sample" in file_name(src["path"]).casefold()
        out.append(SourceEntry(name, publisher, date, url, file_name(src["path"]),
                               f"{src['rows_read']:,} rows read, {src['rows_loaded']:,} loaded, "
                               f"{src['rows_rejected']:,} rejected", illustrative))
    return out


def caveats(s: Summary) -> list[str]:
    """The rate basis, the area method and outline, what is illustrative: one line each."""
    from ..core.areas import AREA_METHOD   # noqa: F401  (the figures' method tag)
    lines = [f"Currency: {s.fx.describe()}"]
    aoi = getattr(s, "aoi", None)
    if aoi is not None and not aoi.everything:
        lines.append(f"Area of interest: {aoi.label}, {aoi.description}. Outline: "
                     f"{aoi.method.rstrip('.')}." + (" Illustrative." if aoi.illustrative else ""))
        lines.append("Events without coordinates are kept unless their place names another "
                     "oblast; meetings and policy decisions count in every area.")
    elif aoi is not None:
        lines.append("Area of interest: everything loaded (no outline).")
    ar = s.areas
    if ar.get("snapshots"):
        lines.append("Control areas: km² on the WGS84 ellipsoid (equal-area projection), "
                     "polygons of one status merged, clipped to Kharkiv oblast as drawn by "
                     "Natural Earth 1:10m (public domain)"
                     + ("; the control areas are illustrative" if ar.get("illustrative") else "")
                     + ".")
    ill = list(dict.fromkeys(e.file for e in source_entries(s) if e.illustrative))
    if ill:
        lines.append("Illustrative: " + ", ".join(ill) + " (rows marked illustrative in the "
                     "data are reconstructions for training, not reporting).")
    lines.append("Base map: Natural Earth (public domain); places \u00a9 GeoNames, CC BY 4.0.")
    return lines + [c for c in s.caveats if c not in lines]


def rate_line(s: Summary, where: str = "slide") -> str:
    """One short line for a slide (or page); the rates themselves go to the notes and the
    Sources and caveats slide (page)."""
    basis = s.fx
    if basis.used:
        notes = "in the notes and on the Sources slide" if where == "slide" else (
            "on the Sources page")
        return (f"Values in {s.currency}; other currencies at ECB reference rates of the pledge "
                f"date (details {notes}).")
    return f"Values in {s.currency}" + (" as the source estimates them." if basis.given_rows
                                         else ".")


def sources_text(s: Summary) -> list[str]:
    """One line per source (file names only) and the caveats: speaker notes, md, xlsx."""
    lines = []
    for e in source_entries(s):
        parts = [e.name, e.publisher, e.date, e.url]
        lines.append(" | ".join(x for x in parts if x) + f" [{e.file}: {e.rows}]"
                     + (" - illustrative" if e.illustrative else ""))
    ar = s.areas
    if ar.get("snapshot_file"):
        lines.append(f"Control areas shown: snapshot {ar['snapshot_time']} "
                     f"({file_name(ar['snapshot_file'])})"
                     + (" - illustrative" if ar.get("illustrative") else ""))
    lines += caveats(s)
    return lines


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
