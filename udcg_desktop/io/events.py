"""Event sources: ACLED CSV exports, Bellingcat civilian-harm JSON, and simple event CSVs.

* ``acled``: any column order; ``event_date`` as ``2024-05-10``, ``10 May 2024`` or, after a pass
  through Excel, ``10/05/2024 00:00:00`` (day first; month first only when the file's own dates
  prove it); rows unsorted; long quoted ``notes``. ``event_type`` is mapped onto the app's
  vocabulary (``EVENT_TYPE_MAP``); ``source_type`` keeps ACLED's ``event_type: sub_event_type``
  and ``event_id`` its ``event_id_cnty``. A repeated ID is reported and loaded once (the row with
  the latest ``timestamp``, ACLED's last-modified time).
* ``bellingcat``: the array of incidents in both published forms (``MM/DD/YYYY`` with string
  coordinates and ``filters`` lists with repeated keys; ISO dates, float coordinates, null
  locations). Type ``civilian_harm``; ``source_type`` from the filters. A record repeated with the
  same ID and content is reported and loaded once; an ID reused for a *different* incident is
  reported and both are kept (the second gets ``<id>#2``), since dropping it would lose an event.
* ``events-csv``: a CSV with a date column, latitude and longitude, and a type or description.

Row numbers in problems are as a spreadsheet shows them (header = row 1); for JSON, the record's
1-based position in the array.
"""
from __future__ import annotations

import csv
import datetime as dt
from contextlib import contextmanager
from operator import itemgetter
import json
from pathlib import Path
import re

import numpy as np

from ..core.dates import NAT, Precision, implausible_year
from ..core.model import EVENT_TYPES, BriefingPart, EventTable, Problem, SourceInfo
from .errors import UnreadableInput
from ..core.gc_pause import no_gc
from .geo import read_bytes

csv.field_size_limit(64 * 1024 * 1024)

# ACLED event_type (case-folded) -> app type. "Strategic developments" (agreements, arrests,
# looting, territory changing hands without fighting, headquarters moves...) is not a policy
# move in the UDCG sense, so it maps to "other" with the ACLED type kept in ``source_type``.
EVENT_TYPE_MAP = {
    "battles": "battle",
    "explosions/remote violence": "strike",
    "violence against civilians": "civilian_harm",
    "strategic developments": "other",
    "protests": "unrest",
    "riots": "unrest",
}
assert set(EVENT_TYPE_MAP.values()) <= set(EVENT_TYPES)
NULL_ISLAND = 0.01          # |lat| and |lon| below this: the (0, 0) placeholder, not a place

_MONTHS = {m.casefold(): i + 1 for i, m in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"))}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DMY_TEXT = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)\.?[ -,]*(\d{4})$")
_MDY_TEXT = re.compile(r"^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$")
_SLASH = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


# -- dates --------------------------------------------------------------------------------------
def slash_order(texts, default: str = "dmy") -> str:
    """"dmy" or "mdy" for a file's slash dates: the order under which more of them are real
    days (Bellingcat's 02/24/2022 is month first; ACLED through a European Excel, 10/05/2024,
    day first); ``default`` when the dates cannot tell (all parts up to 12)."""
    bad_dmy = bad_mdy = 0
    for t in texts:
        m = _SLASH.match(t.strip()) if isinstance(t, str) else None
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            bad_dmy += b > 12 or a > 31
            bad_mdy += a > 12 or b > 31
    if bad_dmy == bad_mdy:
        return default
    return "dmy" if bad_dmy < bad_mdy else "mdy"


def parse_day(text: str, order: str = "dmy") -> dt.date | None:
    """A calendar day from the forms sources use; None when it is not one, or when its year is
    outside ``PLAUSIBLE_YEARS`` (a typo; ``not_a_day`` says which)."""
    day = _calendar_day(text, order)
    return None if implausible_year(day) else day


def not_a_day(text: str, order: str, usual: str) -> str:
    """Why ``text`` gave no day: ``usual``, or the implausible year it holds."""
    why = implausible_year(_calendar_day(text, order))
    return usual if why is None else f"{why}; row rejected"


