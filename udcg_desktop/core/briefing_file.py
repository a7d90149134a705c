"""A saved briefing (``*.udcg.json``): the inputs, the view settings and the bookmarks.

Readable and diff-able JSON, one key per line group, versioned by ``format``. What it holds:
- ``inputs``: each file or folder by a path relative to the briefing file where possible, with
  its size and SHA-256, so reopening can say "changed since this briefing was saved";
- ``settings``: as-of and comparison dates, currency, filters, area of interest, map extent,
  theme, title, subtitle, classification marking and author;
- ``bookmarks``: a date, a map extent, the layers on, the filters, a title and a short note.

Parsing never gives up on the whole file for one bad part: every field that cannot be used is
dropped with a message naming it, and the rest opens. No I/O here (``io/briefing_store.py``
reads, hashes and writes), so the rules are testable without files.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
import json
import math

import numpy as np

from .bookmarks import Bookmark
from .dates import PLAUSIBLE_YEARS
from .filters import FilterValues
from .paths import BRIEFING_SUFFIX

FORMAT = "udcg-briefing"
VERSION = 1
SUFFIX = BRIEFING_SUFFIX
_FILTER_SETS = ("donors", "categories", "coalitions", "statuses", "aid_types")
_MAX_NOTE = 600          # one to three sentences; longer notes are kept but flagged


@dataclass
class InputRef:
    path: str                 # as stored: relative to the briefing file where possible
    size: int | None = None
    sha256: str = ""
    kind: str = ""            # pledges | events | areas | boundaries, when known


@dataclass
class BriefingSettings:
    as_of: str | None = None
    since: str | None = None            # comparison date
    currency: str = "EUR"
    area: str = "kharkiv_axis"
    filters: dict = field(default_factory=dict)
    map_extent: list[float] | None = None
    theme: str = ""
    title: str = ""
    subtitle: str = ""
    classification: str = ""
    author: str = ""


@dataclass
class BriefingFile:
    inputs: list[InputRef] = field(default_factory=list)
    settings: BriefingSettings = field(default_factory=BriefingSettings)
    bookmarks: list[Bookmark] = field(default_factory=list)
    saved_with: str = ""

    def to_json(self) -> str:
        doc = {"format": FORMAT, "version": VERSION, "saved_with": self.saved_with,
               "inputs": [asdict(i) for i in self.inputs],
               "settings": asdict(self.settings),
               "bookmarks": [asdict(b) for b in self.bookmarks]}
        return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def parse_briefing(text: str, where: str) -> tuple[BriefingFile, list[str]]:
    """The briefing in ``text`` and one message per part that could not be used.

    Raises ``ValueError`` (message names ``where``) only when nothing can be used: not JSON,
    not an object, or another format or a newer version."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{where}: not a briefing file (not JSON: {exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f"{where}: not a briefing file (no \"format\": \"{FORMAT}\")")
    version = doc.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ValueError(f"{where}: briefing format version {version!r} is newer than this "
                         f"app reads ({VERSION}); update the app")
    messages: list[str] = []
    out = BriefingFile(saved_with=str(doc.get("saved_with", "")))
    for i, item in enumerate(_list(doc, "inputs", where, messages)):
        if isinstance(item, dict) and isinstance(item.get("path"), str) and item["path"]:
            size = item.get("size")
            out.inputs.append(InputRef(item["path"], size if isinstance(size, int) else None,
                                       str(item.get("sha256") or ""), str(item.get("kind") or "")))
        else:
            messages.append(f"{where}: input {i + 1} has no path; skipped")
    raw = doc.get("settings", {})
    if not isinstance(raw, dict):
        messages.append(f"{where}: 'settings' is not an object; defaults used")
        raw = {}
    out.settings = _settings(raw, where, messages)
    for i, item in enumerate(_list(doc, "bookmarks", where, messages)):
        mark = _bookmark(item, f"{where}: bookmark {i + 1}", messages)
        if mark is not None:
            out.bookmarks.append(mark)
    return out, messages


