"""Bellingcat civilian-harm JSON, both published forms (see the package docstring)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ...core.model import BriefingPart, Problem, SourceInfo
from ..dates import ISO_DAY, day_column, decide_order, not_a_day
from ..errors import UnreadableInput
from ..files import parse_json, read_bytes
from ..registry import reader
from .table import NULL_ISLAND, coordinate, event_table


def sniff_bellingcat(path: Path, head: bytes) -> bool:
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not s.startswith(b"["):
        return False
    return (b'"latitude"' in head and b'"description"' in head and b'"date"' in head
            and b'"Feature"' not in head)


@reader("bellingcat", "events", sniff_bellingcat, priority=31)
def read_bellingcat(path: Path) -> BriefingPart:
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
    date_texts = [str(r.get("date") or "") if isinstance(r, dict) else "" for r in data]
    order = decide_order(date_texts, "mdy")[0]
    days = day_column(date_texts, order)
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
        date_text, day = date_texts[i], days[i]
        if np.isnat(day):
            problems.append(Problem(p, None, row, "date", date_text, "error",
                                    not_a_day(date_text, order,
                                              "no valid date; record rejected")))
            continue
        forms.add("ISO dates" if ISO_DAY.match(date_text.strip().casefold()) else
                  "MM/DD/YYYY dates")
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
        lat, lon = coordinate(r.get("latitude")), coordinate(r.get("longitude"))
        loc = r.get("location")
        if isinstance(loc, dict):
            lat = coordinate(loc.get("lat", loc.get("latitude"))) if np.isnan(lat) else lat
            lon = coordinate(loc.get("lon", loc.get("lng", loc.get("longitude")))) \
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
    table = event_table("bellingcat", p, dict(out, type="civilian_harm",
                                              coord_source="Bellingcat"))
    detail = (f"Bellingcat civilian-harm JSON ({', '.join(sorted(forms)) or 'no dated records'})"
              f"; {n} incidents; {exact_dups} repeated records loaded once, {reused} IDs reused "
              f"for different incidents (kept, renamed)")
    src = SourceInfo(p, "events", "bellingcat", len(data), n, len(data) - n, detail)
    return BriefingPart(events=table, sources=[src], problems=problems)
