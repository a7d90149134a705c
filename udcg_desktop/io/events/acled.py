"""ACLED CSV exports (see the package docstring for the forms read)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...core.gc_pause import no_gc
from ...core.model import EVENT_TYPES, BriefingPart, Problem, SourceInfo
from ..dates import day_column, decide_order, not_a_day
from ..errors import UnreadableInput
from ..registry import reader
from .csv_rows import csv_header, is_text, read_columns
from ..tables import objects
from .table import NULL_ISLAND, constant, event_table, floats


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


def sniff_acled(path: Path, head: bytes) -> bool:
    if not is_text(head):
        return False
    cols = set(csv_header(head))
    return "event_id_cnty" in cols or {"event_date", "event_type", "latitude",
                                       "longitude"} <= cols


@reader("acled", "events", sniff_acled, priority=30)
def read_acled(path: Path) -> BriefingPart:
    with no_gc():
        return _read_acled(Path(path))


_ACLED_WANTED = {n: (n,) for n in (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "latitude", "longitude",
    "location", "notes", "fatalities", "source", "timestamp", "geo_precision")}


def _read_acled(path: Path) -> BriefingPart:
    header, idx, cols, line_no, rows_read, problems = read_columns(path, _ACLED_WANTED)
    p = str(path)
    need = {"event_date": idx["event_date"], "event_type": idx["event_type"]}
    missing = [k for k, v in need.items() if v is None]
    if missing:
        raise UnreadableInput(path, f"an ACLED export without the column(s) {', '.join(missing)}"
                                    f" (found: {', '.join(header[:12])})")
    n_all = len(line_no)

    def column(name):
        return objects(cols[name]) if name in cols else constant("", n_all)

    date_text = cols["event_date"]
    order = decide_order(date_text, "dmy")[0]
    days = day_column(date_text, order)
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
        stamps = floats(cols["timestamp"]) if "timestamp" in cols else \
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

    lon = floats(cols["longitude"])[sel] if "longitude" in cols else \
        np.full(len(sel), np.nan)
    lat = floats(cols["latitude"])[sel] if "latitude" in cols else \
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

    source_col = column("source")[sel]
    src_of = {t: (f"ACLED: {t}" if t else "ACLED") for t in set(source_col)}
    geo = column("geo_precision")[sel]
    geo_of = {t: (f"ACLED geo_precision {t}" if t else "ACLED") for t in set(geo)}
    n = len(sel)
    fatal = floats(cols["fatalities"])[sel] if "fatalities" in cols else \
        np.full(n, np.nan)
    table = event_table("acled", p, {
        "event_id": ids[sel], "date": days[sel], "date_text": column("event_date")[sel],
        "type": types[sel], "source_type": src_type, "place": column("location")[sel],
        "lon": lon, "lat": lat, "coord_source": [geo_of[t] for t in geo],
        "description": column("notes")[sel], "fatalities": fatal,
        "source": [src_of[t] for t in source_col], "source_row": line_no[sel],
    })
    detail = (f"ACLED CSV ({len(header)} columns; event_date as "
              f"{'day/month/year' if order == 'dmy' else 'month/day/year'} where slashed); "
              f"{n} events, {int(dup.sum())} duplicate IDs; types: "
              + ", ".join(f"{k} -> {v}" for k, v in sorted(mapped.items()) if k))
    src = SourceInfo(p, "events", "acled", rows_read, n, rows_read - n, detail)
    return BriefingPart(events=table, sources=[src], problems=problems)