def filters_from_dict(d: dict, where: str, messages: list[str]) -> FilterValues:
    """FilterValues from ``FilterValues.as_dict()``; unusable fields dropped with a message."""
    if not isinstance(d, dict):
        if d not in (None, {}):
            messages.append(f"{where}: filters are not an object; none applied")
        return FilterValues()
    kw = {}
    for name in _FILTER_SETS:
        v = d.get(name)
        if v is None:
            continue
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            kw[name] = frozenset(v)
        else:
            messages.append(f"{where}: filter '{name}' is not a list of texts; dropped")
    for name in ("date_from", "date_to"):
        day = day_or_none(d.get(name), f"{where}: filter '{name}'", messages)
        if day is not None:
            kw[name] = np.datetime64(day, "D")
    if isinstance(d.get("text"), str):
        kw["text"] = d["text"]
    return FilterValues(**kw)


def day_or_none(value, where: str, messages: list[str]) -> str | None:
    """An ISO day within the plausible years, or None (with a message when ``value`` was set)."""
    if value in (None, ""):
        return None
    try:
        day = np.datetime64(str(value), "D")
    except ValueError:
        messages.append(f"{where}: {value!r} is not a date; dropped")
        return None
    year = day.astype("datetime64[Y]").astype(int) + 1970
    lo, hi = PLAUSIBLE_YEARS
    if np.isnat(day) or not lo <= year <= hi:
        messages.append(f"{where}: {value!r} is outside {lo}-{hi}; dropped")
        return None
    return str(day)


def _settings(raw: dict, where: str, messages: list[str]) -> BriefingSettings:
    s = BriefingSettings()
    s.as_of = day_or_none(raw.get("as_of"), f"{where}: as-of date", messages)
    s.since = day_or_none(raw.get("since"), f"{where}: comparison date", messages)
    if s.as_of and s.since and s.since > s.as_of:
        messages.append(f"{where}: comparison date {s.since} is after the as-of date "
                        f"{s.as_of}; dropped")
        s.since = None
    currency = raw.get("currency", "EUR")
    if currency in ("EUR", "USD"):
        s.currency = currency
    else:
        messages.append(f"{where}: currency {currency!r} is not EUR or USD; EUR used")
    area = raw.get("area", "kharkiv_axis")
    if area in ("kharkiv_axis", "all"):
        s.area = area
    else:
        messages.append(f"{where}: area {area!r} is unknown; the Kharkiv axis used")
    s.filters = (filters_from_dict(raw.get("filters"), f"{where}: settings", messages).as_dict()
                 if raw.get("filters") else {})
    s.map_extent = extent_or_none(raw.get("map_extent"), f"{where}: map extent", messages)
    for name in ("theme", "title", "subtitle", "classification", "author"):
        v = raw.get(name, "")
        if isinstance(v, str):
            setattr(s, name, v)
        else:
            messages.append(f"{where}: {name} is not text; dropped")
    return s


def _bookmark(item, where: str, messages: list[str]) -> Bookmark | None:
    if not isinstance(item, dict):
        messages.append(f"{where} is not an object; skipped")
        return None
    day = day_or_none(item.get("date"), f"{where} date", messages)
    if day is None:
        messages.append(f"{where} has no usable date; skipped")
        return None
    title = item.get("title") if isinstance(item.get("title"), str) else ""
    note = item.get("note") if isinstance(item.get("note"), str) else ""
    if len(note) > _MAX_NOTE:
        messages.append(f"{where} ('{title}'): the note has {len(note)} characters; a slide "
                        f"shows about {_MAX_NOTE}")
    layers = item.get("layers") if isinstance(item.get("layers"), dict) else {}
    filters = item.get("filters") or {}
    return Bookmark(title=title or day, date=day, note=note,
                    extent=extent_or_none(item.get("extent"), f"{where} extent", messages),
                    layers={str(k): bool(v) for k, v in layers.items()},
                    filters=filters_from_dict(filters, where, messages).as_dict()
                    if filters else {})


def extent_or_none(value, where: str, messages: list[str]) -> list[float] | None:
    """[lon_min, lon_max, lat_min, lat_max] on the globe, or None with a message."""
    if value is None:
        return None
    try:
        x0, x1, y0, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        messages.append(f"{where}: {value!r} is not four numbers; dropped")
        return None
    if not (all(math.isfinite(v) for v in (x0, x1, y0, y1)) and -180 <= x0 < x1 <= 180
            and -90 <= y0 < y1 <= 90):
        messages.append(f"{where}: {value!r} is not an extent on the map; dropped")
        return None
    return [x0, x1, y0, y1]


def _list(doc: dict, key: str, where: str, messages: list[str]) -> list:
    v = doc.get(key, [])
    if isinstance(v, list):
        return v
    messages.append(f"{where}: '{key}' is not a list; none read")
    return []