def _calendar_day(text: str, order: str) -> dt.date | None:
    t = " ".join(str(text).split())
    if not t:
        return None
    try:
        m = _ISO.match(t)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _SLASH.match(t)
        if m:
            a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if y < 100:
                y += 2000
            day, month = (a, b) if order == "dmy" else (b, a)
            return dt.date(y, month, day)
        m = _DMY_TEXT.match(t)
        if m and m.group(2).casefold() in _MONTHS:
            return dt.date(int(m.group(3)), _MONTHS[m.group(2).casefold()], int(m.group(1)))
        m = _MDY_TEXT.match(t)
        if m and m.group(1).casefold() in _MONTHS:
            return dt.date(int(m.group(3)), _MONTHS[m.group(1).casefold()], int(m.group(2)))
    except ValueError:
        return None
    return None


class _DayCache:
    """Parse each distinct date text once (200k rows hold a few hundred distinct dates)."""

    def __init__(self, order: str):
        self.order = order
        self.cache: dict[str, np.datetime64] = {}

    def __call__(self, text: str) -> np.datetime64:
        v = self.cache.get(text)
        if v is None:
            day = parse_day(text, self.order)
            v = NAT if day is None else np.datetime64(day, "D")
            self.cache[text] = v
        return v


def _floats(values: list) -> np.ndarray:
    """Strings to float64, blanks, junk and infinities ('1e309') as NaN (fast path for clean
    columns)."""
    try:
        out = np.fromiter(map(float, values), dtype=np.float64, count=len(values))
    except (ValueError, TypeError, OverflowError):
        out = np.empty(len(values))
        for i, v in enumerate(values):
            try:
                out[i] = float(v) if v not in ("", None) else np.nan
            except (ValueError, TypeError, OverflowError):
                out[i] = np.nan
    out[np.isinf(out)] = np.nan
    return out


def _obj(values) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


# -- CSV helpers --------------------------------------------------------------------------------
@contextmanager
def _csv_rows(path: Path):
    """A csv reader streaming the file in its detected encoding (UTF-16, UTF-8, cp1252,
    latin-1): the whole text is never held beside the parsed rows (a 200 MB export read
    whole, as text and as a StringIO copy, peaked at 1.3 GB)."""
    from .geo import check_size
    from .sheets import file_encoding
    check_size(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
        encoding, _ = file_encoding(path, head)
        with open(path, encoding=encoding, errors="replace", newline="") as fh:
            first = fh.readline()
            fh.seek(0)
            yield csv.reader(fh, delimiter=_delimiter(first))
    except PermissionError:
        raise UnreadableInput(path, "permission denied: the file is locked or not readable")
    except csv.Error as exc:
        raise UnreadableInput(path, f"the CSV cannot be parsed: {exc}")
    except OSError as exc:
        raise UnreadableInput(path, f"cannot be read: {exc.strerror or exc}")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=counts.get) if max(counts.values()) else ","


def _header_of(head: bytes) -> list[str]:
    text = head.decode("utf-8-sig", errors="replace")
    line = text.split("\n", 1)[0].strip("\r")
    return [h.strip().strip('"').casefold() for h in next(csv.reader([line],
                                                                      delimiter=_delimiter(line)))]


def _is_text(head: bytes) -> bool:
    return b"\0" not in head[:4096] and not head.startswith(b"PK")


# -- ACLED --------------------------------------------------------------------------------------
def sniff_acled(path: Path, head: bytes) -> bool:
    if not _is_text(head):
        return False
    cols = set(_header_of(head))
    return "event_id_cnty" in cols or {"event_date", "event_type", "latitude",
                                       "longitude"} <= cols


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with _csv_rows(path) as reader_:
        rows = list(reader_)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise UnreadableInput(path, "the file is empty")
    header = [h.strip().casefold() for h in rows[0]]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    return header, rows[1:]


def _col(header: list[str], *names: str) -> int | None:
    for n in names:
        if n in header:
            return header.index(n)
    return None


def read_acled(path: Path) -> BriefingPart:
    with no_gc():
        return _read_acled(Path(path))


