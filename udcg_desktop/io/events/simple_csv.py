"""Simple event CSVs: a date column, latitude and longitude, and a type or description."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...core.model import EVENT_TYPES, BriefingPart, Problem, SourceInfo
from ..dates import day_column, decide_order, not_a_day
from ..registry import reader
from .acled import EVENT_TYPE_MAP
from .csv_rows import column_index, csv_header, is_text, read_rows
from .table import coordinate, event_table


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
    if not is_text(head) or path.suffix.lower() not in (".csv", ".tsv", ".txt"):
        return False
    cols = set(csv_header(head))
    has = {k: any(a in cols for a in v) for k, v in _GENERIC.items()}
    money = {"amount", "value", "donor", "country_of_origin", "pledge"} & cols
    return has["date"] and has["lat"] and has["lon"] and (has["type"] or has["description"]) \
        and not money


@reader("events-csv", "events", sniff_events_csv, priority=60)
def read_events_csv(path: Path) -> BriefingPart:
    path = Path(path)
    header, rows = read_rows(path)
    p = str(path)
    idx = {k: column_index(header, *v) for k, v in _GENERIC.items()}
    problems: list[Problem] = []

    def get(r, k):
        j = idx[k]
        return r[j].strip() if j is not None and j < len(r) else ""

    date_texts = [get(r, "date") for r in rows]
    order = decide_order(date_texts, "dmy")[0]
    days = day_column(date_texts, order)

    out = {k: [] for k in ("event_id", "date", "date_text", "type", "source_type", "place",
                           "lon", "lat", "description", "source", "source_row")}
    read = 0
    for i, r in enumerate(rows):
        if not any(c.strip() for c in r):
            continue
        read += 1
        row = i + 2
        day = days[i]
        if np.isnat(day):
            problems.append(Problem(p, None, row, header[idx["date"]], date_texts[i], "error",
                                    not_a_day(date_texts[i], order, "not a date; row rejected")))
            continue
        st = get(r, "type")
        t = _APP_TYPES.get(st.casefold(), "other")
        if st and st.casefold() not in _APP_TYPES:
            problems.append(Problem(p, None, row, header[idx["type"]], st, "info",
                                    "type not in the app's vocabulary; loaded as 'other'"))
        lon, lat = coordinate(get(r, "lon")), coordinate(get(r, "lat"))
        if not (np.isfinite(lat) and np.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
            problems.append(Problem(p, None, row, "latitude/longitude", None, "warning",
                                    "no valid coordinates; listed but not placed on the map"))
            lon = lat = np.nan
        out["event_id"].append(get(r, "id") or f"row{row}")
        out["date"].append(day)
        out["date_text"].append(get(r, "date"))
        out["type"].append(t)
        out["source_type"].append(st)
        out["place"].append(get(r, "place"))
        out["lon"].append(lon)
        out["lat"].append(lat)
        out["description"].append(get(r, "description"))
        out["source"].append(get(r, "source"))
        out["source_row"].append(row)
    n = len(out["event_id"])
    table = event_table("csv", p, dict(out, coord_source="file"))
    detail = ("event CSV (columns: " + ", ".join(
        f"{k}={header[j]}" for k, j in idx.items() if j is not None) + f"); {n} events")
    src = SourceInfo(p, "events", "events-csv", read, n, read - n, detail)
    return BriefingPart(events=table, sources=[src], problems=problems)
