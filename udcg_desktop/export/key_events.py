"""The events of the period as the pack lists them: every row the summary counted, and the key
events (most significant first: captures and counter-attacks, large pledge packages, events with
casualties), from ONE ``Summary``."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..core.dates import day_ints, day_slice
from ..core.summary import Summary
from ..core.describe import money
from .content import file_name


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