_NAT_INT = np.datetime64("NaT", "D").astype(np.int64)


def _day_ints(texts, order: str) -> np.ndarray:
    """datetime64[D] for each text, parsing each distinct text once."""
    lookup = {}
    for t in set(texts):
        day = parse_day(t, order)
        lookup[t] = _NAT_INT if day is None else (day - _EPOCH).days
    return np.fromiter((lookup[t] for t in texts), dtype=np.int64,
                       count=len(texts)).view("datetime64[D]")


_EPOCH = dt.date(1970, 1, 1)


def _read_columns(path: Path, wanted: dict[str, tuple[str, ...]]):
    """(header, {name: tuple of cells}, data line numbers, rows read, problems) reading only the
    wanted columns (the others are parsed and dropped at once, which keeps memory and time
    down on 100+ MB exports)."""
    with _csv_rows(path) as reader_:
        try:
            header = [h.strip().casefold().lstrip("\ufeff") for h in next(reader_)]
        except StopIteration:
            raise UnreadableInput(path, "the file is empty")
        idx = {k: _col(header, *names) for k, names in wanted.items()}
        present = [(k, j) for k, j in idx.items() if j is not None]
        get = itemgetter(*[j for _, j in present]) if len(present) > 1 else \
            (lambda r, j=present[0][1]: (r[j],))
        ncol = len(header)
        p = str(path)
        out, lines, problems = [], [], []
        append, lappend = out.append, lines.append
        short = 0
        line = 1
        for r in reader_:
            line += 1
            if len(r) >= ncol:
                append(get(r))
                lappend(line)
            elif any(c.strip() for c in r):
                short += 1
                if short <= 20:
                    problems.append(Problem(p, None, line, None, len(r), "error",
                                            f"{len(r)} fields where the header has {ncol}; row "
                                            f"rejected (a cut or broken line?)"))
        if short > 20:
            problems.append(Problem(p, None, None, None, short, "error",
                                    f"{short} rows in all with too few fields; rejected"))
    cols = dict(zip([k for k, _ in present], zip(*out))) if out else \
        {k: () for k, _ in present}
    return header, idx, cols, np.array(lines, dtype=np.int64), len(out) + short, problems


_ACLED_WANTED = {n: (n,) for n in (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "latitude", "longitude",
    "location", "notes", "fatalities", "source", "timestamp", "geo_precision")}


def _read_acled(path: Path) -> BriefingPart:
    header, idx, cols, line_no, rows_read, problems = _read_columns(path, _ACLED_WANTED)
    p = str(path)
    need = {"event_date": idx["event_date"], "event_type": idx["event_type"]}
    missing = [k for k, v in need.items() if v is None]
    if missing:
        raise UnreadableInput(path, f"an ACLED export without the column(s) {', '.join(missing)}"
                                    f" (found: {', '.join(header[:12])})")
    n_all = len(line_no)

    def column(name):
        return _obj(cols[name]) if name in cols else _const("", n_all)

    date_text = cols["event_date"]
    order = slash_order(set(date_text))
    days = _day_ints(date_text, order)
    keep = ~np.isnat(days)
    if not keep.all():
        bad = np.flatnonzero(~keep)
        for j in bad[:20]:
            problems.append(Problem(p, None, int(line_no[j]), "event_date", date_text[j],
                                    "error", not_a_day(date_text[j], order, (
                                        "not a date (expected 2024-05-10, 10 May 2024 or "
                                        "10/05/2024); row rejected"))))
        if len(bad) > 20:
            problems.append(Problem(p, None, None, "event_date", len(bad), "error",
                                    f"{len(bad)} rows in all without a usable date"))

    ids = column("event_id_cnty")
    # Duplicate IDs: keep the row ACLED modified last (highest timestamp), report the others.
    dup = np.zeros(n_all, dtype=bool)
    if "event_id_cnty" in cols and len(set(ids[keep])) < int(keep.sum()):
        stamps = _floats(cols["timestamp"]) if "timestamp" in cols else \
            np.full(n_all, np.nan)
        seen: dict[str, int] = {}
        for j in np.flatnonzero(keep).tolist():
            eid = ids[j].strip()
            if not eid:
                continue
            k = seen.get(eid)
            if k is None:
                seen[eid] = j
                continue
            newer, older = (j, k) if stamps[j] > stamps[k] else (k, j)
            dup[older] = True
            seen[eid] = newer
            problems.append(Problem(p, None, int(line_no[older]), "event_id_cnty", eid,
                                    "warning", f"duplicate event ID (also on row "
                                    f"{int(line_no[newer])}); loaded once, from the row "
                                    f"modified last"))
    keep &= ~dup
    sel = np.flatnonzero(keep)

    etype = column("event_type")
    sub = column("sub_event_type")
    mapped = {t: EVENT_TYPE_MAP.get(t.strip().casefold(), "other") for t in set(etype)}
    types = np.array([mapped[t] for t in etype], dtype=object)
    for t in sorted(t for t in mapped if t.strip().casefold() not in EVENT_TYPE_MAP):
        rows_t = np.flatnonzero(keep & (etype == t))
        if len(rows_t):
            problems.append(Problem(p, None, int(line_no[rows_t[0]]), "event_type", t, "warning",
                                    f"event type not in ACLED's vocabulary ({len(rows_t)} rows)"
                                    f"; loaded as 'other'"))
    pair = {}
    src_type = np.array([pair.get((a, b)) or pair.setdefault(
        (a, b), f"{a.strip()}: {b.strip()}" if b.strip() else a.strip())
        for a, b in zip(etype[sel], sub[sel])], dtype=object)

    lon = _floats(cols["longitude"])[sel] if "longitude" in cols else \
        np.full(len(sel), np.nan)
    lat = _floats(cols["latitude"])[sel] if "latitude" in cols else \
        np.full(len(sel), np.nan)
    bad_xy = ~(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) <= 90))
    bad_xy |= (np.abs(lon) < NULL_ISLAND) & (np.abs(lat) < NULL_ISLAND)
    if bad_xy.any():
        for j in np.flatnonzero(bad_xy)[:20]:
            problems.append(Problem(p, None, int(line_no[sel[j]]), "latitude/longitude", None,
                                    "warning", "no valid coordinates (missing, out of range or "
                                    "the 0, 0 placeholder); the event is listed but not "
                                    "placed on the map"))
        if bad_xy.sum() > 20:
            problems.append(Problem(p, None, None, "latitude/longitude", int(bad_xy.sum()),
                                    "warning", f"{int(bad_xy.sum())} events in all without "
                                    f"valid coordinates"))
        lon[bad_xy] = np.nan
        lat[bad_xy] = np.nan

    from ..core.places import normalise_place
    loc = column("location")[sel]
    place_of = {t: normalise_place(t) for t in set(loc)}
    places = np.array([place_of[t] for t in loc], dtype=object)
    source_col = column("source")[sel]
    src_of = {t: (f"ACLED: {t}" if t else "ACLED") for t in set(source_col)}
    geo = column("geo_precision")[sel]
    geo_of = {t: (f"ACLED geo_precision {t}" if t else "ACLED") for t in set(geo)}
    n = len(sel)
    fatal = _floats(cols["fatalities"])[sel] if "fatalities" in cols else \
        np.full(n, np.nan)
    table = EventTable({
        "event_id": ids[sel], "date": days[sel], "date_start": days[sel],
        "date_precision": np.full(n, int(Precision.EXACT), dtype=np.uint8),
        "date_text": column("event_date")[sel],
        "type": types[sel], "source_type": src_type,
        "source_kind": _const("acled", n), "place": places, "lon": lon, "lat": lat,
        "coord_source": np.array([geo_of[t] for t in geo], dtype=object),
        "description": column("notes")[sel], "fatalities": fatal,
        "source": np.array([src_of[t] for t in source_col], dtype=object),
        "illustrative": np.zeros(n, dtype=bool),
        "source_file": _const(p, n), "source_sheet": _const("", n),
        "source_row": line_no[sel],
    })
    detail = (f"ACLED CSV ({len(header)} columns; event_date as "
              f"{'day/month/year' if order == 'dmy' else 'month/day/year'} where slashed); "
              f"{n} events, {int(dup.sum())} duplicate IDs; types: "
              + ", ".join(f"{k} -> {v}" for k, v in sorted(mapped.items()) if k))
    src = SourceInfo(p, "events", "acled", rows_read, n, rows_read - n, detail)
    return BriefingPart(events=table, sources=[src], problems=problems)


def _const(value, n: int) -> np.ndarray:
    arr = np.empty(n, dtype=object)
    arr[:] = [value] * n if n else []
    return arr


# -- Bellingcat ---------------------------------------------------------------------------------
def sniff_bellingcat(path: Path, head: bytes) -> bool:
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not s.startswith(b"["):
        return False
    return (b'"latitude"' in head and b'"description"' in head and b'"date"' in head
            and b'"Feature"' not in head)


def _coord(v) -> float:
    if v is None or v == "":
        return np.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan


def read_bellingcat(path: Path) -> BriefingPart:
    from .geo import parse_json
    path = Path(path)
    data = parse_json(path, read_bytes(path))
    if isinstance(data, dict):
        for k in ("incidents", "data", "records", "features"):
            if isinstance(data.get(k), list):
                data = data[k]
                break
    if not isinstance(data, list):
        raise UnreadableInput(path, "not a Bellingcat incident list (expected a JSON array)")
    p = str(path)
    problems: list[Problem] = []
    order = slash_order([r.get("date") for r in data if isinstance(r, dict)
                         and isinstance(r.get("date"), str)], default="mdy")
    days_of = _DayCache(order)
    seen: dict[str, tuple[int, str]] = {}
    reuse: dict[str, int] = {}
    out = {k: [] for k in ("event_id", "date", "date_text", "source_type", "place", "lon", "lat",
                           "description", "source", "source_row")}
    exact_dups = reused = 0
    forms = set()
    for i, r in enumerate(data):
        row = i + 1
        if not isinstance(r, dict):
            problems.append(Problem(p, None, row, None, None, "error",
                                    "not an incident record; rejected"))
            continue
        date_text = str(r.get("date") or "")
        day = days_of(date_text)
        if np.isnat(day):
            problems.append(Problem(p, None, row, "date", date_text, "error",
                                    not_a_day(date_text, days_of.order,
                                              "no valid date; record rejected")))
            continue
        forms.add("ISO dates" if _ISO.match(date_text) else "MM/DD/YYYY dates")
        rid = str(r.get("id") or f"row{row}")
        fingerprint = json.dumps(r, sort_keys=True, ensure_ascii=False, default=str)
        if rid in seen:
            first_row, first_fp = seen[rid]
            if fingerprint == first_fp:
                exact_dups += 1
                problems.append(Problem(p, None, row, "id", rid, "warning",
                                        f"duplicate of record {first_row} (same ID and content);"
                                        f" loaded once"))
                continue
            reuse[rid] = reuse.get(rid, 1) + 1
            reused += 1
            problems.append(Problem(p, None, row, "id", rid, "warning",
                                    f"ID already used by record {first_row} for a different "
                                    f"incident (other place or description); both kept, this "
                                    f"one as {rid}#{reuse[rid]}"))
            rid = f"{rid}#{reuse[rid]}"
        else:
            seen[rid] = (row, fingerprint)
        lat, lon = _coord(r.get("latitude")), _coord(r.get("longitude"))
        loc = r.get("location")
        if isinstance(loc, dict):
            lat = _coord(loc.get("lat", loc.get("latitude"))) if np.isnan(lat) else lat
            lon = _coord(loc.get("lon", loc.get("lng", loc.get("longitude")))) \
                if np.isnan(lon) else lon
            loc = loc.get("name") or loc.get("location") or ""
        if isinstance(r.get("latitude"), str) or isinstance(r.get("longitude"), str):
            forms.add("string coordinates")
        if not (np.isfinite(lat) and np.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
            problems.append(Problem(p, None, row, "latitude/longitude",
                                    f"{r.get('latitude')}, {r.get('longitude')}", "warning",
                                    "no valid coordinates; listed but not placed on the map"))
            lat = lon = np.nan
        elif abs(lat) < NULL_ISLAND and abs(lon) < NULL_ISLAND:
            problems.append(Problem(p, None, row, "latitude/longitude",
                                    f"{r.get('latitude')}, {r.get('longitude')}", "warning",
                                    "coordinates at 0, 0 (a placeholder, not a place); listed "
                                    "but not placed on the map"))
            lat = lon = np.nan
        filters = r.get("filters") or []
        parts: dict[str, list[str]] = {}
        if isinstance(filters, list):
            for f in filters:
                if isinstance(f, dict) and f.get("key"):
                    vals = parts.setdefault(str(f["key"]).strip(), [])
                    v = str(f.get("value", "")).strip()
                    if v and v not in vals:
                        vals.append(v)
        source_type = "; ".join(f"{k}: {', '.join(v)}" for k, v in parts.items() if v)
        sources = r.get("sources") or []
        urls = [s.get("path") for s in sources if isinstance(s, dict) and s.get("path")] \
            if isinstance(sources, list) else []
        source = "Bellingcat" + (f": {urls[0]}" if urls else "") + \
            (f" (+{len(urls) - 1} more)" if len(urls) > 1 else "")
        out["event_id"].append(rid)
        out["date"].append(day)
        out["date_text"].append(date_text)
        out["source_type"].append(source_type)
        out["place"].append(str(loc or "").strip())
        out["lon"].append(lon)
        out["lat"].append(lat)
        out["description"].append(str(r.get("description") or ""))
        out["source"].append(source)
        out["source_row"].append(row)
    n = len(out["event_id"])
    from ..core.places import normalise_place
    table = EventTable({
        "event_id": _obj(out["event_id"]),
        "date": np.array(out["date"], dtype="datetime64[D]"),
        "date_start": np.array(out["date"], dtype="datetime64[D]"),
        "date_precision": np.full(n, int(Precision.EXACT), dtype=np.uint8),
        "date_text": _obj(out["date_text"]),
        "type": _obj(["civilian_harm"] * n), "source_type": _obj(out["source_type"]),
        "source_kind": _obj(["bellingcat"] * n),
        "place": _obj([normalise_place(x) for x in out["place"]]),
        "lon": np.array(out["lon"], dtype=float), "lat": np.array(out["lat"], dtype=float),
        "coord_source": _obj(["Bellingcat"] * n), "description": _obj(out["description"]),
        "source": _obj(out["source"]), "illustrative": np.zeros(n, dtype=bool),
        "source_file": _obj([p] * n), "source_sheet": _obj([""] * n),
        "source_row": np.array(out["source_row"], dtype=np.int64),
    })
    detail = (f"Bellingcat civilian-harm JSON ({', '.join(sorted(forms)) or 'no dated records'})"
              f"; {n} incidents; {exact_dups} repeated records loaded once, {reused} IDs reused "
              f"for different incidents (kept, renamed)")
    src = SourceInfo(p, "events", "bellingcat", len(data), n, len(data) - n, detail)
    return BriefingPart(events=table, sources=[src], problems=problems)


# -- simple event CSVs --------------------------------------------------------------------------
_GENERIC = {
    "date": ("date", "event_date", "day", "datum"),
    "lat": ("latitude", "lat", "y"),
    "lon": ("longitude", "lon", "lng", "long", "x"),
    "type": ("type", "event_type", "category", "kind"),
    "description": ("description", "notes", "note", "summary", "title", "event"),
    "place": ("place", "location", "settlement", "town", "city"),
    "id": ("id", "event_id", "uid"),
    "source": ("source", "url", "sources"),
}
_APP_TYPES = {t: t for t in EVENT_TYPES}
_APP_TYPES.update({"civilian harm": "civilian_harm", "airstrike": "strike", "missile": "strike",
                   "shelling": "strike", "attack": "assault", "meeting": "meeting",
                   "policy": "policy", "protest": "unrest", "riot": "unrest"})
_APP_TYPES.update(EVENT_TYPE_MAP)


def sniff_events_csv(path: Path, head: bytes) -> bool:
    if not _is_text(head) or path.suffix.lower() not in (".csv", ".tsv", ".txt"):
        return False
    cols = set(_header_of(head))
    has = {k: any(a in cols for a in v) for k, v in _GENERIC.items()}
    money = {"amount", "value", "donor", "country_of_origin", "pledge"} & cols
    return has["date"] and has["lat"] and has["lon"] and (has["type"] or has["description"]) \
        and not money


def read_events_csv(path: Path) -> BriefingPart:
    path = Path(path)
    header, rows = _read_rows(path)
    p = str(path)
    idx = {k: _col(header, *v) for k, v in _GENERIC.items()}
    problems: list[Problem] = []
    date_col = [r[idx["date"]] if idx["date"] < len(r) else "" for r in rows]
    days_of = _DayCache(slash_order(set(date_col)))

    def get(r, k):
        j = idx[k]
        return r[j].strip() if j is not None and j < len(r) else ""

    out = {k: [] for k in ("id", "date", "text", "type", "stype", "place", "lon", "lat",
                           "desc", "src", "row")}
    read = 0
    for i, r in enumerate(rows):
        if not any(c.strip() for c in r):
            continue
        read += 1
        row = i + 2
        day = days_of(get(r, "date"))
        if np.isnat(day):
            problems.append(Problem(p, None, row, header[idx["date"]], get(r, "date"), "error",
                                    not_a_day(get(r, "date"), days_of.order,
                                              "not a date; row rejected")))
            continue
        st = get(r, "type")
        t = _APP_TYPES.get(st.casefold(), "other")
        if st and st.casefold() not in _APP_TYPES:
            problems.append(Problem(p, None, row, header[idx["type"]], st, "info",
                                    "type not in the app's vocabulary; loaded as 'other'"))
        lon, lat = _coord(get(r, "lon")), _coord(get(r, "lat"))
        if not (np.isfinite(lat) and np.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
            problems.append(Problem(p, None, row, "latitude/longitude", None, "warning",
                                    "no valid coordinates; listed but not placed on the map"))
            lon = lat = np.nan
        out["id"].append(get(r, "id") or f"row{row}")
        out["date"].append(day)
        out["text"].append(get(r, "date"))
        out["type"].append(t)
        out["stype"].append(st)
        out["place"].append(get(r, "place"))
        out["lon"].append(lon)
        out["lat"].append(lat)
        out["desc"].append(get(r, "description"))
        out["src"].append(get(r, "source"))
        out["row"].append(row)
    n = len(out["id"])
    from ..core.places import normalise_place
    table = EventTable({
        "event_id": _obj(out["id"]), "date": np.array(out["date"], dtype="datetime64[D]"),
        "date_start": np.array(out["date"], dtype="datetime64[D]"),
        "date_precision": np.full(n, int(Precision.EXACT), dtype=np.uint8),
        "date_text": _obj(out["text"]), "type": _obj(out["type"]),
        "source_type": _obj(out["stype"]), "source_kind": _obj(["csv"] * n),
        "place": _obj([normalise_place(x) for x in out["place"]]),
        "lon": np.array(out["lon"], dtype=float), "lat": np.array(out["lat"], dtype=float),
        "coord_source": _obj(["file"] * n), "description": _obj(out["desc"]),
        "source": _obj(out["src"]), "illustrative": np.zeros(n, dtype=bool),
        "source_file": _obj([p] * n), "source_sheet": _obj([""] * n),
        "source_row": np.array(out["row"], dtype=np.int64),
    })
    detail = ("event CSV (columns: " + ", ".join(
        f"{k}={header[j]}" for k, j in idx.items() if j is not None) + f"); {n} events")
    src = SourceInfo(p, "events", "events-csv", read, n, read - n, detail)
    return BriefingPart(events=table, sources=[src], problems=problems)


def _register() -> None:
    from .registry import reader
    reader("acled", "events", sniff_acled, priority=30)(read_acled)
    reader("bellingcat", "events", sniff_bellingcat, priority=31)(read_bellingcat)
    reader("events-csv", "events", sniff_events_csv, priority=60)(read_events_csv)


_register()
